"""Measures counted from the facts: one definition for the dashboards and the PDF reports.

Pure Python over `Facts`: no queries, no HTTP."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.utils import timezone

from .facts import DueCheck, Facts, Outcome, PatientDay
from .periods import Period

# Percentages are shown to one decimal place everywhere (page, CSV, PDF).
PERCENT_PLACES = 1


def half_up(numerator: int, denominator: int, places: int) -> float:
    """numerator / denominator to `places` decimals, a half rounded up, as NHSN's tables
    and spreadsheets round (1/8 is 0.13). Python's round() would round it to even, and
    on the binary float besides (1/8 gives 0.12). Worked in decimal from the integers."""
    exact = Decimal(numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> float | None:
    """numerator / denominator as a percentage, or None when there is nothing to divide by."""
    if denominator == 0:
        return None
    return half_up(100 * numerator, denominator, PERCENT_PLACES)


@dataclass(frozen=True)
class Measures:
    """Counts for one group of due checks (a ward, a kind, a week, ...)."""

    due: int = 0
    done: int = 0
    compliant: int = 0
    missed: int = 0
    late: int = 0
    open: int = 0
    infection_flags: int = 0
    past_review: int = 0
    patient_days: int = 0
    device_days: int = 0

    @property
    def settled(self) -> int:
        """Due checks whose deadline has passed: the denominator of the percentages, so
        that this morning's checks do not drag today's figures down before the day is out."""
        return self.due - self.open

    @property
    def not_compliant(self) -> int:
        """Done but failed, plus missed: a missed check is a non-compliant one."""
        return self.settled - self.compliant

    @property
    def completion(self) -> float | None:
        return percent(self.done, self.settled)

    @property
    def compliance(self) -> float | None:
        """IHI all-or-none: compliant checks / due checks."""
        return percent(self.compliant, self.settled)

    @property
    def utilisation_problem(self) -> str:
        """Why no utilisation ratio can be shown, if the counts are impossible."""
        if self.device_days > self.patient_days:
            return (
                f"{self.device_days} device days exceed {self.patient_days} patient days: "
                "the counts are inconsistent, so no ratio is shown"
            )
        return ""

    @property
    def utilisation(self) -> float | None:
        """Device days / patient days (NHSN DUR), two decimals; never above 1.0."""
        if self.patient_days == 0 or self.utilisation_problem:
            return None
        return half_up(self.device_days, self.patient_days, 2)


# Which due checks each figure counts: the drill-down behind a figure lists exactly
# these. Each line must agree with how Tally counts that figure, just below
# (tests/test_measures.py holds every one to its count).
SHOWS: dict[str, Callable[[DueCheck], bool]] = {
    "due": lambda d: True,
    "done": lambda d: d.is_done,
    "compliant": lambda d: d.outcome == Outcome.COMPLIANT,
    "not_compliant": lambda d: d.outcome in (Outcome.NOT_COMPLIANT, Outcome.MISSED),
    "failed": lambda d: d.outcome == Outcome.NOT_COMPLIANT,
    "missed": lambda d: d.outcome == Outcome.MISSED,
    "late": lambda d: d.is_late,
    "open": lambda d: d.outcome == Outcome.OPEN,
    "flagged": lambda d: d.infection_sign,
    "past_review": lambda d: d.past_review,
    "corrected": lambda d: d.corrections > 0,
}


class Tally:
    """Counts for one group, filled one fact at a time (the roll-up stores its counts)."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()

    def add_due(self, d: DueCheck) -> None:
        c = self.counts
        c["due"] += 1
        c[d.outcome] += 1
        c["late"] += d.is_late
        c["infection_flags"] += d.infection_sign
        c["past_review"] += d.past_review

    def add_day(self, p: PatientDay, wanted: set[str]) -> None:
        self.counts["patient_days"] += 1
        # Once per patient per day however many devices of the kind (NHSN).
        self.counts["device_days"] += bool(p.kinds & wanted)

    def add_device_day(self) -> None:
        """A device day without its patient day (the roll-up's per-kind rows take their
        ward's patient days)."""
        self.counts["device_days"] += 1

    def measures(self) -> Measures:
        c = self.counts
        return Measures(
            due=c["due"],
            done=c[Outcome.COMPLIANT] + c[Outcome.NOT_COMPLIANT],
            compliant=c[Outcome.COMPLIANT],
            missed=c[Outcome.MISSED],
            late=c["late"],
            open=c[Outcome.OPEN],
            infection_flags=c["infection_flags"],
            past_review=c["past_review"],
            patient_days=c["patient_days"],
            device_days=c["device_days"],
        )


