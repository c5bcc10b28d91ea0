"""Correcting a check through the pages: a new record, the original kept and visible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.models import Check

from .factories import expected_answers, make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(ward, nurse):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=2))
    return make_check(piv, nurse, answers=expected_answers("piv") | {"vip_score": "3"})


def _data(**overrides) -> dict:
    data = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    return data | overrides


def test_it_saves_a_correction_and_keeps_the_original(nurse_client, nurse, original):
    response = nurse_client.post(
        f"/checks/{original.public_id}/correct/", _data(reason="VIP mis-read: site is healthy")
    )
    assert response.status_code == 302
    correction = Check.objects.get(corrects=original)
    assert correction.is_compliant and correction.recorded_by == nurse
    original.refresh_from_db()
    assert not original.is_compliant
    assert original.answers.get(item__code="vip_score").value == "3"
    assert list(Check.objects.current()) == [correction]


def test_the_history_shows_both_versions_and_the_reason(nurse_client, nurse, original):
    nurse_client.post(f"/checks/{original.public_id}/correct/", _data(reason="VIP mis-read"))
    html = nurse_client.get(f"/checks/{original.public_id}/").content.decode()
    assert "Original entry" in html and "Replaced by a later correction" in html
    assert "Correction" in html and "VIP mis-read" in html
    patient_html = nurse_client.get(f"/patients/{original.entry_point.patient.public_id}/")
    assert "Replaced by a correction" in patient_html.content.decode()


def test_it_requires_a_reason(nurse_client, original):
    response = nurse_client.post(f"/checks/{original.public_id}/correct/", _data(reason=""))
    assert "Say why you are correcting this check." in response.content.decode()
    assert Check.objects.count() == 1


def test_a_replaced_version_cannot_be_corrected_again(nurse_client, original):
    nurse_client.post(f"/checks/{original.public_id}/correct/", _data(reason="first"))
    response = nurse_client.post(f"/checks/{original.public_id}/correct/", _data(reason="again"))
    assert response.status_code == 302
    assert Check.objects.count() == 2


def test_other_wards_and_readers_cannot_correct(other_nurse_client, auditor_client, original):
    url = f"/checks/{original.public_id}/correct/"
    assert other_nurse_client.post(url, _data(reason="x")).status_code == 404
    assert auditor_client.post(url, _data(reason="x")).status_code == 403
    assert auditor_client.get(f"/checks/{original.public_id}/").status_code == 200
    assert Check.objects.count() == 1
