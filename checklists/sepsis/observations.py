"""What a bedside sepsis screen records: one set of observations, as the nurse reads them
off the patient and the monitor. Plain values and small enums only, so the scores can be
worked out (and tested) without a form, a database or a clock."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class SpO2Scale(StrEnum):
    """Which of NEWS2's two oxygen-saturation scales the patient is scored on."""

    SCALE_1 = "1"
    SCALE_2 = "2"

    @property
    def label(self) -> str:
        return _SCALE_LABELS[self]


_SCALE_LABELS: dict[SpO2Scale, str] = {
    SpO2Scale.SCALE_1: "Scale 1 (most patients)",
    SpO2Scale.SCALE_2: "Scale 2 (hypercapnic respiratory failure, target 88–92%)",
}

# Shown wherever scale 2 can be picked. Scoring a patient on scale 2 who does not need it
# hides low saturations (88% scores nothing there), so the app never chooses it for anyone.
SCALE_2_WARNING = (
    "Use SpO2 scale 2 only for a patient with confirmed hypercapnic respiratory failure "
    "whose target saturation of 88–92% has been set by a competent clinician and written "
    "in the notes. Everyone else is scored on scale 1, which is always the default."
)


class AirOrOxygen(StrEnum):
    """Whether the patient breathes room air or is given supplemental oxygen."""

    AIR = "air"
    OXYGEN = "oxygen"

    @property
    def label(self) -> str:
        return _AIR_OR_OXYGEN_LABELS[self]


_AIR_OR_OXYGEN_LABELS: dict[AirOrOxygen, str] = {
    AirOrOxygen.AIR: "Room air",
    AirOrOxygen.OXYGEN: "Oxygen (any device, any flow)",
}


class Consciousness(StrEnum):
    """The ACVPU scale: the patient's best response, from alert down to unresponsive."""

    ALERT = "alert"
    NEW_CONFUSION = "new_confusion"
    VOICE = "voice"
    PAIN = "pain"
    UNRESPONSIVE = "unresponsive"

    @property
    def label(self) -> str:
        return _CONSCIOUSNESS_LABELS[self]


_CONSCIOUSNESS_LABELS: dict[Consciousness, str] = {
    Consciousness.ALERT: "Alert",
    Consciousness.NEW_CONFUSION: "New confusion",
    Consciousness.VOICE: "Responds only to voice",
    Consciousness.PAIN: "Responds only to pain",
    Consciousness.UNRESPONSIVE: "Unresponsive",
}


class Parameter(StrEnum):
    """The seven NEWS2 parameters, each named as the field of Observations that holds it."""

    RESPIRATORY_RATE = "respiratory_rate"
    SPO2 = "spo2"
    AIR_OR_OXYGEN = "air_or_oxygen"
    SYSTOLIC_BP = "systolic_bp"
    PULSE = "pulse"
    CONSCIOUSNESS = "consciousness"
    TEMPERATURE = "temperature"

    @property
    def label(self) -> str:
        return _PARAMETER_LABELS[self][0]

    @property
    def unit(self) -> str:
        """Written straight after the number: "%" takes no space, the others one."""
        return _PARAMETER_LABELS[self][1]


_PARAMETER_LABELS: dict[Parameter, tuple[str, str]] = {
    Parameter.RESPIRATORY_RATE: ("Respiratory rate", " breaths/min"),
    Parameter.SPO2: ("SpO2", "%"),
    Parameter.AIR_OR_OXYGEN: ("Air or oxygen", ""),
    Parameter.SYSTOLIC_BP: ("Systolic blood pressure", " mmHg"),
    Parameter.PULSE: ("Pulse", " beats/min"),
    Parameter.CONSCIOUSNESS: ("Consciousness", ""),
    Parameter.TEMPERATURE: ("Temperature", " °C"),
}


@dataclass(frozen=True, kw_only=True)
class Observations:
    """One screen's readings, in the units of the NEWS2 chart.

    Keyword-only, so a pulse can never land in the blood pressure's place. Whole numbers
    where the chart counts in whole numbers; the temperature is a Decimal because its
    bands meet at one decimal (36.0 and 36.1 score differently) and a float cannot hold
    36.1 exactly. Nothing is checked here: `limits.problems` says what is implausible,
    all at once, so a form can show every mistake together."""

    respiratory_rate: int  # breaths per minute
    spo2: int  # oxygen saturation, %
    scale: SpO2Scale = SpO2Scale.SCALE_1  # scale 2 only ever by a clinician's choice
    air_or_oxygen: AirOrOxygen
    systolic_bp: int  # mmHg
    pulse: int  # beats per minute
    consciousness: Consciousness
    temperature: Decimal  # °C, to one decimal
