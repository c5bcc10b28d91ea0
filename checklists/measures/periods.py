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


# --- The periods a dashboard may show and a report may cover ----------------------------
# The same rules for the dashboards' period form, the reports page and the audit_report
# command, so a report covers exactly what a dashboard can show.

EARLIEST = date(2000, 1, 1)
LONGEST_DAYS = 366  # a year, leap day included


class PeriodRefused(ValueError):
    """A period that cannot be shown, with every reason in the words a person reads."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


MONTH_FORMAT = "Give the month as YYYY-MM, e.g. 2026-10."


def first_of_month(text: str) -> date | None:
    """The first day of a "YYYY-MM" month, or None if the text is not one."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def this_week(today: date) -> Period:
    """Monday of this week up to today."""
    return Period(week_of(today).start, today)


def last_four_weeks(today: date) -> Period:
    return Period(today - timedelta(days=27), today)


def month_so_far(first: date, today: date) -> Period:
    """The calendar month that begins on `first`, up to today if it is this month."""
    if first > today:
        raise PeriodRefused(["That month has not started yet."])
    if first < EARLIEST:
        raise PeriodRefused([f"Choose a month from {EARLIEST:%Y} on."])
    month = month_of(first)
    return Period(month.start, min(month.end, today))


def chosen_days(start: date, end: date, today: date) -> Period:
    """From `start` to `end`, both included: never after today, never before EARLIEST,
    at most LONGEST_DAYS long. Every reason is given at once, so one correction fixes all."""
    reasons = []
    if end < start:
        reasons.append("The period cannot end before it starts.")
    if end > today:
        reasons.append("The period cannot end after today.")
    if start < EARLIEST:
        reasons.append(f"Choose dates from {EARLIEST:%Y} on.")
    if (end - start).days + 1 > LONGEST_DAYS:
        reasons.append(f"Choose at most {LONGEST_DAYS} days.")
    if reasons:
        raise PeriodRefused(reasons)
    return Period(start, end)


def months_between(first: date, last: date) -> list[Period]:
    """The calendar months from the one holding `first` to the one holding `last`,
    oldest first; empty if `last` comes before `first`."""
    months = []
    month = month_of(first)
    while month.start <= last:
        months.append(month)
        month = month_of(month.end + timedelta(days=1))
    return months
