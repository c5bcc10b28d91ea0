"""Admission, transfer and discharge: a patient's stays on the wards."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import audit, permissions
from ..measures import rollup
from ..models import Check, Patient, Stay, User, Ward
from ..models.patients import RISK_FACTORS
from .common import fmt, lock_patient, not_in_future, now_or, require_recordable
from .entry_points import check_removal_time, close_entry_point


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
    now = now_or(now)
    if not permissions.can_record_on_ward(nurse, ward):
        raise PermissionDenied("You can only admit to your own wards.")
    not_in_future(at, now, "The admission time")
    try:
        return _admit(nurse, ward, patient, at, bed)
    except IntegrityError:
        # Another nurse admitted the same patient, or filled the bed, a moment ago.
        raise ValidationError(
            "Someone has just admitted this patient or filled that bed; reload and check."
        ) from None


def _admit(nurse: User, ward: Ward, patient: Patient, at: datetime, bed: str) -> Stay:
    if timezone.localdate(at) < patient.date_of_birth:
        raise ValidationError("The admission time is before the patient's date of birth.")
    with transaction.atomic():
        is_new = patient.pk is None
        if is_new:
            patient.full_clean()
            patient.save()
        else:
            lock_patient(patient)
            current = patient.current_stay()
            if current is not None:
                raise ValidationError(
                    f"{patient.hospital_number} is already on {current.ward.name}; "
                    "transfer them from there instead."
                )
            last = patient.stays.order_by("-ended_at").first()
            if last and last.ended_at and at < last.ended_at:
                raise ValidationError(
                    f"The admission time is before their last discharge ({fmt(last.ended_at)})."
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
        rollup.forget(patient.pk, timezone.localdate(at))
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
    now = now_or(now)
    with transaction.atomic():
        stay = require_recordable(nurse, patient)
        if to_ward.pk == stay.ward_id:
            raise ValidationError(f"The patient is already on {to_ward.name}.")
        _check_stay_end(stay, at, now, "transfer")
        _check_bed_free(to_ward, bed)
        _end_stay(stay, at, Stay.EndReason.TRANSFER)
        new_stay = Stay.objects.create(patient=patient, ward=to_ward, started_at=at, bed=bed)
        rollup.forget(patient.pk, timezone.localdate(at))
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
    now = now_or(now)
    with transaction.atomic():
        stay = require_recordable(nurse, patient)
        _check_stay_end(stay, at, now, "discharge")
        open_points = list(patient.entry_points.filter(removed_at__isnull=True))
        # Typed to the minute: a check seconds later in the same minute moves the
        # discharge (and the removals with it) to just after that check.
        at = max([check_removal_time(point, at, now) for point in open_points], default=at)
        flags = [
            close_entry_point(point, nurse, at, "Patient discharged", now) for point in open_points
        ]
        _end_stay(stay, at, Stay.EndReason.DISCHARGE)
        rollup.forget(patient.pk, timezone.localdate(at))
        audit.log(
            nurse,
            "patient.discharged",
            patient,
            {
                "ward": stay.ward.code,
                "entry_points_closed": [str(p.public_id) for p in open_points],
                "flags_closed": [f["flag_closed"] for f in flags if f],
            },
        )
    return stay


def _check_bed_free(ward: Ward, bed: str) -> None:
    if bed and Stay.objects.current().filter(ward=ward, bed=bed).exists():
        raise ValidationError(
            f"Bed {bed} on {ward.name} is taken; choose another or leave it blank."
        )


def _check_stay_end(stay: Stay, at: datetime, now: datetime, what: str) -> None:
    not_in_future(at, now, f"The {what} time")
    if at < stay.started_at:
        raise ValidationError(
            f"The {what} time is before the patient arrived on the ward ({fmt(stay.started_at)})."
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
