"""The measures module against small scenarios computed by hand.

The hospital counts at 06:00 (HOSPITAL_COUNT_TIME). Days are in early November 2026,
and `NOW` is well after them unless a test says otherwise."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from checklists import measures, services
from checklists.measures import Measures, Outcome, Period
from checklists.models import Stay
from tests.factories import (
    expected_answers,
    failing_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
)

pytestmark = pytest.mark.django_db

MON = date(2026, 11, 2)
NOW = local_time(date(2026, 11, 24), "12:00")


def at(offset: int, hhmm: str):
    """A moment `offset` days after Monday 2 Nov 2026."""
    return local_time(MON + timedelta(days=offset), hhmm)


def week(first: int = 0, last: int = 6) -> Period:
    return Period(MON + timedelta(days=first), MON + timedelta(days=last))


def admit(ward, offset: int = -10, **kw):
    return make_patient(ward, admitted_at=at(offset, "09:00"), **kw)


def discharge(patient, offset: int, hhmm: str) -> None:
    Stay.objects.filter(patient=patient, ended_at__isnull=True).update(
        ended_at=at(offset, hhmm), end_reason=Stay.EndReason.DISCHARGE
    )


def record(point, nurse, offset: int, answers=None, recorded: str = "11:00", **kw):
    """A check observed at 10:00 on a day and recorded at `recorded` that day (or as given)."""
    day_shift, hhmm = (1, recorded[1:]) if recorded.startswith("+") else (0, recorded)
    return make_check(
        point,
        nurse,
        observed_at=at(offset, "10:00"),
        answers=answers,
        now=at(offset + day_shift, hhmm),
        **kw,
    )


def ward_measures(ward, period: Period, now=NOW, kind=None) -> Measures:
    return measures.measure(measures.collect([ward], period, now), ward.pk, kind)


# --- Patient days and device days ---------------------------------------------------


def test_a_patient_counts_one_patient_day_per_count_time_on_the_ward(ward):
    admit(ward, offset=1)  # arrives Tue 09:00, after Tuesday's count
    m = ward_measures(ward, week())
    assert m.patient_days == 5  # Wed to Sun
    assert (m.device_days, m.due) == (0, 0)


def test_a_device_inserted_and_removed_between_two_counts_makes_no_device_day(ward):
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(0, "09:00"), removed_at=at(0, "15:00"))
    m = ward_measures(ward, week(0, 0))
    assert (m.patient_days, m.device_days, m.due) == (1, 0, 0)
    assert m.compliance is None and m.utilisation == 0.0


def test_a_device_in_place_at_the_count_makes_a_device_day_even_if_removed_that_day(ward):
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(0, "05:00"), removed_at=at(0, "15:00"))
    m = ward_measures(ward, week(0, 0))
    assert (m.patient_days, m.device_days, m.due) == (1, 1, 1)


def test_a_device_in_place_at_the_count_time_on_one_day_only(ward):
    patient = admit(ward)
    make_entry_point(patient, "iuc", started_at=at(0, "10:00"), removed_at=at(1, "10:00"))
    facts = measures.collect([ward], week(), NOW)
    assert [(d.day, d.kind) for d in facts.due] == [(MON + timedelta(days=1), "iuc")]
    m = measures.measure(facts, ward.pk, "iuc")
    assert (m.patient_days, m.device_days, m.due, m.missed) == (7, 1, 1, 1)
    assert m.utilisation == round(1 / 7, 2)


def test_two_devices_of_one_kind_make_one_device_day_but_two_due_checks(ward):
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    make_entry_point(patient, "piv", started_at=at(-1, "11:00"), body_site="Right hand")
    m = ward_measures(ward, week(0, 1), kind="piv")
    assert (m.patient_days, m.device_days, m.due) == (2, 2, 4)
    assert m.utilisation == 1.0


def test_utilisation_is_never_shown_above_one():
    impossible = Measures(patient_days=3, device_days=4)
    assert impossible.utilisation is None
    assert "4 device days exceed 3 patient days" in impossible.utilisation_problem
    assert Measures(patient_days=4, device_days=4).utilisation == 1.0
    assert Measures().utilisation is None


def test_a_patient_transferred_mid_day_is_counted_once_on_the_ward_of_the_count(
    ward, other_ward, nurse, other_nurse
):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-2, "10:00"))
    Stay.objects.filter(patient=patient).update(
        ended_at=at(1, "12:00"), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(patient=patient, ward=other_ward, started_at=at(1, "12:00"))
    # The receiving ward records Tuesday's check, which Ward One's count made due.
    make_check(point, other_nurse, observed_at=at(1, "14:00"), now=at(1, "14:05"))
    facts = measures.collect([ward, other_ward], week(0, 2), NOW)
    here = measures.measure(facts, ward.pk)
    there = measures.measure(facts, other_ward.pk)
    both = measures.measure(facts)
    assert (here.patient_days, here.device_days, here.due) == (2, 2, 2)  # Mon, Tue
    assert (here.done, here.missed) == (1, 1)  # Tuesday done on the other ward
    assert (there.patient_days, there.device_days, there.due) == (1, 1, 1)  # Wed
    assert (both.patient_days, both.device_days, both.due) == (3, 3, 3)


# --- Done, missed, late, open ------------------------------------------------------


def test_a_missed_check_counts_as_non_compliant(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    record(point, nurse, 0)
    m = ward_measures(ward, week(0, 1))  # Tuesday has no check
    assert (m.due, m.done, m.compliant, m.missed, m.not_compliant) == (2, 1, 1, 1, 1)
    assert (m.completion, m.compliance) == (50.0, 50.0)


def test_a_late_entry_within_the_grace_is_done_and_late_after_it_missed(ward, nurse, settings):
    settings.CHECK_GRACE_HOURS = 6
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    record(point, nurse, 0, recorded="+05:30")  # Tuesday 05:30, inside the grace
    record(point, nurse, 1, recorded="+07:00")  # Wednesday 07:00, after it
    facts = measures.collect([ward], week(0, 1), NOW)
    monday, tuesday = facts.due
    assert (monday.outcome, monday.is_late) == (Outcome.COMPLIANT, True)
    assert (tuesday.outcome, tuesday.recorded_too_late) == (Outcome.MISSED, True)
    m = measures.measure(facts)
    assert (m.done, m.late, m.missed, m.compliance) == (1, 1, 1, 50.0)


def test_todays_unrecorded_checks_are_open_not_missed(ward, nurse):
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    now = at(1, "09:00")  # Tuesday morning
    m = ward_measures(ward, week(), now=now)
    assert (m.due, m.missed, m.open, m.settled) == (2, 1, 1, 1)  # Monday missed, Tuesday open
    assert m.compliance == 0.0
    assert ward_measures(ward, week(), now=at(0, "05:00")).due == 0  # before Monday's count


def test_a_correction_that_turns_a_check_compliant_counts_the_current_version(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    original = record(point, nurse, 0, answers=failing_answers("piv", dressing_intact="no"))
    assert ward_measures(ward, week(0, 0)).compliance == 0.0
    services.correct_check(
        nurse=nurse,
        original=original,
        answers=expected_answers("piv"),
        reason="Ticked the wrong box",
        now=at(2, "09:00"),
    )
    facts = measures.collect([ward], week(0, 0), NOW)
    (due,) = facts.due
    assert (due.outcome, due.corrections, due.is_late) == (Outcome.COMPLIANT, 1, False)
    assert measures.measure(facts).compliance == 100.0
    items = {i.code: i for i in measures.item_compliance(facts)}
    assert (items["dressing_intact"].applicable, items["dressing_intact"].compliant) == (1, 1)


# --- Per-item compliance -------------------------------------------------------------


def test_a_not_applicable_item_is_left_out_of_its_denominator(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    record(point, nurse, 0, answers=failing_answers("piv", hub_scrubbed="na"))
    record(point, nurse, 1, answers=failing_answers("piv", hub_scrubbed="no"))
    record(point, nurse, 2)
    facts = measures.collect([ward], week(0, 2), NOW)
    items = {i.code: i for i in measures.item_compliance(facts, ward.pk)}
    hub = items["hub_scrubbed"]
    assert (hub.applicable, hub.compliant, hub.not_applicable, hub.failed) == (2, 1, 1, 1)
    assert hub.compliance == 50.0
    assert items["dressing_intact"].compliance == 100.0
    # All-or-none: the N/A day still complies, the "no" day does not.
    assert measures.measure(facts).compliance == round(200 / 3, 1)


def test_per_item_compliance_leaves_out_missed_and_too_late_checks(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    record(point, nurse, 0)
    record(point, nurse, 1, answers=failing_answers("piv", dressing_intact="no"), recorded="+12:00")
    items = {i.code: i for i in measures.item_compliance(measures.collect([ward], week(0, 2), NOW))}
    assert items["dressing_intact"].applicable == 1


# --- Periods, trends, dwell --------------------------------------------------------


def test_a_period_across_a_month_end_splits_into_its_months(ward, nurse):
    patient = make_patient(ward, admitted_at=local_time(date(2026, 10, 28), "09:00"))
    point = make_entry_point(patient, "piv", started_at=local_time(date(2026, 10, 28), "10:00"))
    for day in (date(2026, 10, 30), date(2026, 11, 1)):
        make_check(point, nurse, observed_at=local_time(day, "10:00"), now=local_time(day, "11:00"))
    period = Period(date(2026, 10, 30), date(2026, 11, 2))  # Fri to Mon
    facts = measures.collect([ward], period, NOW)
    whole = measures.measure(facts)
    assert (whole.patient_days, whole.device_days, whole.due, whole.compliant) == (4, 4, 4, 2)
    october, november = measures.trend(facts, measures.last_months(period.end, 2))
    assert (october.due, october.compliant, october.compliance) == (2, 1, 50.0)  # 30, 31 Oct
    assert (november.due, november.compliant, november.compliance) == (2, 1, 50.0)  # 1, 2 Nov
    assert october.patient_days + november.patient_days == whole.patient_days


def test_weekly_trend_buckets_are_monday_to_sunday(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-3, "10:00"))
    record(point, nurse, 0)
    facts = measures.collect([ward], Period(MON - timedelta(days=7), MON + timedelta(days=6)), NOW)
    before, this = measures.trend(facts, measures.last_weeks(MON, 2))
    # Inserted Friday 10:00: first counted Saturday 06:00.
    assert (before.due, before.compliant) == (2, 0)  # Sat, Sun of the week before
    assert (this.due, this.compliant) == (7, 1)


def test_an_empty_ward_has_zeros_and_no_percentages(ward):
    facts = measures.collect([ward], week(), NOW)
    m = measures.measure(facts)
    assert m == Measures()
    assert (m.completion, m.compliance, m.utilisation) == (None, None, None)
    assert measures.item_compliance(facts) == []
    assert all(d.devices == 0 for d in measures.dwell(facts))


def test_a_period_still_to_come_has_no_facts(ward):
    admit(ward)
    facts = measures.collect([ward], Period(date(2027, 1, 1), date(2027, 1, 7)), NOW)
    assert facts.due == [] and facts.patient_days == []


def test_dwell_counts_insertion_day_as_day_one_and_flags_long_dwelling_pivs(ward, nurse, settings):
    settings.PIV_REVIEW_HOURS = 72
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(0, "05:00"), removed_at=at(3, "12:00"))
    make_entry_point(patient, "iuc", started_at=at(-20, "12:00"))
    facts = measures.collect([ward], week(), NOW)
    by_kind = {d.kind: d for d in measures.dwell(facts)}
    assert (by_kind["piv"].devices, by_kind["piv"].median_days) == (1, 4)  # Mon to Thu
    assert by_kind["piv"].bands == (0, 1, 0, 0, 0, 0)
    assert (by_kind["iuc"].longest_days, by_kind["iuc"].still_in_place) == (27, 1)
    # Counted Mon-Thu 06:00: 1, 25, 49, 73 hours in place; only Thursday is past 72 h.
    piv_days = [d for d in facts.due if d.kind == "piv"]
    assert [d.past_review for d in piv_days] == [False, False, False, True]


def test_a_catheter_with_no_valid_indication_is_past_review(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "iuc", started_at=at(-1, "10:00"))
    record(point, nurse, 0, answers=failing_answers("iuc", indication="none"))
    m = ward_measures(ward, week(0, 0))
    assert (m.past_review, m.compliant) == (1, 0)


def test_infection_signs_are_counted(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    record(point, nurse, 0, answers=failing_answers("piv", vip_score="2"))
    record(point, nurse, 1)
    m = ward_measures(ward, week(0, 1))
    assert (m.infection_flags, m.compliant) == (1, 1)


def test_measures_by_ward_and_kind_agree_with_one_at_a_time(ward, other_ward, nurse):
    patient = admit(ward)
    make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    make_entry_point(patient, "iuc", started_at=at(-1, "10:00"))
    admit(other_ward)
    facts = measures.collect([ward, other_ward], week(), NOW)
    table = measures.by_ward_and_kind(facts)
    for (ward_id, kind), m in table.items():
        assert m == measures.measure(facts, ward_id, kind)
    assert table[(None, None)].patient_days == 14
    assert table[(ward.pk, None)].device_days == 7  # one patient, two kinds, once a day


# --- Wards that count at different times -------------------------------------------


def _moved(from_ward, to_ward, moment) -> None:
    """A patient with a PIV, moved from one ward to the other at `moment`."""
    patient = make_patient(from_ward, admitted_at=moment - timedelta(days=10))
    make_entry_point(patient, "piv", started_at=moment - timedelta(days=3))
    Stay.objects.filter(patient=patient).update(ended_at=moment, end_reason="transfer")
    Stay.objects.create(patient=patient, ward=to_ward, started_at=moment)


def test_a_patient_found_by_two_wards_counts_is_counted_once_by_the_first(ward, other_ward):
    other_ward.count_time = time(8, 0)  # Ward One counts at 06:00
    other_ward.save()
    _moved(ward, other_ward, at(0, "07:00"))  # on Ward One at 06:00, on Ward Two at 08:00
    facts = measures.collect([ward, other_ward], week(0, 0), NOW)
    assert [(p.ward_id, p.day) for p in facts.patient_days] == [(ward.pk, MON)]
    assert [(d.ward_id, d.kind) for d in facts.due] == [(ward.pk, "piv")]


def test_a_patient_missed_by_both_counts_is_due_nowhere_and_the_board_agrees(ward, other_ward):
    from checklists import board

    other_ward.count_time = time(8, 0)
    other_ward.save()
    day = timezone.localdate()  # the board works on today
    _moved(other_ward, ward, local_time(day, "07:00"))  # after 06:00 here, before 08:00 there
    later = local_time(day, "09:00")
    facts = measures.collect([ward, other_ward], Period(day, day), later)
    assert facts.due == [] and facts.patient_days == []
    built = board.build_ward_board(ward, later)
    assert [e.status for p in built.patients for e in p.entries] == [board.Status.NOT_DUE]


def test_a_shorter_period_reads_only_its_own_checks(ward, nurse):
    patient = admit(ward)
    point = make_entry_point(patient, "piv", started_at=at(-1, "10:00"))
    for offset in range(4):
        record(point, nurse, offset)
    facts = measures.collect([ward], week(0, 3), NOW)
    tuesday = facts.within(week(1, 1))
    assert set(tuesday.checks_query.values_list("clinical_date", flat=True)) == {
        MON + timedelta(days=1)
    }


def test_no_wards_give_empty_facts_that_can_still_be_queried():
    facts = measures.collect([], week(), NOW)
    assert (facts.due, facts.patient_days) == ([], [])
    assert list(facts.checks_query) == [] and list(facts.points_query) == []


# What each figure's drill-down lists (measures.SHOWS), and the Measures figure it must
# add up to. "corrected" has no figure of its own.
FIGURE_OF_SHOW = {
    "due": lambda m: m.due,
    "done": lambda m: m.done,
    "compliant": lambda m: m.compliant,
    "not_compliant": lambda m: m.not_compliant,
    "failed": lambda m: m.done - m.compliant,
    "missed": lambda m: m.missed,
    "late": lambda m: m.late,
    "open": lambda m: m.open,
    "flagged": lambda m: m.infection_flags,
    "past_review": lambda m: m.past_review,
}


def test_every_drill_down_lists_as_many_checks_as_its_figure_counts():
    outcomes = (Outcome.COMPLIANT, Outcome.NOT_COMPLIANT, Outcome.MISSED, Outcome.OPEN)
    due = [
        measures.DueCheck(
            ward_id=1,
            kind="piv",
            entry_point_id=n,
            patient_id=n,
            day=MON,
            outcome=outcome,
            is_late=bool(n % 2),
            infection_sign=bool(n % 3 == 0),
            past_review=bool(n % 5 == 0),
            corrections=n % 4,
        )
        for n, outcome in enumerate(outcomes * 15)
    ]
    tally = measures.Tally()
    for d in due:
        tally.add_due(d)
    m = tally.measures()
    assert set(measures.SHOWS) == {*FIGURE_OF_SHOW, "corrected"}
    for show, figure in FIGURE_OF_SHOW.items():
        listed = sum(1 for d in due if measures.SHOWS[show](d))
        assert listed == figure(m), show
    assert sum(1 for d in due if measures.SHOWS["corrected"](d)) == 45
