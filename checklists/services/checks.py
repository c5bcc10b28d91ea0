"""The daily check of an entry point, and corrections of it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import audit, days, permissions
from ..measures import rollup
from ..models import Answer, Check, ChecklistTemplate, EntryPoint, Patient, Stay, User, Ward
from .common import (
    clean_note,
    clean_reason,
    fmt,
    lock_patient,
    not_in_future,
    now_or,
    require_recordable,
)
from .flags import follow_check


def record_check(
    *,
    nurse: User,
    entry_point: EntryPoint,
    observed_at: datetime,
    answers: Mapping[str, str],
    note: str = "",
    now: datetime | None = None,
    template: ChecklistTemplate | None = None,
) -> Check:
    """Record the day's check of one entry point, with one answer per item. `template`:
    the kind's current checklist, if the caller has just read it (with its items
    prefetched) to build the form; otherwise it is read here."""
    now = now_or(now)
    if template is not None and template.kind != entry_point.kind:
        raise ValueError(f"A {template.kind} checklist for a {entry_point.kind} entry point")
    with transaction.atomic():
        stay = require_recordable(nurse, entry_point.patient)
        # Its removal is the one change an entry point can have had since it was read.
        entry_point.refresh_from_db(fields=["removed_at", "removal_reason", "removed_by"])
        ward_stay = _check_observation(nurse, entry_point, stay, observed_at, now)
        check = _write_check(
            nurse=nurse,
            entry_point=entry_point,
            ward=ward_stay.ward,
            observed_at=observed_at,
            answers=answers,
            note=note,
            now=now,
            template=template,
        )
    return check


def _check_observation(
    nurse: User, entry_point: EntryPoint, stay: Stay, observed_at: datetime, now: datetime
) -> Stay:
    """Every rule about the moment observed, in the order the nurse is told of them, and
    the stay (with its ward) the check then counts on. Apart from the write so that the
    rules read as a list; none of them writes, and each queries only when it must."""
    not_in_future(observed_at, now, "The observation time")
    clinical_date = timezone.localdate(observed_at)
    if clinical_date > timezone.localdate(now):
        raise ValidationError("The observation time cannot be on a day still to come.")
    if observed_at < entry_point.started_at:
        raise ValidationError(
            f"The check cannot be before the insertion ({fmt(entry_point.started_at)})."
        )
    if entry_point.removed_at and observed_at > entry_point.removed_at:
        raise ValidationError(
            f"The check cannot be after the removal ({fmt(entry_point.removed_at)})."
        )
    ward_stay = _stay_at(entry_point.patient, stay, observed_at)
    if ward_stay is None:
        raise ValidationError("The patient was not on a ward at the observation time.")
    # require_recordable let her write on the current stay's ward; an earlier one's
    # check would count on a ward she may not work on.
    if ward_stay != stay and not permissions.can_record_on_ward(nurse, ward_stay.ward):
        raise ValidationError(
            f"At that time the patient was on {ward_stay.ward.name}; "
            "a nurse of that ward must record it."
        )
    existing = _original_check(entry_point, clinical_date)
    if existing is not None:
        raise _already_recorded(existing)
    return ward_stay


def _write_check(
    *,
    nurse: User,
    entry_point: EntryPoint,
    ward: Ward,
    observed_at: datetime,
    answers: Mapping[str, str],
    note: str,
    now: datetime,
    template: ChecklistTemplate | None,
) -> Check:
    """Build the check, save it with its answers, forget the day's roll-up and log it:
    the write, once the observation rules have passed (inside record_check's
    transaction, so a refusal here still leaves nothing behind)."""
    clinical_date = timezone.localdate(observed_at)
    template = template or ChecklistTemplate.objects.current_for(entry_point.kind)
    if template is None:
        raise ValidationError("No checklist is set up for this kind yet; tell an administrator.")
    check = Check(
        entry_point=entry_point,
        ward=ward,
        template=template,
        clinical_date=clinical_date,
        observed_at=observed_at,
        recorded_at=now,
        recorded_by=nurse,
        is_late=days.is_late(clinical_date, now),
        note=clean_note(note),
    )
    _save_first_of_day(check, template, answers)
    flag = follow_check(check)
    rollup.forget(entry_point.patient_id, clinical_date)
    audit.log(
        nurse,
        "check.recorded",
        check,
        {"entry_point": str(entry_point.public_id), "date": clinical_date.isoformat(), **flag},
    )
    return check


def _save_first_of_day(
    check: Check, template: ChecklistTemplate, answers: Mapping[str, str]
) -> None:
    """Save a day's original check. A double submit that raced past the already-recorded
    rule meets the database's one-a-day constraint here, and gets the same refusal."""
    try:
        # A savepoint, so the failed insert leaves the outer transaction usable on
        # PostgreSQL for the query that follows.
        with transaction.atomic():
            _save_with_answers(check, template, answers)
    except IntegrityError:
        existing = _original_check(check.entry_point, check.clinical_date)
        if existing is None:
            raise
        raise _already_recorded(existing) from None


