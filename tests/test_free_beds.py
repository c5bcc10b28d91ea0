"""Admission and transfer choose the bed from the ward's free beds."""

from __future__ import annotations

import pytest

from checklists.forms import free_beds, ward_beds
from checklists.models import AuditEvent, Patient, Stay

from .factories import days_ago, make_patient, make_ward, row_counts

pytestmark = pytest.mark.django_db

NOW = days_ago(1, "12:00").strftime("%Y-%m-%dT%H:%M")


def _admit(**changes):
    post = {
        "hospital_number": "H900",
        "full_name": "Ada Byron",
        "date_of_birth": "1950-01-01",
        "admitted_at": NOW,
        "bed": "",
    }
    return post | changes


def test_the_beds_are_numbered_to_two_digits():
    ward = make_ward(beds=12)
    assert ward_beds(ward)[:2] == ["01", "02"]
    assert ward_beds(ward)[-1] == "12"
    assert len(ward_beds(ward)) == 12


def test_beds_held_by_a_current_stay_are_not_offered(ward):
    make_patient(ward=ward).stays.update(bed="03")
    # A discharged patient's bed is free again; an old free-text bed holds only itself.
    gone = make_patient(ward=ward)
    gone.stays.update(bed="05", ended_at=days_ago(1, "09:00"), end_reason="discharge")
    make_patient(ward=ward).stays.update(bed="12B")
    beds = free_beds(ward)
    assert "03" not in beds
    assert "05" in beds and "12B" not in beds
    assert len(beds) == ward.beds - 1


def test_the_admit_page_offers_the_free_beds_and_no_bed_yet(nurse_client, ward):
    make_patient(ward=ward).stays.update(bed="02")
    page = nurse_client.get(f"/wards/{ward.code}/admit/")
    choices = dict(page.context["form"].fields["bed"].choices)
    assert choices[""] == "No bed yet"
    assert "01" in choices and "02" not in choices
    assert '<select name="bed"' in page.content.decode()


def test_a_free_bed_is_saved(nurse_client, ward):
    response = nurse_client.post(f"/wards/{ward.code}/admit/", _admit(bed="09"))
    assert response.status_code == 302
    assert Patient.objects.get(hospital_number="H900").stays.get().bed == "09"


def test_no_bed_yet_is_still_allowed(nurse_client, ward):
    nurse_client.post(f"/wards/{ward.code}/admit/", _admit())
    assert Patient.objects.get(hospital_number="H900").stays.get().bed == ""


@pytest.mark.parametrize("bed", ["03", "99", "3", "12B", "<b>"])
def test_a_bed_taken_meanwhile_or_not_on_the_ward_is_refused(nurse_client, ward, bed):
    # The page was opened while bed 03 was free; someone else has since filled it.
    make_patient(ward=ward).stays.update(bed="03")
    before = row_counts(Patient, Stay, AuditEvent)
    response = nurse_client.post(f"/wards/{ward.code}/admit/", _admit(bed=bed))
    assert response.status_code == 200
    assert "is not free on this ward; choose another." in response.content.decode()
    assert row_counts(Patient, Stay, AuditEvent) == before


def test_a_transfer_takes_a_free_bed_of_the_ward_chosen(nurse_client, ward, other_ward):
    patient = make_patient(ward=ward, admitted_at=days_ago(3, "09:00"))
    make_patient(ward=other_ward).stays.update(bed="04")
    url = f"/patients/{patient.public_id}/transfer/"
    page = nurse_client.get(url)
    assert "Ward Two" in page.content.decode()  # its beds, grouped under its name

    before = row_counts(Stay, AuditEvent)
    refused = nurse_client.post(url, {"to_ward": other_ward.pk, "at": NOW, "bed": "04"})
    assert "Bed 04 is not free on Ward Two; choose another." in refused.content.decode()
    assert row_counts(Stay, AuditEvent) == before

    done = nurse_client.post(url, {"to_ward": other_ward.pk, "at": NOW, "bed": "05"})
    assert done.status_code == 302
    assert patient.stays.get(ended_at__isnull=True).bed == "05"
