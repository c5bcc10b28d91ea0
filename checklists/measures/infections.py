"""Infection events with what NHSN would conclude about each (`surveillance.assess`),
from the stays and entry points already recorded.

A fixed number of queries whatever the number of events: the events asked for, then
for all their patients at once their stays, their entry points of the kinds the rules
look at, and their other standing events (the repeat infection timeframe needs them).
The rules then run in Python over those rows. Nothing the rules conclude is stored: a
transfer recorded late, or an earlier event entered after a later one, is reflected
the next time the events are read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import Decision, EntryPoint, EntryPointKind, InfectionEvent, Stay, Ward
from ..surveillance import DEVICE_KIND, Assessment, Device, PriorEvent, StayDays, assess
from ..surveillance.attribution import NotAttributable, Override
from .periods import Period

# The entry points the rules look at: the devices of device-associated infections and
# the surgical wounds of SSIs.
RULE_KINDS = [*DEVICE_KIND.values(), EntryPointKind.SURGICAL_WOUND.value]


@dataclass(frozen=True, slots=True)
class AssessedEvent:
    event: InfectionEvent  # the standing version
    assessment: Assessment | None  # None: the rules cannot place it (`problem` says why)
    problem: str = ""

    @property
    def counted(self) -> bool:
        """In its ward's rate: confirmed, and counted by the rules or the override."""
        if self.event.decision != Decision.CONFIRMED or self.assessment is None:
            return False
        return self.assessment.counted

    @property
    def ward_id(self) -> int | None:
        return self.assessment.attributed_ward_id if self.assessment else None


def stay_days(stays: Iterable[Stay]) -> list[StayDays]:
    """Stays as the rules see them, in local calendar days, in the order they began."""
    return [
        StayDays(
            ward_id=s.ward_id,
            ward_name=s.ward.name,
            start=timezone.localdate(s.started_at),
            end=timezone.localdate(s.ended_at) if s.ended_at else None,
            left_by=s.end_reason,
        )
        for s in sorted(stays, key=lambda s: (s.started_at, s.pk))
    ]


def device(entry_point: EntryPoint) -> Device:
    return Device(
        kind=entry_point.kind,
        name=f"{entry_point.get_kind_display()} ({entry_point.body_site})",
        start=entry_point.start_date,
        removed=entry_point.removal_date,
    )


def prior(event: InfectionEvent) -> PriorEvent:
    return PriorEvent(
        key=event.event_id,
        infection_type=event.kind,
        date_of_event=event.date_of_event,
        order=int(event.first_recorded_at.timestamp() * 1_000_000),
        name=event.short_name,
    )


def override_of(event: InfectionEvent) -> Override | None:
    if event.override_counted is None and event.override_ward_id is None:
        return None
    ward = event.override_ward
    return Override(
        counted=event.override_counted,
        ward_id=event.override_ward_id,
        ward_name=ward.name if ward else "",
        reason=event.override_reason,
        by=event.recorded_by.display_name,
    )


def assess_event(
    event: InfectionEvent,
    stays: Sequence[StayDays],
    devices: Sequence[Device],
    others: Iterable[InfectionEvent],
) -> AssessedEvent:
    """One event's conclusions, from its patient's rows. `others`: the patient's other
    standing events; those ruled out open no repeat infection timeframe."""
    earlier = [
        prior(o)
        for o in others
        if o.event_id != event.event_id and o.decision == Decision.CONFIRMED
    ]
    try:
        result = assess(
            event.kind, event.date_of_event, stays, devices, earlier, prior(event).order
        )
    except NotAttributable as refused:
        return AssessedEvent(event, None, str(refused))
    override = override_of(event)
    return AssessedEvent(event, result.overridden(override) if override else result)


def assessed(events: Iterable[InfectionEvent]) -> list[AssessedEvent]:
    """The standing `events`, each with its conclusions, in the order given."""
    events = list(events)
    patient_ids = {e.patient_id for e in events}
    stays: dict[int, list[Stay]] = defaultdict(list)
    for stay in Stay.objects.filter(patient_id__in=patient_ids).select_related("ward"):
        stays[stay.patient_id].append(stay)
    devices: dict[int, list[Device]] = defaultdict(list)
    rows = EntryPoint.objects.filter(patient_id__in=patient_ids, kind__in=RULE_KINDS).only(
        "patient_id", "kind", "body_site", "started_at", "removed_at"
    )
    for entry_point in rows:
        devices[entry_point.patient_id].append(device(entry_point))
    others: dict[int, list[InfectionEvent]] = defaultdict(list)
    standing = InfectionEvent.objects.standing().filter(patient_id__in=patient_ids)
    for other in standing.only(
        "event_id",
        "patient_id",
        "infection_type",
        "date_of_event",
        "decision",
        "first_recorded_at",
    ):
        others[other.patient_id].append(other)
    return [
        assess_event(e, stay_days(stays[e.patient_id]), devices[e.patient_id], others[e.patient_id])
        for e in events
    ]


def attributable(wards: Sequence[Ward], period: Period) -> list[AssessedEvent]:
    """The standing events dated in `period` that could be attributed to one of `wards`:
    those of a patient who stayed on one of them (the rules attribute an event only to a
    ward the patient was on) and those an override moved to one. The rules then say
    which ward each belongs to; `counted_infections` keeps those of `wards`. Five
    queries whatever the number of events."""
    ward_ids = [w.pk for w in wards]
    stayed = Stay.objects.filter(patient_id=OuterRef("patient_id"), ward_id__in=ward_ids)
    events = (
        InfectionEvent.objects.standing()
        .filter(date_of_event__range=(period.start, period.end))
        .filter(Q(Exists(stayed)) | Q(override_ward_id__in=ward_ids))
        .select_related("recorded_by", "override_ward")
        .order_by("date_of_event", "first_recorded_at")
    )
    return assessed(events)
