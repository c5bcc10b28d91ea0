"""The demo's infection events, recorded by the infection-prevention lead at realistic
rates, and a few placed on purpose so that the demo shows every rule from the first day:
one present on admission, one dated the day after a transfer (attributed to the ward the
patient left), one within an earlier one's repeat infection timeframe, and some ruled
out after review.

Rates per day at risk, from device day 3 (or hospital day 3), in the range clinical.md §2
quotes: CLABSI and CAUTI about 1.5 per 1,000 device days, VAE about 4 per 1,000
ventilator days, hospital-acquired pressure injuries about 2 per 1,000 patient days. A
patient's next event of a type waits out the 14-day timeframe of the last one, except
the repeats placed on purpose inside it.

Written in bulk like the checks, so what services.record_infection refuses is never
made here: dates of event on a day the patient was in hospital, before today, with the
first positive test within the infection window; a correction after its original.
tests/test_cmd_seed_demo.py runs the rules over them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from ..models import Decision, HarmStage, InfectionEvent, User
from ..surveillance import InfectionType
from .plans import DevicePlan, PatientPlan, local

# Events per day at risk.
DEVICE_RATES = {"cvc": 0.0015, "iuc": 0.0015, "airway": 0.004}
DEVICE_TYPES = {
    "cvc": InfectionType.CLABSI,
    "iuc": InfectionType.CAUTI,
    "airway": InfectionType.VAE,
}
PRESSURE_RATE = 0.002
# Of the patients, how many arrive with a pressure injury the lead records (not counted).
ARRIVED_WITH = 0.01
RULED_OUT = 0.1  # of the events, found not to be healthcare-associated after review
REPEAT_DAYS = 14
STAGES = ((0.7, HarmStage.STAGE_2), (0.12, HarmStage.STAGE_3), (0.1, HarmStage.UNSTAGEABLE))

ORGANISMS = {
    InfectionType.CLABSI: ("Staphylococcus aureus", "Coagulase-negative staphylococci (2 sets)",
                           "Enterococcus faecalis", "Candida albicans", "Klebsiella pneumoniae"),
    InfectionType.CAUTI: ("Escherichia coli", "Klebsiella pneumoniae", "Pseudomonas aeruginosa",
                          "Enterococcus faecium"),
    InfectionType.VAE: ("", "Pseudomonas aeruginosa", "Staphylococcus aureus"),
    InfectionType.PRESSURE_INJURY: ("",),
}  # fmt: skip
EVIDENCE = {
    InfectionType.CLABSI: "Blood culture positive; central line in place, no other source found.",
    InfectionType.CAUTI: "Urine culture over 100,000 CFU/ml with fever above 38.0 °C; "
    "catheter in place.",
    InfectionType.VAE: "Daily minimum PEEP up by 3 cmH2O for 2 days after 2 stable days.",
    InfectionType.PRESSURE_INJURY: "Found at the skin inspection; photographed and graded by "
    "the tissue viability nurse.",
}
ARRIVED_EVIDENCE = "Present when the patient arrived: noted at the admission skin inspection."
RULED_OUT_REASON = "Reviewed with microbiology: a contaminant, not a healthcare-associated event."


@dataclass
class Planned:
    patient: PatientPlan
    kind: InfectionType
    date_of_event: date
    evidence: str = ""
    ruled_out: bool = False


@dataclass
class Infections:
    events: list[InfectionEvent] = field(default_factory=list)
    corrections: list[InfectionEvent] = field(default_factory=list)


def plan_infections(
    patients: list[PatientPlan], lead: User, rng: random.Random, now: datetime
) -> Infections:
    """The events of the demo's patients (whose `obj` is saved), as unsaved rows."""
    today = timezone.localdate(now)
    chance: list[Planned] = []
    for patient in patients:
        chance.extend(_by_chance(patient, rng, today))
    for p in chance:
        p.ruled_out = p.kind != InfectionType.PRESSURE_INJURY and rng.random() < RULED_OUT
    return _rows(chance + _on_purpose(patients, chance, today), lead, rng, now)


def _days_in(patient: PatientPlan, today: date) -> tuple[date, date]:
    """The patient's first and last hospital day that an event can be dated on."""
    first = timezone.localdate(patient.admitted_at)
    left = patient.left_at
    last = timezone.localdate(left) if left else today
    return first, min(last, today - timedelta(days=1))


def _device_days(device: DevicePlan, first: date, last: date) -> Iterator[date]:
    """Device day 3 onwards, to its removal (in place that day), within the stay."""
    start = timezone.localdate(device.start)
    end = timezone.localdate(device.end) if device.end else last
    day = max(start + timedelta(days=2), first)
    while day <= min(end, last):
        yield day
        day += timedelta(days=1)


def _by_chance(patient: PatientPlan, rng: random.Random, today: date) -> list[Planned]:
    first, last = _days_in(patient, today)
    if last < first:
        return []
    events: list[Planned] = []
    quiet_until: dict[InfectionType, date] = {}
    for device in sorted(patient.devices, key=lambda d: d.start):
        kind = DEVICE_TYPES.get(device.kind)
        if kind is None:
            continue
        for day in _device_days(device, first, last):
            if day >= quiet_until.get(kind, date.min) and rng.random() < DEVICE_RATES[device.kind]:
                events.append(Planned(patient, kind, day))
                quiet_until[kind] = day + timedelta(days=REPEAT_DAYS)
    day = first + timedelta(days=2)
    while day <= last:
        if rng.random() < PRESSURE_RATE:
            events.append(Planned(patient, InfectionType.PRESSURE_INJURY, day))
            day += timedelta(days=REPEAT_DAYS)
            continue
        day += timedelta(days=1)
    if rng.random() < ARRIVED_WITH:
        events.append(Planned(patient, InfectionType.PRESSURE_INJURY, first, ARRIVED_EVIDENCE))
    return events


