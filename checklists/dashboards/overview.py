"""The hospital overview: every ward against every entry-point kind, and each ward's
signs of infection and sepsis screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import measures
from ..links import figure_links, sepsis_links
from ..measures import Measures, Period, rollup
from ..measures.outcomes import outcome_figures
from ..measures.sepsis import sepsis_measures_by_ward
from ..models import Ward
from ..tables.cells import (
    EVERY_WARD,
    KIND_LABELS,
    MEASURE_COLUMNS,
    Cell,
    Table,
    measure_cells,
    tone,
)
from ..tables.outcome_chart import OutcomeChart
from ..tables.outcomes import EventLink, Links, by_ward_outcomes_table, outcome_tables
from ..tables.sepsis import sepsis_by_ward_table
from ..tables.ward import TREND_MONTHS


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
    # Infections next to their bundle: by ward over the period, and all the wards month
    # by month, each outcome's table with its chart.
    total: str = EVERY_WARD  # the name of the row that adds the wards up
    outcomes: Table | None = None
    outcome_charts: list[tuple[Table, OutcomeChart]] | None = None

    @property
    def tables(self) -> dict[str, Table]:
        """The tables a CSV can be asked for by name."""
        found = [self.table, self.sepsis, self.outcomes]
        found += [table for table, _ in self.outcome_charts or []]
        return {t.slug: t for t in found if t is not None}


def build_overview(
    wards: list[Ward],
    period: Period,
    now: datetime,
    with_table: bool = True,
    with_sepsis: bool = True,
    with_outcomes: bool = True,
    event_link: EventLink | None = None,
    total: str = EVERY_WARD,
) -> Overview:
    """The settled days from the daily roll-up, the rest counted live, and the signs of
    infection (3 queries): a fixed number of queries whatever the number of wards.
    `with_table`: also every figure as one table (the CSV), which for a hospital is some
    300 rows of 13 linked figures; `with_sepsis`: also the signs of infection;
    `with_outcomes`: also the infections next to their bundles (the monthly measures by
    kind from the roll-up, and the infection events: 4 more queries, 3 more when there
    are events), their counts linked by `event_link` if given. `total`: the name of the
    row that adds the wards up (`tables.cells.total_label`)."""
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
                        Cell(ward.name if ward else total),
                        Cell(label),
                        *measure_cells(m, link),
                    ]
                )
        grid.append(GridRow(ward, cells))
    sepsis = (
        sepsis_by_ward_table(
            wards, sepsis_measures_by_ward(wards, period), period, sepsis_links, total
        )
        if with_sepsis
        else None
    )
    overview = Overview(
        period=period, kinds=kinds, grid=grid, table=table, sepsis=sepsis, total=total
    )
    if with_outcomes:
        months = measures.last_months(period.end, TREND_MONTHS)
        (monthly,) = rollup.trends_by_kind(
            wards, [months], now, until=period.end, calendar_months=True
        )
        figures = outcome_figures(wards, period, months, by_key, monthly)
        links = Links(events=event_link, checks=figure_links)
        overview.outcomes = by_ward_outcomes_table(
            by_key, figures.period_counts, period, wards, links, total
        )
        _, overview.outcome_charts = outcome_tables(figures, None, links)
    return overview
