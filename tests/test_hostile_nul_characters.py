"""Hostile input: a NUL character in every free-text field of every form (check, measured
check, correction, entry point, admission, transfer). PostgreSQL refuses NUL in text
columns, so a NUL that reached the database would be a server error there; each must
get the form again with a message (or 404 for a kind that is not there) and nothing is
saved, on SQLite and PostgreSQL alike. Bookkeeping comes from tests/hostile.py, the
`hostile_points` and `hostile_checks_to_correct` fixtures from tests/hostile_fixtures.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from .factories import expected_answers
from .hostile import (
    assert_refusal_shown,
    counts,
    growth,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def text_forms(patient, hostile_points, hostile_checks_to_correct, ward):
    """(URL, valid POST) of each form with free text, and which fields are free text."""
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    piv = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    tube = {f"item_{code}": value for code, value in expected_answers("airway").items()}
    original = hostile_checks_to_correct["piv"]
    return {
        "check": (
            f"/entry-points/{hostile_points['piv'].public_id}/check/",
            piv | {"observed_at": now},
        ),
        "measurement": (
            f"/entry-points/{hostile_points['airway'].public_id}/check/",
            tube | {"observed_at": now},
        ),
        "correction": (f"/checks/{original.public_id}/correct/", piv | {"reason": "Wrong box"}),
        "wound": (
            f"/patients/{patient.public_id}/entry-points/add/",
            {
                "kind": "wound",
                "site": "other",
                "site_other": "Abdomen, left flank",
                "procedure": "Appendicectomy",
                "wound_class": "II",
                "started_at": now,
            },
        ),
        "piv": (
            f"/patients/{patient.public_id}/entry-points/add/",
            {"kind": "piv", "site": "Left hand", "gauge": "20G", "started_at": now},
        ),
        "admission": (
            f"/wards/{ward.code}/admit/",
            {
                "hospital_number": "H55",
                "full_name": "A Person",
                "date_of_birth": "1950-01-01",
                "admitted_at": now,
                "bed": "5",
            },
        ),
        "transfer": (f"/patients/{patient.public_id}/transfer/", {"at": now, "bed": "5"}),
    }


NUL_FIELDS = [
    ("check", "note"),
    ("check", "observed_at"),
    ("check", "item_dressing_intact"),
    ("measurement", "item_cuff_pressure"),
    ("correction", "reason"),
    ("correction", "note"),
    ("wound", "site_other"),
    ("wound", "procedure"),
    ("wound", "kind"),
    ("piv", "gauge"),
    ("admission", "hospital_number"),
    ("admission", "full_name"),
    ("admission", "bed"),
    ("admission", "date_of_birth"),
    ("transfer", "to_ward"),
    ("transfer", "bed"),
]


@pytest.mark.parametrize(("form", "field"), NUL_FIELDS)
def test_a_nul_character_in_a_text_field_is_refused_with_a_message(
    nurse_client, other_ward, text_forms, form, field
):
    url, post = text_forms[form]
    if form == "transfer":
        post = post | {"to_ward": str(other_ward.pk)}
    before = counts()
    response = nurse_client.post(url, post | {field: "left\x00right"})
    if field == "kind":
        # An unknown kind is not a form to show: there is no such page.
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert_refusal_shown(response)
    assert growth(before) == {}
