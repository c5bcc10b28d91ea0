"""One ward's dashboard: the period's measures, trends, failing items, today's loose
ends and the monthly sign-offs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .. import measures
from ..board import Status, build_ward_board
from ..links import figure_links, record_link, sepsis_links
from ..measures import Measures, Period, rollup
from ..measures.outcomes import outcome_figures
from ..measures.sepsis import sepsis_measures
from ..models import Ward
from ..tables.cells import Cell, Table, number, tone
from ..tables.charts import RunChart, trend_chart
from ..tables.outcome_chart import OutcomeChart
from ..tables.outcomes import EventLink, Links, outcome_tables
from ..tables.sepsis import (
    escalations_table,
    sepsis_by_kind_table,
    sepsis_table,
    unscreened_table,
)
from ..tables.sign_offs import ward_sign_offs
from ..tables.ward import (
    TREND_MONTHS,
    TREND_WEEKS,
    by_kind_table,
    dwell_table,
    findings_table,
    items_table,
    trend_table,
)


@dataclass
class WardDashboard:
    ward: Ward
    period: Period
    headline: Measures
    tables: dict[str, Table]
    weekly_chart: RunChart
    monthly_chart: RunChart
    sign_off_months: list[Period]
    links: dict[str, str]  # drill-downs of the headline figures
    # Each outcome's monthly table (also in `tables`) with its chart.
    outcome_charts: list[tuple[Table, OutcomeChart]]

    @property
    def headline_tone(self) -> str:
        return tone(self.headline.compliance)


def build_ward_dashboard(
    ward: Ward, period: Period, now: datetime, event_link: EventLink | None = None
) -> WardDashboard:
    """A fixed number of queries: the period's facts (4), the trends from the daily
    roll-up, per-item answers (2), the infection events of the year (5), today's board
    (see board.py) and the sign-offs with their later corrections (2). Only the trends
    reach back a year, and they read a row per day and kind, so the page does not slow
    down as history grows. `event_link`: the drill-down from an infection count to its
    events, for a reader who may open them (None: the counts link nowhere)."""
    today = timezone.localdate(now)
    weeks = measures.last_weeks(period.end, TREND_WEEKS)
    months = measures.last_months(period.end, TREND_MONTHS)
    facts = measures.collect([ward], period, now)
    by_key = measures.by_ward_and_kind(facts)
    weekly, monthly = rollup.trends([ward], [weeks, months], now, until=period.end)
    (monthly_by_key,) = rollup.trends_by_kind(
        [ward], [months], now, until=period.end, calendar_months=True
    )
    items = measures.item_compliance(facts)
    sepsis = sepsis_measures(ward, period)
    check_link = record_link("checklists:check-detail")
    ends = (period.end, today)
    figures = outcome_figures([ward], period, months, by_key, monthly_by_key)
    outcomes, outcome_charts = outcome_tables(
        figures, ward, Links(events=event_link, checks=figure_links)
    )
    tables = {
        t.slug: t
        for t in (
            by_kind_table(by_key, facts, ward, figure_links),
            outcomes,
            *(table for table, _ in outcome_charts),
            items_table(items, facts.period, ward, linker=figure_links),
            findings_table(items),
            sepsis_table(sepsis, sepsis_links(period, ward.code)),
            sepsis_by_kind_table(sepsis, ward.code, sepsis_links),
            unscreened_table(sepsis, check_link),
            escalations_table(sepsis, check_link),
            trend_table(True, weeks, weekly, ward, *ends, linker=figure_links),
            trend_table(False, months, monthly, ward, *ends, linker=figure_links),
            dwell_table(measures.dwell(facts)),
            *_today(ward, now),
            *ward_sign_offs(ward, record_link("checklists:check-detail")),
        )
    }
    return WardDashboard(
        ward=ward,
        period=period,
        headline=by_key[(None, None)],
        tables=tables,
        weekly_chart=trend_chart("Compliance by week", weeks, weekly, period, "%d %b"),
        monthly_chart=trend_chart("Compliance by month", months, monthly, period, "%b %Y"),
        links={
            show: figure_links(period, ward.code)(show) for show in ("missed", "late", "flagged")
        },
        outcome_charts=outcome_charts,
        # The last twelve months that are over, newest first.
        sign_off_months=measures.last_months(today.replace(day=1) - timedelta(days=1), 12)[::-1],
    )


def _today(ward: Ward, now: datetime) -> list[Table]:
    """Today's loose ends, read from the ward board so they match what nurses see."""
    board = build_ward_board(ward, now, with_screens=False)
    columns = ["Bed", "Patient", "Hospital number", "Entry point", "Device day"]
    overdue = Table("overdue", "Overdue today", columns, empty="Nothing overdue.")
    review = Table(
        "past_review", "Devices past review", [*columns, "Why"], empty="No device past review."
    )
    flags = Table(
        "flags",
        "Open infection flags",
        [*columns, "Flagged on"],
        empty="No open infection flag.",
    )
    check_url = record_link("checklists:check-detail")
    for row in board.patients:
        href = row.url  # the patient's page
        for entry in row.entries:
            point = entry.entry_point
            base = [
                Cell(row.stay.bed),
                Cell(row.patient.full_name, href=href),
                Cell(row.patient.hospital_number),
                Cell(str(point)),
                number(entry.dwell_day),
            ]
            if entry.status == Status.OVERDUE:
                overdue.rows.append(base)
            if entry.prompts:
                review.rows.append([*base, Cell("; ".join(entry.prompts))])
            if entry.infection_flag:
                opened_by = entry.infection_flag.opened_by
                link = check_url(opened_by.public_id)
                flags.rows.append([*base, Cell(f"{opened_by.clinical_date:%d %b %Y}", href=link)])
    return [overdue, review, flags]
