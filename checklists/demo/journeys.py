"""Who was in which bed: a day-by-day simulation of admissions, transfers and discharges.

Each ward admits new patients up to its usual occupancy, leaving a few beds for
transfers in. A patient follows a route of wards (e.g. ICU, then a surgical
ward); a transfer waits a day when the next ward has no free bed, as in life.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from ..models import Stay
from .layout import Layout
from .names import random_name
from .plans import PatientPlan, StayPlan, local

# (lowest age, highest age, weight): babies to the very old, mostly adults.
AGE_BANDS = ((0, 0, 3), (1, 17, 5), (18, 64, 50), (65, 84, 30), (85, 101, 12))
ELDERLY_BANDS = ((65, 84, 55), (85, 101, 45))
# A bed is cleaned between patients.
TURNAROUND = timedelta(minutes=40)


class Hospital:
    """Beds and the patients in them, stepped one day at a time up to `now`."""

    def __init__(self, rng: random.Random, now: datetime, layout: Layout) -> None:
        self.rng, self.now, self.layout = rng, now, layout
        self.today = timezone.localdate(now)
        self.beds: dict[str, dict[str, PatientPlan | None]] = {
            spec.code: {f"{n:02d}": None for n in range(1, spec.beds + 1)}
            for spec in self.layout.wards
        }
        self.free_from: dict[tuple[str, str], datetime] = {}
        self.patients: list[PatientPlan] = []

    def run(self, first_day: date) -> list[PatientPlan]:
        self._initial_cohort(first_day)
        day = first_day
        while day <= self.today:
            self._departures(day)
            self._admissions(day)
            day += timedelta(days=1)
        return self.patients

    def _initial_cohort(self, first_day: date) -> None:
        """Patients already in when the history starts, admitted up to 10 days before."""
        for spec in self.layout.wards:
            for _ in range(round(spec.beds * spec.occupancy)):
                patient = self._new_patient(spec.code)
                days_in = self.rng.randint(0, min(patient.route[0][1] - 1, 10))
                at = local(first_day - timedelta(days=days_in), self.rng.uniform(0, 24))
                at = min(at, self.now)
                self._admit(patient, spec.code, self._free_bed(spec.code, at), at)

    def _departures(self, day: date) -> None:
        leaving = [
            p
            for ward in self.beds.values()
            for p in ward.values()
            if p is not None and p.stays[-1].planned_end <= day
        ]
        for patient in leaving:
            at = local(day, self.rng.uniform(9, 20))
            if at > self.now - timedelta(minutes=10):
                continue  # not yet: still on the ward
            if not patient.route:
                self._end_stay(patient, at, Stay.EndReason.DISCHARGE)
                continue
            ward = patient.route[0][0]
            bed = self._free_bed(ward, at)
            if bed is not None:
                self._end_stay(patient, at, Stay.EndReason.TRANSFER)
                self._admit(patient, ward, bed, at)

    def _admissions(self, day: date) -> None:
        for spec in self.layout.wards:
            occupied = sum(p is not None for p in self.beds[spec.code].values())
            for _ in range(round(spec.beds * spec.occupancy) - occupied):
                # Admissions peak in the afternoon and evening.
                at = local(day, self.rng.triangular(0, 24, 16))
                bed = self._free_bed(spec.code, at) if at <= self.now else None
                if bed is not None:
                    self._admit(self._new_patient(spec.code), spec.code, bed, at)

    def _free_bed(self, ward: str, at: datetime) -> str | None:
        free = [
            bed
            for bed, occupant in self.beds[ward].items()
            if occupant is None and self.free_from.get((ward, bed), _EPOCH) <= at
        ]
        return self.rng.choice(free) if free else None

    def _admit(self, patient: PatientPlan, ward: str, bed: str | None, at: datetime) -> None:
        if bed is None:
            raise RuntimeError(f"No free bed on {ward}: the demo's wards are too small.")
        _ward, leg_days = patient.route.pop(0)
        planned_end = timezone.localdate(at) + timedelta(days=leg_days)
        specialty = self.layout.specialty(ward)
        patient.stays.append(StayPlan(ward, specialty, bed, at, planned_end))
        self.beds[ward][bed] = patient

    def _end_stay(self, patient: PatientPlan, at: datetime, reason: str) -> None:
        stay = patient.stays[-1]
        stay.end, stay.end_reason = at, reason
        self.beds[stay.ward][stay.bed] = None
        self.free_from[(stay.ward, stay.bed)] = at + TURNAROUND

    def _new_patient(self, ward: str) -> PatientPlan:
        weights, routes = zip(*self.layout.routes[ward], strict=True)
        route = self.rng.choices(routes, weights=weights)[0]
        female = self.rng.random() < 0.5
        patient = PatientPlan(
            index=len(self.patients),
            name=random_name(self.rng, len(self.patients), female),
            female=female,
            date_of_birth=self._date_of_birth(ward),
            route=[(code, self.rng.randint(low, high)) for code, low, high in route],
        )
        self.patients.append(patient)
        return patient

    def _date_of_birth(self, ward: str) -> date:
        elderly = self.layout.specialty(ward) == "elderly"
        bands = ELDERLY_BANDS if elderly else AGE_BANDS
        low, high, _ = self.rng.choices(bands, weights=[b[2] for b in bands])[0]
        age_days = self.rng.randint(low * 365, high * 365 + 364)
        # Newborns: at least a week old, so they were born before the history.
        return self.today - timedelta(days=max(age_days, 7))


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def simulate(
    rng: random.Random, first_day: date, now: datetime, layout: Layout
) -> list[PatientPlan]:
    return Hospital(rng, now, layout).run(first_day)
