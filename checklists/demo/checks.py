"""Daily checks for every day each device was in place at the count time, with the
gaps a real ward has: missed days, late entries, lapses and signs of infection.

Checks are built as unsaved model objects for bulk_create; their compliance is
worked out exactly as services.checks._save_with_answers does it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from django.utils import timezone

from .. import days
from ..models import Answer, Check, ChecklistItem, ChecklistTemplate, User, Ward
from .answers import add_infection_sign, add_lapses, usual_answers
from .plans import DevicePlan, PatientPlan, StayPlan, between, hours

# Per specialty: (share of due checks missed, share with a lapse). Intensive care,
# with one nurse per patient, misses least.
RATES = {
    "icu": (0.03, 0.10),
    "surgical": (0.06, 0.12),
    "medical": (0.08, 0.14),
    "elderly": (0.11, 0.16),
}
LATE = 0.05
INFECTION_SIGN = 0.02
# Share of today's due checks already done, so the board shows due and overdue too.
DONE_TODAY = 0.5


@dataclass
class Draft:
    """An unsaved check with its answers and the answers that produced them."""

    check: Check
    answers: list[Answer]
    values: dict[str, str]
    device: DevicePlan


@dataclass
class Context:
    rng: random.Random
    now: datetime
    first_day: date
    wards: dict[str, Ward]
    nurses: dict[str, list[User]]
    templates: dict[str, ChecklistTemplate]
    items: dict[str, list[ChecklistItem]]
    due: int = 0
    missed: int = 0
    due_today: int = 0
    drafts: list[Draft] = field(default_factory=list)
    _count_moments: dict[tuple[str, date], datetime] = field(default_factory=dict)

    @cached_property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def count_moment(self, ward: str, day: date) -> datetime:
        """days.count_moment, cached: it is asked for every device on every day."""
        key = (ward, day)
        if key not in self._count_moments:
            self._count_moments[key] = days.count_moment(day, self.wards[ward])
        return self._count_moments[key]


def evaluate(items: list[ChecklistItem], values: Mapping[str, str]) -> list[Answer]:
    """Unsaved answers, each judged by its item's rule."""
    return [Answer.for_item(item, values[item.code]) for item in items]


def plan_checks(patients: list[PatientPlan], ctx: Context) -> list[Draft]:
    for patient in patients:
        for device in patient.devices:
            _device_checks(patient, device, ctx)
    return ctx.drafts


def _device_checks(patient: PatientPlan, device: DevicePlan, ctx: Context) -> None:
    day = timezone.localdate(device.start)
    last = timezone.localdate(device.end) if device.end else ctx.today
    while day <= last:
        stay, count_at = _counted_on(patient, day, ctx)
        # Due only if in place at the ward's count time (NHSN's daily snapshot).
        if stay and device.start <= count_at and (device.end is None or device.end > count_at):
            ctx.due += 1
            ctx.due_today += day == ctx.today
            if _is_done(day, stay, ctx):
                _add_check(patient, device, day, count_at, ctx)
            elif day < ctx.today:
                ctx.missed += 1
        day += timedelta(days=1)


def _counted_on(patient: PatientPlan, day: date, ctx: Context) -> tuple[StayPlan | None, datetime]:
    """The stay the patient was counted on that day, and its ward's count moment."""
    for stay in patient.stays:
        count_at = ctx.count_moment(stay.ward, day)
        if stay.start <= count_at and (stay.end is None or stay.end > count_at):
            return stay, count_at
    return None, count_at


def _is_done(day: date, stay: StayPlan, ctx: Context) -> bool:
    if day == ctx.today:
        return ctx.rng.random() < DONE_TODAY
    missed = RATES[stay.specialty][0] + (0.03 if day.weekday() >= 5 else 0.0)
    return ctx.rng.random() >= missed


def _add_check(
    patient: PatientPlan, device: DevicePlan, day: date, count_at: datetime, ctx: Context
) -> None:
    observed_at = _observed_at(device, count_at, ctx)
    if observed_at is None:
        return
    stay, clinical_date = patient.stay_at(observed_at), timezone.localdate(observed_at)
    recorded_at = _recorded_at(patient, stay, day, observed_at, ctx)
    kind = device.kind
    items = ctx.items[kind]
    dwell_day = (day - timezone.localdate(device.start)).days + 1
    values = usual_answers(items, device, ctx.rng, dwell_day, stay.specialty == "icu")
    lapse_rate = RATES[stay.specialty][1] * _improvement(day, ctx)
    if ctx.rng.random() < lapse_rate:
        add_lapses(kind, values, ctx.rng)
    if ctx.rng.random() < INFECTION_SIGN:
        add_infection_sign(kind, values, ctx.rng)
    answers = evaluate(items, values)
    check = Check(
        entry_point=device.obj,
        ward=ctx.wards[stay.ward],
        template=ctx.templates[kind],
        clinical_date=clinical_date,
        observed_at=observed_at,
        recorded_at=recorded_at,
        recorded_by=ctx.rng.choice(ctx.nurses[stay.ward]),
        is_late=days.is_late(clinical_date, recorded_at),
    )
    check.judge(answers)
    ctx.drafts.append(Draft(check, answers, values, device))


def _improvement(day: date, ctx: Context) -> float:
    """Lapses fall over the weeks, so trend charts show a ward getting better."""
    span = max((ctx.today - ctx.first_day).days, 1)
    return 1.25 - 0.5 * min(max((day - ctx.first_day).days / span, 0.0), 1.0)


def _observed_at(device: DevicePlan, count_at: datetime, ctx: Context) -> datetime | None:
    """Mostly on the morning round; before removal; never in the future."""
    low, high = count_at + hours(0.75), count_at + hours(7)
    if device.end is not None:
        high = min(high, device.end - timedelta(minutes=10))
    high = min(high, ctx.now - timedelta(minutes=5))
    if high > low:
        return between(ctx.rng, low, high)
    if device.end is not None and device.end <= ctx.now:
        # Removed soon after the count time: checked just before it came out.
        return between(ctx.rng, count_at, device.end)
    return None  # today, too early for the round


def _recorded_at(
    patient: PatientPlan, stay: StayPlan, day: date, observed_at: datetime, ctx: Context
) -> datetime:
    """Usually minutes after the observation; sometimes the next day (a late entry),
    but only while the patient is still on that ward, as services allow."""
    if day < ctx.today and ctx.rng.random() < LATE:
        late = days.end_of_day(day) + hours(ctx.rng.uniform(0.5, 14))
        if late <= ctx.now and patient.stay_at(late) is stay:
            return late
    return min(observed_at + timedelta(minutes=ctx.rng.uniform(1, 45)), ctx.now)
