"""Physiological limits: which readings a screen accepts at all.

The limits are there to catch slips of the finger, not to judge the patient. Each one is
set at or beyond the most extreme value a living adult shows at a bedside, and beyond the
measuring range of the usual ward devices, so that a refused value is almost surely a
typo (a dropped digit, a missing decimal point, a reading in °F). A patient really beyond
them needs the resuscitation team, not a sepsis score. Every problem is reported at once,
so one look at the form fixes them all."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeGuard

from .observations import Observations, Parameter

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Limit:
    """The accepted range of one reading, both ends included. `whole` readings are whole
    numbers (the chart counts them so); the others are given to one decimal."""

    parameter: Parameter
    low: int | Decimal
    high: int | Decimal
    whole: bool = True

    @property
    def range_text(self) -> str:
        return f"{self.low}–{self.high}{self.parameter.unit}"

    def problem(self, value: object) -> str | None:
        """What is wrong with `value`, in words naming the reading, or None if nothing."""
        if _is_number(value, self.whole):
            return self._value_problem(value)
        label = self.parameter.label
        if self.whole:
            shown = value if isinstance(value, int | float | Decimal) else repr(value)
            return f"{label} must be a whole number, not {shown} (accepted: {self.range_text})."
        # A float cannot hold 36.1 exactly, and NaN falls in no band: the caller (a form)
        # must hand in a finite Decimal. A nurse never sees this one.
        return f"{label} must be a finite Decimal to one decimal place, not {value!r}."

    def _value_problem(self, value: int | Decimal) -> str | None:
        shown = f"{self.parameter.label} {value}{self.parameter.unit}"
        if not self.low <= value <= self.high:
            return f"{shown} is outside the accepted range {self.range_text}: check the reading."
        if not self.whole and value != Decimal(value).quantize(ONE_DECIMAL):
            return f"{shown} must be given to one decimal place."
        return None


def _is_number(value: object, whole: bool) -> TypeGuard[int | Decimal]:
    # bool is a subclass of int: True must not pass for a pulse of 1.
    if isinstance(value, bool):
        return False
    if whole:
        return isinstance(value, int)
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())


LIMITS: tuple[Limit, ...] = (
    # 0 is a blank typed as a number (a patient who is not breathing needs the crash
    # team, not a screen); agonal breathing can be 1-2 a minute, and adults in extreme
    # respiratory distress rarely pass 60. So 0 and 180 (for 18) are refused.
    Limit(Parameter.RESPIRATORY_RATE, 1, 80),
    # A saturation cannot exceed 100%. Oximeters are calibrated only down to about 70%
    # but still show a number below it, and the most hypoxic patients read in the 40s;
    # under 40 is a dropped digit (9 for 97).
    Limit(Parameter.SPO2, 40, 100),
    # About the measuring range of adult automatic cuffs (roughly 30-290 mmHg), so 12
    # or 1200 for 120 is refused.
    Limit(Parameter.SYSTOLIC_BP, 30, 300),
    # Complete heart block can beat in the 20s and pre-excited atrial fibrillation can
    # approach 300; bedside monitors count about 15-300. So 900 (for 90) is refused.
    Limit(Parameter.PULSE, 20, 300),
    # Covers what ward thermometers read (about 32-43 °C, low-reading ones from 25 °C)
    # and the deep hypothermia or heatstroke of a patient still on a ward; refuses 3.7
    # and 370 for 37.0, 98.6 (°F), and a probe that read the room's air (20-24 °C).
    Limit(Parameter.TEMPERATURE, Decimal("25.0"), Decimal("45.0"), whole=False),
)


class ImplausibleObservations(ValueError):
    """Readings refused by the limits, with every reason in the words a nurse reads."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def problems(observations: Observations) -> list[str]:
    """Every implausible reading, in the order of the chart; empty when all are plausible.
    The enums (scale, air or oxygen, consciousness) are not checked: they can only hold
    one of their own values."""
    found = []
    for limit in LIMITS:
        problem = limit.problem(getattr(observations, limit.parameter.value))
        if problem:
            found.append(problem)
    return found


def check_plausible(observations: Observations) -> None:
    """Raise ImplausibleObservations naming every problem, if there is any."""
    found = problems(observations)
    if found:
        raise ImplausibleObservations(found)
