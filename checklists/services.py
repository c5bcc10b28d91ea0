"""Every clinical write: one function each, one transaction each, one audit event each.

Rules that protect the record live here, not in forms or views, so the seed
command, the views and later the API all obey them. A broken rule raises
ValidationError with a message fit to show the nurse; a missing right raises
PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import audit, days, permissions
from .models import (
    Answer,
    Check,
    ChecklistTemplate,
    EntryPoint,
    Patient,
    Stay,
    User,
    Ward,
)
from .models.checks import all_or_none
from .models.patients import RISK_FACTORS

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 500
# Ward clocks and tablets drift; an observation a minute "in the future" is not an error.
CLOCK_SKEW = timedelta(minutes=5)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _fmt(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y %H:%M}"


def _not_in_future(moment: datetime, now: datetime, what: str) -> None:
    if moment > now + CLOCK_SKEW:
        raise ValidationError(f"{what} cannot be in the future ({_fmt(moment)}).")


def _current_stay(patient: Patient) -> Stay | None:
    return patient.stays.select_related("ward").filter(ended_at__isnull=True).first()


def _lock_patient(patient: Patient) -> None:
    """Serialise every write about one patient (checks, removals, transfers, discharge):
    each re-reads what it validates after taking this row lock, so two nurses acting at
    once cannot both pass a check that only one of them should (a no-op on SQLite, whose
    writes are serialised anyway)."""
    Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk").first()


def _require_recordable(user: User, patient: Patient) -> Stay:
    """Call inside a transaction: locks the patient, then checks the right to write."""
    if not permissions.can_write_clinical(user):
        raise PermissionDenied("Only ward nurses record clinical data.")
    _lock_patient(patient)
    stay = _current_stay(patient)
    if stay is None:
        raise ValidationError(
            "This patient has been discharged: nothing more can be recorded for them."
        )
    if not permissions.can_record_for(user, patient, stay):
        raise PermissionDenied("You can only record for patients on your own wards.")
    return stay


# --- Admission, transfer, discharge -------------------------------------------------


def admit_patient(
    *,
    nurse: User,
    ward: Ward,
    patient: Patient,
    at: datetime,
    bed: str = "",
    now: datetime | None = None,
) -> Stay:
    """Start a stay on `ward`. `patient` may be new (unsaved) or a returning one."""
    now = _now(now)
    if not permissions.can_record_on_ward(nurse, ward):
        raise PermissionDenied("You can only admit to your own wards.")
    _not_in_future(at, now, "The admission time")
    try:
        return _admit(nurse, ward, patient, at, bed)
    except IntegrityError:
        # Another nurse admitted the same patient, or filled the bed, a moment ago.
        raise ValidationError(
            "Someone has just admitted this patient or filled that bed; reload and check."
        ) from None


def _admit(nurse: User, ward: Ward, patient: Patient, at: datetime, bed: str) -> Stay:
    with transaction.atomic():
        is_new = patient.pk is None
        if is_new:
            patient.full_clean()
            patient.save()
        else:
            _lock_patient(patient)
            current = _current_stay(patient)
            if current is not None:
                raise ValidationError(
                    f"{patient.hospital_number} is already on {current.ward.name}; "
                    "transfer them from there instead."
                )
            last = patient.stays.order_by("-ended_at").first()
            if last and last.ended_at and at < last.ended_at:
                raise ValidationError(
                    f"The admission time is before their last discharge ({_fmt(last.ended_at)})."
                )
            # Risk factors describe the patient now, so a readmission updates them.
            before = Patient.objects.filter(pk=patient.pk).values(*RISK_FACTORS).get()
            patient.save(update_fields=list(RISK_FACTORS))
        _check_bed_free(ward, bed)
        stay = Stay.objects.create(patient=patient, ward=ward, started_at=at, bed=bed)
        data = {"ward": ward.code, "new_patient": is_new, "stay": stay.pk}
        if not is_new:
            after = {name: getattr(patient, name) for name in RISK_FACTORS}
            data["risk_factors"] = {"before": before, "after": after}
        audit.log(nurse, "patient.admitted", patient, data)
    return stay


def transfer_patient(
    *,
    nurse: User,
    patient: Patient,
    to_ward: Ward,
    at: datetime,
    bed: str = "",
    now: datetime | None = None,
) -> Stay:
    now = _now(now)
    with transaction.atomic():
        stay = _require_recordable(nurse, patient)
        if to_ward.pk == stay.ward_id:
            raise ValidationError(f"The patient is already on {to_ward.name}.")
        _check_stay_end(stay, at, now, "transfer")
        _check_bed_free(to_ward, bed)
        _end_stay(stay, at, Stay.EndReason.TRANSFER)
        new_stay = Stay.objects.create(patient=patient, ward=to_ward, started_at=at, bed=bed)
        audit.log(
            nurse,
            "patient.transferred",
            patient,
            {"from": stay.ward.code, "to": to_ward.code, "stay": new_stay.pk},
        )
    return new_stay


def discharge_patient(
    *, nurse: User, patient: Patient, at: datetime, now: datetime | None = None
) -> Stay:
    """End the stay; devices still in place stop being tracked at the same moment."""
    now = _now(now)
    with transaction.atomic():
        stay = _require_recordable(nurse, patient)
        _check_stay_end(stay, at, now, "discharge")
        open_points = list(patient.entry_points.filter(removed_at__isnull=True))
        for point in open_points:
            _check_removal_time(point, at, now)
        for point in open_points:
            _close_entry_point(point, nurse, at, "Patient discharged")
        _end_stay(stay, at, Stay.EndReason.DISCHARGE)
        audit.log(
            nurse,
            "patient.discharged",
            patient,
            {
                "ward": stay.ward.code,
                "entry_points_closed": [str(p.public_id) for p in open_points],
            },
        )
    return stay


def _check_bed_free(ward: Ward, bed: str) -> None:
    if bed and Stay.objects.filter(ward=ward, bed=bed, ended_at__isnull=True).exists():
        raise ValidationError(
            f"Bed {bed} on {ward.name} is taken; choose another or leave it blank."
        )


def _check_stay_end(stay: Stay, at: datetime, now: datetime, what: str) -> None:
    _not_in_future(at, now, f"The {what} time")
    if at < stay.started_at:
        raise ValidationError(
            f"The {what} time is before the patient arrived on the ward ({_fmt(stay.started_at)})."
        )
    later = Check.objects.filter(entry_point__patient=stay.patient_id, observed_at__gt=at)
    if later.exists():
        raise ValidationError(f"Checks were recorded after that {what} time; choose a later time.")


def _end_stay(stay: Stay, at: datetime, reason: str) -> None:
    # The only update a stay ever gets: its end, set once.
    updated = Stay.objects.filter(pk=stay.pk, ended_at__isnull=True).update(
        ended_at=at, end_reason=reason
    )
    if updated != 1:
        raise ValidationError("Someone else has just moved this patient; reload the page.")


# --- Entry points -------------------------------------------------------------------


def add_entry_point(
    *, nurse: User, patient: Patient, entry_point: EntryPoint, now: datetime | None = None
) -> EntryPoint:
    """Save a new (unsaved) entry point for a patient on the nurse's ward."""
    now = _now(now)
    with transaction.atomic():
        stay = _require_recordable(nurse, patient)
        _not_in_future(entry_point.started_at, now, "The insertion time")
        _check_plausible_start(entry_point, patient, stay)
        entry_point.patient = patient
        entry_point.created_by = nurse
        entry_point.full_clean()
        entry_point.save()
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
    earliest = stay.started_at - timedelta(days=MAX_DAYS_BEFORE_ADMISSION)
    if entry_point.started_at < earliest:
        raise ValidationError(
            f"The insertion time is more than {MAX_DAYS_BEFORE_ADMISSION} days before this "
            f"admission ({_fmt(stay.started_at)}). Check the date."
        )


