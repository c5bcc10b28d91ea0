"""Writes the simulated history in bulk: a few queries per table, not one per row."""

from __future__ import annotations

import random
from datetime import date

from ..models import Answer, Check, EntryPoint, Patient, Stay, User, Ward
from ..models import EntryPointKind as Kind
from .checks import Draft
from .plans import DevicePlan, PatientPlan

# Django picks a safe batch size for SQLite's variable limit; this caps PostgreSQL's.
BATCH = 2000


def save_patients(
    patients: list[PatientPlan],
    wards: dict[str, Ward],
    nurses: dict[str, list[User]],
    rng: random.Random,
    today: date,
) -> None:
    """Patients, their stays and entry points; sets `obj` on every plan."""
    for plan in patients:
        plan.obj = Patient(
            hospital_number=f"DM{plan.index + 1:06d}",
            full_name=plan.name,
            date_of_birth=plan.date_of_birth,
            **_risk_factors(plan, rng, today),
        )
    Patient.objects.bulk_create([p.obj for p in patients], batch_size=BATCH)
    stays = [
        Stay(
            patient=plan.obj,
            ward=wards[s.ward],
            started_at=s.start,
            ended_at=s.end,
            end_reason=s.end_reason,
            bed=s.bed,
        )
        for plan in patients
        for s in plan.stays
    ]
    Stay.objects.bulk_create(stays, batch_size=BATCH)
    points = []
    for plan in patients:
        for device in plan.devices:
            device.obj = _entry_point(plan, device, nurses, rng)
            points.append(device.obj)
    EntryPoint.objects.bulk_create(points, batch_size=BATCH)


def _entry_point(
    plan: PatientPlan, device: DevicePlan, nurses: dict[str, list[User]], rng: random.Random
) -> EntryPoint:
    inserted_on = plan.stay_until(device.start).ward
    removed_on = plan.stay_until(device.end).ward if device.end else None
    return EntryPoint(
        patient=plan.obj,
        kind=device.kind,
        body_site=device.body_site,
        started_at=device.start,
        removed_at=device.end,
        # Plans name the usual reason up front; it only applies once removed.
        removal_reason=device.removal_reason if device.end else "",
        created_by=rng.choice(nurses[inserted_on]),
        removed_by=rng.choice(nurses[removed_on]) if removed_on else None,
        **device.details,
    )


def _risk_factors(plan: PatientPlan, rng: random.Random, today: date) -> dict[str, bool]:
    """Sepsis risk factors, at rates in the range seen on acute wards."""
    age = (today - plan.date_of_birth).days // 365
    kinds = {d.kind for d in plan.devices}
    wards = {s.ward for s in plan.stays}
    return {
        "immunosuppressed": rng.random() < (0.15 if "6B" in wards else 0.07),
        "pregnant": plan.female and 18 <= age <= 42 and rng.random() < 0.15,
        "diabetes": age >= 18 and rng.random() < (0.25 if age >= 60 else 0.1),
        "recent_surgery": Kind.SURGICAL_WOUND in kinds,
        "serious_illness": "ICU" in wards or rng.random() < 0.05,
    }


def save_checks(drafts: list[Draft]) -> None:
    """Checks, then their answers (which need the checks' keys)."""
    Check.objects.bulk_create([d.check for d in drafts], batch_size=BATCH)
    answers = []
    for draft in drafts:
        for answer in draft.answers:
            answer.check_record = draft.check
            answers.append(answer)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
