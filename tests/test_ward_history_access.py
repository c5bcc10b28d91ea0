"""A ward's old checks stay readable to its staff after the patient has gone (so that
dashboards can drill down to them); correcting them and the patient's page do not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.models import Stay

from .factories import make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_check(ward, nurse, settings):
    now = timezone.now()
    patient = make_patient(ward, admitted_at=now - timedelta(days=30), full_name="Zoë Long-Gone")
    point = make_entry_point(patient, "piv", started_at=now - timedelta(days=29))
    check = make_check(point, nurse, observed_at=now - timedelta(days=28))
    left = now - timedelta(days=settings.RECENT_STAY_DAYS + 5)
    Stay.objects.filter(patient=patient).update(ended_at=left, end_reason="discharge")
    return check


def test_a_wards_manager_and_nurse_can_read_an_old_check_of_their_ward(
    manager_client, nurse_client, old_check
):
    for client in (manager_client, nurse_client):
        response = client.get(f"/checks/{old_check.public_id}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Zoë Long-Gone" in html
        assert f"/patients/{old_check.entry_point.patient.public_id}/" not in html
        assert "no longer on your wards" in html


def test_the_old_patients_page_stays_closed(manager_client, old_check):
    url = f"/patients/{old_check.entry_point.patient.public_id}/"
    assert manager_client.get(url).status_code == 404


def test_a_nurse_cannot_correct_a_check_of_a_patient_long_gone(nurse_client, old_check):
    assert nurse_client.get(f"/checks/{old_check.public_id}/correct/").status_code == 404


def test_another_wards_staff_still_get_404(other_manager_client, other_nurse_client, old_check):
    for client in (other_manager_client, other_nurse_client):
        assert client.get(f"/checks/{old_check.public_id}/").status_code == 404


def test_a_check_of_a_day_after_the_patient_left_my_ward_stays_closed(
    nurse_client, ward, other_ward, other_nurse, settings
):
    """Moved one morning: the next day's check on the new ward is not the old ward's."""
    from tests.factories import day_back, local_time, record_on

    monday = day_back(settings.RECENT_STAY_DAYS + 5)  # long gone: only ward history is left
    patient = make_patient(ward, admitted_at=local_time(monday, "00:30") - timedelta(days=5))
    point = make_entry_point(patient, "piv", started_at=local_time(monday, "00:40"))
    moved = local_time(monday, "07:00")
    Stay.objects.filter(patient=patient).update(ended_at=moved, end_reason="transfer")
    Stay.objects.create(patient=patient, ward=other_ward, started_at=moved)
    monday_check = record_on(point, other_nurse, monday)
    tuesday = monday + timedelta(days=1)  # early, under 24 hours after the move
    tuesday_check = make_check(
        point,
        other_nurse,
        observed_at=local_time(tuesday, "06:30"),
        now=local_time(tuesday, "07:00"),
    )
    Stay.objects.filter(patient=patient, ward=other_ward).update(
        ended_at=timezone.now() - timedelta(days=1), end_reason="discharge"
    )
    # Monday was counted on my ward (06:00), so its check opens; Tuesday's does not.
    assert nurse_client.get(f"/checks/{monday_check.public_id}/").status_code == 200
    assert nurse_client.get(f"/checks/{tuesday_check.public_id}/").status_code == 404
