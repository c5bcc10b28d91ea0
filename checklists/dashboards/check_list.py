"""The check list screen: the due checks behind a figure, of some wards, kind and period,
a page at a time (or all of them for the CSV), linked for the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator

from .. import measures
from ..links import record_link
from ..measures import DueCheck, Period
from ..models import Patient, User, Ward
from ..tables.cells import KIND_LABELS, Table
from ..tables.checks import Ids, Lookups, RecordLinks, checks_table, select
from .forms import SHOW_CHOICES

PAGE_SIZE = 50


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
    user: User,
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
    lookups = Lookups.of(facts) if everything else Lookups.of_rows(list(shown.object_list))
    table = checks_table(wards, list(shown.object_list), lookups, reader_links(user))
    table.title = _describe(wards, kind, show, item)
    return CheckList(period, wards, kind, show, item, rows, shown, table)


def reader_links(user: User) -> RecordLinks:
    def openable(patients: Ids) -> set[int]:
        visible = Patient.objects.visible_to(user).filter(pk__in=patients)
        return set(visible.values_list("pk", flat=True))

    return RecordLinks(
        check=record_link("checklists:check-detail"),
        patient=record_link("checklists:patient-detail"),
        openable=openable,
    )


def _describe(wards: list[Ward], kind: str, show: str, item: str) -> str:
    parts = [dict(SHOW_CHOICES)[show]]
    parts.append(", ".join(w.code for w in wards) if len(wards) <= 3 else f"{len(wards)} wards")
    parts.append(KIND_LABELS[kind] if kind else "all entry points")
    if item:
        parts.append(f"failing item “{item}”")
    return " · ".join(parts)
