"""The raw facts every measure is counted from: which checks were due, and what happened.

Definitions (design.md "Measures", clinical.md section 2):

- A *patient day* is a patient on the ward at its daily count time (NHSN snapshot).
- A check is *due* for each entry point in place at the count time on a patient counted
  that day. It belongs to that ward, whoever records it: a patient transferred after the
  count still owes the day's check, and it counts where the day was counted.
- A due check is *done* if its first entry was recorded before the end of the day plus
  CHECK_GRACE_HOURS; *late* if that entry came after the end of the day; *missed* if
  nothing was recorded in time; *open* while that deadline has not yet passed.
- Compliance is judged on the current version of the check, after corrections.

Everything here is read in a fixed number of queries whatever the number of wards,
patients or days; the day-by-day walk happens in Python over the bounded rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import days
from ..models import Answer, Check, EntryPoint, EntryPointKind, Stay, Ward
from ..models.entry_points import EntryPointQuerySet
from ..review import REVIEW_ANSWERS, long_dwelling
from .counting import CountClock, StaySpan, owner_of_day, stays_by_patient
from .periods import Period


class Outcome:
    COMPLIANT = "compliant"
    NOT_COMPLIANT = "not_compliant"
    MISSED = "missed"
    OPEN = "open"


# Slots: a hospital quarter holds some 130,000 of these, and a printed report 30,000
# rows of Cells; without a __dict__ each is about half the size.
@dataclass(frozen=True, slots=True)
class DueCheck:
    """One entry point that owed a check on one clinical day, and what became of it."""

    ward_id: int
    kind: str
    entry_point_id: int
    patient_id: int
    day: date
    outcome: str
    check_id: int | None = None  # the current version, if anything was recorded
    recorded_by_id: int | None = None  # author of the current version
    is_late: bool = False
    recorded_too_late: bool = False  # an entry exists, but after the deadline
    corrections: int = 0
    infection_sign: bool = False
    past_review: bool = False

    @property
    def is_done(self) -> bool:
        return self.outcome in (Outcome.COMPLIANT, Outcome.NOT_COMPLIANT)


@dataclass(frozen=True, slots=True)
class PatientDay:
    ward_id: int
    patient_id: int
    day: date
    kinds: frozenset[str]  # kinds with at least one entry point in place at the count


@dataclass(frozen=True, slots=True)
class EntryPointSpan:
    kind: str
    patient_id: int
    started_at: datetime
    removed_at: datetime | None

    def in_place_at(self, moment: datetime) -> bool:
        return self.started_at <= moment and (self.removed_at is None or self.removed_at > moment)


@dataclass
class Facts:
    period: Period
    now: datetime
    ward_ids: tuple[int, ...]
    kinds: tuple[str, ...]
    due: list[DueCheck] = field(default_factory=list)
    patient_days: list[PatientDay] = field(default_factory=list)
    entry_points: dict[int, EntryPointSpan] = field(default_factory=dict)
    # The checks of the period, every version, as an unevaluated query: per-item measures
    # read their answers through it rather than through a list of thousands of ids.
    checks_query: QuerySet[Check] = field(default_factory=Check.objects.none)
    points_query: EntryPointQuerySet = field(default_factory=EntryPoint.objects.none)

    def within(self, period: Period) -> Facts:
        """The facts of a shorter period (no queries)."""
        return Facts(
            period=period,
            now=self.now,
            ward_ids=self.ward_ids,
            kinds=self.kinds,
            due=[d for d in self.due if d.day in period],
            patient_days=[p for p in self.patient_days if p.day in period],
            entry_points=self.entry_points,
            # Only this period's checks and entry points: per-item measures read answers,
            # and printed lists their rows, through these.
            checks_query=self.checks_query.filter(clinical_date__range=(period.start, period.end)),
            points_query=self.points_query.in_place_during(*days.span(period.start, period.end)),
        )

    def for_patient(self, patient_id: int) -> Facts:
        """The facts of one patient (no queries): a patient's report counts with the very
        functions a ward's does."""
        return Facts(
            period=self.period,
            now=self.now,
            ward_ids=self.ward_ids,
            kinds=self.kinds,
            due=[d for d in self.due if d.patient_id == patient_id],
            patient_days=[p for p in self.patient_days if p.patient_id == patient_id],
            entry_points={
                pk: s for pk, s in self.entry_points.items() if s.patient_id == patient_id
            },
            checks_query=self.checks_query.filter(entry_point__patient_id=patient_id),
            points_query=self.points_query.filter(patient_id=patient_id),
        )


ALL_KINDS = tuple(EntryPointKind.values)


def deadline(day: date) -> datetime:
    """After this moment an unrecorded due check is missed."""
    return days.end_of_day(day) + timedelta(hours=settings.CHECK_GRACE_HOURS)