def _on_purpose(patients: list[PatientPlan], planned: list[Planned], today: date) -> list[Planned]:
    """The events each rule needs to show, where chance did not make them: the first
    patient who fits each, so the demo is the same on every run with the same seed."""
    added: list[Planned] = []
    taken = {(p.patient.index, p.kind, p.date_of_event) for p in planned}

    def add(event: Planned) -> None:
        if (event.patient.index, event.kind, event.date_of_event) not in taken:
            taken.add((event.patient.index, event.kind, event.date_of_event))
            added.append(event)

    # Present on admission: arrived with a stage 2 pressure injury.
    if not any(p.evidence == ARRIVED_EVIDENCE for p in planned):
        for patient in patients:
            first, last = _days_in(patient, today)
            if first <= last:
                kind = InfectionType.PRESSURE_INJURY
                add(Planned(patient, kind, first, ARRIVED_EVIDENCE))
                break
    # The transfer rule: dated the day after the patient moved ward, a CLABSI if a line
    # was in, else a pressure injury (the rule is the same for every type).
    moved = _moved(patients, today)
    if moved is not None:
        add(Planned(*moved))
    # A repeat: a second CAUTI 4 days into the first one's timeframe, catheter still in.
    repeated = _device_run(patients, today, "iuc", 5)
    if repeated is not None:
        patient, days = repeated
        add(Planned(patient, InfectionType.CAUTI, days[0]))
        add(Planned(patient, InfectionType.CAUTI, days[4]))
    # Ruled out after review: a CLABSI whose culture grew a contaminant.
    if not any(p.ruled_out for p in planned):
        lined = _device_run(patients, today, "cvc", 5, not_of={e.patient.index for e in added})
        if lined is not None:
            add(Planned(lined[0], InfectionType.CLABSI, lined[1][2], ruled_out=True))
    return added


def _moved(
    patients: list[PatientPlan], today: date
) -> tuple[PatientPlan, InfectionType, date] | None:
    """The first patient moved on hospital day 2 or later, still in the day after, and
    what to date then: a CLABSI with a line in on its day 3 or later, else a pressure
    injury."""
    fallback = None
    for patient in patients:
        first, last = _days_in(patient, today)
        for stay in patient.stays[:-1]:
            if stay.end_reason != "transfer" or stay.end is None:
                continue
            day = timezone.localdate(stay.end) + timedelta(days=1)
            if not first + timedelta(days=2) <= day <= last:
                continue
            lines = [d for d in patient.devices if d.kind == "cvc"]
            if any(day in set(_device_days(d, first, last)) for d in lines):
                return patient, InfectionType.CLABSI, day
            fallback = fallback or (patient, InfectionType.PRESSURE_INJURY, day)
    return fallback


def _device_run(
    patients: list[PatientPlan],
    today: date,
    kind: str,
    at_least: int,
    not_of: set[int] | None = None,
) -> tuple[PatientPlan, list[date]] | None:
    """The first patient (not one of `not_of`) with a device of `kind` in place for at
    least `at_least` of its days from device day 3, and those days."""
    for patient in patients:
        if not_of and patient.index in not_of:
            continue
        first, last = _days_in(patient, today)
        for device in patient.devices:
            if device.kind == kind:
                days = list(_device_days(device, first, last))
                if len(days) >= at_least:
                    return patient, days
    return None


def _stage(rng: random.Random) -> str:
    roll = rng.random()
    for share, stage in STAGES:
        if roll < share:
            return stage
        roll -= share
    return HarmStage.DEEP_TISSUE


def _rows(planned: list[Planned], lead: User, rng: random.Random, now: datetime) -> Infections:
    result = Infections()
    for p in sorted(planned, key=lambda p: (p.date_of_event, p.patient.index, p.kind)):
        # Entered the day after the date of event, in the afternoon, never after now.
        recorded = min(local(p.date_of_event + timedelta(days=1), 14 + 3 * rng.random()), now)
        event = InfectionEvent(
            patient=p.patient.obj,
            infection_type=p.kind,
            harm_stage=_stage(rng) if p.kind == InfectionType.PRESSURE_INJURY else "",
            first_positive_on=p.date_of_event,
            date_of_event=p.date_of_event,
            organism=rng.choice(ORGANISMS[p.kind]),
            evidence=p.evidence or EVIDENCE[p.kind],
            first_recorded_at=recorded,
            recorded_at=recorded,
            recorded_by=lead,
        )
        result.events.append(event)
        reviewed = recorded + timedelta(days=2)
        if p.ruled_out and reviewed <= now:
            result.corrections.append(
                InfectionEvent(
                    event_id=event.event_id,
                    patient=event.patient,
                    infection_type=event.infection_type,
                    harm_stage=event.harm_stage,
                    first_positive_on=event.first_positive_on,
                    date_of_event=event.date_of_event,
                    organism=event.organism,
                    evidence=event.evidence,
                    decision=Decision.RULED_OUT,
                    corrects=event,
                    correction_reason=RULED_OUT_REASON,
                    first_recorded_at=recorded,
                    recorded_at=reviewed,
                    recorded_by=lead,
                )
            )
    return result


def save_infections(planned: Infections) -> None:
    """The events, then the corrections that point at them."""
    InfectionEvent.objects.bulk_create(planned.events, batch_size=2000)
    for correction in planned.corrections:
        correction.corrects_id = correction.corrects.pk
    InfectionEvent.objects.bulk_create(planned.corrections, batch_size=2000)
