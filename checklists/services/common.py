"""Rules every clinical write shares: the clock, locking a patient, the right to write."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from .. import permissions
from ..models import Patient, Stay, User

# Ward clocks and tablets drift; an observation a minute "in the future" is not an error.
CLOCK_SKEW = timedelta(minutes=5)
# Of a check, a screen or an escalation.
NOTE_MAX_LENGTH = 1000


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def fmt(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y %H:%M}"


def not_in_future(moment: datetime, now: datetime, what: str) -> None:
    if moment > now + CLOCK_SKEW:
        raise ValidationError(f"{what} cannot be in the future ({fmt(moment)}).")


def to_the_minute(moment: datetime) -> datetime:
    """Times are typed to the minute: one typed in the same minute as `moment` is not
    before it."""
    return moment.replace(second=0, microsecond=0)


REASON_MAX_LENGTH = 500


def clean_reason(reason: str, what: str) -> str:
    """A correction's reason, trimmed: required, and at most REASON_MAX_LENGTH long.
    `what`: the record corrected ("check", "screen"), for the message."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"Say why you are correcting this {what}.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    return reason


def clean_note(note: str) -> str:
    """A free-text note, trimmed; refused when longer than NOTE_MAX_LENGTH."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(f"Keep the note under {NOTE_MAX_LENGTH} characters.")
    return note


def lock_patient(patient: Patient) -> None:
    """Serialise every write about one patient (checks, removals, transfers, discharge):
    each re-reads what it validates after taking this row lock, so two nurses acting at
    once cannot both pass a check that only one of them should (a no-op on SQLite, whose
    writes are serialised anyway)."""
    Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk").first()


def require_recordable(user: User, patient: Patient) -> Stay:
    """Call inside a transaction: locks the patient, then checks the right to write."""
    if not permissions.can_write_clinical(user):
        raise PermissionDenied("Only ward nurses record clinical data.")
    lock_patient(patient)
    stay = patient.current_stay()
    if stay is None:
        raise ValidationError(
            "This patient has been discharged: nothing more can be recorded for them."
        )
    if not permissions.can_record_for(user, patient, stay):
        raise PermissionDenied("You can only record for patients on your own wards.")
    return stay
