"""Recording an infection event and correcting it (including ruling it out, and the
lead's override of what the rules conclude), each in one transaction with its audit
event. The rules run before anything is saved: an event they cannot place (a date of
event before the admission, or when the patient was not in hospital) is refused with
their reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import audit, permissions
from ..measures.infections import AssessedEvent, assessed
from ..models import Decision, HarmStage, InfectionEvent, Patient, User, Ward
from ..surveillance import InfectionType
from .common import clean_reason, lock_patient, now_or

EVIDENCE_MAX_LENGTH = 2000
ORGANISM_MAX_LENGTH = 200
# NHSN's infection window period: the first positive test and the 3 days either side.
WINDOW_DAYS = 3
# The infection window period belongs to the event types of NHSN ch. 2; ch. 9 (SSI) and
# ch. 10 (VAE) time their events their own way.
WINDOWED_TYPES = frozenset({InfectionType.CLABSI, InfectionType.CAUTI})


@dataclass(frozen=True)
class EventDetails:
    """What the lead enters about an infection (the same for a new one and a correction)."""

    infection_type: str
    first_positive_on: date
    date_of_event: date
    evidence: str
    organism: str = ""
    harm_stage: str = ""


@dataclass(frozen=True)
class Review:
    """A correction's decision and override; all optional but the reason."""

    reason: str
    decision: str = Decision.CONFIRMED
    override_counted: bool | None = None
    override_ward: Ward | None = None
    override_reason: str = ""


def _clean(details: EventDetails, today: date) -> EventDetails:
    errors: list[str] = []
    try:
        kind = InfectionType(details.infection_type)
    except ValueError:
        raise ValidationError("Choose one of the infection types offered.") from None
    evidence = (details.evidence or "").strip()
    organism = (details.organism or "").strip()
    if not evidence:
        errors.append("Write the evidence: the test, finding or criterion this rests on.")
    elif len(evidence) > EVIDENCE_MAX_LENGTH:
        errors.append(f"Keep the evidence under {EVIDENCE_MAX_LENGTH} characters.")
    if len(organism) > ORGANISM_MAX_LENGTH:
        errors.append(f"Keep the organism under {ORGANISM_MAX_LENGTH} characters.")
    for day, what in (
        (details.first_positive_on, "The first positive test or finding"),
        (details.date_of_event, "The date of event"),
    ):
        if day > today:
            errors.append(f"{what} cannot be in the future ({day.day} {day:%b %Y}).")
    gap = abs((details.date_of_event - details.first_positive_on).days)
    if kind in WINDOWED_TYPES and gap > WINDOW_DAYS:
        errors.append(
            "The date of event must fall in the infection window period: the day of the "
            f"first positive test and the {WINDOW_DAYS} days either side ({gap} days apart)."
        )
    stage = details.harm_stage or ""
    if kind == InfectionType.PRESSURE_INJURY and stage not in HarmStage.values:
        errors.append("Choose the pressure injury's stage (2 or worse, unstageable, deep tissue).")
    if kind != InfectionType.PRESSURE_INJURY and stage:
        errors.append("A stage belongs to a pressure injury only.")
    if errors:
        raise ValidationError(errors)
    return EventDetails(
        kind.value, details.first_positive_on, details.date_of_event, evidence, organism, stage
    )


def _placed(event: InfectionEvent) -> AssessedEvent:
    """Run the rules on an unsaved version; refuse what they cannot place."""
    result = assessed([event])[0]
    if result.assessment is None:
        raise ValidationError(result.problem)
    return result


