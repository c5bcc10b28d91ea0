"""The Braden scale's total and risk band, read from a pressure-injury check's answers.

Six subscales (sensory perception, moisture, activity, mobility, nutrition: 1-4;
friction and shear: 1-3) add up to 6-23; the lower, the higher the risk. The bands are
the hospital's choice (settings.BRADEN_BANDS): by default the NPIAP/VA bands, ≤9 very
high, 10-12 high, 13-14 moderate, 15-18 mild, 19-23 no significant risk
(../shared/docs/clinical.md §1.5; others draw the lines elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

# The item codes of the six subscales in the pressure-injury checklist.
SUBSCALES = (
    "braden_sensory",
    "braden_moisture",
    "braden_activity",
    "braden_mobility",
    "braden_nutrition",
    "braden_friction",
)
LOWEST, HIGHEST = 6, 23


@dataclass(frozen=True)
class BradenScore:
    total: int
    risk: str  # the band's words, e.g. "moderate risk"

    def __str__(self) -> str:
        return f"Braden {self.total}: {self.risk}"


def risk_of(total: int) -> str:
    """The band that holds a total: settings.BRADEN_BANDS lists (highest total, words)
    from the highest risk down."""
    if not LOWEST <= total <= HIGHEST:
        raise ValueError(f"A Braden total runs {LOWEST}-{HIGHEST}, not {total}.")
    for highest, words in settings.BRADEN_BANDS:
        if total <= highest:
            return str(words)
    raise ValueError(f"settings.BRADEN_BANDS has no band for a total of {total}.")


def score(answers: Mapping[str, str]) -> BradenScore | None:
    """The score of a check's answers (item code -> value); None unless all six
    subscales are answered with whole numbers."""
    try:
        values = [int(answers[code]) for code in SUBSCALES]
    except (KeyError, ValueError):
        return None
    total = sum(values)
    return BradenScore(total, risk_of(total))
