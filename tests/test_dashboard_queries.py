"""The dashboards and their CSV exports cost a fixed number of queries, whatever the
number of wards, patients and days behind them.

Each test measures a page on a small hospital (one ward, two patients, three days of
checks), then grows the hospital to three wards of eight patients with eleven days of
checks, corrections, missed days, late entries, transfers, discharges and a month
corrected after its sign-off, and asks the page again: it must cost exactly as many
queries, and that number is pinned here.

The small hospital already has everything that makes a query run at all (a check
recorded today, a month signed off, a current patient with a device), so that the
bigger one differs from it only in size.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklists import services
from checklists.measures import month_of
from checklists.models import DayTally, Role, Stay, User

from .factories import (
    day_back,
    expected_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
    make_user,
    make_ward,
    record_on,
)

pytestmark = pytest.mark.django_db

FAILING = {"dressing_intact": "no"}


def _checked_patient(ward, nurse, days: int, n: int, until: int = 0):
    """A patient on `ward` with a PIV checked daily from `days` days ago to `until` days
    ago (0: today too); patient `n` of the ward misses some days, fails some, and
    enters some late, and every other one has his failures corrected."""
    patient = make_patient(ward=ward, admitted_at=local_time(day_back(days + 3), "09:00"))
    piv = make_entry_point(
        patient, "piv", started_at=local_time(day_back(days + 2), "05:00"), created_by=nurse
    )
    for back in range(days, max(until, 1) - 1, -1):
        if (back + n) % 5 == 0:
            continue  # missed
        answers = expected_answers("piv") | FAILING if (back + n) % 4 == 0 else None
        if (back + n) % 7 == 0:
            record_on(piv, nurse, day_back(back), answers, recorded="03:00", next_day=True)  # late
            continue
        check = record_on(piv, nurse, day_back(back), answers)
        if answers is not None and n % 2 == 0:
            services.correct_check(
                nurse=nurse,
                original=check,
                answers=expected_answers("piv"),
                reason="Dressing was changed before the check",
                now=local_time(day_back(back), "15:00"),
            )
    if until == 0:
        make_check(piv, nurse)  # today's check, on the board
    return patient


def _small_hospital(ward, nurse, manager):
    """One ward, two patients, three days of checks, a pressure injury, and last month
    signed off."""
    patients = [_checked_patient(ward, nurse, days=3, n=n) for n in range(2)]
    _infection(patients[0], "hapi", days_back=1)
    _sign_off_last_month(manager, ward)


def _infection(patient, infection_type: str, days_back: int) -> None:
    """An infection event, recorded by the hospital's infection-prevention lead."""
    lead = User.objects.filter(username="ipc").first() or make_user(
        Role.MANAGER, wards=[], username="ipc", hospital_wide=True
    )
    services.record_infection(
        lead=lead,
        patient=patient,
        details=services.EventDetails(
            infection_type=infection_type,
            first_positive_on=day_back(days_back),
            date_of_event=day_back(days_back),
            evidence="Found on the daily check",
            harm_stage="2" if infection_type == "hapi" else "",
        ),
    )


def _sign_off_last_month(manager, ward):
    last_month = month_of(timezone.localdate().replace(day=1) - timedelta(days=1))
    services.sign_off_month(
        manager=manager, ward=ward, month=last_month.start, comment="Reviewed with the team"
    )


