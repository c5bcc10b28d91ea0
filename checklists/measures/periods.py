"""Periods of clinical days, and the weekly and monthly buckets of a trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """Clinical days from `start` to `end`, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.length)]

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%a %d %b %Y}"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"


def week_of(day: date) -> Period:
    """The Monday-to-Sunday week that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return Period(first, next_first - timedelta(days=1))


def last_weeks(end: date, count: int) -> list[Period]:
    """`count` whole weeks, the last one holding `end`, oldest first."""
    last = week_of(end)
    return [
        Period(last.start - timedelta(weeks=n), last.end - timedelta(weeks=n))
        for n in range(count - 1, -1, -1)
    ]


def last_months(end: date, count: int) -> list[Period]:
    """`count` calendar months, the last one holding `end`, oldest first."""
    months = [month_of(end)]
    while len(months) < count:
        months.insert(0, month_of(months[0].start - timedelta(days=1)))
    return months
