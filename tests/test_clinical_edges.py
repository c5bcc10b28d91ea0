"""Edges of time and place: clock changes, midnight, transfers, beds, odd numbers."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from checklists import board, days, services
from checklists.forms import LocalDateTimeField
from checklists.models import Check, Stay

from .factories import expected_answers, local_time, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


def test_the_hour_the_clocks_go_back_can_be_entered(settings):
    settings.TIME_ZONE = "Europe/London"
    moment = LocalDateTimeField().clean("2025-10-26T01:30")
    # That hour happens twice; a nurse records what already happened.
    assert moment.astimezone(UTC).hour in (0, 1)
    assert moment <= timezone.now()


def test_a_time_skipped_when_the_clocks_go_forward_is_refused_clearly(settings):
    settings.TIME_ZONE = "Europe/London"
    with pytest.raises(ValidationError, match="the clocks went forward"):
        LocalDateTimeField().clean("2025-03-30T01:30")


def test_the_later_of_two_identical_times_is_taken_unless_still_to_come(settings):
    settings.TIME_ZONE = "Europe/London"
    naive = datetime(2025, 10, 26, 1, 30)  # noqa: DTZ001 - a wall-clock time, as typed
    after_both = datetime(2025, 10, 26, 1, 45, tzinfo=UTC)
    between = datetime(2025, 10, 26, 0, 45, tzinfo=UTC)
    assert days.resolve_local(naive, after_both) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
    assert days.resolve_local(naive, between) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)


def test_clock_drift_cannot_put_a_check_on_tomorrow(ward, nurse):
    today = timezone.localdate()
    now = local_time(today, "23:57")
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=1))
    with pytest.raises(ValidationError, match="day still to come"):
        services.record_check(
            nurse=nurse,
            entry_point=piv,
            observed_at=local_time(today + timedelta(days=1), "00:01"),
            answers=expected_answers("piv"),
            now=now,
        )
    assert not Check.objects.exists()


def test_a_nurse_cannot_backdate_a_check_onto_the_ward_the_patient_left(
    ward, other_ward, nurse, other_nurse
):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=2))
    services.transfer_patient(
        nurse=nurse, patient=patient, to_ward=other_ward, at=now - timedelta(hours=2)
    )
    with pytest.raises(ValidationError, match="the patient was on Ward One"):
        services.record_check(
            nurse=other_nurse,
            entry_point=piv,
            observed_at=now - timedelta(hours=3),
            answers=expected_answers("piv"),
        )
    assert not Check.objects.exists()


@pytest.mark.parametrize("value", ["1e-30", "1E2", "25.25", "NaN", "Infinity", "0x1A"])
def test_numbers_must_be_plain_with_one_decimal_place(ward, nurse, value):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=2))
    tube = make_entry_point(patient, "airway", started_at=now - timedelta(days=1))
    with pytest.raises(ValidationError, match="Cuff pressure: enter a number such as 24"):
        services.record_check(
            nurse=nurse,
            entry_point=tube,
            observed_at=now,
            answers=expected_answers("airway") | {"cuff_pressure": value},
        )
    assert not Check.objects.exists()


def test_a_patient_who_arrived_after_the_count_is_not_due_today(ward):
    today = timezone.localdate()
    count_at = days.count_moment(today, ward)
    patient = make_patient(ward=ward, admitted_at=count_at + timedelta(hours=2))
    # The cannula came with them, from the emergency department yesterday.
    make_entry_point(patient, "piv", started_at=count_at - timedelta(hours=20))
    built = board.build_ward_board(ward, count_at + timedelta(hours=9))
    (row,) = built.patients[0].entries
    assert row.status == board.Status.NOT_DUE


def test_the_database_refuses_two_current_patients_in_one_bed(ward):
    make_patient(ward=ward).stays.update(bed="3")
    other = make_patient()
    with pytest.raises(IntegrityError):
        Stay.objects.create(patient=other, ward=ward, started_at=timezone.now(), bed="3")


def test_blank_beds_do_not_clash(ward):
    make_patient(ward=ward)
    make_patient(ward=ward)
    assert Stay.objects.filter(ward=ward, bed="").count() == 2


def test_a_ward_counting_late_turns_overdue_at_its_count(ward):
    ward.count_time = time(16, 0)
    today = timezone.localdate()
    assert days.overdue_moment(today, ward) == days.count_moment(today, ward)
