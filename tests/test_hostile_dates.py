"""Hostile input: dates and times, the defects hostile input found in them, each kept as a
regression test. A day-first time the clocks skipped (a 500 on every form with a date and
time) and one in the repeated hour; an admission before the date of birth (was saved); an
entry point for a patient admitted in year 1 (a 500); a date of birth more than 125 years
ago (refused as a mistyped year). The property tests that draw any date and time are with
each form's own tests. Bookkeeping comes from tests/hostile.py, the shared
`hostile_records` fixture from tests/hostile_fixtures.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from checklists.forms import moment_field

from .factories import expected_answers, local_time, make_patient
from .hostile import (
    assert_refusal_shown,
    counts,
    growth,
)

pytestmark = pytest.mark.django_db


SPRING_FORWARD_DAY_FIRST = "29/03/2026 01:30"  # never happened in London
FALL_BACK_DAY_FIRST = "25/10/2026 01:30"  # happened twice in London


@pytest.fixture
def moment_forms(hostile_records):
    """For each form with a date-and-time field: its URL, and a valid POST but for that
    field's name."""
    patient, piv = hostile_records["patient"], hostile_records["piv"]
    answers = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    return {
        "check": (f"/entry-points/{piv.public_id}/check/", answers, "observed_at"),
        "entry-point": (
            f"/patients/{patient.public_id}/entry-points/add/",
            {"kind": "piv", "site": "Right hand", "gauge": "20G"},
            "started_at",
        ),
        "removal": (f"/entry-points/{piv.public_id}/remove/", {"reason": "Other"}, "removed_at"),
        "admission": (
            "/wards/W1/admit/",
            {"hospital_number": "H31", "full_name": "A Person", "date_of_birth": "1950-01-01"},
            "admitted_at",
        ),
        "transfer": (f"/patients/{patient.public_id}/transfer/", {"to_ward": ""}, "at"),
        "discharge": (f"/patients/{patient.public_id}/discharge/", {}, "at"),
    }


# Was a 500 on every form with a date and time: Django also reads the en-GB "DD/MM/YYYY
# HH:MM", and for such a time inside a clock change the field re-read the text as ISO only.
@pytest.mark.parametrize(
    "form", ["check", "entry-point", "removal", "admission", "transfer", "discharge"]
)
def test_a_day_first_time_the_clocks_skipped_is_refused_with_a_message(
    nurse_client, other_ward, moment_forms, form
):
    path, post, field = moment_forms[form]
    if form == "transfer":
        post = post | {"to_ward": str(other_ward.pk)}
    before = counts()
    response = nurse_client.post(path, post | {field: SPRING_FORWARD_DAY_FIRST})
    assert response.status_code == 200
    assert "the clocks went forward" in response.content.decode()
    assert growth(before) == {}


def test_a_day_first_time_in_the_repeated_hour_reads_as_the_same_time_typed_the_iso_way():
    field = moment_field("At")
    assert field.clean(FALL_BACK_DAY_FIRST) == field.clean("2026-10-25T01:30")


def _admit(client, ward, number: str, born: str, admitted: str):
    return client.post(
        f"/wards/{ward.code}/admit/",
        {
            "hospital_number": number,
            "full_name": "Early Bird",
            "date_of_birth": born,
            "admitted_at": admitted,
        },
    )


# Was saved: a stay that began before the patient was born.
def test_an_admission_before_the_date_of_birth_is_refused(nurse_client, ward):
    before = counts()
    response = _admit(nurse_client, ward, "H2000", "2000-01-01", "1990-01-01T10:00")
    assert response.status_code == 200
    assert_refusal_shown(response)
    assert growth(before) == {}


# Was a 500 (OverflowError) for every entry point of a patient whose stay began in the
# first 30 days of year 1: the plausibility check subtracted 30 days from the admission.
def test_an_entry_point_for_a_patient_admitted_in_year_one_gets_an_answer(nurse_client, ward):
    # The admission form now refuses such a birth date (test below); older data or the
    # admin site could still hold one.
    patient = make_patient(
        ward, admitted_at=local_time(date(1, 1, 1), "00:00"), date_of_birth=date(1, 1, 1)
    )
    before = counts()
    response = nurse_client.post(
        f"/patients/{patient.public_id}/entry-points/add/",
        {
            "kind": "piv",
            "site": "Right hand",
            "gauge": "20G",
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code in (200, 302)
    assert set(growth(before)) <= {"EntryPoint", "AuditEvent"}


def test_a_date_of_birth_more_than_125_years_ago_is_refused_as_a_typing_slip(nurse_client, ward):
    before = counts()
    response = _admit(nurse_client, ward, "H0194", "0194-05-01", "2026-01-01T10:00")
    assert response.status_code == 200
    assert "more than 125 years ago" in response.content.decode()
    assert growth(before) == {}
