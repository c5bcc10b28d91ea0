"""Admit, transfer, discharge, add and remove entry points through the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.models import AuditEvent, EntryPoint, Patient, Stay

from .factories import make_entry_point, make_patient

pytestmark = pytest.mark.django_db


def _at(delta=timedelta()) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def test_it_admits_a_new_patient(nurse_client, ward):
    response = nurse_client.post(
        f"/wards/{ward.code}/admit/",
        {
            "hospital_number": "h123",
            "full_name": "Łukasz Nowak",
            "date_of_birth": "1950-03-04",
            "diabetes": "on",
            "admitted_at": _at(),
            "bed": "04",
        },
    )
    patient = Patient.objects.get(hospital_number="H123")
    assert response.status_code == 302
    assert patient.diabetes and patient.stays.get().ward == ward
    assert AuditEvent.objects.filter(action="patient.admitted").count() == 1


def test_it_refuses_to_admit_someone_already_on_a_ward(nurse_client, ward, other_ward):
    patient = make_patient(ward=other_ward)
    response = nurse_client.post(
        f"/wards/{ward.code}/admit/",
        {
            "hospital_number": patient.hospital_number,
            "full_name": patient.full_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "admitted_at": _at(),
        },
    )
    assert "is already on" in response.content.decode()
    assert patient.stays.count() == 1


def test_a_known_number_with_other_details_is_refused(nurse_client, nurse, ward):
    from checklists import services

    patient = make_patient(ward=ward, full_name="Adébáyọ̀ Okonkwo")
    services.discharge_patient(nurse=nurse, patient=patient, at=timezone.now() - timedelta(hours=1))
    data = {
        "hospital_number": patient.hospital_number,
        "full_name": "John Completely Different",
        "date_of_birth": "2001-01-01",
        "admitted_at": _at(),
    }
    response = nurse_client.post(f"/wards/{ward.code}/admit/", data)
    assert "is on file with a different name or date of birth" in response.content.decode()
    assert patient.stays.count() == 1


def test_a_returning_patient_is_readmitted_with_todays_risk_factors(nurse_client, nurse, ward):
    from checklists import services

    patient = make_patient(ward=ward, full_name="Zoë  Brown", diabetes=False)
    services.discharge_patient(nurse=nurse, patient=patient, at=timezone.now() - timedelta(hours=1))
    data = {
        "hospital_number": patient.hospital_number.lower(),
        "full_name": "zoë brown",
        "date_of_birth": patient.date_of_birth.isoformat(),
        "diabetes": "on",
        "admitted_at": _at(),
    }
    assert nurse_client.post(f"/wards/{ward.code}/admit/", data).status_code == 302
    patient.refresh_from_db()
    assert patient.diabetes and patient.full_name == "Zoë  Brown"
    assert patient.stays.filter(ended_at__isnull=True).count() == 1


def test_an_occupied_bed_is_refused(nurse_client, ward):
    make_patient(ward=ward).stays.update(bed="07")
    data = {
        "hospital_number": "N1",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1970-01-01",
        "admitted_at": _at(),
        "bed": "07",
    }
    response = nurse_client.post(f"/wards/{ward.code}/admit/", data)
    assert "Bed 07 is not free on this ward; choose another." in response.content.decode()
    assert not Patient.objects.filter(hospital_number="N1").exists()


def test_an_insertion_years_before_admission_is_refused(nurse_client, ward):
    patient = make_patient(ward=ward)
    response = nurse_client.post(
        f"/patients/{patient.public_id}/entry-points/add/?kind=piv",
        {"kind": "piv", "site": "Left hand", "started_at": "2020-01-01T08:00", "gauge": "20G"},
    )
    assert "more than 30 days before this admission" in response.content.decode()
    assert not EntryPoint.objects.exists()


def test_it_transfers_a_patient(nurse_client, ward, other_ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=1))
    response = nurse_client.post(
        f"/patients/{patient.public_id}/transfer/", {"to_ward": other_ward.pk, "at": _at()}
    )
    assert response.status_code == 302
    assert patient.stays.get(ended_at__isnull=True).ward == other_ward
    assert patient.stays.get(ward=ward).end_reason == Stay.EndReason.TRANSFER


def test_it_discharges_a_patient_and_ends_their_devices(nurse_client, ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=1))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(hours=5))
    response = nurse_client.post(f"/patients/{patient.public_id}/discharge/", {"at": _at()})
    assert response.status_code == 302
    piv.refresh_from_db()
    assert piv.removed_at is not None
    assert not patient.stays.filter(ended_at__isnull=True).exists()


def test_it_adds_an_entry_point_with_kind_details(nurse_client, ward):
    patient = make_patient(ward=ward)
    url = f"/patients/{patient.public_id}/entry-points/add/?kind=wound"
    response = nurse_client.post(
        url, {"kind": "wound", "site": "Abdomen", "started_at": _at(), "procedure": "Lap"}
    )
    assert "This detail is needed for this kind." in response.content.decode()
    response = nurse_client.post(
        url,
        {
            "kind": "wound",
            "site": "Abdomen",
            "started_at": _at(),
            "procedure": "Laparotomy",
            "wound_class": "II",
        },
    )
    assert response.status_code == 302
    assert EntryPoint.objects.get().wound_class == "II"


def test_it_refuses_a_removal_before_insertion(nurse_client, ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(hours=2))
    response = nurse_client.post(
        f"/entry-points/{piv.public_id}/remove/",
        {"removed_at": _at(-timedelta(days=1)), "reason": "No longer needed"},
    )
    assert "cannot be before insertion" in response.content.decode()
    piv.refresh_from_db()
    assert piv.removed_at is None


def test_the_patient_page_shows_entry_points_and_history(nurse_client, ward):
    patient = make_patient(ward=ward, full_name="王芳")
    make_entry_point(patient, "cvc", body_site="Right internal jugular")
    html = nurse_client.get(f"/patients/{patient.public_id}/").content.decode()
    assert "王芳" in html and "Right internal jugular" in html


def test_other_wards_patients_are_404(other_nurse_client, ward):
    patient = make_patient(ward=ward)
    for url in (
        f"/patients/{patient.public_id}/",
        f"/patients/{patient.public_id}/transfer/",
        f"/patients/{patient.public_id}/discharge/",
        f"/patients/{patient.public_id}/entry-points/add/",
    ):
        assert other_nurse_client.get(url).status_code == 404, url


def test_readers_cannot_admit(auditor_client, manager_client, ward):
    assert auditor_client.get(f"/wards/{ward.code}/admit/").status_code == 403
    assert manager_client.post(f"/wards/{ward.code}/admit/", {}).status_code == 403