def remove_entry_point(
    *,
    nurse: User,
    entry_point: EntryPoint,
    at: datetime,
    reason: str,
    now: datetime | None = None,
) -> EntryPoint:
    now = _now(now)
    with transaction.atomic():
        _require_recordable(nurse, entry_point.patient)
        entry_point.refresh_from_db()
        if entry_point.removed_at is not None:
            raise ValidationError(f"This was already removed on {_fmt(entry_point.removed_at)}.")
        _check_removal_time(entry_point, at, now)
        _close_entry_point(entry_point, nurse, at, reason)
        audit.log(nurse, "entry_point.removed", entry_point, {"kind": entry_point.kind})
    return entry_point


def _check_removal_time(entry_point: EntryPoint, at: datetime, now: datetime) -> None:
    _not_in_future(at, now, "The removal time")
    if at < entry_point.started_at:
        raise ValidationError(
            f"The removal time cannot be before insertion ({_fmt(entry_point.started_at)})."
        )
    if entry_point.checks.filter(observed_at__gt=at).exists():
        raise ValidationError(
            "A check of this was observed after that removal time; choose a later time."
        )


def _close_entry_point(entry_point: EntryPoint, nurse: User, at: datetime, reason: str) -> None:
    # The only update an entry point ever gets: its removal, set once.
    updated = EntryPoint.objects.filter(pk=entry_point.pk, removed_at__isnull=True).update(
        removed_at=at, removal_reason=reason[:200], removed_by=nurse
    )
    if updated != 1:
        raise ValidationError("Someone else has just removed this; reload the page.")
    entry_point.removed_at, entry_point.removal_reason = at, reason[:200]
    entry_point.removed_by = nurse


