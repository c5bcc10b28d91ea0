"""The daily roll-up: the measures' counts per ward, settled day and kind, stored so that
a dashboard's 12-month trend or the hospital overview reads a few rows a day instead
of walking every check of the year.

The counts are those `summary` makes from `facts.collect`, so a figure read through the
roll-up is the figure counted live (tests/test_rollup.py holds them equal). Only settled
days are stored (their deadline has passed: nothing on them is still open), and their
counts do not depend on when they are read. Days not yet settled are counted live on
every read. A stored day changes only when someone writes into its past (a late entry,
a correction, a back-dated removal or transfer): the services call `forget` then, and
the day is counted again on the next read. Rows counted under other settings (grace
hours, count times, review hours, time zone) are not used.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Case, DateField, Sum, Value, When
from django.utils import timezone

from ..models import DayTally, Stay, Ward
from .facts import ALL_KINDS, collect, deadline
from .periods import Period, months_between
from .summary import Key, Measures, Tally

# Bump when the way a day is counted changes: every stored day is then counted again.
VERSION = 1
# The counts of `Measures`, which `DayTally` stores a column of each.
COUNTS = tuple(f.name for f in dataclasses.fields(Measures))
ALL = ""  # the kind of the all-kinds row
# Days counted per query when filling: a month of a hospital's checks at a time.
FILL_DAYS = 31

DayKey = tuple[int, str, date]  # ward id, kind ("" for all), day


def basis() -> str:
    """What a stored count depends on besides the records; rows made under another
    basis are counted again."""
    overrides = sorted(
        (pk, str(t))
        for pk, t in Ward.objects.exclude(count_time=None).values_list("pk", "count_time")
    )
    text = repr(
        (
            VERSION,
            settings.TIME_ZONE,
            str(settings.HOSPITAL_COUNT_TIME),
            settings.CHECK_GRACE_HOURS,
            settings.PIV_REVIEW_HOURS,
            overrides,
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def settled_until(period: Period, now: datetime) -> date | None:
    """The last day of `period` whose deadline has passed (None: none has)."""
    day = min(period.end, timezone.localdate(now))
    # Today is never settled, yesterday only once its grace hours are over.
    while day >= period.start and deadline(day) > now:
        day -= timedelta(days=1)
    return day if day >= period.start else None


# --- Reading ---------------------------------------------------------------------------


def by_ward_and_kind(wards: Sequence[Ward], period: Period, now: datetime) -> dict[Key, Measures]:
    """What `summary.by_ward_and_kind(collect(wards, period, now))` gives, from the
    roll-up for settled days and live for the rest."""
    tallies: dict[Key, _Counts] = defaultdict(_Counts)
    for (ward_id, kind), counts in _summed(wards, period, now).items():
        for key in ((ward_id, kind or None), (None, kind or None)):
            tallies[key].add(counts)
    keys = [(w, k) for w in (*(w.pk for w in wards), None) for k in (*ALL_KINDS, None)]
    return {key: tallies[key].measures(tallies[(key[0], None)]) for key in keys}


def trend_by_ward(
    wards: Sequence[Ward], buckets: list[Period], now: datetime, until: date | None = None
) -> dict[int | None, list[Measures]]:
    """`summary.trend_by_ward` over all kinds: each ward's measures per bucket, and all
    the wards' under None. Days after `until` are left out (a period ending mid-week
    counts its last week only up to its end)."""
    return _trends(wards, [buckets], now, until)[0]


def trends(
    wards: Sequence[Ward],
    bucket_lists: list[list[Period]],
    now: datetime,
    until: date | None = None,
) -> list[list[Measures]]:
    """`summary.trend` of all of `wards` together, over all kinds, for each list of
    buckets (e.g. weeks and months), read in one go."""
    return [by_ward[None] for by_ward in _trends(wards, bucket_lists, now, until)]


def trend(
    wards: Sequence[Ward], buckets: list[Period], now: datetime, until: date | None = None
) -> list[Measures]:
    return trends(wards, [buckets], now, until)[0]


def trends_by_kind(
    wards: Sequence[Ward],
    bucket_lists: list[list[Period]],
    now: datetime,
    until: date | None = None,
    *,
    calendar_months: bool = False,
) -> list[dict[Key, list[Measures]]]:
    """For each list of buckets, the measures per bucket of every (ward, kind) pair, None
    standing for all wards or all kinds (a kind's device days, its ward's patient days):
    `summary.trend(facts, buckets, ward_id, kind)` for every pair, read in one go. Days
    after `until` are left out. `calendar_months`: every bucket is a whole calendar month
    (`periods.last_months`), so the database sums the stored days per month."""
    owners = (*(w.pk for w in wards), None)
    mode = "every_kind_by_month" if calendar_months else "every_kind_by_day"
    by_day = _read_span(wards, bucket_lists, now, until, **{mode: True})
    result = []
    for buckets in bucket_lists:
        index = {day: n for n, b in enumerate(buckets) for day in b.days()}
        tallies = {(w, k): [_Counts() for _ in buckets] for w in owners for k in (*ALL_KINDS, ALL)}
        for (ward_id, kind, day), counts in by_day.items():
            n = index.get(day)
            if n is not None:
                tallies[ward_id, kind][n].add(counts)
                tallies[None, kind][n].add(counts)
        result.append(
            {
                (w, k or None): [
                    t.measures(whole) for t, whole in zip(ts, tallies[w, ALL], strict=True)
                ]
                for (w, k), ts in tallies.items()
            }
        )
    return result


def _read_span(
    wards: Sequence[Ward],
    bucket_lists: list[list[Period]],
    now: datetime,
    until: date | None,
    **by_day: bool,
) -> dict[tuple, dict[str, int]]:
    """The per-day counts of the days the bucket lists span, up to `until`."""
    spans = [(b[0].start, b[-1].end) for b in bucket_lists if b]
    if not spans:
        return {}
    end = max(e for _, e in spans)
    span = Period(min(s for s, _ in spans), min(end, until) if until else end)
    return _summed(wards, span, now, **by_day)


def _trends(
    wards: Sequence[Ward], bucket_lists: list[list[Period]], now: datetime, until: date | None
) -> list[dict[int | None, list[Measures]]]:
    owners = (*(w.pk for w in wards), None)
    by_day = _read_span(wards, bucket_lists, now, until, all_kinds_by_day=True)
    result = []
    for buckets in bucket_lists:
        index = {day: n for n, b in enumerate(buckets) for day in b.days()}
        tallies = {w: [_Counts() for _ in buckets] for w in owners}
        for (ward_id, _kind, day), counts in by_day.items():
            n = index.get(day)
            if n is not None:
                tallies[ward_id][n].add(counts)
                tallies[None][n].add(counts)
        result.append({w: [t.measures(t) for t in ts] for w, ts in tallies.items()})
    return result


class _Counts:
    def __init__(self) -> None:
        self.values = dict.fromkeys(COUNTS, 0)

    def add(self, counts: dict[str, int]) -> None:
        for name in COUNTS:
            self.values[name] += counts.get(name) or 0

    def measures(self, whole: _Counts) -> Measures:
        """A kind's counts, with the patient days of the whole ward (`whole`): every
        patient on the ward is at risk of every kind."""
        return Measures(**(self.values | {"patient_days": whole.values["patient_days"]}))


def _month_of_day(span: Period) -> Case:
    """The first day of each row's calendar month, as a CASE over the months of `span`:
    plain comparisons on the indexed day, where a date function would call out to Python
    for every row on SQLite."""
    whens = [
        When(day__range=(month.start, month.end), then=Value(month.start))
        for month in months_between(span.start, span.end)
    ]
    return Case(*whens, output_field=DateField())


def _summed(
    wards: Sequence[Ward],
    period: Period,
    now: datetime,
    *,
    all_kinds_by_day: bool = False,
    every_kind_by_day: bool = False,
    every_kind_by_month: bool = False,
) -> dict[tuple, dict[str, int]]:
    """Counts per (ward, kind) over the period, or with `all_kinds_by_day` per (ward, "",
    day), or with `every_kind_by_day` per (ward, kind, day) of every kind and "": stored
    rows for settled days (counted first where missing), live counts for the others.
    `every_kind_by_month`: as `every_kind_by_day`, but the stored rows summed per
    calendar month in the database, keyed by the month's first day (a hospital's year is
    some 100,000 rows a day each, 3,000 a month each); the live days stay keyed by day,
    which falls in the same calendar month."""
    by_day = all_kinds_by_day or every_kind_by_day or every_kind_by_month
    result: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    if not wards:
        return result
    last_settled = settled_until(period, now)
    if last_settled is not None:
        settled = Period(period.start, last_settled)
        current = basis()
        fill(wards, settled, now, current)
        rows = DayTally.objects.filter(
            ward__in=wards, day__range=(settled.start, settled.end), basis=current
        )
        if all_kinds_by_day:
            rows = rows.filter(kind=ALL)
        group = ("ward_id", "kind", "day") if by_day else ("ward_id", "kind")
        if every_kind_by_month:
            rows = rows.annotate(month=_month_of_day(settled))
            group = ("ward_id", "kind", "month")
        for row in rows.values(*group).annotate(**{f"sum_{c}": Sum(c) for c in COUNTS}):
            key = tuple(row[g] for g in group)
            for c in COUNTS:
                result[key][c] += row[f"sum_{c}"]
    live_start = period.start if last_settled is None else last_settled + timedelta(days=1)
    if live_start <= period.end:
        live = _count_days(wards, Period(live_start, period.end), now)
        for (ward_id, kind, day), counts in live.items():
            if all_kinds_by_day and kind != ALL:
                continue
            key = (ward_id, kind, day) if by_day else (ward_id, kind)
            for c in COUNTS:
                result[key][c] += counts[c]
    return result


# --- Counting and storing ----------------------------------------------------------------


def _count_days(
    wards: Iterable[Ward], period: Period, now: datetime
) -> dict[DayKey, dict[str, int]]:
    """Counts per ward, kind and day, made by the very tallies `summary` uses."""
    facts = collect(wards, period, now)
    tallies: dict[DayKey, Tally] = defaultdict(Tally)
    for d in facts.due:
        tallies[(d.ward_id, d.kind, d.day)].add_due(d)
        tallies[(d.ward_id, ALL, d.day)].add_due(d)
    every_kind = set(facts.kinds)
    for p in facts.patient_days:
        tallies[(p.ward_id, ALL, p.day)].add_day(p, every_kind)
        for kind in p.kinds:
            # Device days only: a kind's patient days are its ward's (see _Counts).
            tallies[(p.ward_id, kind, p.day)].add_device_day()
    counts = {}
    for key, tally in tallies.items():
        m = tally.measures()
        counts[key] = {c: getattr(m, c) for c in COUNTS}
    return counts


def fill(wards: Sequence[Ward], period: Period, now: datetime, current: str | None = None) -> int:
    """Count and store the settled days of `period` that have no row yet (or only rows of
    an old basis); return how many ward-days were counted."""
    current = current or basis()
    last = settled_until(period, now)
    if last is None:
        return 0
    period = Period(period.start, last)
    ward_ids = [w.pk for w in wards]
    stored = DayTally.objects.filter(
        ward_id__in=ward_ids, kind=ALL, day__range=(period.start, period.end), basis=current
    )
    if stored.count() == len(ward_ids) * period.length:
        return 0
    have = set(stored.values_list("ward_id", "day"))
    missing = [(w, day) for day in period.days() for w in ward_ids if (w, day) not in have]
    by_pk = {w.pk: w for w in wards}
    filled = 0
    for start in range(0, len(missing), FILL_DAYS * len(ward_ids)):
        chunk = missing[start : start + FILL_DAYS * len(ward_ids)]
        days = sorted({day for _, day in chunk})
        chunk_wards = [by_pk[w] for w in sorted({w for w, _ in chunk})]
        counted = _count_days(chunk_wards, Period(days[0], days[-1]), now)
        wanted = set(chunk)
        DayTally.objects.filter(
            ward_id__in=[w.pk for w in chunk_wards], day__range=(days[0], days[-1])
        ).exclude(basis=current).delete()
        rows = [
            DayTally(ward_id=w, day=day, kind=kind, basis=current, **values)
            for (w, kind, day), values in counted.items()
            if (w, day) in wanted
        ]
        # The all-kinds row marks a ward-day as counted, even a day with nobody on the ward.
        rows += [
            DayTally(ward_id=w, day=day, kind=ALL, basis=current)
            for w, day in chunk
            if (w, ALL, day) not in counted
        ]
        # Another request may be filling the same days: theirs are the same counts.
        DayTally.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        filled += len(chunk)
    return filled


def forget(patient_id: int, since: date) -> None:
    """A write about this patient reaches back to `since`: count again, on next read, the
    days from then on of every ward the patient has been on (a transfer moves a day's
    ownership between wards). Days not yet settled are never stored, so a write about
    today (nearly every check) has nothing to forget and costs no query."""
    if since >= timezone.localdate():
        return
    wards = Stay.objects.filter(patient_id=patient_id).values("ward_id")
    DayTally.objects.filter(ward_id__in=wards, day__gte=since).delete()
