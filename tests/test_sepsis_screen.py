"""Recording a bedside sepsis screen: after a check finds signs of infection, through the
form and through the service; what it scored, and what it refuses (nothing half-saved)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from checklists import sepsis, services
from checklists.models import AuditEvent, Role, SepsisScreen

from .factories import (
    expected_answers,
    make_check,
    make_entry_point,
    make_patient,
    make_screen,
    make_user,
    observations,
    row_counts,
)
from .hostile import screen_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(ward):
    return make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))


def _now_field() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _url(patient) -> str:
    return f"/patients/{patient.public_id}/screen/"


# A patient scoring NEWS2 6 (medium): RR 22 (2), SpO2 95 (1), pulse 105 (1), 38.5 °C (1),
# systolic 105 (1); no single 3.
MEDIUM = {
    "respiratory_rate": "22",
    "spo2": "95",
    "systolic_bp": "105",
    "pulse": "105",
    "temperature": "38.5",
}


def test_a_check_with_a_sign_of_infection_goes_straight_to_the_screen(nurse_client, patient):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    answers = {f"item_{k}": v for k, v in expected_answers("piv").items()}
    response = nurse_client.post(
        f"/entry-points/{piv.public_id}/check/",
        answers | {"item_vip_score": "2", "observed_at": _now_field()},
    )
    check = piv.checks.get()
    assert check.infection_sign
    assert response["Location"] == f"{_url(patient)}?check={check.public_id}"
    page = nurse_client.get(response["Location"]).content.decode()
    assert "Screen for sepsis now" in page
    assert "Signs of infection were recorded on the Peripheral IV" in page


def test_a_compliant_check_still_goes_back_to_the_board(nurse_client, ward, patient):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    answers = {f"item_{k}": v for k, v in expected_answers("piv").items()}
    response = nurse_client.post(
        f"/entry-points/{piv.public_id}/check/", answers | {"observed_at": _now_field()}
    )
    assert response["Location"] == (
        f"/wards/{ward.code}/?saved={piv.public_id}#entry-{piv.public_id}"
    )


def test_the_form_starts_on_scale_1_and_warns_about_scale_2(nurse_client, patient):
    response = nurse_client.get(_url(patient))
    form = response.context["form"]
    assert form["spo2_scale"].value() == "1"
    assert form["air_or_oxygen"].value() is None  # no default: the nurse must say
    assert "confirmed hypercapnic respiratory failure" in response.content.decode()


def test_a_nurse_records_a_screen_and_reads_what_it_scored(nurse_client, nurse, ward, patient):
    post = screen_post(_now_field()) | MEDIUM
    response = nurse_client.post(_url(patient), post)
    screen = SepsisScreen.objects.get()
    assert response["Location"] == f"/screens/{screen.public_id}/"
    assert (screen.news2, screen.single_parameter_3, screen.qsofa) == (6, False, 1)
    assert screen.risk_level == sepsis.RiskLevel.MODERATE and screen.escalate
    assert (screen.recorded_by, screen.ward, screen.prompted_by) == (nurse, ward, None)
    event = AuditEvent.objects.get(action="screen.recorded")
    assert event.object_id == str(screen.public_id)
    assert event.data == {"patient": str(patient.public_id), "news2": 6, "risk_level": "moderate"}
    page = nurse_client.get(response["Location"]).content.decode()
    assert "NEWS2 6" in page
    assert "Moderate risk" in page
    assert "antimicrobials within 3 hours" in page


def test_a_screen_after_a_check_keeps_the_check_that_asked_for_it(nurse_client, nurse, patient):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse, answers=expected_answers("piv") | {"vip_score": "2"})
    nurse_client.post(f"{_url(patient)}?check={check.public_id}", screen_post(_now_field()))
    assert SepsisScreen.objects.get().prompted_by == check


def test_another_patients_check_is_not_a_prompt(nurse_client, nurse, ward, patient):
    other = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))
    piv = make_entry_point(other, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse)
    assert nurse_client.get(f"{_url(patient)}?check={check.public_id}").status_code == 404
    assert nurse_client.get(f"{_url(patient)}?check=not-a-uuid").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pulse", "900", "Pulse 900 beats/min is outside the accepted range"),
        ("temperature", "3.7", "Temperature 3.7 °C is outside the accepted range"),
        ("spo2", "101", "SpO2 101% is outside the accepted range"),
        ("respiratory_rate", "0", "Respiratory rate 0 breaths/min is outside"),
        ("pulse", "fast", "Pulse: enter a whole number of beats per minute."),
        ("temperature", "37.25", "Temperature: give it to one decimal place"),
        ("spo2", "", "Enter the spo2."),
    ],
)
def test_an_implausible_or_unreadable_value_is_refused_and_nothing_saved(
    nurse_client, patient, field, value, message
):
    before = row_counts(SepsisScreen, AuditEvent)
    response = nurse_client.post(_url(patient), screen_post(_now_field()) | {field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert row_counts(SepsisScreen, AuditEvent) == before


def test_every_implausible_value_is_named_at_once(nurse_client, patient):
    post = screen_post(_now_field()) | {"pulse": "900", "systolic_bp": "1200"}
    page = nurse_client.post(_url(patient), post).content.decode()
    assert "Pulse 900" in page and "Systolic blood pressure 1200" in page


def test_the_same_form_sent_twice_saves_one_screen(nurse_client, patient):
    post = screen_post(_now_field())
    first = nurse_client.post(_url(patient), post)
    second = nurse_client.post(_url(patient), post)
    assert SepsisScreen.objects.count() == 1
    assert AuditEvent.objects.filter(action="screen.recorded").count() == 1
    assert first["Location"] == second["Location"]


def test_a_form_id_of_another_nurses_screen_is_refused(nurse, ward, patient):
    screen = make_screen(patient, nurse)
    second_nurse = make_user(Role.NURSE, wards=[ward])
    with pytest.raises(ValidationError, match="This form has expired"):
        services.record_screen(
            nurse=second_nurse,
            patient=patient,
            observed_at=timezone.now(),
            observations=observations(),
            public_id=screen.public_id,
        )


def test_a_discharged_patient_cannot_be_screened(nurse, ward, patient):
    services.discharge_patient(nurse=nurse, patient=patient, at=timezone.now())
    with pytest.raises(ValidationError, match="discharged"):
        make_screen(patient, nurse)
    assert not SepsisScreen.objects.exists()


def test_only_a_nurse_records_a_screen(manager, patient):
    with pytest.raises(PermissionDenied):
        make_screen(patient, manager)


def test_a_screen_is_not_in_the_future_nor_before_the_stay(nurse, patient):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        make_screen(patient, nurse, observed_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="cannot be before the patient came"):
        make_screen(patient, nurse, observed_at=timezone.now() - timedelta(days=3))
    assert not SepsisScreen.objects.exists()


def test_an_unknown_red_flag_is_refused(nurse, patient):
    with pytest.raises(ValidationError, match="red flags the form offers"):
        make_screen(patient, nurse, red_flags=["headache"])


def test_a_red_flag_makes_a_low_score_high_risk(nurse_client, patient):
    post = screen_post(_now_field()) | {"red_flags": ["skin"]}
    nurse_client.post(_url(patient), post)
    screen = SepsisScreen.objects.get()
    assert screen.news2 == 0 and screen.risk_level == "high" and screen.escalate
    assert screen.red_flags == ["skin"]


def test_scale_2_on_oxygen_scores_a_high_saturation(nurse, patient):
    readings = observations(
        spo2=97, scale=sepsis.SpO2Scale.SCALE_2, air_or_oxygen=sepsis.AirOrOxygen.OXYGEN
    )
    screen = make_screen(patient, nurse, observations=readings)
    # SpO2 97% on oxygen is 3 on scale 2, and oxygen itself 2.
    assert (screen.news2, screen.single_parameter_3) == (5, True)
    assert screen.observations == readings
    assert screen.temperature == Decimal("36.8")


def test_a_screen_cannot_be_changed_or_deleted(nurse, patient):
    screen = make_screen(patient, nurse)
    with pytest.raises(Exception, match="never changed"):
        SepsisScreen.objects.filter(pk=screen.pk).update(pulse=60)
    with pytest.raises(Exception, match="never deleted"):
        SepsisScreen.objects.filter(pk=screen.pk).delete()


def test_the_screen_form_reads_a_fixed_number_of_queries(
    nurse_client, nurse, patient, django_assert_num_queries
):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse, answers=expected_answers("piv") | {"vip_score": "2"})
    # session, user, the patient (scoped), the check (scoped), the current stay and its
    # ward
    with django_assert_num_queries(6):
        nurse_client.get(f"{_url(patient)}?check={check.public_id}")


def test_a_random_screen_id_is_a_new_screen(nurse_client, patient):
    nurse_client.post(_url(patient), screen_post(_now_field()))
    nurse_client.post(_url(patient), screen_post(_now_field()) | {"screen_id": str(uuid.uuid4())})
    assert SepsisScreen.objects.count() == 2


def test_the_board_links_a_flag_to_its_screen_for_the_wards_nurse(
    nurse_client, manager_client, nurse, ward, patient
):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse, answers=expected_answers("piv") | {"vip_score": "2"})
    link = f'href="{_url(patient)}?check={check.public_id}"'
    assert link in nurse_client.get(f"/wards/{ward.code}/").content.decode()
    board = manager_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Screen for sepsis" in board and link not in board


def test_the_patient_page_lists_the_screens(nurse_client, nurse, patient):
    screen = make_screen(patient, nurse)
    page = nurse_client.get(f"/patients/{patient.public_id}/").content.decode()
    assert f'href="/screens/{screen.public_id}/"' in page
    assert "Very low risk" in page
