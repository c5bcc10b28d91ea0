"""The due checks behind a figure as table rows: the drill-down's list of checks on a
screen, and the exceptions and every due check of a printed report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.utils import timezone

from .. import measures
from ..measures import SHOWS, DueCheck, Outcome
from ..models import Answer, Check, EntryPoint, Patient, Ward
from .cells import KIND_LABELS, Cell, Table

CHECK_COLUMNS = (
    "Day",
    "Ward",
    "Patient",
    "Hospital number",
    "Entry point",
    "Outcome",
    "Late",
    "Failed items",
    "Recorded by",
    "Recorded at",
    "Corrections",
    "Check",
)
OUTCOME_LABELS = {
    Outcome.COMPLIANT: "Compliant",
    Outcome.NOT_COMPLIANT: "Not compliant",
    Outcome.MISSED: "Missed",
    Outcome.OPEN: "Open",
}


def select(facts: measures.Facts, show: str, item: str = "") -> list[DueCheck]:
    """The due checks a figure counts (SHOWS), and with `item` only those that failed
    it (one query)."""
    wanted = SHOWS[show]
    rows = [d for d in facts.due if wanted(d)]
    if item:
        failed = set(
            Answer.objects.filter(
                check_record__in=facts.checks_query.values("pk"),
                item__code=item,
                is_compliant=False,
            ).values_list("check_record_id", flat=True)
        )
        rows = [d for d in rows if d.check_id in failed]
    return rows


# Which rows of a table to read: a list of primary keys, or a subquery of them.
Ids = list[int] | Any


@dataclass(frozen=True)
class Lookups:
    """Which patients, entry points and checks the rows need: id lists or subqueries."""

    patients: Ids
    entry_points: Ids
    checks: Ids

    @classmethod
    def of_rows(cls, rows: list[DueCheck]) -> Lookups:
        """Only the rows' own records, a few thousand ids a query."""
        return cls(
            sorted({d.patient_id for d in rows}),
            sorted({d.entry_point_id for d in rows}),
            sorted({d.check_id for d in rows if d.check_id}),
        )

    @classmethod
    def of(cls, facts: measures.Facts) -> Lookups:
        """Thousands of rows: look them up through the facts' own queries, not id lists."""
        return cls(
            facts.points_query.values("patient_id"),
            facts.points_query.values("pk"),
            facts.checks_query.values("pk"),
        )


@dataclass(frozen=True)
class RecordLinks:
    """How a screen links a row: the day and "View" to the check, the name to the
    patient's page where this reader may open it."""

    check: Callable[[UUID], str]
    patient: Callable[[UUID], str]
    openable: Callable[[Ids], set[int]]  # which of these patients the reader may open


def checks_table(
    wards: list[Ward],
    rows: list[DueCheck],
    lookups: Lookups | None = None,
    links: RecordLinks | None = None,
) -> Table:
    """The rows as cells, linked for a screen (`links`), plain for paper. Only the
    columns shown are read: a report's rows run to tens of thousands, and holding every
    check of a hospital quarter took most of the report's memory. `lookups`: by default
    the rows' own records."""
    lookups = lookups or Lookups.of_rows(rows)
    patients = _by_pk(
        Patient.objects.only("public_id", "full_name", "hospital_number"), lookups.patients
    )
    points = _by_pk(EntryPoint.objects.only("kind", "body_site"), lookups.entry_points)
    checks = _by_pk(
        Check.objects.select_related("recorded_by").only(
            "public_id",
            "recorded_at",
            "recorded_by__username",
            "recorded_by__first_name",
            "recorded_by__last_name",
        ),
        lookups.checks,
    )
    failed: dict[int, list[str]] = {}
    for chunk in _chunks(lookups.checks):
        failed |= Answer.objects.failed_items(chunk)
    openable = links.openable(lookups.patients) if links else set()
    ward_names = {w.pk: w.code for w in wards}
    table = Table("checks", "Checks", list(CHECK_COLUMNS), empty="No checks match.")
    for d in rows:
        patient, point, check = (
            patients[d.patient_id],
            points[d.entry_point_id],
            checks.get(d.check_id) if d.check_id else None,
        )
        patient_href = links.patient(patient.public_id) if links and patient.pk in openable else ""
        # The row was counted on a ward this reader reads, so readable_checks opens it.
        check_href = links.check(check.public_id) if check and links else ""
        table.rows.append(
            _cells(d, ward_names, patient, point, check, failed, check_href, patient_href)
        )
    return table


def _cells(
    d: DueCheck,
    ward_names: dict[int, str],
    patient: Patient,
    point: EntryPoint,
    check: Check | None,
    failed: dict[int, list[str]],
    check_href: str,
    patient_href: str,
) -> list[Cell]:
    outcome = OUTCOME_LABELS[d.outcome]
    if d.recorded_too_late:
        outcome = "Missed (entered after the deadline)"
    return [
        Cell(f"{d.day:%d %b %Y}", href=check_href),
        Cell(ward_names.get(d.ward_id, "")),
        Cell(patient.full_name, href=patient_href),
        Cell(patient.hospital_number),
        Cell(f"{KIND_LABELS[point.kind]} ({point.body_site})"),
        Cell(outcome, tone={"Compliant": "good", "Open": ""}.get(outcome, "bad")),
        Cell("late" if d.is_late else ""),
        Cell("; ".join(failed.get(d.check_id, []) if d.check_id else [])),
        Cell(check.recorded_by.display_name if check else ""),
        Cell(f"{timezone.localtime(check.recorded_at):%d %b %Y %H:%M}" if check else ""),
        Cell(str(d.corrections) if d.corrections else ""),
        Cell("View" if check_href else "", href=check_href),
    ]


# Ids per query when looking rows up by id list (SQLite allows 32,766 variables).
IDS_PER_QUERY = 5000


def _chunks(ids: Ids) -> list[Ids]:
    """An id list in slices of IDS_PER_QUERY, or a subquery as it is."""
    if not isinstance(ids, list):
        return [ids]
    return [ids[n : n + IDS_PER_QUERY] for n in range(0, len(ids), IDS_PER_QUERY)]


def _by_pk(queryset: Any, ids: Ids) -> dict[int, Any]:
    return {o.pk: o for chunk in _chunks(ids) for o in queryset.filter(pk__in=chunk)}