def _bigger_hospital(ward, nurse, manager):
    """Three wards of eight patients with eleven days of checks, a catheter, a discharge
    and a transfer on each, and on the first an old month whose checks were corrected
    after its sign-off."""
    wards = [ward, make_ward(code="W3", name="Ward Three"), make_ward(code="W4", name="Ward Four")]
    nurse.wards.add(*wards)
    manager.wards.add(*wards)
    for here, there in zip(wards, [*wards[1:], wards[0]], strict=True):
        patients = [_checked_patient(here, nurse, days=11, n=n) for n in range(6)]
        make_entry_point(
            patients[0], "iuc", started_at=local_time(day_back(6), "05:00"), created_by=nurse
        )
        _infection(patients[0], "cauti", days_back=2)
        _infection(patients[1], "hapi", days_back=4)
        gone = _checked_patient(here, nurse, days=11, n=6, until=5)
        _end_stay(gone, day_back(4), Stay.EndReason.DISCHARGE)
        _transferred_patient(here, there, nurse)
    old = make_patient(ward=ward, admitted_at=local_time(day_back(45), "09:00"))
    old_piv = make_entry_point(old, "piv", started_at=local_time(day_back(44), "05:00"))
    old_checks = [record_on(old_piv, nurse, day_back(back)) for back in range(40, 34, -1)]
    _end_stay(old, day_back(34), Stay.EndReason.DISCHARGE)
    services.sign_off_month(
        manager=manager, ward=ward, month=month_of(day_back(38)).start, comment="Reviewed"
    )
    for w in wards:
        _sign_off_last_month(manager, w)
    for check in old_checks[:3]:
        services.correct_check(
            nurse=nurse,
            original=check,
            answers=expected_answers("piv") | FAILING,
            reason="Dressing was lifting",
        )
    assert Stay.objects.filter(ward=ward, ended_at__isnull=True).count() == 2 + 6 + 1


def _end_stay(patient, day, reason) -> None:
    Stay.objects.filter(patient=patient, ended_at__isnull=True).update(
        ended_at=local_time(day, "12:00"), end_reason=reason
    )


def _transferred_patient(ward, to_ward, nurse):
    """Checked daily on `ward`, moved to `to_ward` yesterday at noon, checked there today."""
    patient = make_patient(ward=ward, admitted_at=local_time(day_back(12), "09:00"))
    piv = make_entry_point(patient, "piv", started_at=local_time(day_back(11), "05:00"))
    _end_stay(patient, day_back(1), Stay.EndReason.TRANSFER)
    Stay.objects.create(patient=patient, ward=to_ward, started_at=local_time(day_back(1), "12:00"))
    for back in range(10, 0, -1):
        if back != 3:
            record_on(piv, nurse, day_back(back))
    make_check(piv, nurse)
    return patient


@pytest.fixture
def hospital(ward, manager):
    """The ward's nurse and manager, and the ways to fill the hospital."""
    nurse = make_user(Role.NURSE, wards=[ward], username="nell", first_name="Nell")
    return {
        "small": lambda: _small_hospital(ward, nurse, manager),
        "bigger": lambda: _bigger_hospital(ward, nurse, manager),
    }


def _same_cost(client, url: str, hospital, pinned: int, django_assert_num_queries) -> None:
    hospital["small"]()
    client.get(url)  # the first read fills the daily roll-up; measure pages as usually read
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    assert len(small) == pinned, "\n".join(q["sql"] for q in small.captured_queries)
    small_size = len(response.content)
    hospital["bigger"]()
    # These fixtures write rows directly, not through the services that tell the roll-up.
    DayTally.objects.all().delete()
    client.get(url)
    with django_assert_num_queries(pinned):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.content) > small_size  # it did show more


# session, user, visible wards, the daily roll-up (basis, stored days, their sums), the
# facts of the days not yet settled (stays, entry points, checks with corrections,
# answers that call for a review), the period's infection flags and sepsis screens (2; a
# third, the screens after the flags, when there are flags), navigation wards. (The
# session's renewal, at most once a minute, is not among them: the test's first request
# made it.) Then the infections next to their bundles: the bundles month by month from
# the roll-up (basis, stored days, daily sums, facts of the days not yet settled (4)) and
# the infection events that could be the wards', with their patients' stays, devices and
# other events (4).
OVERVIEW_QUERIES = 24


def test_the_overview_costs_the_same_for_one_ward_and_three(
    manager_client, hospital, django_assert_num_queries
):
    _same_cost(manager_client, "/dashboard/", hospital, OVERVIEW_QUERIES, django_assert_num_queries)


