"""The clinical response to a NEWS2 score: the RCP's response chart (NEWS2 2017, Chart 4).

The band comes from the aggregate and from the single-parameter-3 rule; each band sets
the least often the observations may be repeated, who must be told and how urgently.
The highest band that applies wins: a single 3 in a total of 6 is "medium", not
"low-medium"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class ResponseBand(StrEnum):
    ZERO = "zero"
    LOW = "low"
    LOW_MEDIUM = "low_medium"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return RESPONSES[self].label


@dataclass(frozen=True)
class Monitoring:
    """How often the observations are repeated at the least. `every` is None for
    continuous monitoring, which has no interval: it is never written as one."""

    every: timedelta | None

    def __post_init__(self) -> None:
        if self.every is not None and self.every <= timedelta(0):
            raise ValueError("A monitoring interval must be longer than nothing.")

    @property
    def continuous(self) -> bool:
        return self.every is None

    @property
    def label(self) -> str:
        if self.every is None:
            return "Continuous monitoring of vital signs"
        hours = self.every // timedelta(hours=1)
        return "At least every hour" if hours == 1 else f"At least every {hours} hours"


CONTINUOUS = Monitoring(every=None)


@dataclass(frozen=True)
class Response:
    """What one band asks of the ward, in the words the screen shows."""

    band: ResponseBand
    label: str
    monitoring: Monitoring
    urgency: str
    who: str

    @property
    def escalate(self) -> bool:
        """Whether the chart asks for someone beyond the patient's nurse: the medical
        team is told for a single 3, a total of 5 or more, and 7 or more."""
        return self.band in (ResponseBand.LOW_MEDIUM, ResponseBand.MEDIUM, ResponseBand.HIGH)


RESPONSES: dict[ResponseBand, Response] = {
    ResponseBand.ZERO: Response(
        ResponseBand.ZERO,
        "Score 0",
        Monitoring(timedelta(hours=12)),
        "Routine",
        "No one beyond the nurse caring for the patient: carry on with routine NEWS2 observations.",
    ),
    # The chart says every 4-6 hours for 1-4. A screen has to name one interval, so it
    # names the stricter end: an early repeat costs a few minutes, a late one can miss a
    # patient who is getting worse.
    ResponseBand.LOW: Response(
        ResponseBand.LOW,
        "Low (1–4)",
        Monitoring(timedelta(hours=4)),
        "Ward-based response",
        "A registered nurse assesses the patient and decides whether to observe more "
        "often or to escalate.",
    ),
    ResponseBand.LOW_MEDIUM: Response(
        ResponseBand.LOW_MEDIUM,
        "Low–medium (one parameter scored 3)",
        Monitoring(timedelta(hours=1)),
        "Urgent ward-based response",
        "The registered nurse tells the patient's medical team, who review the patient "
        "and decide whether more help is needed.",
    ),
    ResponseBand.MEDIUM: Response(
        ResponseBand.MEDIUM,
        "Medium (5–6)",
        Monitoring(timedelta(hours=1)),
        "Urgent response",
        "The registered nurse tells the patient's medical team at once. A clinician or "
        "team skilled in acute illness assesses the patient urgently, and care continues "
        "where the patient can be monitored.",
    ),
    ResponseBand.HIGH: Response(
        ResponseBand.HIGH,
        "High (7 or more)",
        CONTINUOUS,
        "Emergency response",
        "The registered nurse tells the medical team at once, at specialist registrar "
        "level or above. A team with critical-care skills, airway management included, "
        "assesses the patient as an emergency; consider moving the patient to level 2 or "
        "3 care.",
    ),
}


def band_for(total: int, single_parameter_3: bool) -> ResponseBand:
    """The highest band the aggregate and the single-3 rule give."""
    if total >= 7:
        return ResponseBand.HIGH
    if total >= 5:
        return ResponseBand.MEDIUM
    if single_parameter_3:
        return ResponseBand.LOW_MEDIUM
    if total >= 1:
        return ResponseBand.LOW
    return ResponseBand.ZERO


def response_for(total: int, single_parameter_3: bool) -> Response:
    if not 0 <= total <= 20:
        raise ValueError(f"A NEWS2 total runs 0-20, not {total}.")
    if single_parameter_3 and total < 3:
        raise ValueError(f"A total of {total} cannot hold a parameter that scored 3.")
    return RESPONSES[band_for(total, single_parameter_3)]
