"""The fixtures the hostile-input tests (tests/test_hostile_*.py) share, as a pytest
plugin: the root conftest.py registers it, so every test module can ask for them by name
and none has to import them.

A plugin's fixtures are visible to the whole suite, hence the `hostile_` prefix: no
other module's fixture or argument can take one by accident. The root conftest.py is
the registration point because pytest accepts `pytest_plugins` only there, and `-p` in
pyproject.toml would import this module before pytest-django has set Django up."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.models import Check, EntryPoint, InfectionEvent, Patient, Role, User, Ward

from .factories import (
    day_back,
    days_ago,
    expected_answers,
    make_check,
    make_entry_point,
    make_patient,
    make_screen,
    make_user,
    observations,
)
from .hostile import KINDS


@pytest.fixture
def hostile_records(ward: Ward, nurse: User) -> dict[str, Any]:
    """Something of each kind on Ward One, so that a lookup has rows to get wrong."""
    patient = make_patient(ward, admitted_at=days_ago(10, "09:00"))
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"), created_by=nurse)
    check = make_check(piv, nurse, observed_at=days_ago(1, "10:00"), now=days_ago(1, "11:00"))
    # A respiratory rate of 25 scores 3 on its own: the screen calls for an escalation.
    screen = make_screen(patient, nurse, observations=observations(respiratory_rate=25))
    # A second patient's central line with a sign of infection, screened since (NEWS2 0):
    # its flag may be closed on a clinician's decision.
    other = make_patient(ward, admitted_at=days_ago(5, "09:00"))
    cvc = make_entry_point(other, "cvc", started_at=days_ago(3, "09:00"), created_by=nurse)
    flagged = make_check(cvc, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
    make_screen(other, nurse)
    # A pressure injury the lead recorded on the first patient.
    infection = InfectionEvent.objects.create(
        patient=patient,
        infection_type="hapi",
        harm_stage="2",
        first_positive_on=day_back(2),
        date_of_event=day_back(2),
        evidence="Stage 2 on the sacrum",
        first_recorded_at=days_ago(1),
        recorded_at=days_ago(1),
        recorded_by=make_user(Role.ADMIN),
    )
    return {
        "patient": patient,
        "piv": piv,
        "check": check,
        "screen": screen,
        "flag": flagged.opened_flag,
        "infection": infection,
    }


@pytest.fixture
def hostile_points(patient: Patient, nurse: User) -> dict[str, EntryPoint]:
    """One entry point of every kind on the patient, in place for three days."""
    return {
        kind: make_entry_point(patient, kind, started_at=days_ago(3, "09:00"), created_by=nurse)
        for kind in KINDS
    }


@pytest.fixture
def hostile_checks_to_correct(
    hostile_points: dict[str, EntryPoint], nurse: User
) -> dict[str, Check]:
    """Yesterday's checks of a peripheral IV and a breathing tube (a measured item)."""
    return {
        kind: make_check(
            hostile_points[kind], nurse, observed_at=days_ago(1, "10:00"), now=days_ago(1, "11:00")
        )
        for kind in ("piv", "airway")
    }
