"""Sepsis screens after the demo's checks that found signs of infection, at every band,
and the escalations they called for: most told in time, some late, some not at all, so
that the board and the screens' pages show each state on the first day.

Written in bulk like the checks, so the rules services.record_screen and
record_escalation keep are kept here by construction: a screen is by the check's nurse,
on the check's ward, while the patient is still on it, never in the future; its scores
are checklists.sepsis.assess's; an escalation only where the screen called for one,
after the screen. tests/test_cmd_seed_demo.py checks them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from .. import sepsis
from ..models import Escalation, SepsisScreen
from .checks import Draft
from .plans import PatientPlan

SCREENED = 0.85  # of the checks that found a sign of infection
# Of the screens that call for an escalation: told in time, told late, or not recorded.
IN_TIME, LATE = 0.7, 0.15
NAMES = ("Dr Okafor", "Dr Lindqvist", "Dr Haddad", "Sam Patel (outreach)", "Nurse in charge")

# Readings for each band a demo screen lands in, with how often (NEWS2 in the comment).
AIR, OXYGEN = sepsis.AirOrOxygen.AIR, sepsis.AirOrOxygen.OXYGEN
ALERT, CONFUSED = sepsis.Consciousness.ALERT, sepsis.Consciousness.NEW_CONFUSION
PROFILES: tuple[tuple[float, dict[str, Any]], ...] = (
    (0.25, {"respiratory_rate": 16, "spo2": 97, "air_or_oxygen": AIR, "systolic_bp": 128,
            "pulse": 80, "consciousness": ALERT, "temperature": Decimal("37.0")}),  # 0
    (0.35, {"respiratory_rate": 19, "spo2": 95, "air_or_oxygen": AIR, "systolic_bp": 118,
            "pulse": 96, "consciousness": ALERT, "temperature": Decimal("38.3")}),  # 3
    (0.15, {"respiratory_rate": 25, "spo2": 96, "air_or_oxygen": AIR, "systolic_bp": 122,
            "pulse": 88, "consciousness": ALERT, "temperature": Decimal("38.4")}),  # 4, a 3
    (0.15, {"respiratory_rate": 22, "spo2": 95, "air_or_oxygen": AIR, "systolic_bp": 105,
            "pulse": 105, "consciousness": ALERT, "temperature": Decimal("38.5")}),  # 6
    (0.10, {"respiratory_rate": 26, "spo2": 92, "air_or_oxygen": OXYGEN, "systolic_bp": 95,
            "pulse": 118, "consciousness": CONFUSED, "temperature": Decimal("39.4")}),  # 16
)  # fmt: skip


@dataclass
class Screens:
    screens: list[SepsisScreen]
    escalations: list[Escalation]


def plan_screens(
    drafts: list[Draft], patients: dict[int, PatientPlan], rng: random.Random, now: datetime
) -> Screens:
    """Screens (and escalations) for the original checks among `drafts` that found a sign
    of infection; `patients`: each device's patient plan, by id() of the device plan."""
    planned = Screens([], [])
    for draft in drafts:
        check = draft.check
        if not check.infection_sign or check.corrects_id or rng.random() >= SCREENED:
            continue
        observed = check.recorded_at + timedelta(minutes=rng.randint(5, 40))
        stay = patients[id(draft.device)].stay_at(observed)
        if observed >= now or stay is None or check.ward.code != stay.ward:
            continue
        screen = _screen(draft, observed, rng, now)
        planned.screens.append(screen)
        if screen.escalate:
            escalation = _escalation(screen, rng, now)
            if escalation is not None:
                planned.escalations.append(escalation)
    return planned


def _screen(draft: Draft, observed: datetime, rng: random.Random, now: datetime) -> SepsisScreen:
    weights = [weight for weight, _ in PROFILES]
    readings = rng.choices([r for _, r in PROFILES], weights)[0]
    observations = sepsis.Observations(**readings)
    flags = [sepsis.RedFlag.NO_URINE] if rng.random() < 0.05 else []
    check = draft.check
    return SepsisScreen.scored(
        sepsis.assess(observations, flags),
        patient=check.entry_point.patient,
        ward=check.ward,
        prompted_by=check,
        observed_at=observed,
        recorded_at=min(observed + timedelta(minutes=rng.randint(1, 8)), now),
        recorded_by=check.recorded_by,
    )


def _escalation(screen: SepsisScreen, rng: random.Random, now: datetime) -> Escalation | None:
    """Told within the half hour, told late, or (None) not recorded at all."""
    draw = rng.random()
    if draw >= IN_TIME + LATE:
        return None
    delay = rng.randint(5, 25) if draw < IN_TIME else rng.randint(45, 120)
    told_at = screen.observed_at + timedelta(minutes=delay)
    if told_at >= now:
        return None
    return Escalation(
        screen=screen,
        told_role=rng.choice([sepsis.Told.DOCTOR, sepsis.Told.OUTREACH]).value,
        told_name=rng.choice(NAMES),
        told_at=told_at,
        reply=rng.choice([sepsis.Reply.REVIEWED, sepsis.Reply.ANTIMICROBIALS]).value,
        recorded_at=min(told_at + timedelta(minutes=rng.randint(1, 10)), now),
        recorded_by=screen.recorded_by,
    )


def save_screens(planned: Screens) -> None:
    """Screens, then their escalations (which need the screens' keys)."""
    SepsisScreen.objects.bulk_create(planned.screens, batch_size=2000)
    Escalation.objects.bulk_create(planned.escalations, batch_size=2000)
