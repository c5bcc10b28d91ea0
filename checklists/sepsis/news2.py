"""NEWS2: the Royal College of Physicians' National Early Warning Score 2 (2017).

Each parameter is scored 0-3 from the chart's bands, below as (low, high, points) with
both ends included and None for an open end, so each table reads like a row of the
chart. The aggregate runs 0-20. A single parameter scoring 3 matters on its own: the
response chart (response.py) asks for an urgent review then, whatever the total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .observations import AirOrOxygen, Consciousness, Observations, Parameter, SpO2Scale

Bound = int | Decimal | None


@dataclass(frozen=True)
class Band:
    low: Bound
    high: Bound
    points: int

    def holds(self, value: int | Decimal) -> bool:
        return (self.low is None or self.low <= value) and (self.high is None or value <= self.high)


def bands(*rows: tuple[Bound, Bound, int]) -> tuple[Band, ...]:
    return tuple(Band(low, high, points) for low, high, points in rows)


RESPIRATORY_RATE = bands((None, 8, 3), (9, 11, 1), (12, 20, 0), (21, 24, 2), (25, None, 3))
SPO2_SCALE_1 = bands((None, 91, 3), (92, 93, 2), (94, 95, 1), (96, None, 0))
# Scale 2 reads the same on air and on oxygen up to 92%. From 93% it parts: on air a
# high saturation is fine (0), on oxygen it means too much oxygen for a patient who
# retains CO2, and scores up to 3.
SPO2_SCALE_2_ON_AIR = bands((None, 83, 3), (84, 85, 2), (86, 87, 1), (88, None, 0))
SPO2_SCALE_2_ON_OXYGEN = bands(
    (None, 83, 3),
    (84, 85, 2),
    (86, 87, 1),
    (88, 92, 0),
    (93, 94, 1),
    (95, 96, 2),
    (97, None, 3),
)
SYSTOLIC_BP = bands((None, 90, 3), (91, 100, 2), (101, 110, 1), (111, 219, 0), (220, None, 3))
PULSE = bands((None, 40, 3), (41, 50, 1), (51, 90, 0), (91, 110, 1), (111, 130, 2), (131, None, 3))
# At one decimal, as the chart prints them: 36.0 scores 1 and 36.1 scores 0.
TEMPERATURE = bands(
    (None, Decimal("35.0"), 3),
    (Decimal("35.1"), Decimal("36.0"), 1),
    (Decimal("36.1"), Decimal("38.0"), 0),
    (Decimal("38.1"), Decimal("39.0"), 1),
    (Decimal("39.1"), None, 2),
)
# Oxygen scores 2 on either SpO2 scale.
AIR_OR_OXYGEN: dict[AirOrOxygen, int] = {AirOrOxygen.AIR: 0, AirOrOxygen.OXYGEN: 2}
# ACVPU: anything but Alert, new confusion included, scores 3.
CONSCIOUSNESS: dict[Consciousness, int] = {
    level: 0 if level is Consciousness.ALERT else 3 for level in Consciousness
}


def points_in(table: tuple[Band, ...], value: int | Decimal) -> int:
    """The points of the band that holds `value`. The bands meet without a gap for
    values the limits accept (whole numbers, temperatures to one decimal); anything
    else is refused rather than guessed."""
    for band in table:
        if band.holds(value):
            return band.points
    raise ValueError(f"{value} falls in no band: check the observations' limits first.")


def spo2_table(scale: SpO2Scale, air_or_oxygen: AirOrOxygen) -> tuple[Band, ...]:
    if scale == SpO2Scale.SCALE_1:
        return SPO2_SCALE_1
    if air_or_oxygen == AirOrOxygen.OXYGEN:
        return SPO2_SCALE_2_ON_OXYGEN
    return SPO2_SCALE_2_ON_AIR


@dataclass(frozen=True)
class ParameterScore:
    """One row of the score as a screen shows it: the reading and its points."""

    parameter: Parameter
    value: str  # as read, with its unit: "24 breaths/min", "Oxygen", "36.1 °C"
    points: int

    @property
    def label(self) -> str:
        return self.parameter.label


@dataclass(frozen=True)
class News2:
    """Each parameter's points in the chart's order, and what they add up to."""

    scale: SpO2Scale
    parameters: tuple[ParameterScore, ...]

    @property
    def total(self) -> int:
        return sum(row.points for row in self.parameters)

    @property
    def single_parameter_3(self) -> bool:
        """Whether any one parameter scored 3 (a "red score" on the chart)."""
        return any(row.points == 3 for row in self.parameters)

    def points_for(self, parameter: Parameter) -> int:
        return next(row.points for row in self.parameters if row.parameter == parameter)


def _row(parameter: Parameter, value: int | Decimal, table: tuple[Band, ...]) -> ParameterScore:
    return ParameterScore(parameter, f"{value}{parameter.unit}", points_in(table, value))


def score_news2(observations: Observations) -> News2:
    """Score the observations on the NEWS2 chart (scale as recorded on them)."""
    o = observations
    rows = (
        _row(Parameter.RESPIRATORY_RATE, o.respiratory_rate, RESPIRATORY_RATE),
        _row(Parameter.SPO2, o.spo2, spo2_table(o.scale, o.air_or_oxygen)),
        ParameterScore(
            Parameter.AIR_OR_OXYGEN, o.air_or_oxygen.label, AIR_OR_OXYGEN[o.air_or_oxygen]
        ),
        _row(Parameter.SYSTOLIC_BP, o.systolic_bp, SYSTOLIC_BP),
        _row(Parameter.PULSE, o.pulse, PULSE),
        ParameterScore(
            Parameter.CONSCIOUSNESS, o.consciousness.label, CONSCIOUSNESS[o.consciousness]
        ),
        _row(Parameter.TEMPERATURE, o.temperature, TEMPERATURE),
    )
    return News2(o.scale, rows)
