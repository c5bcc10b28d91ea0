"""Clinical days: calendar days in the hospital's time zone, counted at a fixed time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

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


def overdue_moment(day: date, ward) -> datetime:
    """When a due check turns overdue: never before the ward has counted."""
    return max(local_moment(day, settings.CHECK_OVERDUE_TIME), count_moment(day, ward))


def is_late(clinical_date: date, recorded_at: datetime) -> bool:
    """An entry made after the end of its clinical day is a late entry."""
    return recorded_at >= end_of_day(clinical_date)
