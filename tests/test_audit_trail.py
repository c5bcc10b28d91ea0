"""The audit trail: every clinical write and every log-in attempt leaves one event."""

from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from checklists import services
from checklists.models import AuditEvent, EntryPoint, Patient

from .factories import PASSWORD, days_ago, expected_answers

pytestmark = pytest.mark.django_db


def only_new_event(call):
    """Run `call`, check it wrote exactly one audit event, and return that event."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start = timezone.now()
    result = call()
    events = list(AuditEvent.objects.filter(pk__gt=last))
    assert len(events) == 1, [e.action for e in events]
    event = events[0]
    assert start <= event.at <= timezone.now()
    return event, result


def test_it_logs_an_admission(ward, nurse):
    patient = Patient(hospital_number="H1", full_name="Ana", date_of_birth=date(1990, 1, 1))

    event, _ = only_new_event(
        lambda: services.admit_patient(nurse=nurse, ward=ward, patient=patient, at=days_ago(1))
    )

    assert (event.actor, event.action) == (nurse, "patient.admitted")
    assert (event.object_type, event.object_id) == ("patient", str(patient.public_id))


def test_it_logs_a_transfer(patient, other_ward, nurse):
    event, _ = only_new_event(
        lambda: services.transfer_patient(
            nurse=nurse, patient=patient, to_ward=other_ward, at=days_ago(1)
        )
    )

    assert (event.actor, event.action) == (nurse, "patient.transferred")
    assert event.object_id == str(patient.public_id)


def test_it_logs_a_discharge_as_one_event_even_with_devices_closed(patient, piv, nurse):
    event, _ = only_new_event(
        lambda: services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(1))
    )

    assert (event.actor, event.action) == (nurse, "patient.discharged")
    assert event.data["entry_points_closed"] == [str(piv.public_id)]


def test_it_logs_an_entry_point_added(patient, nurse):
    point = EntryPoint(kind="iuc", body_site="Urethral", started_at=days_ago(1))

    event, _ = only_new_event(
        lambda: services.add_entry_point(nurse=nurse, patient=patient, entry_point=point)
    )

    assert (event.actor, event.action) == (nurse, "entry_point.added")
    assert (event.object_type, event.object_id) == ("entrypoint", str(point.public_id))
    assert event.data == {"kind": "iuc", "ward": "W1"}


def test_it_logs_an_entry_point_removed(piv, nurse):
    event, _ = only_new_event(
        lambda: services.remove_entry_point(
            nurse=nurse, entry_point=piv, at=days_ago(1), reason="Not needed"
        )
    )

    assert (event.actor, event.action) == (nurse, "entry_point.removed")
    assert event.object_id == str(piv.public_id)


def test_it_logs_a_check_recorded(piv, nurse):
    event, check = only_new_event(
        lambda: services.record_check(
            nurse=nurse,
            entry_point=piv,
            observed_at=days_ago(1),
            answers=expected_answers("piv"),
        )
    )

    assert (event.actor, event.action) == (nurse, "check.recorded")
    assert (event.object_type, event.object_id) == ("check", str(check.public_id))


def test_it_logs_a_correction(piv, nurse):
    original = services.record_check(
        nurse=nurse, entry_point=piv, observed_at=days_ago(1), answers=expected_answers("piv")
    )

    event, correction = only_new_event(
        lambda: services.correct_check(
            nurse=nurse,
            original=original,
            answers=expected_answers("piv") | {"site_inspected": "no"},
            reason="Site was not inspected",
        )
    )

    assert (event.actor, event.action) == (nurse, "check.corrected")
    assert event.object_id == str(correction.public_id)
    assert event.data == {"corrects": str(original.public_id)}


def test_it_keeps_patient_names_out_of_the_trail(ward, nurse):
    patient = Patient(
        hospital_number="H2", full_name="Nguyễn Văn A", date_of_birth=date(1950, 1, 1)
    )
    services.admit_patient(nurse=nurse, ward=ward, patient=patient, at=days_ago(1))

    assert "Nguyễn" not in str(AuditEvent.objects.get().data)


# --- Log-ins ----------------------------------------------------------------------------


def _log_in(username: str, password: str):
    """Through the log-in page, as a browser does (the lockout needs the request)."""
    return Client().post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_a_successful_login(nurse):
    event, response = only_new_event(lambda: _log_in(nurse.username, PASSWORD))

    assert response.status_code == 302  # to the home page
    assert (event.actor, event.action) == (nurse, "auth.login")


def test_it_logs_a_failed_login_without_the_password(nurse):
    request = RequestFactory().post("/accounts/login/")

    event, user = only_new_event(
        lambda: authenticate(request, username=nurse.username, password="not-the-password")
    )

    assert user is None
    assert event.actor is None
    assert event.action == "auth.login_failed"
    assert event.data == {"username": nurse.username}
    assert "not-the-password" not in str(event.data)


def test_it_logs_a_failed_login_for_an_unknown_username(db):
    event, _ = only_new_event(lambda: _log_in("nobody", "guess"))

    assert (event.actor, event.action, event.data) == (
        None,
        "auth.login_failed",
        {"username": "nobody"},
    )
