"""The monthly denominators as a table (form 57.118's columns), for the CSV download and
the audit report alike."""

from __future__ import annotations

from collections.abc import Iterable

from ..measures.denominators import Denominators
from ..models import Ward
from .cells import Cell, Table, number

COLUMNS = [
    "Ward",
    "Ward name",
    "NHSN location",
    "Month",
    "Count time",
    "Patient days",
    "Central-line days",
    "Urinary-catheter days",
    "Ventilator days",
]


def denominators_table(wards: Iterable[Ward], rows: Iterable[Denominators]) -> Table:
    by_pk = {w.pk: w for w in wards}
    table = Table(
        slug="denominators",
        title="Monthly denominators (NHSN form 57.118)",
        columns=COLUMNS,
        note=(
            "Each day's patients and devices as found at the ward's count time; a "
            "patient with two devices of a kind is one device day."
        ),
    )
    for r in rows:
        ward = by_pk[r.ward_id]
        table.rows.append(
            [
                Cell(ward.code),
                Cell(ward.name),
                Cell(ward.nhsn_location),
                Cell(f"{r.month.start:%Y-%m}"),
                Cell(f"{ward.effective_count_time:%H:%M}"),
                number(r.patient_days),
                number(r.central_line_days),
                number(r.urinary_catheter_days),
                number(r.ventilator_days),
            ]
        )
    return table
