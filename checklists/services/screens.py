"""Recording a bedside sepsis screen, correcting one, and recording its escalation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from .. import audit, permissions, sepsis
from ..models import Check, Escalation, Patient, SepsisScreen, User
from .common import (
    NOTE_MAX_LENGTH,
    clean_note,
    clean_reason,
    fmt,
    lock_patient,
    not_in_future,
    now_or,
    require_recordable,
    to_the_minute,
)


def record_screen(
    *,
    nurse: User,
    patient: Patient,
    observed_at: datetime,
    observations: sepsis.Observations,
    red_flags: Iterable[str] = (),
    prompted_by: Check | None = None,
    note: str = "",
    public_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> SepsisScreen:
    """Score the observations and keep them with their scores, in one transaction with
    the audit event. `public_id`: the id the form was given when it was shown, so that
    the same form sent twice (a double tap, a resent request) saves one screen: the
    second time, the screen already saved is returned."""
    now = now_or(now)
    public_id = public_id or uuid.uuid4()
    note = clean_note(note)
    with transaction.atomic():
        stay = require_recordable(nurse, patient)
        already = SepsisScreen.objects.filter(public_id=public_id).first()
        if already is not None:
            return _the_same_screen(already, nurse, patient)
        not_in_future(observed_at, now, "The observation time")
        if observed_at < to_the_minute(stay.started_at):
            raise ValidationError(
                f"The screen cannot be before the patient came to {stay.ward.name} "
                f"({fmt(stay.started_at)})."
            )
        if prompted_by is not None and prompted_by.entry_point.patient_id != patient.pk:
            raise ValidationError("That check is about another patient.")
        screen = SepsisScreen.scored(
            _assessed(observations, red_flags),
            public_id=public_id,
            patient=patient,
            ward_id=stay.ward_id,
            prompted_by=prompted_by,
            observed_at=observed_at,
            recorded_at=now,
            recorded_by=nurse,
            note=note,
        )
        try:
            with transaction.atomic():
                screen.save()
        except IntegrityError:
            # The same form, sent twice at once: the other request saved it first.
            return _the_same_screen(SepsisScreen.objects.get(public_id=public_id), nurse, patient)
        audit.log(
            nurse,
            "screen.recorded",
            screen,
            {
                "patient": str(patient.public_id),
                "news2": screen.news2,
                "risk_level": screen.risk_level,
            },
        )
    return screen


def correct_screen(
    *,
    nurse: User,
    original: SepsisScreen,
    observations: sepsis.Observations,
    red_flags: Iterable[str] = (),
    reason: str,
    note: str = "",
    now: datetime | None = None,
) -> SepsisScreen:
    """Replace a screen's readings by a new screen that points at it, with the reason;
    the original stays as it was. The correction keeps the original's time, ward and
    prompting check, and is scored afresh. An escalation recorded on the original is
    still a fact (someone was told): when the corrected readings also call for one, it
    is carried to the correction as a new record saying so; when they do not, it stays
    with the original, in its history."""
    now = now_or(now)
    reason, note = clean_reason(reason, "screen"), clean_note(note)
    if not permissions.can_record_on_ward(nurse, original.ward):
        raise PermissionDenied("You can only correct screens taken on your own wards.")
    result = _assessed(observations, red_flags)
    with transaction.atomic():
        lock_patient(original.patient)
        if SepsisScreen.objects.filter(corrects=original).exists():
            raise ValidationError(
                "This screen has already been corrected; open the latest version to correct it."
            )
        correction = SepsisScreen.scored(
            result,
            patient=original.patient,
            ward_id=original.ward_id,
            prompted_by=original.prompted_by,
            observed_at=original.observed_at,
            recorded_at=now,
            recorded_by=nurse,
            note=note,
            corrects=original,
            correction_reason=reason,
        )
        try:
            with transaction.atomic():
                correction.save()
        except IntegrityError:
            raise ValidationError(
                "Someone has just corrected this screen; open the latest version."
            ) from None
        carried = _carry_escalation(original, correction, nurse, now)
        audit.log(
            nurse,
            "screen.corrected",
            correction,
            {
                "corrects": str(original.public_id),
                "news2": [original.news2, correction.news2],
                "risk_level": [original.risk_level, correction.risk_level],
                "escalation_carried": carried,
            },
        )
    return correction


def _carry_escalation(
    original: SepsisScreen, correction: SepsisScreen, nurse: User, now: datetime
) -> bool:
    told = Escalation.objects.filter(screen=original).first()
    if told is None or not correction.escalate:
        return False
    carried_note = f"Carried from the screen this corrects. {told.note}".strip()
    Escalation.objects.create(
        screen=correction,
        told_role=told.told_role,
        told_name=told.told_name,
        told_at=told.told_at,
        reply=told.reply,
        note=carried_note[:NOTE_MAX_LENGTH],
        recorded_at=now,
        recorded_by=nurse,
    )
    return True


def _assessed(observations: sepsis.Observations, red_flags: Iterable[str]) -> sepsis.Assessment:
    try:
        return sepsis.assess(observations, red_flags)
    except sepsis.ImplausibleObservations as refused:
        raise ValidationError(refused.reasons) from None
    except ValueError:
        raise ValidationError("Tick only the red flags the form offers.") from None


def _the_same_screen(screen: SepsisScreen, nurse: User, patient: Patient) -> SepsisScreen:
    """A form sent again: the screen it saved, if it is this nurse's screen of this
    patient; anything else reusing its id is refused."""
    if screen.patient_id != patient.pk or screen.recorded_by_id != nurse.pk:
        raise ValidationError("This form has expired: open the screen form again.")
    return screen


def record_escalation(
    *,
    nurse: User,
    screen: SepsisScreen,
    told_role: str,
    told_name: str,
    told_at: datetime,
    reply: str,
    note: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Record who was told about a screen that called for it. One per screen: what came
    later is the next screen's to say."""
    now = now_or(now)
    told_name, note = (told_name or "").strip(), clean_note(note)
    if not told_name:
        raise ValidationError("Give the name of the person you told.")
    if told_role not in set(sepsis.Told) or reply not in set(sepsis.Reply):
        raise ValidationError("Choose who you told and what came of it from the lists.")
    with transaction.atomic():
        require_recordable(nurse, screen.patient)
        if SepsisScreen.objects.filter(corrects=screen).exists():
            raise ValidationError(
                "This screen has been corrected: record the escalation on the corrected screen."
            )
        if not screen.escalate:
            raise ValidationError("This screen's score does not call for an escalation.")
        if Escalation.objects.filter(screen=screen).exists():
            raise ValidationError("The escalation of this screen is already recorded.")
        not_in_future(told_at, now, "The time you told them")
        if told_at < to_the_minute(screen.observed_at):
            raise ValidationError(
                f"They cannot have been told before the screen ({fmt(screen.observed_at)})."
            )
        escalation = Escalation(
            screen=screen,
            told_role=told_role,
            told_name=told_name,
            told_at=told_at,
            reply=reply,
            note=note,
            recorded_at=now,
            recorded_by=nurse,
        )
        try:
            with transaction.atomic():
                escalation.save()
        except IntegrityError:
            raise ValidationError("The escalation of this screen is already recorded.") from None
        audit.log(
            nurse,
            "escalation.recorded",
            escalation,
            {"screen": str(screen.public_id), "told_role": told_role, "reply": reply},
        )
    return escalation
