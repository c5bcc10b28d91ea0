"""Plain builder functions for tests: every argument has a sensible default.

Rows made here bypass the services (and so the audit trail) on purpose: they set
the scene, and the test then calls the one service it is about.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from checklists import days, sepsis, services
from checklists.models import (
    AnswerType,
    Check,
    ChecklistTemplate,
    EntryPoint,
    Escalation,
    Patient,
    Role,
    SepsisScreen,
    Stay,
    User,
    Ward,
)

PASSWORD = "ward-round-2026"

_serial = itertools.count(1)


def local_time(day: date, hhmm: str = "10:00") -> datetime:
    """An aware moment at a wall-clock time on a day in the hospital's time zone."""
    return days.local_moment(day, time.fromisoformat(hhmm))


def day_back(n: int) -> date:
    """The local calendar day `n` days before today."""
    return timezone.localdate() - timedelta(days=n)


def days_ago(n: int, hhmm: str = "10:00") -> datetime:
    return local_time(timezone.localdate() - timedelta(days=n), hhmm)


def row_counts(*models: type[Model]) -> dict[str, int]:
    """How many rows each model has: compare before and after a refused write."""
    return {model.__name__: model.objects.count() for model in models}


def make_ward(**kw: Any) -> Ward:
    n = next(_serial)
    kw.setdefault("code", f"ward{n}")
    kw.setdefault("name", f"Ward {n}")
    return Ward.objects.create(**kw)


def make_user(role: str = Role.NURSE, wards: Iterable[Ward] = (), **kw: Any) -> User:
    n = next(_serial)
    kw.setdefault("username", f"{role}{n}")
    kw.setdefault("first_name", role.capitalize())
    kw.setdefault("last_name", f"No{n}")
    password = kw.pop("password", PASSWORD)
    user = User(role=role, **kw)
    user.set_password(password)
    user.save()
    user.wards.set(wards)
    return user


def make_patient(
    ward: Ward | None = None, admitted_at: datetime | None = None, **kw: Any
) -> Patient:
    """A patient; with a ward, also their current stay there (admitted 10 days ago)."""
    n = next(_serial)
    kw.setdefault("hospital_number", f"H{n:06d}")
    kw.setdefault("full_name", f"Patient {n}")
    kw.setdefault("date_of_birth", date(1960, 5, 17))
    patient = Patient.objects.create(**kw)
    if ward is not None:
        Stay.objects.create(
            patient=patient, ward=ward, started_at=admitted_at or days_ago(10, "09:00")
        )
    return patient


def make_entry_point(
    patient: Patient, kind: str = "piv", started_at: datetime | None = None, **kw: Any
) -> EntryPoint:
    """An entry point in place since `started_at` (default: 5 days ago, not before admission)."""
    if started_at is None:
        started_at = days_ago(5, "09:00")
        last_stay = patient.stays.order_by("-started_at").first()
        if last_stay is not None and last_stay.started_at > started_at:
            started_at = last_stay.started_at
    if "created_by" not in kw:
        kw["created_by"] = make_user(Role.NURSE)
    kw.setdefault("body_site", "Left forearm")
    return EntryPoint.objects.create(patient=patient, kind=kind, started_at=started_at, **kw)


# Items whose usual answer is a measurement (no expected_value): a compliant reading.
_COMPLIANT_MEASUREMENTS = {
    "cuff_pressure": "25",  # cmH2O, inside the 20-30 target
    "indication": "I",  # HOUDINI: strict input/output monitoring
}


def expected_answers(kind: str) -> dict[str, str]:
    """A fully compliant answer for every item of the kind's current template."""
    template = ChecklistTemplate.objects.current_for(kind)
    answers = {}
    for item in template.items.all():
        if item.expected_value:
            value = item.expected_value
        elif item.code in _COMPLIANT_MEASUREMENTS:
            value = _COMPLIANT_MEASUREMENTS[item.code]
        elif item.answer_type == AnswerType.SCORE and item.compliant_max is None:
            # Braden subscales: the top score is the lowest risk.
            value = format(item.max_value.normalize(), "f")
        else:
            raise AssertionError(f"No compliant test answer known for {kind}.{item.code}")
        answers[item.code] = value
    return answers


def make_check(
    entry_point: EntryPoint,
    nurse: User,
    observed_at: datetime | None = None,
    answers: Mapping[str, str] | None = None,
    **kw: Any,
) -> Check:
    """Record a check through the service, so it is exactly what a nurse would make."""
    return services.record_check(
        nurse=nurse,
        entry_point=entry_point,
        observed_at=observed_at or timezone.now(),
        answers=expected_answers(entry_point.kind) if answers is None else answers,
        **kw,
    )


# A well patient's observations: NEWS2 0.
WELL = {
    "respiratory_rate": 16,
    "spo2": 97,
    "air_or_oxygen": sepsis.AirOrOxygen.AIR,
    "systolic_bp": 125,
    "pulse": 78,
    "consciousness": sepsis.Consciousness.ALERT,
    "temperature": Decimal("36.8"),
}


def observations(**changes: Any) -> sepsis.Observations:
    """A well patient's readings, with some read otherwise."""
    return sepsis.Observations(**(WELL | changes))


def make_screen(
    patient: Patient, nurse: User, observed_at: datetime | None = None, **kw: Any
) -> SepsisScreen:
    """Record a sepsis screen through the service (NEWS2 0 unless `observations`)."""
    kw.setdefault("observations", observations())
    return services.record_screen(
        nurse=nurse, patient=patient, observed_at=observed_at or timezone.now(), **kw
    )


def make_escalation(screen: SepsisScreen, nurse: User, **kw: Any) -> Escalation:
    """Record through the service that the patient's doctor was told now and reviewed
    them (or as `kw` says)."""
    values = {
        "told_role": "doctor",
        "told_name": "Dr Okafor",
        "told_at": timezone.now(),
        "reply": "reviewed",
    }
    return services.record_escalation(nurse=nurse, screen=screen, **(values | kw))


def failing_answers(kind: str, **changes: str) -> dict[str, str]:
    """The kind's compliant answers with some items answered otherwise."""
    return expected_answers(kind) | changes


def record_on(
    point: EntryPoint,
    nurse: User,
    day: date,
    answers: Mapping[str, str] | None = None,
    recorded: str = "11:00",
    next_day: bool = False,
) -> Check:
    """The check of `day`, observed at 10:00 and written at `recorded` that day (or the
    next day, for a late entry)."""
    written = local_time(day + timedelta(days=1) if next_day else day, recorded)
    return make_check(
        point, nurse, observed_at=local_time(day, "10:00"), answers=answers, now=written
    )


def make_unchecked_pivs(ward: Ward, patients: int = 3) -> None:
    """Patients admitted 15 days ago, each with two peripheral IVs in place since 05:00
    14 days ago and never checked: two missed checks a patient a day, enough to page."""
    for _ in range(patients):
        patient = make_patient(ward, admitted_at=local_time(day_back(15), "09:00"))
        for site in ("Left hand", "Right hand"):
            make_entry_point(
                patient, "piv", started_at=local_time(day_back(14), "05:00"), body_site=site
            )