def next_change(wards: Iterable[Ward], period: Period, now: datetime) -> datetime:
    """The first moment after `now` at which `collect(wards, period, ·)` can find other
    figures with no new record: one of these wards counting today (a patient-day and its
    due checks appear), a day's deadline (open checks turn missed), or midnight."""
    today = timezone.localdate(now)
    moments = [days.end_of_day(today)]
    moments += [days.count_moment(today, ward) for ward in wards]
    # Only days whose deadline may still be ahead: a day's grace hours end on a later day.
    first = max(period.start, today - timedelta(days=settings.CHECK_GRACE_HOURS // 24 + 1))
    day = first
    while day <= min(period.end, today):
        moments.append(deadline(day))
        day += timedelta(days=1)
    return min(m for m in moments if m > now)


def collect(
    wards: Iterable[Ward], period: Period, now: datetime, kinds: Iterable[str] = ALL_KINDS
) -> Facts:
    """The due checks and patient days of `wards` over `period`, as known at `now`.

    Four queries: the stays of the patients who were on these wards, their entry points,
    checks (with their corrections) and the answers that call for a review."""
    wards = list(wards)
    facts = Facts(period, now, tuple(w.pk for w in wards), tuple(kinds))
    if not wards or period.start > timezone.localdate(now):
        return facts
    window_start, window_end = days.span(period.start, period.end)
    in_window = Stay.objects.overlapping(window_start, window_end)
    here = in_window.filter(ward__in=wards).values("patient_id")
    # Every stay of these patients, on any ward: another ward's earlier count may own a day.
    by_stay_patient = stays_by_patient(in_window.filter(patient__in=here))
    points_qs = EntryPoint.objects.filter(patient__in=here, kind__in=facts.kinds).in_place_during(
        window_start, window_end
    )
    for pk, kind, patient_id, started_at, removed_at in points_qs.values_list(
        "pk", "kind", "patient_id", "started_at", "removed_at"
    ):
        facts.entry_points[pk] = EntryPointSpan(kind, patient_id, started_at, removed_at)
    checks_qs = Check.objects.filter(
        entry_point__in=points_qs.values("pk"), clinical_date__range=(period.start, period.end)
    )
    facts.checks_query, facts.points_query = checks_qs, points_qs
    chains = _chains(checks_qs)
    review_ids = _review_answer_check_ids(checks_qs)
    by_patient: dict[int, list[tuple[int, EntryPointSpan]]] = defaultdict(list)
    for pk, span in facts.entry_points.items():
        by_patient[span.patient_id].append((pk, span))
    in_scope, clock = set(facts.ward_ids), CountClock()
    deadlines = {day: deadline(day) for day in period.days()}
    for patient_id, stays in by_stay_patient.items():
        for day in _days_touched(stays, period):
            owner = owner_of_day(stays, day, clock)
            if owner is None or owner[0].ward_id not in in_scope or owner[1] > now:
                continue
            ward_id, moment = owner[0].ward_id, owner[1]
            in_place = [
                (pk, span)
                for pk, span in by_patient.get(patient_id, ())
                if span.in_place_at(moment)
            ]
            facts.patient_days.append(
                PatientDay(ward_id, patient_id, day, frozenset(s.kind for _, s in in_place))
            )
            for pk, span in in_place:
                chain = chains.get((pk, day))
                when = (day, moment, deadlines[day])
                facts.due.append(_due_check(ward_id, pk, span, when, chain, now, review_ids))
    return facts


def _days_touched(stays: list[StaySpan], period: Period) -> list[date]:
    """The period's days that any of a patient's stays touches: a stay is days long, the
    period may be a year."""
    touched: set[date] = set()
    for s in stays:
        first = max(timezone.localdate(s.started_at), period.start)
        last = min(timezone.localdate(s.ended_at), period.end) if s.ended_at else period.end
        touched.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return sorted(touched)


@dataclass
class _Chain:
    """An original check and its corrections, oldest first."""

    original: dict
    current: dict
    corrections: int


def _chains(checks_qs: QuerySet[Check]) -> dict[tuple[int, date], _Chain]:
    rows = list(
        checks_qs.values(
            "pk",
            "entry_point_id",
            "clinical_date",
            "corrects_id",
            "recorded_at",
            "recorded_by_id",
            "is_late",
            "is_compliant",
            "infection_sign",
        )
    )
    replaced_by = {r["corrects_id"]: r for r in rows if r["corrects_id"]}
    chains: dict[tuple[int, date], _Chain] = {}
    for row in rows:
        if row["corrects_id"] is not None:
            continue
        current, corrections = row, 0
        while current["pk"] in replaced_by:
            current, corrections = replaced_by[current["pk"]], corrections + 1
        chains[(row["entry_point_id"], row["clinical_date"])] = _Chain(row, current, corrections)
    return chains


def _review_answer_check_ids(checks_qs: QuerySet[Check]) -> set[int]:
    wanted = Q()
    for code, value in REVIEW_ANSWERS:
        wanted |= Q(item__code=code, value=value)
    return set(
        Answer.objects.filter(wanted, check_record__in=checks_qs.values("pk")).values_list(
            "check_record_id", flat=True
        )
    )


def _due_check(
    ward_id: int,
    pk: int,
    span: EntryPointSpan,
    when: tuple[date, datetime, datetime],  # the day, its count moment, its deadline
    chain: _Chain | None,
    now: datetime,
    review_ids: set[int],
) -> DueCheck:
    day, count_at, day_deadline = when
    hours_at_count = (count_at - span.started_at).total_seconds() / 3600
    past_dwell = long_dwelling(span.kind, hours_at_count)
    common: dict[str, Any] = {
        "ward_id": ward_id,
        "kind": span.kind,
        "entry_point_id": pk,
        "patient_id": span.patient_id,
        "day": day,
    }
    if chain is None:
        outcome = Outcome.OPEN if now < day_deadline else Outcome.MISSED
        return DueCheck(**common, outcome=outcome, past_review=past_dwell)
    current = chain.current
    in_time = chain.original["recorded_at"] < day_deadline
    if not in_time:
        outcome = Outcome.MISSED
    elif current["is_compliant"]:
        outcome = Outcome.COMPLIANT
    else:
        outcome = Outcome.NOT_COMPLIANT
    return DueCheck(
        **common,
        outcome=outcome,
        check_id=current["pk"],
        recorded_by_id=current["recorded_by_id"],
        is_late=in_time and chain.original["is_late"],
        recorded_too_late=not in_time,
        corrections=chain.corrections,
        infection_sign=current["infection_sign"],
        past_review=past_dwell or current["pk"] in review_ids,
    )