# --- Daily checks -------------------------------------------------------------------


def record_check(
    *,
    nurse: User,
    entry_point: EntryPoint,
    observed_at: datetime,
    answers: Mapping[str, str],
    note: str = "",
    now: datetime | None = None,
) -> Check:
    """Record the day's check of one entry point, with one answer per item."""
    now = _now(now)
    with transaction.atomic():
        _require_recordable(nurse, entry_point.patient)
        entry_point.refresh_from_db()
        _not_in_future(observed_at, now, "The observation time")
        clinical_date = timezone.localdate(observed_at)
        if clinical_date > timezone.localdate(now):
            raise ValidationError("The observation time cannot be on a day still to come.")
        if observed_at < entry_point.started_at:
            raise ValidationError(
                f"The check cannot be before the insertion ({_fmt(entry_point.started_at)})."
            )
        if entry_point.removed_at and observed_at > entry_point.removed_at:
            raise ValidationError(
                f"The check cannot be after the removal ({_fmt(entry_point.removed_at)})."
            )
        ward_stay = entry_point.patient.stays.select_related("ward").covering(observed_at).first()
        if ward_stay is None:
            raise ValidationError("The patient was not on a ward at the observation time.")
        if not permissions.can_record_on_ward(nurse, ward_stay.ward):
            # The check would count on a ward she does not work on.
            raise ValidationError(
                f"At that time the patient was on {ward_stay.ward.name}; "
                "a nurse of that ward must record it."
            )
        existing = Check.objects.filter(
            entry_point=entry_point, clinical_date=clinical_date, corrects__isnull=True
        ).first()
        if existing is not None:
            raise _already_recorded(existing)
        template = ChecklistTemplate.objects.current_for(entry_point.kind)
        if template is None:
            raise ValidationError(
                "No checklist is set up for this kind yet; tell an administrator."
            )
        check = Check(
            entry_point=entry_point,
            ward=ward_stay.ward,
            template=template,
            clinical_date=clinical_date,
            observed_at=observed_at,
            recorded_at=now,
            recorded_by=nurse,
            is_late=days.is_late(clinical_date, now),
            note=_clean_note(note),
        )
        try:
            # A savepoint, so a double submit racing past the check above leaves
            # the outer transaction usable on PostgreSQL.
            with transaction.atomic():
                _save_with_answers(check, template, answers)
        except IntegrityError:
            existing = Check.objects.filter(
                entry_point=entry_point, clinical_date=clinical_date, corrects__isnull=True
            ).first()
            if existing is None:
                raise
            raise _already_recorded(existing) from None
        audit.log(
            nurse,
            "check.recorded",
            check,
            {"entry_point": str(entry_point.public_id), "date": clinical_date.isoformat()},
        )
    return check


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
    now = _now(now)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why you are correcting this check.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(f"Keep the reason under {REASON_MAX_LENGTH} characters.")
    if not permissions.can_record_on_ward(nurse, original.ward):
        raise PermissionDenied("You can only correct checks made on your own wards.")
    with transaction.atomic():
        _lock_patient(original.entry_point.patient)
        if Check.objects.filter(corrects=original).exists():
            raise ValidationError(
                "This check has already been corrected; open the latest version to correct it."
            )
        correction = Check(
            entry_point=original.entry_point,
            ward=original.ward,
            template=original.template,
            clinical_date=original.clinical_date,
            observed_at=original.observed_at,
            recorded_at=now,
            recorded_by=nurse,
            is_late=original.is_late,
            note=_clean_note(note),
            corrects=original,
            correction_reason=reason,
        )
        try:
            with transaction.atomic():
                _save_with_answers(correction, original.template, answers)
        except IntegrityError:
            raise ValidationError(
                "Someone has just corrected this check; open the latest version."
            ) from None
        audit.log(
            nurse,
            "check.corrected",
            correction,
            {"corrects": str(original.public_id)},
        )
    return correction


def _already_recorded(existing: Check) -> ValidationError:
    return ValidationError(
        f"This day's check was already recorded at {_fmt(existing.recorded_at)} by "
        f"{existing.recorded_by.display_name}. To change it, open it and make a correction."
    )


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(f"Keep the note under {NOTE_MAX_LENGTH} characters.")
    return note


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
    rows, errors = [], []
    for item in items:
        try:
            rows.append(Answer.for_item(item, str(answers[item.code]).strip()))
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError(errors)
    check.is_compliant = all_or_none(rows)
    check.infection_sign = any(row.infection_sign for row in rows)
    check.save()
    for row in rows:
        row.check_record = check
    Answer.objects.bulk_create(rows)
