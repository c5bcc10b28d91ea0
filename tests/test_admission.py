"""services.admit_patient, transfer_patient and discharge_patient."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from checklists import services
from checklists.models import AuditEvent, EntryPoint, Patient, Stay

from .factories import days_ago, make_check, make_entry_point, row_counts

pytestmark = pytest.mark.django_db


def new_patient(**kw):
    kw.setdefault("hospital_number", "H900001")
    kw.setdefault("full_name", "Zoë Łukasiewicz")
    kw.setdefault("date_of_birth", date(1948, 2, 29))
    return Patient(**kw)


def refused(call, message):
    """Run a write that must be refused; return the stored rows it must not have changed."""
    before = row_counts(Patient, Stay, EntryPoint, AuditEvent)
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert any(message in text for text in excinfo.value.messages), excinfo.value.messages
    assert row_counts(Patient, Stay, EntryPoint, AuditEvent) == before


# --- Admission --------------------------------------------------------------------------


def test_it_admits_a_new_patient_to_the_ward(ward, nurse):
    at = days_ago(0, "00:00")

    stay = services.admit_patient(nurse=nurse, ward=ward, patient=new_patient(), at=at, bed="12")

    patient = Patient.objects.get(hospital_number="H900001")
    assert patient.full_name == "Zoë Łukasiewicz"
    assert (stay.patient, stay.ward, stay.started_at, stay.bed) == (patient, ward, at, "12")
    assert stay.ended_at is None
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id) == (
        nurse,
        "patient.admitted",
        str(patient.public_id),
    )
    assert event.data == {"ward": "W1", "new_patient": True, "stay": stay.pk}


def test_it_readmits_a_patient_who_was_discharged(patient, ward, nurse):
    services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(5, "12:00"))

    stay = services.admit_patient(nurse=nurse, ward=ward, patient=patient, at=days_ago(1, "09:00"))

    assert patient.stays.count() == 2
    assert Stay.objects.current().get(patient=patient) == stay
    assert AuditEvent.objects.last().data["new_patient"] is False


def test_it_refuses_to_admit_a_patient_who_is_already_on_a_ward(patient, other_ward, other_nurse):
    refused(
        lambda: services.admit_patient(
            nurse=other_nurse, ward=other_ward, patient=patient, at=days_ago(1, "09:00")
        ),
        "is already on Ward One; transfer them from there instead.",
    )


def test_it_refuses_a_readmission_before_the_last_discharge(patient, ward, nurse):
    services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(2, "12:00"))

    refused(
        lambda: services.admit_patient(
            nurse=nurse, ward=ward, patient=patient, at=days_ago(3, "09:00")
        ),
        "The admission time is before their last discharge",
    )


def test_it_refuses_a_duplicate_hospital_number(patient, ward, nurse):
    duplicate = new_patient(hospital_number=patient.hospital_number)

    refused(
        lambda: services.admit_patient(
            nurse=nurse, ward=ward, patient=duplicate, at=days_ago(1, "09:00")
        ),
        "Patient with this Hospital number already exists.",
    )


def test_it_refuses_an_admission_in_the_future(ward, nurse):
    now = days_ago(1, "12:00")

    refused(
        lambda: services.admit_patient(
            nurse=nurse, ward=ward, patient=new_patient(), at=now + timedelta(hours=1), now=now
        ),
        "The admission time cannot be in the future",
    )


@pytest.mark.parametrize("persona", ["other_nurse", "manager", "auditor"])
def test_it_refuses_an_admission_by_someone_not_nursing_on_the_ward(request, ward, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.admit_patient(nurse=user, ward=ward, patient=new_patient(), at=days_ago(1))

    assert not Patient.objects.exists()


# --- Transfer ---------------------------------------------------------------------------


def test_it_transfers_a_patient_with_their_entry_points(patient, ward, other_ward, nurse):
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"))
    check = make_check(piv, nurse, observed_at=days_ago(2, "11:00"))
    old_stay = patient.stays.get()
    at = days_ago(1, "15:00")

    new_stay = services.transfer_patient(
        nurse=nurse, patient=patient, to_ward=other_ward, at=at, bed="3A"
    )

    old_stay.refresh_from_db()
    assert (old_stay.ended_at, old_stay.end_reason) == (at, Stay.EndReason.TRANSFER)
    assert (new_stay.ward, new_stay.started_at, new_stay.ended_at) == (other_ward, at, None)
    piv.refresh_from_db()
    assert piv.patient == patient and piv.removed_at is None
    check.refresh_from_db()
    assert check.ward == ward  # history stays where it happened
    event = AuditEvent.objects.filter(action="patient.transferred").get()
    assert event.data == {"from": "W1", "to": "W2", "stay": new_stay.pk}


def test_it_hands_recording_over_to_the_new_ward(patient, other_ward, nurse, other_nurse):
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"))
    services.transfer_patient(
        nurse=nurse, patient=patient, to_ward=other_ward, at=days_ago(1, "08:00")
    )

    with pytest.raises(PermissionDenied):
        make_check(piv, nurse, observed_at=days_ago(1, "11:00"))
    check = make_check(piv, other_nurse, observed_at=days_ago(1, "11:00"))

    assert check.ward == other_ward


def test_it_refuses_a_transfer_to_the_ward_the_patient_is_on(patient, ward, nurse):
    refused(
        lambda: services.transfer_patient(
            nurse=nurse, patient=patient, to_ward=ward, at=days_ago(1, "09:00")
        ),
        "The patient is already on Ward One.",
    )


def test_it_refuses_a_transfer_before_the_patient_arrived(patient, other_ward, nurse):
    refused(
        lambda: services.transfer_patient(
            nurse=nurse, patient=patient, to_ward=other_ward, at=days_ago(11, "09:00")
        ),
        "The transfer time is before the patient arrived on the ward",
    )


def test_it_refuses_a_transfer_before_a_recorded_check(patient, other_ward, nurse):
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"))
    make_check(piv, nurse, observed_at=days_ago(1, "11:00"))

    refused(
        lambda: services.transfer_patient(
            nurse=nurse, patient=patient, to_ward=other_ward, at=days_ago(1, "10:00")
        ),
        "Checks were recorded after that transfer time",
    )


def test_it_refuses_a_transfer_by_the_receiving_ward(patient, other_ward, other_nurse):
    with pytest.raises(PermissionDenied):
        services.transfer_patient(
            nurse=other_nurse, patient=patient, to_ward=other_ward, at=days_ago(1, "09:00")
        )

    assert patient.stays.get().ended_at is None


# --- Discharge --------------------------------------------------------------------------


def test_it_discharges_and_closes_every_open_entry_point(patient, nurse):
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"))
    iuc = make_entry_point(patient, "iuc", started_at=days_ago(4, "09:00"))
    earlier = make_entry_point(patient, "cvc", started_at=days_ago(6, "09:00"))
    services.remove_entry_point(
        nurse=nurse, entry_point=earlier, at=days_ago(5, "09:00"), reason="Line out"
    )
    at = days_ago(1, "14:00")

    stay = services.discharge_patient(nurse=nurse, patient=patient, at=at)

    stay.refresh_from_db()
    assert (stay.ended_at, stay.end_reason) == (at, Stay.EndReason.DISCHARGE)
    for point in (piv, iuc):
        point.refresh_from_db()
        assert (point.removed_at, point.removed_by) == (at, nurse)
        assert point.removal_reason == "Patient discharged"
    earlier.refresh_from_db()
    assert earlier.removed_at == days_ago(5, "09:00")  # already out: left alone
    event = AuditEvent.objects.filter(action="patient.discharged").get()
    closed = sorted(event.data["entry_points_closed"])
    assert event.data["ward"] == "W1"
    assert closed == sorted([str(piv.public_id), str(iuc.public_id)])


def test_it_refuses_a_discharge_before_the_patient_arrived(patient, nurse):
    refused(
        lambda: services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(11)),
        "The discharge time is before the patient arrived on the ward",
    )


def test_it_refuses_a_discharge_before_a_device_was_put_in(patient, nurse):
    piv = make_entry_point(patient, "piv", started_at=days_ago(1, "09:00"))

    refused(
        lambda: services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(2)),
        "The removal time cannot be before insertion",
    )
    piv.refresh_from_db()
    assert piv.removed_at is None
    assert patient.stays.get().ended_at is None


def test_it_refuses_a_discharge_in_the_future(patient, nurse):
    now = days_ago(1, "12:00")

    refused(
        lambda: services.discharge_patient(
            nurse=nurse, patient=patient, at=now + timedelta(hours=1), now=now
        ),
        "The discharge time cannot be in the future",
    )


def test_it_refuses_to_discharge_twice(patient, nurse):
    services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(1))

    refused(
        lambda: services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(0, "00:00")),
        "has been discharged",
    )
    assert Stay.objects.filter(patient=patient).count() == 1