# As the page, less the navigation wards: session, user, visible wards, the roll-up (3),
# the facts (4).
OVERVIEW_CSV_QUERIES = 10


def test_the_overview_outcomes_csv_costs_the_same_for_one_ward_and_three(
    manager_client, hospital, django_assert_num_queries
):
    # As the overview CSV, plus the bundles by month and the infection events (11).
    _same_cost(
        manager_client,
        "/dashboard/overview.csv?table=outcomes_by_ward",
        hospital,
        OVERVIEW_CSV_QUERIES + 11,
        django_assert_num_queries,
    )


def test_the_overview_csv_costs_the_same_for_one_ward_and_three(
    manager_client, hospital, django_assert_num_queries
):
    _same_cost(
        manager_client,
        "/dashboard/overview.csv",
        hospital,
        OVERVIEW_CSV_QUERIES,
        django_assert_num_queries,
    )


# session, user, the manager's wards (the ward's lookup, can-sign-off and the navigation
# from one read: permissions.own_wards), the period's facts (4), both trends from the
# roll-up (basis, stored days, daily sums, facts of the days not yet settled (4)), items
# of the templates, answers of the period's checks, today's board (stays with patients,
# who counted them today, entry points with latest check, those checks, their open
# infection flags, key answers, failed items of today's checks), the period's infection
# flags and screens (measures/sepsis.py; one more, the screens after the flags, when
# there are flags: tests/test_sepsis_measures.py), sign-offs, corrections since the
# first sign-off; then for the infections next to their bundles, each kind's months from
# the roll-up, summed per month by the database (basis, stored days, monthly sums, facts
# of the days not yet settled (4)), and the infection events of the year that could be
# the ward's, with their patients' stays, devices and other events
# (measures/infections.py: 4).
WARD_DASHBOARD_QUERIES = 38


def test_the_ward_dashboard_costs_the_same_for_two_patients_and_eight(
    manager_client, ward, hospital, django_assert_num_queries
):
    _same_cost(
        manager_client,
        f"/wards/{ward.code}/dashboard/",
        hospital,
        WARD_DASHBOARD_QUERIES,
        django_assert_num_queries,
    )


# As the page (its can-sign-off check and navigation cost nothing more): every table is
# built, the CSV writes one.
WARD_DASHBOARD_CSV_QUERIES = WARD_DASHBOARD_QUERIES


def test_the_ward_dashboard_csv_costs_the_same_for_two_patients_and_eight(
    manager_client, ward, hospital, django_assert_num_queries
):
    _same_cost(
        manager_client,
        f"/wards/{ward.code}/dashboard/items.csv",
        hospital,
        WARD_DASHBOARD_CSV_QUERIES,
        django_assert_num_queries,
    )


# session, user, visible wards, the facts (4), then for the page's rows: patients,
# entry points, checks with their authors, failed items, patients this user may open;
# navigation wards.
CHECK_LIST_QUERIES = 13


def test_the_check_list_costs_the_same_for_a_few_checks_and_hundreds(
    manager_client, ward, hospital, django_assert_num_queries
):
    _same_cost(
        manager_client,
        f"/dashboard/checks/?ward={ward.code}&show=due",
        hospital,
        CHECK_LIST_QUERIES,
        django_assert_num_queries,
    )


# As the page, less the navigation wards: every row is looked up through the facts'
# own subqueries, not through lists of ids.
CHECK_LIST_CSV_QUERIES = 12


def test_the_check_list_csv_costs_the_same_for_a_few_checks_and_hundreds(
    manager_client, ward, hospital, django_assert_num_queries
):
    _same_cost(
        manager_client,
        f"/dashboard/checks.csv?ward={ward.code}",
        hospital,
        CHECK_LIST_CSV_QUERIES,
        django_assert_num_queries,
    )