def record_infection(
    *,
    lead: User,
    patient: Patient,
    details: EventDetails,
    public_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> InfectionEvent:
    """Record an infection event. `public_id`: the id the form was given when shown, so
    the same form sent twice records one event."""
    now = now_or(now)
    if not permissions.can_record_infections(lead):
        raise PermissionDenied("Only the infection-prevention lead records infection events.")
    details = _clean(details, timezone.localdate(now))
    public_id = public_id or uuid.uuid4()
    with transaction.atomic():
        lock_patient(patient)
        already = InfectionEvent.objects.filter(public_id=public_id).first()
        if already is not None:
            if already.patient_id != patient.pk:
                raise ValidationError("This form has expired: open the infection form again.")
            return already
        same = InfectionEvent.objects.standing().filter(
            patient=patient,
            infection_type=details.infection_type,
            date_of_event=details.date_of_event,
            decision=Decision.CONFIRMED,
        )
        if same.exists():
            raise ValidationError(
                "This patient already has this infection on this date of event: open it and "
                "correct it instead."
            )
        event = InfectionEvent(
            public_id=public_id,
            patient=patient,
            first_recorded_at=now,
            recorded_at=now,
            recorded_by=lead,
            **_fields(details),
        )
        placed = _placed(event)
        try:
            with transaction.atomic():
                event.save()
        except IntegrityError:
            return InfectionEvent.objects.get(public_id=public_id)
        audit.log(lead, "infection.recorded", event, _summary(event, placed))
    return event


def correct_infection(
    *,
    lead: User,
    original: InfectionEvent,
    details: EventDetails,
    review: Review,
    now: datetime | None = None,
) -> InfectionEvent:
    """A new version of an event, pointing at the one it replaces, with the reason: new
    details, a decision ("not an HAI after review" is one), or an override of the ward
    or of whether it is counted, with its own reason. The original stays as it was."""
    now = now_or(now)
    if not permissions.can_record_infections(lead):
        raise PermissionDenied("Only the infection-prevention lead corrects infection events.")
    reason = clean_reason(review.reason, "infection event")
    details = _clean(details, timezone.localdate(now))
    if review.decision not in Decision.values:
        raise ValidationError("Choose one of the decisions offered.")
    overriding = review.override_counted is not None or review.override_ward is not None
    override_reason = (review.override_reason or "").strip()
    if overriding:
        override_reason = clean_reason(override_reason, "conclusion of the rules")
    else:
        override_reason = ""
    with transaction.atomic():
        lock_patient(original.patient)
        if InfectionEvent.objects.filter(corrects=original).exists():
            raise ValidationError(
                "This event has already been corrected; open its latest version to correct it."
            )
        correction = InfectionEvent(
            event_id=original.event_id,
            patient=original.patient,
            first_recorded_at=original.first_recorded_at,
            recorded_at=now,
            recorded_by=lead,
            decision=review.decision,
            override_counted=review.override_counted,
            override_ward=review.override_ward,
            override_reason=override_reason,
            corrects=original,
            correction_reason=reason,
            **_fields(details),
        )
        placed = _placed(correction)
        try:
            with transaction.atomic():
                correction.save()
        except IntegrityError:
            raise ValidationError(
                "Someone has just corrected this event; open its latest version."
            ) from None
        summary = _summary(correction, placed) | {
            "corrects": str(original.public_id),
            "changed": _changed(original, correction),
        }
        audit.log(lead, "infection.corrected", correction, summary)
    return correction


def _fields(details: EventDetails) -> dict[str, object]:
    return {
        "infection_type": details.infection_type,
        "first_positive_on": details.first_positive_on,
        "date_of_event": details.date_of_event,
        "evidence": details.evidence,
        "organism": details.organism,
        "harm_stage": details.harm_stage,
    }


COMPARED = [
    "infection_type",
    "harm_stage",
    "first_positive_on",
    "date_of_event",
    "organism",
    "evidence",
    "decision",
    "override_counted",
    "override_ward_id",
    "override_reason",
]


def _changed(before: InfectionEvent, after: InfectionEvent) -> list[str]:
    return [name for name in COMPARED if getattr(before, name) != getattr(after, name)]


def _summary(event: InfectionEvent, placed: AssessedEvent) -> dict[str, object]:
    # Ids and the rules' conclusions only: no organism or evidence text in the trail's
    # payload, which is read far more widely than the record.
    return {
        "event": str(event.event_id),
        "patient": str(event.patient.public_id),
        "type": event.infection_type,
        "date_of_event": event.date_of_event.isoformat(),
        "decision": event.decision,
        "counted": placed.counted,
        "ward": placed.ward_id,
    }
