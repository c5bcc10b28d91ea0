"""Clinical days: calendar days in the hospital's time zone, counted at a fixed time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def local_moment(day: date, at: time) -> datetime:
    """An aware datetime for a local wall-clock time on a clinical day."""
    return timezone.make_aware(datetime.combine(day, at))


def count_moment(day: date, ward) -> datetime:
    """When the ward counts patient and device days on `day` (NHSN snapshot)."""
    return local_moment(day, ward.effective_count_time)


def end_of_day(day: date) -> datetime:
    return local_moment(day + timedelta(days=1), time.min)


def span(first: date, last: date) -> tuple[datetime, datetime]:
    """From the midnight that begins `first` to the one that ends `last`."""
    return local_moment(first, time.min), end_of_day(last)


def overdue_moment(day: date, ward) -> datetime:
    """When a due check turns overdue: never before the ward has counted."""
    return max(local_moment(day, settings.CHECK_OVERDUE_TIME), count_moment(day, ward))


def is_late(clinical_date: date, recorded_at: datetime) -> bool:
    """An entry made after the end of its clinical day is a late entry."""
    return recorded_at >= end_of_day(clinical_date)


def resolve_local(naive: datetime, now: datetime) -> datetime:
    """An aware datetime for a wall-clock time typed on the ward, even in the hour the
    clocks go back, when it happens twice: the later occurrence unless that is still
    to come (a nurse records what just happened). ValueError for a time that never
    happened because the clocks went forward."""
    zone = timezone.get_current_timezone()
    candidates = []
    for fold in (0, 1):
        aware = naive.replace(tzinfo=zone, fold=fold)
        # A time that does not exist does not survive a round trip through UTC.
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive:
            candidates.append(aware)
    if not candidates:
        raise ValueError("no such local time")
    # In UTC: an aware time inside the fold never compares equal across zones (PEP 495).
    instants = [c.astimezone(UTC) for c in candidates]
    past = [c for c in instants if c <= now]
    return max(past or instants)
