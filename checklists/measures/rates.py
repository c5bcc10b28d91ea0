"""Infection rates next to the bundle that should prevent them (clinical.md §2.1, "process
next to outcome"): CLABSI per 1,000 central-line days beside the central-line bundle's
compliance, CAUTI per 1,000 urinary-catheter days beside the catheter bundle's, VAE per
1,000 ventilator days beside the breathing-tube bundle's, and hospital-acquired pressure
injuries per 1,000 patient days beside the pressure-area (Braden/SSKIN) checks.

The denominators are the very device and patient days the compliance figures count
(`Measures.device_days` of the bundle's kind at the ward's count time, and the ward's
`patient_days`), so a rate and its bundle's compliance can never disagree about who was
at risk. An infection counts in the ward the rules attribute it to and in the month of
its date of event, once it is confirmed and counted (`AssessedEvent.counted`). Pure
Python over what it is handed: no queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..models import EntryPointKind
from ..surveillance import InfectionType
from .infections import AssessedEvent
from .periods import Period
from .summary import Measures, half_up

# Rates per this many days at risk, shown to two decimal places everywhere.
PER_DAYS = 1000
RATE_PLACES = 2
# Fewer days at risk than this and a single infection reads as 10 or more per 1,000,
# several times the published medians (clinical.md §2, benchmarks): such a rate says more
# about chance than about care, so it is shown marked, never bare.
SMALL_DENOMINATOR_DAYS = 100


@dataclass(frozen=True, slots=True)
class Outcome:
    """An infection type and the bundle meant to prevent it."""

    infection_type: InfectionType
    bundle_kind: str  # an EntryPointKind value
    bundle: str  # the process, as a manager names it
    days_name: str  # what the rate is per 1,000 of

    @property
    def bundle_phrase(self) -> str:
        """The bundle's name inside a sentence ("the central-line bundle")."""
        return self.bundle[:1].lower() + self.bundle[1:]

    @property
    def per_patient_day(self) -> bool:
        return self.infection_type == InfectionType.PRESSURE_INJURY

    def days_at_risk(self, m: Measures) -> int:
        """`m`: the measures of the bundle's kind (its device days, the ward's patient days)."""
        return m.patient_days if self.per_patient_day else m.device_days


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        InfectionType.CLABSI,
        EntryPointKind.CENTRAL_LINE.value,
        "Central-line bundle",
        "central-line days",
    ),
    Outcome(
        InfectionType.CAUTI,
        EntryPointKind.URINARY_CATHETER.value,
        "Urinary-catheter bundle",
        "urinary-catheter days",
    ),
    Outcome(
        InfectionType.VAE,
        EntryPointKind.BREATHING_TUBE.value,
        "Breathing-tube / ventilator bundle",
        "ventilator days",
    ),
    Outcome(
        InfectionType.PRESSURE_INJURY,
        EntryPointKind.PRESSURE_INJURY.value,
        "Pressure-area checks (Braden / SSKIN)",
        "patient days",
    ),
)


def rate_per_1000(infections: int, days: int) -> float | None:
    """infections / days x 1,000, or None when no one was at risk."""
    if days == 0:
        return None
    return half_up(PER_DAYS * infections, days, RATE_PLACES)


@dataclass(frozen=True, slots=True)
class Rate:
    infections: int
    days: int

    @property
    def per_1000(self) -> float | None:
        return rate_per_1000(self.infections, self.days)

    @property
    def small_denominator(self) -> bool:
        return 0 < self.days < SMALL_DENOMINATOR_DAYS


@dataclass(frozen=True, slots=True)
class ProcessAndOutcome:
    """One outcome over one stretch of days: its bundle's measures and its rate."""

    outcome: Outcome
    bundle: Measures
    rate: Rate


# Counted infections per (ward id, or None for all the wards; infection type; bucket).
InfectionCounts = Counter[tuple[int | None, str, int]]


def counted_infections(
    events: Iterable[AssessedEvent], ward_ids: Iterable[int], buckets: Sequence[Period]
) -> InfectionCounts:
    """The counted infections of `events` attributed to one of `ward_ids`, by the bucket
    (a month, or the whole period) holding their date of event; each ward's and, under
    None, all of them together."""
    wanted = set(ward_ids)
    index: dict[date, int] = {day: n for n, b in enumerate(buckets) for day in b.days()}
    counts: InfectionCounts = Counter()
    for assessed in events:
        n = index.get(assessed.event.date_of_event)
        ward_id = assessed.ward_id
        if n is None or ward_id not in wanted or not assessed.counted:
            continue
        counts[ward_id, assessed.event.infection_type, n] += 1
        counts[None, assessed.event.infection_type, n] += 1
    return counts


def process_and_outcome(
    outcome: Outcome, bundle: Measures, counts: InfectionCounts, ward_id: int | None, n: int
) -> ProcessAndOutcome:
    """`bundle`: the measures of the outcome's bundle kind, for the ward (None: all) and
    the bucket `n` that `counts` was counted by."""
    infections = counts[ward_id, outcome.infection_type.value, n]
    return ProcessAndOutcome(outcome, bundle, Rate(infections, outcome.days_at_risk(bundle)))


def ssi_count(counts: InfectionCounts, ward_id: int | None, n: int) -> int:
    """SSIs have no rate here: NHSN's is per 100 procedures, which the app does not record."""
    return counts[ward_id, InfectionType.SSI.value, n]
