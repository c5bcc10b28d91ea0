"""The list behind a signs-of-infection figure: the flags or the sepsis screens one
figure of some wards, kind and period counts (measures.sepsis.FIGURES), linked for the
reader, the same rows for the page and its CSV."""

from __future__ import annotations

from dataclasses import dataclass

from ..links import record_link
from ..measures import Period
from ..measures.sepsis import (
    FIGURES,
    FLAG_FIGURES,
    SCREEN_FIGURES,
    combined,
    sepsis_measures_by_ward,
)
from ..models import Ward
from ..tables.cells import KIND_LABELS, Table
from ..tables.sepsis import flag_list_table, screen_list_table


@dataclass
class SepsisList:
    period: Period
    wards: list[Ward]
    kind: str
    show: str
    count: int
    table: Table


def build_sepsis_list(wards: list[Ward], period: Period, kind: str, show: str) -> SepsisList:
    """Three queries (measures.sepsis) whatever the number of wards and rows."""
    by_ward = sepsis_measures_by_ward(wards, period)
    measures = combined(list(by_ward.values()), period)
    if kind:
        measures = measures.of_kind(kind)
    codes = {w.pk: w.code for w in wards}
    title = _describe(wards, kind, show)
    check_link = record_link("checklists:check-detail")
    if show in FLAG_FIGURES:
        table = flag_list_table(title, FLAG_FIGURES[show][1](measures), codes, check_link)
    else:
        table = screen_list_table(title, SCREEN_FIGURES[show][1](measures), codes, check_link)
    return SepsisList(period, wards, kind, show, len(table.rows), table)


def _describe(wards: list[Ward], kind: str, show: str) -> str:
    where = ", ".join(w.code for w in wards) if len(wards) <= 3 else f"{len(wards)} wards"
    return " · ".join([FIGURES[show], where, KIND_LABELS[kind] if kind else "all entry points"])
