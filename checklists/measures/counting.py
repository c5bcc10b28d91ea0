"""Which ward counts a patient on a day: one owner per patient-day.

Each ward counts at its own count time (the hospital's, unless the ward overrides it).
A patient who moves between two wards that count at different times could be found by
both counts; the first count that finds the patient on its ward owns the day, so no
patient-day is counted twice. A patient who moves from a later-counting ward to an
earlier-counting one between the two counts is found by neither, as a count on paper
would miss them too; one count time for the whole hospital (as NHSN asks) avoids it.
The ward board and the measures both decide through `owner_of_day`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet

from .. import days
from ..models.staff import effective_count_time


@dataclass(frozen=True, slots=True)
class StaySpan:
    ward_id: int
    patient_id: int
    started_at: datetime
    ended_at: datetime | None
    count_time: time  # the ward's effective count time

    def covers(self, moment: datetime) -> bool:
        return self.started_at <= moment and (self.ended_at is None or self.ended_at > moment)


def stays_by_patient(stays: QuerySet) -> dict[int, list[StaySpan]]:
    """Each patient's stays from a Stay query, with their wards' count times (one query)."""
    grouped: dict[int, list[StaySpan]] = {}
    rows = stays.values_list("ward_id", "patient_id", "started_at", "ended_at", "ward__count_time")
    for ward_id, patient_id, started_at, ended_at, count_time in rows:
        span = StaySpan(ward_id, patient_id, started_at, ended_at, effective_count_time(count_time))
        grouped.setdefault(patient_id, []).append(span)
    return grouped


class CountClock:
    """Count moments by (count time, day), computed once each: making local times aware
    is slow, and a year of a hospital asks for the same few hundred thousands of times."""

    def __init__(self) -> None:
        self._moments: dict[tuple[time, date], datetime] = {}

    def moment(self, count_time: time, day: date) -> datetime:
        key = (count_time, day)
        if key not in self._moments:
            self._moments[key] = days.local_moment(day, count_time)
        return self._moments[key]


def owner_of_day(
    stays: Iterable[StaySpan], day: date, clock: CountClock
) -> tuple[StaySpan, datetime] | None:
    """The stay that counts its patient on `day`, with the moment of that count; None if
    no ward's count found the patient on it. `stays`: one patient's stays."""
    claims = [(clock.moment(s.count_time, day), s) for s in stays]
    found = [(moment, s) for moment, s in claims if s.covers(moment)]
    if not found:
        return None
    moment, stay = min(found, key=lambda claim: claim[0])
    return stay, moment
