"""NHSN's monthly denominators (form 57.118): per ward and calendar month, patient days
and central-line, urinary-catheter and ventilator days, from the same daily counts at
the ward's count time that the compliance figures use (`Facts.patient_days`). Pure
Python over the facts: no queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..models import EntryPointKind
from .facts import Facts
from .periods import Period

# The device-day columns of form 57.118, by the entry point kind each counts.
DEVICE_DAY_KINDS: dict[str, str] = {
    "central_line_days": EntryPointKind.CENTRAL_LINE.value,
    "urinary_catheter_days": EntryPointKind.URINARY_CATHETER.value,
    "ventilator_days": EntryPointKind.BREATHING_TUBE.value,
}


@dataclass(frozen=True, slots=True)
class Denominators:
    ward_id: int
    month: Period
    patient_days: int
    central_line_days: int
    urinary_catheter_days: int
    ventilator_days: int


def monthly_denominators(facts: Facts, months: list[Period]) -> list[Denominators]:
    """One row per ward of the facts and month, wards in the facts' order, months in
    order; a patient with two lines is one central-line day (NHSN)."""
    month_of = {day: n for n, month in enumerate(months) for day in month.days()}
    counts: Counter[tuple[int, int, str]] = Counter()
    for p in facts.patient_days:
        n = month_of.get(p.day)
        if n is None:
            continue
        counts[p.ward_id, n, "patient_days"] += 1
        for column, kind in DEVICE_DAY_KINDS.items():
            counts[p.ward_id, n, column] += kind in p.kinds
    return [
        Denominators(
            ward_id=ward_id,
            month=month,
            patient_days=counts[ward_id, n, "patient_days"],
            **{column: counts[ward_id, n, column] for column in DEVICE_DAY_KINDS},
        )
        for ward_id in facts.ward_ids
        for n, month in enumerate(months)
    ]
