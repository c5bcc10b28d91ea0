"""The risk of severe illness or death from sepsis, for a patient with suspected
infection: NICE NG51 (2024 update) stratifies it by NEWS2, and the Academy of Medical
Royal Colleges' statement (AoMRC 2022) sets how soon antimicrobials follow each level.

The screen is prompted by signs of infection at an entry point, so infection is
suspected whenever it is used; the level means nothing without that.

Red flags: NG51 in its 2016 form listed high-risk criteria, any one of which made the
patient high risk. The 2024 update moved adults to NEWS2, but a nurse who sees one of
those signs should not be told "low risk" because the score is low. So the red flags are
optional checkboxes, and any ticked one raises the level to high, as NG51 2016 had it
(its high-risk criteria for adults). They never lower it, and they do not change NEWS2
or the RCP response band, which stay the chart's own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class RiskLevel(StrEnum):
    VERY_LOW = "very_low"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def label(self) -> str:
        return _LEVELS[self][0]

    @property
    def antimicrobials_within(self) -> timedelta | None:
        """The deadline for the first antimicrobial dose, from the screen; None where
        the level sets none."""
        return _LEVELS[self][1]

    @property
    def meaning(self) -> str:
        return _LEVELS[self][2]


_LEVELS: dict[RiskLevel, tuple[str, timedelta | None, str]] = {
    RiskLevel.VERY_LOW: (
        "Very low risk",
        None,
        "The score sets no antimicrobial deadline. Treat the infection as the clinical "
        "picture says, and screen again if the patient changes.",
    ),
    RiskLevel.LOW: (
        "Low risk",
        timedelta(hours=6),
        "If the patient needs antimicrobials, the first dose is given within 6 hours of "
        "this screen.",
    ),
    RiskLevel.MODERATE: (
        "Moderate risk",
        timedelta(hours=3),
        "A clinician reviews the patient; if infection is still the likely cause, the first "
        "antimicrobial dose is given within 3 hours of this screen.",
    ),
    RiskLevel.HIGH: (
        "High risk",
        timedelta(hours=1),
        "A senior clinician reviews the patient now, and the first antimicrobial dose is "
        "given within 1 hour of this screen.",
    ),
}


class RedFlag(StrEnum):
    """NG51 2016's high-risk criteria, as checkboxes a nurse may tick."""

    ALTERED_MENTAL_STATE = "altered_mental_state"
    BREATHING = "breathing"
    HEART_RATE = "heart_rate"
    BLOOD_PRESSURE = "blood_pressure"
    NO_URINE = "no_urine"
    SKIN = "skin"

    @property
    def label(self) -> str:
        return _RED_FLAG_LABELS[self]


_RED_FLAG_LABELS: dict[RedFlag, str] = {
    RedFlag.ALTERED_MENTAL_STATE: "New altered mental state",
    RedFlag.BREATHING: (
        "Respiratory rate 25/min or more, or a new need for 40% oxygen or more to keep "
        "SpO2 above 92% (88% in COPD)"
    ),
    RedFlag.HEART_RATE: "Heart rate above 130/min",
    RedFlag.BLOOD_PRESSURE: (
        "Systolic blood pressure 90 mmHg or less, or more than 40 mmHg below the patient's normal"
    ),
    RedFlag.NO_URINE: (
        "No urine passed in the last 18 hours (if catheterised: less than 0.5 mL/kg an hour)"
    ),
    RedFlag.SKIN: (
        "Mottled or ashen skin, cyanosis of the skin, lips or tongue, or a non-blanching rash"
    ),
}


def level_from_news2(total: int) -> RiskLevel:
    if total >= 7:
        return RiskLevel.HIGH
    if total >= 5:
        return RiskLevel.MODERATE
    if total >= 1:
        return RiskLevel.LOW
    return RiskLevel.VERY_LOW


@dataclass(frozen=True)
class Ng51Risk:
    """The level, and what it was before any red flag raised it."""

    from_news2: RiskLevel
    red_flags: tuple[RedFlag, ...]  # in the order of the checkboxes, each once

    @property
    def level(self) -> RiskLevel:
        return RiskLevel.HIGH if self.red_flags else self.from_news2

    @property
    def raised_by_red_flags(self) -> bool:
        return self.level != self.from_news2

    @property
    def antimicrobials_within(self) -> timedelta | None:
        return self.level.antimicrobials_within


def ng51_risk(news2_total: int, red_flags: Iterable[RedFlag | str] = ()) -> Ng51Risk:
    """The NG51 level for a NEWS2 total and the ticked red flags. A red flag may come in
    as its value (from a form's checkbox); an unknown one is refused, never ignored."""
    ticked = {RedFlag(flag) for flag in red_flags}
    return Ng51Risk(level_from_news2(news2_total), tuple(f for f in RedFlag if f in ticked))
