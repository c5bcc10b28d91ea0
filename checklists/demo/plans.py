"""Plain records of the simulated history, built in memory before anything is saved."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .. import days
from ..models import EntryPoint, Patient


def local(day: date, hour: float = 0.0) -> datetime:
    """`hour` hours after local midnight of `day`, in UTC.

    Kept in UTC so that arithmetic and comparisons stay exact across the clock
    changes (aware datetimes sharing one tzinfo compare by wall-clock time)."""
    midnight = days.local_moment(day, time.min).astimezone(UTC)
    return midnight + timedelta(hours=hour)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


@dataclass
class StayPlan:
    ward: str
    specialty: str  # icu, surgical, medical or elderly
    bed: str
    start: datetime
    planned_end: date
    end: datetime | None = None
    end_reason: str = ""


@dataclass
class DevicePlan:
    kind: str
    body_site: str
    start: datetime
    end: datetime | None
    removal_reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    # The device's usual answers where the checklist has no single expected one
    # (HOUDINI indication, Braden subscales, cuff pressure).
    usual: dict[str, str] = field(default_factory=dict)
    obj: EntryPoint | None = None


@dataclass
class PatientPlan:
    index: int
    name: str
    female: bool
    date_of_birth: date
    route: list[tuple[str, int]]  # legs still to come: (ward code, days there)
    stays: list[StayPlan] = field(default_factory=list)
    devices: list[DevicePlan] = field(default_factory=list)
    risks: dict[str, bool] = field(default_factory=dict)
    obj: Patient | None = None

    @property
    def admitted_at(self) -> datetime:
        return self.stays[0].start

    @property
    def left_at(self) -> datetime | None:
        """When the patient left hospital; None while still in."""
        return self.stays[-1].end

    def stay_at(self, moment: datetime) -> StayPlan | None:
        """The stay covering `moment`, as Stay.objects.covering() decides it."""
        for stay in self.stays:
            if stay.start <= moment and (stay.end is None or stay.end > moment):
                return stay
        return None

    def stay_until(self, moment: datetime) -> StayPlan:
        """The stay covering `moment`, or the one that ended exactly then (discharge)."""
        return self.stay_at(moment) or next(s for s in self.stays if s.end == moment)