def measure(facts: Facts, ward_id: int | None = None, kind: str | None = None) -> Measures:
    """The measures of one ward (None: all wards in the facts) and one kind (None: all)."""
    tally = Tally()
    for d in facts.due:
        if (ward_id is None or d.ward_id == ward_id) and (kind is None or d.kind == kind):
            tally.add_due(d)
    wanted = set(facts.kinds) if kind is None else {kind}
    for p in facts.patient_days:
        if ward_id is None or p.ward_id == ward_id:
            tally.add_day(p, wanted)
    return tally.measures()


Key = tuple[int | None, str | None]


def by_ward_and_kind(facts: Facts) -> dict[Key, Measures]:
    """Measures for every (ward, kind) pair, None standing for "all"; one pass over the facts."""
    tallies: dict[Key, Tally] = defaultdict(Tally)
    for d in facts.due:
        for key in ((d.ward_id, d.kind), (d.ward_id, None), (None, d.kind), (None, None)):
            tallies[key].add_due(d)
    every_kind = set(facts.kinds)
    for p in facts.patient_days:
        for kind in (*facts.kinds, None):
            wanted = every_kind if kind is None else {kind}
            tallies[(p.ward_id, kind)].add_day(p, wanted)
            tallies[(None, kind)].add_day(p, wanted)
    keys = [(w, k) for w in (*facts.ward_ids, None) for k in (*facts.kinds, None)]
    return {key: tallies[key].measures() for key in keys}


def trend(
    facts: Facts, buckets: list[Period], ward_id: int | None = None, kind: str | None = None
) -> list[Measures]:
    """Measures for each bucket (e.g. week or month), in order; one pass over the facts."""
    index = {day: n for n, b in enumerate(buckets) for day in b.days()}
    tallies = [Tally() for _ in buckets]
    for d in facts.due:
        n = index.get(d.day)
        if n is not None and ward_id in (None, d.ward_id) and kind in (None, d.kind):
            tallies[n].add_due(d)
    wanted = set(facts.kinds) if kind is None else {kind}
    for p in facts.patient_days:
        n = index.get(p.day)
        if n is not None and ward_id in (None, p.ward_id):
            tallies[n].add_day(p, wanted)
    return [t.measures() for t in tallies]


def trend_by_ward(facts: Facts, buckets: list[Period]) -> dict[int | None, list[Measures]]:
    """`trend` of every ward in the facts, and of all of them under None; one pass."""
    index = {day: n for n, b in enumerate(buckets) for day in b.days()}
    tallies = {w: [Tally() for _ in buckets] for w in (*facts.ward_ids, None)}
    for d in facts.due:
        n = index.get(d.day)
        if n is not None:
            tallies[d.ward_id][n].add_due(d)
            tallies[None][n].add_due(d)
    wanted = set(facts.kinds)
    for p in facts.patient_days:
        n = index.get(p.day)
        if n is not None:
            tallies[p.ward_id][n].add_day(p, wanted)
            tallies[None][n].add_day(p, wanted)
    return {w: [t.measures() for t in ts] for w, ts in tallies.items()}


@dataclass(frozen=True)
class DwellBand:
    label: str
    low: int
    high: int | None  # inclusive; None = no upper limit


DWELL_BANDS = (
    DwellBand("1-2 days", 1, 2),
    DwellBand("3-4 days", 3, 4),
    DwellBand("5-7 days", 5, 7),
    DwellBand("8-14 days", 8, 14),
    DwellBand("15-30 days", 15, 30),
    DwellBand("over 30 days", 31, None),
)


@dataclass(frozen=True)
class Dwell:
    kind: str
    devices: int
    still_in_place: int
    median_days: float | None
    longest_days: int | None
    bands: tuple[int, ...]  # devices per DWELL_BANDS entry


def dwell(facts: Facts, ward_id: int | None = None) -> list[Dwell]:
    """Dwell time, in NHSN days (insertion day = day 1), of each entry point that was due a
    check in the period: up to its removal, or to the period's end if still in place."""
    counted = {d.entry_point_id for d in facts.due if ward_id is None or d.ward_id == ward_id}
    per_kind: dict[str, list[int]] = defaultdict(list)
    ongoing: Counter = Counter()
    for pk in counted:
        span = facts.entry_points[pk]
        start = timezone.localdate(span.started_at)
        if span.removed_at is not None and timezone.localdate(span.removed_at) <= facts.period.end:
            end = timezone.localdate(span.removed_at)
        else:
            end = facts.period.end
            ongoing[span.kind] += 1
        per_kind[span.kind].append((end - start).days + 1)
    result = []
    for kind in facts.kinds:
        values = per_kind.get(kind, [])
        bands = tuple(
            sum(1 for v in values if v >= b.low and (b.high is None or v <= b.high))
            for b in DWELL_BANDS
        )
        result.append(
            Dwell(
                kind=kind,
                devices=len(values),
                still_in_place=ongoing[kind],
                median_days=median(values) if values else None,
                longest_days=max(values) if values else None,
                bands=bands,
            )
        )
    return result
