"""The entry points on each simulated patient, from insertion (or discovery) to removal.

Which devices a patient gets, and for how long, follows the ward: breathing
tubes and central lines in intensive care, wounds after surgery, pressure
injuries in the frail. Anything still in place at discharge is closed at the
discharge time, as services.discharge_patient does.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ..models import EntryPointKind as Kind
from .plans import DevicePlan, PatientPlan, StayPlan, hours

DISCHARGED = "Patient discharged"
PIV_SITES = (
    "Left forearm",
    "Right forearm",
    "Left hand (dorsum)",
    "Right hand (dorsum)",
    "Left antecubital fossa",
    "Right antecubital fossa",
    "Right wrist",
)
# Why a cannula came out before the treatment ended, weighted: most are routine.
PIV_RESITED = (
    ("Re-sited: routine review", 5),
    ("Re-sited: tissued", 2),
    ("Re-sited: occluded", 2),
    ("Re-sited: phlebitis", 1),
    ("Accidentally dislodged", 1),
)
PROCEDURES = {
    "surgical": (
        ("Laparoscopic cholecystectomy", "II", "Abdomen, port sites"),
        ("Emergency laparotomy", "III", "Abdomen, midline"),
        ("Appendicectomy", "II", "Right iliac fossa"),
        ("Inguinal hernia repair", "I", "Left groin"),
        ("Anterior resection", "II", "Abdomen, midline"),
    ),
    "elderly": (
        ("Hip hemiarthroplasty", "I", "Left hip"),
        ("Total knee replacement", "I", "Right knee"),
        ("Dynamic hip screw", "I", "Right hip"),
        ("Ankle ORIF", "I", "Left ankle"),
    ),
}
PRESSURE_SITES = ("Sacrum", "Left heel", "Right heel", "Coccyx", "Right ischium", "Left ear")
PRESSURE_STAGES = (("1", 35), ("2", 40), ("3", 8), ("dti", 10), ("unstageable", 4), ("4", 3))
# Chances by the specialty of the first ward: (PIV, urinary catheter, wound, pressure injury).
CHANCES = {
    "icu": (1.0, 0.85, 0.4, 0.15),
    "surgical": (0.85, 0.3, 0.8, 0.05),
    "medical": (0.8, 0.15, 0.03, 0.1),
    "elderly": (0.65, 0.25, 0.45, 0.25),
}
# HOUDINI indications usual on each kind of ward.
INDICATIONS = {"icu": "I", "surgical": "U", "medical": "O", "elderly": "M"}


def plan_devices(patient: PatientPlan, rng: random.Random, now: datetime) -> None:
    first = patient.stays[0].specialty
    piv, iuc, wound, pressure = CHANCES[first]
    devices: list[DevicePlan] = []
    if rng.random() < piv:
        devices += _pivs(patient, rng, now)
    for stay in patient.stays:
        if stay.specialty == "icu":
            devices += _icu_devices(patient, stay, rng, now)
    has_iuc = any(d.kind == Kind.URINARY_CATHETER for d in devices)
    if not has_iuc and rng.random() < iuc:
        devices.append(_catheter(patient, first, rng, now))
    if rng.random() < wound:
        devices.append(_wound(patient, first, rng, now))
    if rng.random() < pressure:
        devices.append(_pressure_injury(patient, rng, now))
    if first == "medical" and rng.random() < 0.04:
        devices.append(_picc(patient, rng, now))
    patient.devices = [d for d in devices if d.start < now and (d.end is None or d.end > d.start)]


def _ends(
    patient: PatientPlan, start: datetime, dwell: timedelta, limit: datetime | None, now: datetime
) -> tuple[datetime | None, str]:
    """When a device meant to stay `dwell` comes out: at `limit` (a transfer or
    discharge) if that comes first, never after now (None: still in)."""
    end = start + dwell
    if limit is not None and end >= limit:
        return limit, DISCHARGED if limit == patient.left_at else ""
    return (None, "") if end > now else (end, "")


def _pivs(patient: PatientPlan, rng: random.Random, now: datetime) -> list[DevicePlan]:
    """Cannulas re-sited every few days while IV treatment goes on."""
    left = patient.left_at
    # Most cannulas come out once IV treatment stops, some only at discharge.
    stop = left - hours(rng.uniform(2, 30)) if left and rng.random() < 0.8 else left
    start, pivs = patient.admitted_at + hours(rng.uniform(0.2, 3)), []
    while start < now and (stop is None or start < stop - hours(1)):
        end, reason = _ends(patient, start, hours(rng.uniform(30, 110)), stop, now)
        gauge = rng.choice(("18G", "20G", "20G", "22G"))
        pivs.append(DevicePlan(Kind.PERIPHERAL_IV, rng.choice(PIV_SITES), start, end, reason))
        pivs[-1].details = {"gauge": gauge}
        if end is None or end == stop:
            pivs[-1].removal_reason = reason or "No longer needed"
            break
        pivs[-1].removal_reason = rng.choices(*zip(*PIV_RESITED, strict=True))[0]
        start = end + hours(rng.uniform(0, 2))
    return pivs


def _icu_limit(stay: StayPlan, rng: random.Random) -> datetime | None:
    """Lines and tubes come out some hours before a patient leaves intensive care."""
    if stay.end is None or stay.end_reason != "transfer":
        return stay.end
    return stay.end - hours(rng.uniform(2, 20))


def _icu_devices(
    patient: PatientPlan, stay: StayPlan, rng: random.Random, now: datetime
) -> list[DevicePlan]:
    devices, limit = [], _icu_limit(stay, rng)
    if rng.random() < 0.75:
        start = stay.start + hours(rng.uniform(0.5, 6))
        end, reason = _ends(patient, start, timedelta(days=rng.uniform(3, 12)), limit, now)
        site = rng.choice(("Right internal jugular", "Left subclavian", "Right femoral"))
        cvc = DevicePlan(Kind.CENTRAL_LINE, site, start, end, reason or "No longer needed")
        cvc.details = {"line_type": "cvc", "insertion_bundle_done": rng.random() < 0.93}
        devices.append(cvc)
    if rng.random() < 0.55:
        start = stay.start + hours(rng.uniform(0, 1.5))
        end, reason = _ends(patient, start, timedelta(days=rng.uniform(1.5, 9)), limit, now)
        tube = DevicePlan(Kind.BREATHING_TUBE, "Oral", start, end, reason or "Extubated")
        tube.details = {"airway_type": "ett"}
        tube.usual = {"cuff_pressure": str(rng.randint(22, 28))}
        devices.append(tube)
    if rng.random() < 0.85:
        devices.append(_catheter(patient, "icu", rng, now, stay))
    return devices


def _catheter(
    patient: PatientPlan,
    ward_specialty: str,
    rng: random.Random,
    now: datetime,
    stay: StayPlan | None = None,
) -> DevicePlan:
    start = (stay or patient.stays[0]).start + hours(rng.uniform(0.5, 4))
    dwell = timedelta(days=rng.uniform(1, 3 if ward_specialty == "surgical" else 8))
    end, reason = _ends(patient, start, dwell, patient.left_at, now)
    reason = reason or rng.choice(("Trial without catheter", "No valid indication: removed"))
    catheter = DevicePlan(Kind.URINARY_CATHETER, "Urethral", start, end, reason)
    catheter.details = {"insertion_bundle_done": rng.random() < 0.9}
    catheter.usual = {"indication": INDICATIONS[ward_specialty]}
    return catheter


def _wound(
    patient: PatientPlan, ward_specialty: str, rng: random.Random, now: datetime
) -> DevicePlan:
    choices = PROCEDURES["elderly" if ward_specialty == "elderly" else "surgical"]
    procedure, wound_class, site = rng.choice(choices)
    start = patient.admitted_at + hours(rng.uniform(0.5, 6))
    dwell = timedelta(days=rng.uniform(5, 16))
    end, reason = _ends(patient, start, dwell, patient.left_at, now)
    wound = DevicePlan(Kind.SURGICAL_WOUND, site, start, end, reason or "Healed")
    wound.details = {"procedure": procedure, "wound_class": wound_class}
    return wound


def _pressure_injury(patient: PatientPlan, rng: random.Random, now: datetime) -> DevicePlan:
    on_admission = rng.random() < 0.6
    after = hours(rng.uniform(1, 4)) if on_admission else timedelta(days=rng.uniform(2, 8))
    start = patient.admitted_at + after
    end, reason = _ends(patient, start, timedelta(days=rng.uniform(6, 35)), patient.left_at, now)
    stage = rng.choices(*zip(*PRESSURE_STAGES, strict=True))[0]
    injury = DevicePlan(
        Kind.PRESSURE_INJURY, rng.choice(PRESSURE_SITES), start, end, reason or "Healed"
    )
    injury.details = {"pressure_stage": stage, "present_on_admission": on_admission}
    # Braden subscales of an at-risk patient (lower is worse); each check varies a little.
    injury.usual = {
        "braden_sensory": str(rng.randint(2, 3)),
        "braden_moisture": str(rng.randint(2, 3)),
        "braden_activity": str(rng.randint(1, 2)),
        "braden_mobility": str(rng.randint(1, 3)),
        "braden_nutrition": str(rng.randint(2, 3)),
        "braden_friction": str(rng.randint(1, 2)),
    }
    return injury


def _picc(patient: PatientPlan, rng: random.Random, now: datetime) -> DevicePlan:
    """A PICC for weeks of IV antibiotics on a medical ward."""
    start = patient.admitted_at + timedelta(days=rng.uniform(1, 3))
    dwell = timedelta(days=rng.uniform(7, 30))
    end, reason = _ends(patient, start, dwell, patient.left_at, now)
    picc = DevicePlan(
        Kind.CENTRAL_LINE, "Right basilic vein", start, end, reason or "Course completed"
    )
    picc.details = {"line_type": "picc", "insertion_bundle_done": True}
    return picc