def correct_check(
    *,
    nurse: User,
    original: Check,
    answers: Mapping[str, str],
    reason: str,
    note: str = "",
    now: datetime | None = None,
) -> Check:
    """Replace a check's answers by a new record that points at it; the original stays."""
    now = now_or(now)
    reason = clean_reason(reason, "check")
    if not permissions.can_record_on_ward(nurse, original.ward):
        raise PermissionDenied("You can only correct checks made on your own wards.")
    with transaction.atomic():
        lock_patient(original.entry_point.patient)
        if Check.objects.filter(corrects=original).exists():
            raise ValidationError(
                "This check has already been corrected; open the latest version to correct it."
            )
        correction = original.new_correction(
            recorded_by=nurse, recorded_at=now, reason=reason, note=clean_note(note)
        )
        try:
            with transaction.atomic():
                _save_with_answers(correction, original.template, answers)
        except IntegrityError:
            raise ValidationError(
                "Someone has just corrected this check; open the latest version."
            ) from None
        flag = follow_check(correction)
        rollup.forget(original.entry_point.patient_id, original.clinical_date)
        audit.log(
            nurse,
            "check.corrected",
            correction,
            {"corrects": str(original.public_id), **flag},
        )
    return correction


def _original_check(entry_point: EntryPoint, clinical_date: date) -> Check | None:
    """The day's original check of an entry point, if any; corrections hang behind it,
    so they do not count as a second check of the day."""
    return Check.objects.filter(
        entry_point=entry_point, clinical_date=clinical_date, corrects__isnull=True
    ).first()


def _already_recorded(existing: Check) -> ValidationError:
    return ValidationError(
        f"This day's check was already recorded at {fmt(existing.recorded_at)} by "
        f"{existing.recorded_by.display_name}. To change it, open it and make a correction."
    )


def _stay_at(patient: Patient, current: Stay, moment: datetime) -> Stay | None:
    """The stay (with its ward) the patient was on at `moment`; the current one for any
    moment since it began, without a query."""
    if moment >= current.started_at:
        return current
    return patient.stays.select_related("ward").covering(moment).first()


def _save_with_answers(
    check: Check, template: ChecklistTemplate, answers: Mapping[str, str]
) -> None:
    """Evaluate every item's answer, then save the check and its answers together."""
    items = list(template.items.all())
    missing = [item.text for item in items if str(answers.get(item.code) or "").strip() == ""]
    if missing:
        raise ValidationError(["Answer every item. Missing: " + "; ".join(missing) + "."])
    known = {item.code for item in items}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(f"Unknown checklist items: {', '.join(unknown)}.")
    rows: list[Answer] = []
    errors: list[str] = []
    for item in items:
        try:
            rows.append(Answer.for_item(item, str(answers[item.code]).strip()))
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError(errors)
    conflicts = template.conflicts_in({row.item.code: row.value for row in rows})
    if conflicts:
        raise ValidationError([conflict.message for conflict in conflicts])
    check.judge(rows)
    check.save()
    for row in rows:
        row.check_record = check
    Answer.objects.bulk_create(rows)
