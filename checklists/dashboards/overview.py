"""The hospital overview: every ward against every entry-point kind, and each ward's
signs of infection and sepsis screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import measures
from ..links import figure_links, sepsis_links
from ..measures import Measures, Period, rollup
from ..measures.sepsis import sepsis_measures_by_ward
from ..models import Ward
from ..tables.cells import KIND_LABELS, MEASURE_COLUMNS, Cell, Table, measure_cells, tone
from ..tables.sepsis import sepsis_by_ward_table


@dataclass(frozen=True)
class GridCell:
    kind: str  # "" for all kinds
    measures: Measures
    tone: str
    failing_href: str
    missed_href: str


@dataclass
class GridRow:
    ward: Ward | None  # None: all wards
    cells: list[GridCell]


@dataclass
class Overview:
    period: Period
    kinds: list[tuple[str, str]]
    grid: list[GridRow]
    table: Table
    sepsis: Table | None


def build_overview(
    wards: list[Ward],
    period: Period,
    now: datetime,
    with_table: bool = True,
    with_sepsis: bool = True,
) -> Overview:
    """The settled days from the daily roll-up, the rest counted live, and the signs of
    infection (3 queries): a fixed number of queries whatever the number of wards.
    `with_table`: also every figure as one table (the CSV), which for a hospital is some
    300 rows of 13 linked figures; `with_sepsis`: also the signs of infection."""
    by_key = rollup.by_ward_and_kind(wards, period, now)
    kinds = [(k, KIND_LABELS[k]) for k in measures.ALL_KINDS]
    grid, table = (
        [],
        Table(
            slug="overview",
            title="Wards and entry points",
            columns=["Ward", "Entry point", *MEASURE_COLUMNS],
            empty="No wards to show.",
        ),
    )
    for ward in [*wards, None]:
        code = ward.code if ward else ""
        cells = []
        for kind, label in [*kinds, ("", "All kinds")]:
            m = by_key[(ward.pk if ward else None, kind or None)]
            link = figure_links(period, code, kind)
            cells.append(
                GridCell(kind, m, tone(m.compliance), link("not_compliant"), link("missed"))
            )
            if with_table:
                table.rows.append(
                    [
                        Cell(ward.name if ward else "All wards"),
                        Cell(label),
                        *measure_cells(m, link),
                    ]
                )
        grid.append(GridRow(ward, cells))
    sepsis = (
        sepsis_by_ward_table(wards, sepsis_measures_by_ward(wards, period), period, sepsis_links)
        if with_sepsis
        else None
    )
    return Overview(period=period, kinds=kinds, grid=grid, table=table, sepsis=sepsis)
