"""The readings the sepsis rules' tests start from: a well patient, changed a reading at a
time (tests/test_sepsis_news2.py, test_sepsis_response.py, test_sepsis_assessment.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from checklists.sepsis import (
    AirOrOxygen,
    Consciousness,
    Observations,
    Parameter,
    SpO2Scale,
    score_news2,
)

AIR = AirOrOxygen.AIR
OXYGEN = AirOrOxygen.OXYGEN
SCALE_1 = SpO2Scale.SCALE_1
SCALE_2 = SpO2Scale.SCALE_2

# Every parameter in its 0 band: NEWS2 0, qSOFA 0.
WELL = Observations(
    respiratory_rate=16,
    spo2=97,
    scale=SCALE_1,
    air_or_oxygen=AIR,
    systolic_bp=120,
    pulse=72,
    consciousness=Consciousness.ALERT,
    temperature=Decimal("37.0"),
)


def obs(**changes: object) -> Observations:
    """WELL with some readings changed; a temperature may be written as text."""
    if isinstance(changes.get("temperature"), str):
        changes["temperature"] = Decimal(str(changes["temperature"]))
    return replace(WELL, **changes)


def points(parameter: Parameter, **changes: object) -> int:
    return score_news2(obs(**changes)).points_for(parameter)
