"""Adding an entry point to a patient, and recording its removal."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import audit
from ..measures import rollup
from ..models import EntryPoint, Patient, Stay, User
from ..models.entry_points import KIND_DETAIL_FIELDS, RESITED_KINDS
from .common import fmt, not_in_future, now_or, require_recordable, to_the_minute
from .flags import follow_removal


def add_entry_point(
    *, nurse: User, patient: Patient, entry_point: EntryPoint, now: datetime | None = None
) -> EntryPoint:
    """Save a new (unsaved) entry point for a patient on the nurse's ward."""
    now = now_or(now)
    with transaction.atomic():
        stay = require_recordable(nurse, patient)
        not_in_future(entry_point.started_at, now, "The insertion time")
        _check_plausible_start(entry_point, patient, stay)
        entry_point.patient = patient
        entry_point.created_by = nurse
        entry_point.full_clean()
        entry_point.save()
        rollup.forget(patient.pk, timezone.localdate(entry_point.started_at))
        audit.log(
            nurse,
            "entry_point.added",
            entry_point,
            {"kind": entry_point.kind, "ward": stay.ward.code},
        )
    return entry_point


# A device may come in with the patient (inserted in the emergency department or
# another hospital), but not from a distant past: that is a mistyped year.
MAX_DAYS_BEFORE_ADMISSION = 30


def _check_plausible_start(entry_point: EntryPoint, patient: Patient, stay: Stay) -> None:
    started = timezone.localdate(entry_point.started_at)
    if started < patient.date_of_birth:
        raise ValidationError("The insertion time is before the patient's date of birth.")
    # Compared as a difference: subtracting from a stay begun near 1 January of year 1
    # would overflow the date.
    if stay.started_at - entry_point.started_at > timedelta(days=MAX_DAYS_BEFORE_ADMISSION):
        raise ValidationError(
            f"The insertion time is more than {MAX_DAYS_BEFORE_ADMISSION} days before this "
            f"admission ({fmt(stay.started_at)}). Check the date."
        )


def remove_entry_point(
    *,
    nurse: User,
    entry_point: EntryPoint,
    at: datetime,
    reason: str,
    now: datetime | None = None,
) -> EntryPoint:
    now = now_or(now)
    with transaction.atomic():
        require_recordable(nurse, entry_point.patient)
        entry_point.refresh_from_db()
        if entry_point.removed_at is not None:
            raise ValidationError(f"This was already removed on {fmt(entry_point.removed_at)}.")
        at = check_removal_time(entry_point, at, now)
        flag = close_entry_point(entry_point, nurse, at, reason, now)
        rollup.forget(entry_point.patient_id, timezone.localdate(at))
        audit.log(nurse, "entry_point.removed", entry_point, {"kind": entry_point.kind, **flag})
    return entry_point


def check_removal_time(entry_point: EntryPoint, at: datetime, now: datetime) -> datetime:
    """The removal time to record for `at`, once the rules pass. Typed to the minute, it
    may fall in the same minute as the last check, seconds before it: a device checked
    and then taken out at once is recorded as removed just after that check."""
    not_in_future(at, now, "The removal time")
    if at < entry_point.started_at:
        raise ValidationError(
            f"The removal time cannot be before insertion ({fmt(entry_point.started_at)})."
        )
    latest = entry_point.checks.filter(observed_at__gt=at).order_by("-observed_at").first()
    if latest is None:
        return at
    if latest.observed_at >= to_the_minute(at) + timedelta(minutes=1):
        raise ValidationError(
            "A check of this was observed after that removal time; choose a later time."
        )
    return latest.observed_at


def close_entry_point(
    entry_point: EntryPoint, nurse: User, at: datetime, reason: str, now: datetime
) -> dict[str, str]:
    """Record the removal, and close the entry point's infection flag if one is open
    (returned as follow_removal says, for the caller's audit event)."""
    # The only update an entry point ever gets: its removal, set once.
    if not EntryPoint.objects.record_removal(entry_point.pk, at=at, reason=reason[:200], by=nurse):
        raise ValidationError("Someone else has just removed this; reload the page.")
    entry_point.removed_at, entry_point.removal_reason = at, reason[:200]
    entry_point.removed_by = nurse
    return follow_removal(entry_point, at, nurse, now)


# Details of the old device that describe the new one as well. Whether the insertion
# bundle was followed belongs to one insertion, so it is asked again, never copied.
NOT_COPIED = frozenset({"insertion_bundle_done"})


def resite_entry_point(
    *,
    nurse: User,
    entry_point: EntryPoint,
    at: datetime,
    reason: str,
    new_site: str,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> EntryPoint:
    """Take a device out and put its replacement in at the same moment, elsewhere on the
    body: the removal and the insertion are recorded together or not at all (each with
    its usual audit event). Returns the new entry point; `details` are the new device's
    own answers (e.g. the insertion bundle), the others are copied from the old one."""
    now = now_or(now)
    if entry_point.kind not in RESITED_KINDS:
        raise ValidationError(
            f"A {entry_point.get_kind_display().lower()} is not re-sited; record its removal."
        )
    try:
        with transaction.atomic():
            remove_entry_point(nurse=nurse, entry_point=entry_point, at=at, reason=reason, now=now)
            # Just recorded by remove_entry_point, so never None here.
            removed_at = cast("datetime", entry_point.removed_at)
            copied = {
                name: getattr(entry_point, name)
                for name in KIND_DETAIL_FIELDS[entry_point.kind]
                if name not in NOT_COPIED
            }
            replacement = EntryPoint(
                kind=entry_point.kind,
                body_site=new_site,
                # removed_at, not `at`: the removal may have been moved to just after a
                # check made in the same minute (check_removal_time).
                started_at=removed_at,
                **(copied | (details or {})),
            )
            add_entry_point(
                nurse=nurse, patient=entry_point.patient, entry_point=replacement, now=now
            )
    except Exception:
        # The removal was undone with the rest: the caller's object says so again.
        entry_point.refresh_from_db()
        raise
    return replacement
