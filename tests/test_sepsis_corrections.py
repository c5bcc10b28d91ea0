"""Correcting a sepsis screen: a new screen that replaces the readings, with the reason,
the original kept as it was; what a flag, the board and the figures read afterwards;
the escalation already recorded; and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from checklists import board, services
from checklists.measures import Period
from checklists.measures.sepsis import sepsis_measures
from checklists.models import AuditEvent, Escalation, FlagStep, SepsisScreen

from .factories import (
    expected_answers,
    make_check,
    make_entry_point,
    make_escalation,
    make_patient,
    make_screen,
    observations,
    row_counts,
)
from .hostile import correction_post

pytestmark = pytest.mark.django_db

SINGLE_3 = {"respiratory_rate": 25}  # scores 3 on its own: calls for an escalation


@pytest.fixture
def patient(ward):
    return make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))


@pytest.fixture
def urgent(patient, nurse):
    """A screen typed with a respiratory rate of 25 that was really 15."""
    return make_screen(patient, nurse, observations=observations(**SINGLE_3))


def _correct(original, nurse, reason="Respiratory rate mistyped", **readings):
    return services.correct_screen(
        nurse=nurse, original=original, observations=observations(**readings), reason=reason
    )


def test_a_correction_is_a_new_screen_scored_afresh_and_the_original_stays(urgent, nurse):
    correction = _correct(urgent, nurse)
    urgent.refresh_from_db()
    assert (urgent.news2, urgent.escalate, urgent.respiratory_rate) == (3, True, 25)
    assert (correction.news2, correction.escalate, correction.respiratory_rate) == (0, False, 16)
    assert correction.corrects == urgent
    assert correction.correction_reason == "Respiratory rate mistyped"
    assert (correction.observed_at, correction.ward, correction.patient) == (
        urgent.observed_at,
        urgent.ward,
        urgent.patient,
    )
    assert list(SepsisScreen.objects.current()) == [correction]
    event = AuditEvent.objects.get(action="screen.corrected")
    assert event.data["corrects"] == str(urgent.public_id)
    assert event.data["news2"] == [3, 0]


def test_a_correction_needs_a_reason_and_a_screen_is_corrected_once(urgent, nurse):
    before = row_counts(SepsisScreen, AuditEvent)
    with pytest.raises(ValidationError, match="Say why you are correcting this screen"):
        _correct(urgent, nurse, reason="  ")
    with pytest.raises(ValidationError, match="Pulse"):
        _correct(urgent, nurse, pulse=900)
    assert row_counts(SepsisScreen, AuditEvent) == before
    _correct(urgent, nurse)
    with pytest.raises(ValidationError, match="already been corrected"):
        _correct(urgent, nurse)


def test_only_a_nurse_of_the_screens_ward_corrects_it(urgent, other_nurse):
    with pytest.raises(PermissionDenied):
        _correct(urgent, other_nurse)
    assert SepsisScreen.objects.count() == 1


def test_an_escalation_still_called_for_is_carried_to_the_correction(urgent, nurse):
    told = make_escalation(urgent, nurse, told_at=urgent.observed_at + timedelta(minutes=5))
    correction = _correct(urgent, nurse, reason="Pulse was 135", pulse=135, **SINGLE_3)
    carried = correction.escalation
    assert (carried.told_name, carried.told_at, carried.reply) == (
        told.told_name,
        told.told_at,
        told.reply,
    )
    assert carried.note.startswith("Carried from the screen this corrects")
    assert Escalation.objects.get(screen=urgent) == told  # the original's stays with it
    assert AuditEvent.objects.get(action="screen.corrected").data["escalation_carried"]


def test_an_escalation_no_longer_called_for_stays_with_the_original(urgent, nurse):
    make_escalation(urgent, nurse)
    correction = _correct(urgent, nurse)
    assert not Escalation.objects.filter(screen=correction).exists()
    assert Escalation.objects.filter(screen=urgent).count() == 1


def test_a_corrected_screen_takes_no_escalation(urgent, nurse):
    _correct(urgent, nurse, reason="Pulse was 135", pulse=135, **SINGLE_3)
    with pytest.raises(ValidationError, match="corrected screen"):
        make_escalation(urgent, nurse)


def test_the_flag_on_the_board_follows_the_corrected_screen(ward, patient, nurse):
    line = make_entry_point(patient, "cvc", started_at=timezone.now() - timedelta(days=1))
    check = make_check(line, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
    urgent = make_screen(
        patient,
        nurse,
        observed_at=check.observed_at + timedelta(minutes=1),
        observations=observations(**SINGLE_3),
        prompted_by=check,
    )
    at = urgent.observed_at + timedelta(minutes=2)
    (row,) = board.build_ward_board(ward, at).open_flags
    assert FlagStep.ESCALATE in [step.code for step in row.steps]
    _correct(urgent, nurse)
    (row,) = board.build_ward_board(ward, at).open_flags
    assert FlagStep.ESCALATE not in [step.code for step in row.steps]
    assert row.screen_url.endswith(f"/screens/{urgent.correction.public_id}/")


def test_the_figures_count_the_correction_not_the_original(ward, urgent, nurse):
    _correct(urgent, nurse)
    today = timezone.localdate()
    m = sepsis_measures(ward, Period(today - timedelta(days=1), today))
    assert [s.news2 for s in m.screens] == [0]
    assert m.escalations_due == []


# --- The pages -----------------------------------------------------------------------


def test_the_form_starts_from_the_screens_readings(nurse_client, urgent):
    page = nurse_client.get(f"/screens/{urgent.public_id}/correct/")
    assert page.status_code == 200
    form = page.context["form"]
    assert (form["respiratory_rate"].value(), form["pulse"].value()) == (25, urgent.pulse)
    assert "observed_at" not in form.fields and "screen_id" not in form.fields


def test_saving_a_correction_shows_it_and_marks_the_original(nurse_client, urgent):
    answer = nurse_client.post(f"/screens/{urgent.public_id}/correct/", correction_post())
    correction = SepsisScreen.objects.get(corrects=urgent)
    assert answer.status_code == 302
    assert answer["Location"] == f"/screens/{correction.public_id}/"
    shown = nurse_client.get(answer["Location"]).content.decode()
    assert "This screen corrects" in shown and "Pulse read off the wrong monitor" in shown
    original = nurse_client.get(f"/screens/{urgent.public_id}/").content.decode()
    assert "data-corrected" in original
    assert "Record the escalation" not in original and "Correct this screen" not in original
    patient_page = nurse_client.get(f"/patients/{urgent.patient.public_id}/").content.decode()
    assert "Replaced by a correction" in patient_page


def test_a_form_error_saves_nothing_and_says_what_to_fix(nurse_client, urgent):
    post = correction_post() | {"pulse": "900", "reason": ""}
    page = nurse_client.post(f"/screens/{urgent.public_id}/correct/", post)
    assert page.status_code == 200
    assert b"Nothing was saved." in page.content
    assert b"Say why you are correcting this screen." in page.content
    assert SepsisScreen.objects.count() == 1


def test_correcting_a_corrected_screen_goes_to_the_latest_version(nurse_client, urgent, nurse):
    correction = _correct(urgent, nurse)
    answer = nurse_client.get(f"/screens/{urgent.public_id}/correct/")
    assert answer["Location"] == f"/screens/{correction.public_id}/"
    answer = nurse_client.post(f"/screens/{urgent.public_id}/correct/", correction_post())
    assert SepsisScreen.objects.count() == 2


def test_a_double_submit_saves_one_correction(nurse_client, urgent):
    for _ in range(2):
        nurse_client.post(f"/screens/{urgent.public_id}/correct/", correction_post())
    assert SepsisScreen.objects.filter(corrects__isnull=False).count() == 1
