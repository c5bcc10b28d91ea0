"""Opening and closing infection flags.

A flag follows the checks of its entry point: the latest check that finds a sign of
infection opens one (if none is open), the latest check that finds none closes it.
Removing the device closes it too. Otherwise a clinician closes it, after a screen
that owes nothing more. These run inside the transaction of the write that causes
them, so a flag never disagrees with the record it follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import audit, sepsis
from ..models import (
    Check,
    CloseReason,
    EntryPoint,
    FlagClosure,
    InfectionFlag,
    SepsisScreen,
    User,
)
from .common import clean_note, fmt, now_or, require_recordable


def follow_check(check: Check) -> dict[str, str]:
    """Open or close the entry point's flag after `check` (an original or a correction)
    is saved. A check entered late for an earlier day changes nothing when a later
    day's check already says how the entry point is. Returns what it did, for the
    caller's audit event (one event per service call)."""
    flag = InfectionFlag.objects.open().filter(entry_point=check.entry_point_id).first()
    # Most checks change nothing: a clear check with no flag open, or a sign while one is.
    # They cost this one query on the path every check takes.
    if check.infection_sign == (flag is not None):
        return {}
    later = (
        Check.objects.current()
        .filter(entry_point=check.entry_point_id, clinical_date__gt=check.clinical_date)
        .exists()
    )
    if later:
        return {}
    if check.infection_sign and flag is None:
        flag = InfectionFlag.objects.create(
            entry_point=check.entry_point,
            ward=check.ward,
            opened_by=check,
            opened_at=check.observed_at,
        )
        return {"flag_opened": str(flag.public_id)}
    if not check.infection_sign and flag is not None:
        _close(
            flag,
            reason=CloseReason.CLEAR_CHECK,
            at=check.observed_at,
            by=check.recorded_by,
            now=check.recorded_at,
            check_record=check,
        )
        return {"flag_closed": str(flag.public_id)}
    return {}


def follow_removal(
    entry_point: EntryPoint, at: datetime, by: User, now: datetime
) -> dict[str, str]:
    """Close the open flag of an entry point just recorded as removed at `at`; returns
    what it did, for the caller's audit event."""
    flag = InfectionFlag.objects.open().filter(entry_point=entry_point).first()
    if flag is None:
        return {}
    _close(flag, reason=CloseReason.DEVICE_REMOVED, at=at, by=by, now=now)
    return {"flag_closed": str(flag.public_id)}


def close_flag(
    *,
    nurse: User,
    flag: InfectionFlag,
    decided_by_role: str,
    decided_by_name: str,
    note: str = "",
    now: datetime | None = None,
) -> FlagClosure:
    """Record a clinician's decision to close a flag. Only after a sepsis screen since
    the flag opened, and once that screen owes no escalation: the decision follows a
    look at the patient, never stands in for one."""
    now = now_or(now)
    decided_by_name, note = (decided_by_name or "").strip(), clean_note(note)
    if decided_by_role not in set(sepsis.Told):
        raise ValidationError("Choose who decided from the list.")
    if not decided_by_name:
        raise ValidationError("Give the name of the clinician who decided.")
    with transaction.atomic():
        patient = flag.entry_point.patient
        require_recordable(nurse, patient)
        if FlagClosure.objects.filter(flag=flag).exists():
            raise ValidationError("This flag is already closed.")
        screen = latest_screen_since(flag)
        if screen is None:
            raise ValidationError(
                "Screen the patient for sepsis first: a flag closes on a clinician's "
                "decision only after a screen."
            )
        if screen.follow_up(now).escalation_due_at is not None:
            raise ValidationError(
                f"Record the escalation of the screen at {fmt(screen.observed_at)} first."
            )
        closure = _close(
            flag,
            reason=CloseReason.DECISION,
            at=now,
            by=nurse,
            now=now,
            screen=screen,
            decided_by_role=decided_by_role,
            decided_by_name=decided_by_name,
            note=note,
        )
        audit.log(
            nurse,
            "flag.closed",
            flag,
            {"reason": closure.reason, "screen": str(screen.public_id)},
        )
    return closure


def latest_screen_since(flag: InfectionFlag) -> SepsisScreen | None:
    """The patient's latest screen since the flag opened (typed to the minute)."""
    return (
        SepsisScreen.objects.current()
        .filter(patient=flag.entry_point.patient_id, observed_at__gte=flag.screens_from)
        .select_related("escalation")
        .order_by("-observed_at", "-pk")
        .first()
    )


def _close(
    flag: InfectionFlag, *, reason: str, at: datetime, by: User, now: datetime, **details: Any
) -> FlagClosure:
    return FlagClosure.objects.create(
        flag=flag, reason=reason, closed_at=at, recorded_at=now, recorded_by=by, **details
    )
