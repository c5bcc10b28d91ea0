"""The ward board: today's status of every entry point, scoped to the nurse's wards."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checklists import board, days

from .factories import (
    expected_answers,
    make_check,
    make_entry_point,
    make_escalation,
    make_patient,
    make_screen,
    observations,
)

pytestmark = pytest.mark.django_db


def _fill_ward(ward, nurse, patients: int) -> None:
    """Each patient: a PIV checked today, a catheter due, a wound not yet due."""
    now = timezone.now()
    for _ in range(patients):
        patient = make_patient(ward=ward, admitted_at=now - timedelta(days=6))
        piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=5))
        make_entry_point(patient, "iuc", started_at=now - timedelta(days=2))
        make_check(piv, nurse, observed_at=now)


def _board_queries(client, ward, django_assert_num_queries, count: int) -> None:
    with django_assert_num_queries(count):
        response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200


# session, user, the nurse's wards (read once: the ward's lookup, whether she writes on
# it and the navigation all use them; permissions.own_wards), stays+patients, today's
# stays of those patients on any ward (who counted them), entry points+latest check id,
# checks, their open infection flags, key answers, failed items of today's checks, the
# latest sepsis screens with their escalations. (The session's renewal, at most once a
# minute, is not among them: the test's first request made it.)
BOARD_QUERIES = 11


def test_it_costs_the_same_queries_for_5_and_40_patients(
    nurse_client, ward, nurse, django_assert_num_queries
):
    _fill_ward(ward, nurse, 5)
    _board_queries(nurse_client, ward, django_assert_num_queries, BOARD_QUERIES)
    _fill_ward(ward, nurse, 35)
    _board_queries(nurse_client, ward, django_assert_num_queries, BOARD_QUERIES)
    assert ward.stays.filter(ended_at__isnull=True).count() == 40
    # Screens owing an escalation, escalated ones and flagged patients cost no more.
    for n, stay in enumerate(ward.stays.filter(ended_at__isnull=True)[:6]):
        screen = make_screen(stay.patient, nurse, observations=observations(respiratory_rate=25))
        if n % 2:
            make_escalation(screen, nurse)
    _board_queries(nurse_client, ward, django_assert_num_queries, BOARD_QUERIES)
    # Open infection flags, screened or not, with their steps, cost no more either.
    for n, stay in enumerate(ward.stays.filter(ended_at__isnull=True)[3:12]):
        cvc = make_entry_point(stay.patient, "cvc", started_at=timezone.now() - timedelta(days=3))
        make_check(cvc, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
        if n % 3 == 0:
            make_screen(stay.patient, nurse)
    assert board.build_ward_board(ward, timezone.now()).flags == 9
    _board_queries(nurse_client, ward, django_assert_num_queries, BOARD_QUERIES)


def test_it_lists_every_patient_and_entry_point_with_status(nurse_client, ward, nurse):
    patient = make_patient(ward=ward, full_name="Nguyễn Thị Lan")
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=2))
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Nguyễn Thị Lan" in html
    assert f'data-entry-point="{piv.public_id}"' in html
    assert "Peripheral IV" in html


def test_status_goes_from_due_to_overdue_to_done(ward, nurse, settings):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=2))
    today = timezone.localdate(now)
    before = days.overdue_moment(today, ward) - timedelta(minutes=1)
    after = days.overdue_moment(today, ward) + timedelta(minutes=1)
    assert _status(ward, before) == board.Status.DUE
    assert _status(ward, after) == board.Status.OVERDUE
    make_check(piv, nurse, observed_at=min(now, after))
    assert _status(ward, max(now, after)) == board.Status.DONE_COMPLIANT


def test_a_failed_item_shows_done_not_compliant(ward, nurse):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=2))
    make_check(piv, nurse, observed_at=now, answers=expected_answers("piv") | {"vip_score": "1"})
    assert _status(ward, now) == board.Status.DONE_COMPLIANT
    iuc = make_entry_point(patient, "iuc", started_at=now - timedelta(days=2))
    make_check(iuc, nurse, observed_at=now, answers=expected_answers("iuc") | {"secured": "no"})
    statuses = _statuses(ward, now)
    assert statuses[iuc.pk] == board.Status.DONE_NON_COMPLIANT


def test_a_failed_score_shows_on_the_board_with_its_value(nurse_client, ward, nurse):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=2))
    make_check(piv, nurse, observed_at=now, answers=expected_answers("piv") | {"vip_score": "3"})
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Failed: VIP score: 3" in html


def test_a_device_inserted_after_the_count_time_is_not_due_today(ward):
    now = timezone.now()
    today = timezone.localdate(now)
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    count_at = days.count_moment(today, ward)
    make_entry_point(patient, "piv", started_at=count_at + timedelta(minutes=30))
    assert _status(ward, count_at + timedelta(hours=1)) == board.Status.NOT_DUE


def test_it_flags_infection_signs_and_review_prompts(nurse_client, ward, nurse, settings):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=6))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=4))
    iuc = make_entry_point(patient, "iuc", started_at=now - timedelta(days=2))
    make_check(piv, nurse, observed_at=now, answers=expected_answers("piv") | {"vip_score": "2"})
    make_check(
        iuc, nurse, observed_at=now, answers=expected_answers("iuc") | {"indication": "none"}
    )
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Open infection flags: 1" in html
    assert "Infection flag open since" in html
    assert "(review at 72 h): re-site if not needed" in html  # PIV past 72 h
    assert "No valid indication: remove the catheter" in html


def test_it_shows_risk_factors(nurse_client, ward):
    make_patient(ward=ward, diabetes=True, immunosuppressed=True)
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Diabetes" in html and "Immunosuppressed" in html


def test_it_hides_other_wards_board_from_a_nurse(nurse_client, other_ward):
    assert nurse_client.get(f"/wards/{other_ward.code}/").status_code == 404


def test_it_lets_an_auditor_read_any_board_without_write_buttons(auditor_client, ward):
    patient = make_patient(ward=ward)
    make_entry_point(patient, "piv")
    response = auditor_client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    assert "/check/" not in response.content.decode()


def test_it_sends_anonymous_users_to_log_in(client, ward):
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _statuses(ward, now) -> dict[int, str]:
    built = board.build_ward_board(ward, now)
    return {e.entry_point.pk: e.status for p in built.patients for e in p.entries}


def _status(ward, now) -> str:
    (status,) = _statuses(ward, now).values()
    return status


def test_a_device_removed_after_the_count_still_owes_todays_check(ward, nurse):
    now = timezone.now()
    today = timezone.localdate(now)
    count_at = days.count_moment(today, ward)
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    make_entry_point(
        patient,
        "piv",
        started_at=count_at - timedelta(days=1),
        removed_at=count_at + timedelta(minutes=10),
    )
    make_entry_point(
        patient,
        "iuc",
        started_at=count_at - timedelta(days=2),
        removed_at=count_at - timedelta(minutes=10),
    )
    statuses = _statuses(ward, count_at + timedelta(minutes=20))
    assert list(statuses.values()) == [board.Status.DUE]


def test_overdue_never_comes_before_a_wards_later_count_time(ward, settings):
    from datetime import time

    ward.count_time = time(16, 0)
    ward.save()
    today = timezone.localdate()
    assert days.overdue_moment(today, ward) == days.count_moment(today, ward)


def test_a_patient_transferred_in_after_the_count_still_owes_todays_check(ward, other_ward):
    """The day was counted on the ward they came from; the check is done wherever they are."""
    from checklists.models import Stay

    today = timezone.localdate()
    count_at = days.count_moment(today, ward)
    moved_at = count_at + timedelta(hours=2)
    moved = make_patient(ward=other_ward, admitted_at=count_at - timedelta(days=2))
    make_entry_point(moved, "piv", started_at=count_at - timedelta(days=1))
    Stay.objects.filter(patient=moved).update(ended_at=moved_at, end_reason="transfer")
    Stay.objects.create(patient=moved, ward=ward, started_at=moved_at)
    new = make_patient(ward=ward, admitted_at=moved_at)  # admitted after the count
    make_entry_point(new, "piv", started_at=count_at - timedelta(hours=3))  # inserted before
    built = board.build_ward_board(ward, moved_at + timedelta(minutes=5))
    by_patient = {p.patient.pk: [e.status for e in p.entries] for p in built.patients}
    assert by_patient == {moved.pk: [board.Status.DUE], new.pk: [board.Status.NOT_DUE]}


def test_its_links_are_the_pages_they_name(nurse_client, ward, nurse):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    checked = make_entry_point(patient, "piv", started_at=now - timedelta(days=2))
    unchecked = make_entry_point(patient, "iuc", started_at=now - timedelta(days=2))
    check = make_check(checked, nurse, observed_at=now)
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    for name, public_id in (
        ("checklists:patient-detail", patient.public_id),
        ("checklists:entry-point-add", patient.public_id),
        ("checklists:check-detail", check.public_id),
        ("checklists:check-record", unchecked.public_id),
    ):
        assert f'href="{reverse(name, args=[public_id])}"' in html, name
    assert f'href="{reverse("checklists:check-record", args=[checked.public_id])}"' not in html
