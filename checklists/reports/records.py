"""The records every audit report lists after its measures: the exceptions, the
corrections made in the period, the month sign-offs, and the report's own sign-off."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .. import days
from ..measures import Facts
from ..models import Check, MonthSignOff
from ..tables.cells import Cell, Table
from ..tables.checks import CHECK_COLUMNS, checks_table, select
from ..tables.sign_offs import SIGN_OFF_COLUMNS, sign_off_cells
from .document import Block, Printed, Section, Signatures
from .spec import ReportSpec

# The drill-down's columns, less its links and the count of corrections (listed apart).
EXCEPTION_COLUMNS = tuple(c for c in CHECK_COLUMNS if c not in ("Corrections", "Check"))


def records(spec: ReportSpec, facts: Facts, now: datetime) -> list[Section]:
    exceptions = checks(spec, facts, "not_compliant", "Exceptions")
    listed: list[Block] = [
        f"{len(exceptions.rows)} checks. A missed check is one not recorded by the "
        "deadline; failed items are those answered against the bundle.",
        Printed(exceptions, EXCEPTION_COLUMNS),
    ]
    return [
        Section("Exceptions: checks not compliant or missed", listed),
        Section("Corrections made in the period", [Printed(_corrections(spec, now))]),
        Section("Month sign-offs", [Printed(_sign_offs(spec, now))]),
        Section("Sign-off of this report", [Signatures()]),
    ]


def checks(spec: ReportSpec, facts: Facts, show: str, title: str) -> Table:
    """The due checks a figure counts (`show`), every one, unlinked: paper has no links."""
    order = {w.pk: n for n, w in enumerate(spec.wards)}
    rows = select(facts, show)
    rows.sort(key=lambda d: (order.get(d.ward_id, 0), d.day, d.patient_id, d.entry_point_id))
    table = checks_table(list(spec.wards), rows)
    table.title, table.empty = title, "None in this period."
    return table


def _corrections(spec: ReportSpec, now: datetime) -> Table:
    """Corrections recorded during the period, up to the cut-off, of checks recorded on
    these wards (and of this patient), whatever day the corrected check was for."""
    start, end = days.span(spec.period.start, spec.period.end)
    corrections = Check.objects.filter(
        # "Corrects something", said so that SQLite reads the few corrections from the
        # index on `corrects`: for IS NOT NULL its planner scans every check ever
        # recorded (0.3 s in a year's data). Primary keys start at 1.
        corrects_id__gt=0,
        recorded_at__gte=start,
        recorded_at__lt=end,
        recorded_at__lte=now,
        ward__in=spec.wards,
    )
    if spec.patient is not None:
        corrections = corrections.filter(entry_point__patient=spec.patient)
    table = Table(
        "corrections",
        "Corrections",
        [
            "Corrected at",
            "Ward",
            "Day checked",
            "Patient",
            "Hospital number",
            "Entry point",
            "Was",
            "Now",
            "Reason",
            "Corrected by",
        ],
        empty="No correction was made in this period.",
    )
    rows = corrections.select_related(
        "ward", "recorded_by", "corrects", "entry_point__patient"
    ).order_by("recorded_at", "pk")
    for c in rows:
        table.rows.append(
            [
                Cell(moment(c.recorded_at)),
                Cell(c.ward.code),
                Cell(f"{c.clinical_date:%d %b %Y}"),
                Cell(c.entry_point.patient.full_name),
                Cell(c.entry_point.patient.hospital_number),
                Cell(str(c.entry_point)),
                Cell(_verdict(c.corrects.is_compliant if c.corrects else False)),
                Cell(_verdict(c.is_compliant)),
                Cell(c.correction_reason),
                Cell(c.recorded_by.display_name),
            ]
        )
    return table


def _verdict(compliant: bool) -> str:
    return "Compliant" if compliant else "Not compliant"


def _sign_offs(spec: ReportSpec, now: datetime) -> Table:
    """Sign-offs of the months the period touches, made up to the cut-off."""
    period = spec.period
    table = Table(
        "sign_offs",
        "Month sign-offs",
        ["Ward", *SIGN_OFF_COLUMNS],
        empty="No month of this period has been signed off.",
    )
    sign_offs = (
        MonthSignOff.objects.filter(
            ward__in=spec.wards,
            month__gte=period.start.replace(day=1),
            month__lte=period.end,
            signed_at__lte=now,
        )
        .select_related("ward", "signed_by")
        .order_by("ward__name", "month", "signed_at")
    )
    for s in sign_offs:
        table.rows.append([Cell(s.ward.code), *sign_off_cells(s)])
    return table


def moment(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %b %Y %H:%M}"
