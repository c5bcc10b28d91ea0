"""services.add_entry_point and remove_entry_point, and dwell-day counting."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from checklists import services
from checklists.models import AuditEvent, EntryPoint, Stay

from .factories import days_ago, make_check, make_entry_point, row_counts

pytestmark = pytest.mark.django_db


def add(nurse, patient, **fields):
    fields.setdefault("kind", "piv")
    fields.setdefault("body_site", "Left forearm")
    fields.setdefault("started_at", days_ago(1, "14:00"))
    return services.add_entry_point(nurse=nurse, patient=patient, entry_point=EntryPoint(**fields))


def remove(nurse, entry_point, at, reason="No longer needed"):
    return services.remove_entry_point(nurse=nurse, entry_point=entry_point, at=at, reason=reason)


def assert_unchanged(entry_point, call, message):
    """The removal is refused with `message`; the entry point and audit trail are as before."""
    stored = EntryPoint.objects.filter(pk=entry_point.pk).values().get()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert any(message in text for text in excinfo.value.messages), excinfo.value.messages
    assert EntryPoint.objects.filter(pk=entry_point.pk).values().get() == stored
    assert AuditEvent.objects.count() == events


# --- Adding -----------------------------------------------------------------------------


def test_it_adds_a_central_line_with_its_details(patient, nurse):
    line = add(
        nurse,
        patient,
        kind="cvc",
        body_site="Right internal jugular",
        line_type="picc",
        insertion_bundle_done=True,
    )

    line.refresh_from_db()
    assert line.patient == patient
    assert line.created_by == nurse
    assert line.removed_at is None
    assert line.details() == [("Line type", "PICC"), ("Insertion bundle done", "Yes")]


def test_it_adds_a_pressure_injury_found_on_admission(patient, nurse):
    injury = add(
        nurse,
        patient,
        kind="pressure",
        body_site="Sacrum",
        pressure_stage="2",
        present_on_admission=True,
    )

    assert injury.details() == [("Pressure stage", "Stage 2"), ("Present on admission", "Yes")]


def test_it_adds_a_surgical_wound_with_its_class(patient, nurse):
    wound = add(
        nurse,
        patient,
        kind="wound",
        body_site="Abdomen",
        procedure="Laparoscopic appendicectomy",
        wound_class="II",
    )

    assert wound.details() == [
        ("Procedure", "Laparoscopic appendicectomy"),
        ("Wound class", "II Clean-contaminated"),
    ]


def test_it_refuses_a_detail_value_that_is_not_offered(patient, nurse):
    with pytest.raises(ValidationError) as excinfo:
        add(nurse, patient, kind="wound", body_site="Abdomen", wound_class="VII")

    assert "wound_class" in excinfo.value.message_dict
    assert not EntryPoint.objects.exists()


def test_it_refuses_an_insertion_in_the_future(patient, nurse):
    now = days_ago(1, "12:00")

    with pytest.raises(ValidationError, match="insertion time cannot be in the future"):
        services.add_entry_point(
            nurse=nurse,
            patient=patient,
            entry_point=EntryPoint(
                kind="piv", body_site="Hand", started_at=now + timedelta(hours=2)
            ),
            now=now,
        )

    assert not EntryPoint.objects.exists()


def test_it_refuses_an_entry_point_for_another_wards_patient(patient, other_nurse):
    with pytest.raises(PermissionDenied):
        add(other_nurse, patient)

    assert row_counts(EntryPoint, AuditEvent) == {"EntryPoint": 0, "AuditEvent": 0}


def test_it_refuses_an_entry_point_for_a_discharged_patient(patient, nurse):
    Stay.objects.filter(patient=patient).update(ended_at=days_ago(1, "09:00"))

    with pytest.raises(ValidationError, match="has been discharged"):
        add(nurse, patient)

    assert not EntryPoint.objects.exists()


# --- Removing ---------------------------------------------------------------------------


def test_it_removes_an_entry_point_once(piv, nurse):
    at = days_ago(1, "16:00")

    remove(nurse, piv, at, reason="Tissued; re-sited")

    piv.refresh_from_db()
    assert piv.removed_at == at
    assert piv.removed_by == nurse
    assert piv.removal_reason == "Tissued; re-sited"


def test_it_refuses_a_removal_before_the_insertion(piv, nurse):
    assert_unchanged(
        piv,
        lambda: remove(nurse, piv, piv.started_at - timedelta(hours=1)),
        "The removal time cannot be before insertion",
    )


def test_it_refuses_a_removal_in_the_future(piv, nurse):
    now = days_ago(1, "12:00")

    assert_unchanged(
        piv,
        lambda: services.remove_entry_point(
            nurse=nurse, entry_point=piv, at=now + timedelta(hours=1), reason="x", now=now
        ),
        "The removal time cannot be in the future",
    )


def test_it_refuses_a_second_removal(piv, nurse):
    remove(nurse, piv, days_ago(1, "16:00"))

    assert_unchanged(piv, lambda: remove(nurse, piv, days_ago(1, "18:00")), "already removed")


def test_it_refuses_a_removal_made_at_the_same_time_from_another_screen(piv, nurse):
    stale = EntryPoint.objects.get(pk=piv.pk)
    remove(nurse, piv, days_ago(1, "16:00"))

    assert_unchanged(
        piv, lambda: remove(nurse, stale, days_ago(1, "18:00")), "This was already removed on"
    )


def test_it_refuses_a_removal_before_a_check_that_was_observed(piv, nurse):
    make_check(piv, nurse, observed_at=days_ago(1, "11:00"))

    assert_unchanged(
        piv,
        lambda: remove(nurse, piv, days_ago(1, "10:00")),
        "A check of this was observed after that removal time",
    )


def test_a_removal_typed_in_the_minute_of_the_last_check_is_recorded_just_after_it(piv, nurse):
    checked = days_ago(1, "11:00") + timedelta(seconds=40)
    make_check(piv, nurse, observed_at=checked)
    # A minute earlier is refused; the same minute is that check's moment, not before it.
    assert_unchanged(
        piv,
        lambda: remove(nurse, piv, days_ago(1, "10:59")),
        "A check of this was observed after that removal time",
    )
    remove(nurse, piv, days_ago(1, "11:00"))
    piv.refresh_from_db()
    assert piv.removed_at == checked


def test_it_refuses_a_removal_by_a_nurse_from_another_ward(piv, other_nurse):
    with pytest.raises(PermissionDenied):
        remove(other_nurse, piv, days_ago(1, "16:00"))

    piv.refresh_from_db()
    assert piv.removed_at is None


# --- Dwell days -------------------------------------------------------------------------


def test_it_counts_the_insertion_day_as_day_one(patient):
    today = timezone.localdate()
    point = make_entry_point(patient, "iuc", started_at=days_ago(0, "00:05"))

    assert point.dwell_day(today) == 1
    assert point.dwell_day(today + timedelta(days=2)) == 3


def test_it_stops_counting_dwell_days_at_removal(piv, nurse):
    remove(nurse, piv, days_ago(1, "16:00"))

    # Inserted 3 days ago, removed yesterday: days 1, 2 and 3.
    assert piv.dwell_day(timezone.localdate()) == 3


def test_it_counts_dwell_days_in_the_hospital_time_zone(patient, settings):
    # Auckland is 12-13 h ahead of UTC: 00:30 there is still the day before in UTC.
    settings.TIME_ZONE = "Pacific/Auckland"
    today = timezone.localdate()
    point = make_entry_point(patient, "piv", started_at=days_ago(2, "00:30"))

    assert point.start_date == today - timedelta(days=2)
    assert point.dwell_day(today) == 3
