"""The checks behind a figure: the due checks of some wards, kind and period, filtered
the way the figure counted them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.utils import timezone

from .. import measures
from ..measures import DueCheck, Outcome, Period
from ..models import Answer, Check, EntryPoint, Patient, Ward
from .forms import SHOW_CHOICES
from .links import link
from .tables import KIND_LABELS, Cell, Table

PAGE_SIZE = 50
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

# Which due checks each figure counts (see measures.summary._Tally).
SHOWS: dict[str, Callable[[DueCheck], bool]] = {
    "due": lambda d: True,
    "done": lambda d: d.is_done,
    "compliant": lambda d: d.outcome == Outcome.COMPLIANT,
    "not_compliant": lambda d: d.outcome in (Outcome.NOT_COMPLIANT, Outcome.MISSED),
    "failed": lambda d: d.outcome == Outcome.NOT_COMPLIANT,
    "missed": lambda d: d.outcome == Outcome.MISSED,
    "late": lambda d: d.is_late,
    "open": lambda d: d.outcome == Outcome.OPEN,
    "flagged": lambda d: d.infection_sign,
    "past_review": lambda d: d.past_review,
    "corrected": lambda d: d.corrections > 0,
}


@dataclass
class CheckList:
    period: Period
    wards: list[Ward]
    kind: str
    show: str
    item: str
    rows: list[DueCheck]
    page: Page
    table: Table  # the rows of this page, or every row for the CSV


def build_check_list(
    user,
    wards: list[Ward],
    period: Period,
    now: datetime,
    *,
    kind: str = "",
    show: str = "due",
    item: str = "",
    page: int = 1,
    everything: bool = False,
) -> CheckList:
    """A fixed number of queries: the facts (4), the failing item (1), then for the rows
    shown their patients, entry points, checks and failed items, and which of those
    patients this user may open (5)."""
    kinds = (kind,) if kind else measures.ALL_KINDS
    facts = measures.collect(wards, period, now, kinds)
    rows = select(facts, show, item)
    rows.sort(key=lambda d: (d.day, d.ward_id, d.patient_id, d.entry_point_id))
    paginator = Paginator(rows, (len(rows) or 1) if everything else PAGE_SIZE)
    shown = paginator.get_page(1 if everything else page)
    if everything:
        lookups = _Lookups.of(facts)
    else:
        lookups = _Lookups(
            [d.patient_id for d in shown],
            [d.entry_point_id for d in shown],
            [d.check_id for d in shown if d.check_id],
        )
    table = _table(user, wards, list(shown.object_list), lookups)
    table.title = _describe(wards, kind, show, item)
    return CheckList(period, wards, kind, show, item, rows, shown, table)


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


def checks_table(wards: list[Ward], facts: measures.Facts, rows: list[DueCheck]) -> Table:
    """Every row given, for a printed report: the drill-down's columns, without links
    (paper has none). Only the rows' own patients, entry points and checks are read,
    a few thousand ids a query: a hospital quarter's exceptions are a fraction of its
    checks, and holding every check of the quarter took most of the report's memory."""
    ids = _Lookups(
        sorted({d.patient_id for d in rows}),
        sorted({d.entry_point_id for d in rows}),
        sorted({d.check_id for d in rows if d.check_id}),
    )
    return _table(None, wards, rows, ids)


def _describe(wards: list[Ward], kind: str, show: str, item: str) -> str:
    parts = [dict(SHOW_CHOICES)[show]]
    parts.append(", ".join(w.code for w in wards) if len(wards) <= 3 else f"{len(wards)} wards")
    parts.append(KIND_LABELS[kind] if kind else "all entry points")
    if item:
        parts.append(f"failing item “{item}”")
    return " · ".join(parts)


@dataclass(frozen=True)
class _Lookups:
    """Which patients, entry points and checks to read: id lists or subqueries."""

    patients: object
    entry_points: object
    checks: object

    @classmethod
    def of(cls, facts: measures.Facts) -> _Lookups:
        """Thousands of rows: look them up through the facts' own queries, not id lists."""
        return cls(
            facts.points_query.values("patient_id"),
            facts.points_query.values("pk"),
            facts.checks_query.values("pk"),
        )


# Ids per query when looking rows up by id list (SQLite allows 32,766 variables).
IDS_PER_QUERY = 5000


def _chunks(ids):
    """An id list in slices of IDS_PER_QUERY, or a subquery as it is."""
    if not isinstance(ids, list):
        return [ids]
    return [ids[n : n + IDS_PER_QUERY] for n in range(0, len(ids), IDS_PER_QUERY)]


def _by_pk(queryset, ids) -> dict:
    return {o.pk: o for chunk in _chunks(ids) for o in queryset.filter(pk__in=chunk)}


def _table(user, wards: list[Ward], rows: list[DueCheck], lookups: _Lookups) -> Table:
    """The rows as table cells; links for a `user` (a page or its CSV), none for paper."""
    # Only the columns the table shows: a report's rows run to tens of thousands.
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
    openable = (
        set(
            Patient.objects.visible_to(user)
            .filter(pk__in=lookups.patients)
            .values_list("pk", flat=True)
        )
        if user is not None
        else set()
    )
    ward_names = {w.pk: w.code for w in wards}
    patient_url, check_url = link("checklists:patient-detail"), link("checklists:check-detail")
    table = Table("checks", "Checks", list(CHECK_COLUMNS), empty="No checks match.")
    for d in rows:
        patient, point, check = (
            patients[d.patient_id],
            points[d.entry_point_id],
            checks.get(d.check_id),
        )
        patient_href = patient_url(patient.public_id) if patient.pk in openable else ""
        # The row was counted on a ward this user reads, so readable_checks opens it.
        check_href = check_url(check.public_id) if check and user is not None else ""
        outcome = OUTCOME_LABELS[d.outcome]
        if d.recorded_too_late:
            outcome = "Missed (entered after the deadline)"
        table.rows.append(
            [
                Cell(f"{d.day:%d %b %Y}", href=check_href),
                Cell(ward_names.get(d.ward_id, "")),
                Cell(patient.full_name, href=patient_href),
                Cell(patient.hospital_number),
                Cell(f"{KIND_LABELS[point.kind]} ({point.body_site})"),
                Cell(outcome, tone={"Compliant": "good", "Open": ""}.get(outcome, "bad")),
                Cell("late" if d.is_late else ""),
                Cell("; ".join(failed.get(d.check_id, []))),
                Cell(check.recorded_by.display_name if check else ""),
                Cell(f"{timezone.localtime(check.recorded_at):%d %b %Y %H:%M}" if check else ""),
                Cell(str(d.corrections) if d.corrections else ""),
                Cell("View" if check_href else "", href=check_href),
            ]
        )
    return table
