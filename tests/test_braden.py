"""The Braden total and its risk band, shown as people read them: on the check form as it
is filled, on the check page, on the board and in a patient's PDF report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists import braden, services
from checklists.measures import Period
from checklists.reports.spec import patient_spec

from .factories import expected_answers, make_check, make_entry_point, make_patient
from .pdfs import full_text

pytestmark = pytest.mark.django_db

# Subscales scoring 2+2+3+2+3+2 = 14: moderate risk on the default bands.
MODERATE = {
    "braden_sensory": "2",
    "braden_moisture": "2",
    "braden_activity": "3",
    "braden_mobility": "2",
    "braden_nutrition": "3",
    "braden_friction": "2",
}


@pytest.mark.parametrize(
    ("total", "risk"),
    [
        (6, "very high risk"),
        (9, "very high risk"),
        (10, "high risk"),
        (12, "high risk"),
        (13, "moderate risk"),
        (14, "moderate risk"),
        (15, "mild risk"),
        (18, "mild risk"),
        (19, "no significant risk"),
        (23, "no significant risk"),
    ],
)
def test_each_total_falls_in_its_band(total, risk):
    assert braden.risk_of(total) == risk


def test_the_bands_are_the_hospitals_to_set(settings):
    settings.BRADEN_BANDS = [(12, "at high risk"), (18, "at risk"), (23, "not at risk")]
    assert braden.risk_of(13) == "at risk"


def test_a_total_outside_6_to_23_is_refused():
    with pytest.raises(ValueError, match="6-23"):
        braden.risk_of(24)


def test_the_score_needs_all_six_subscales():
    assert braden.score(MODERATE) == braden.BradenScore(14, "moderate risk")
    assert braden.score(MODERATE | {"braden_friction": ""}) is None
    assert braden.score({k: v for k, v in MODERATE.items() if k != "braden_mobility"}) is None


@pytest.fixture
def wound(ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    return make_entry_point(patient, "pressure", started_at=timezone.now() - timedelta(days=2))


def test_the_check_page_and_the_board_show_the_total_and_band(nurse_client, nurse, ward, wound):
    check = make_check(wound, nurse, answers=expected_answers("pressure") | MODERATE)
    page = nurse_client.get(f"/checks/{check.public_id}/").content.decode()
    assert "Braden total 14 of 23: moderate risk" in page
    board = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Braden 14: moderate risk" in board


def test_the_pressure_form_carries_what_its_live_total_needs(nurse_client, wound, settings):
    page = nurse_client.get(f"/entry-points/{wound.public_id}/check/").content.decode()
    assert 'data-fields="item_braden_sensory item_braden_moisture' in page
    assert "9:very high risk|12:high risk|14:moderate risk" in page
    assert "/static/js/braden.js" in page


def test_each_subscale_offers_its_levels_in_words(nurse_client, nurse, wound):
    page = nurse_client.get(f"/entry-points/{wound.public_id}/check/").content.decode()
    for words in ("1 - completely limited", "2 - chairfast", "3 - no apparent problem"):
        assert words in page
    # The check page reads the level back in words too.
    check = make_check(wound, nurse, answers=expected_answers("pressure") | MODERATE)
    assert "2 - very moist" in nurse_client.get(f"/checks/{check.public_id}/").content.decode()


def test_other_forms_have_no_braden_total(nurse_client, ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    page = nurse_client.get(f"/entry-points/{piv.public_id}/check/").content.decode()
    assert "data-braden-total" not in page and "braden.js" not in page


def test_a_patients_report_lists_the_braden_scores(nurse, auditor, wound):
    make_check(
        wound,
        nurse,
        observed_at=timezone.now() - timedelta(days=1),
        answers=expected_answers("pressure") | MODERATE,
    )
    today = timezone.localdate()
    spec = patient_spec(wound.patient, Period(today - timedelta(days=2), today))
    text = full_text(services.issue_report(spec, by=auditor)[1])
    assert "Braden scores" in text and "14 moderate risk" in text
