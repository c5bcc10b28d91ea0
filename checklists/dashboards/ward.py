"""One ward's dashboard: the period's measures, trends, failing items, today's loose
ends and the monthly sign-offs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .. import measures
from ..board import Status, build_ward_board
from ..measures import DWELL_BANDS, Measures, Period, rollup
from ..models import Check, MonthSignOff, Ward
from .charts import RunChart, run_chart
from .links import check_list_url, linker
from .tables import (
    KIND_LABELS,
    MEASURE_COLUMNS,
    Cell,
    Table,
    measure_cells,
    number,
    percentage,
    tone,
)

TREND_WEEKS = 12
TREND_MONTHS = 12


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

    @property
    def headline_tone(self) -> str:
        return tone(self.headline.compliance)


def build_ward_dashboard(ward: Ward, period: Period, now: datetime) -> WardDashboard:
    """A fixed number of queries: the period's facts (4), the trends from the daily
    roll-up, per-item answers (2), today's board (see board.py) and the sign-offs with
    their later corrections (2). Only the trends reach back a year, and they read a row
    per day, so the page does not slow down as history grows."""
    today = timezone.localdate(now)
    weeks = measures.last_weeks(period.end, TREND_WEEKS)
    months = measures.last_months(period.end, TREND_MONTHS)
    facts = measures.collect([ward], period, now)
    by_key = measures.by_ward_and_kind(facts)
    weekly, monthly = rollup.trends([ward], [weeks, months], now, until=period.end)
    ends = (period.end, today)
    tables = {
        t.slug: t
        for t in (
            by_kind_table(by_key, facts, ward),
            items_table(measures.item_compliance(facts), facts.period, ward),
            trend_table("weekly", "Weekly trend", weeks, weekly, ward, "Week of", *ends),
            trend_table("monthly", "Monthly trend", months, monthly, ward, "Month", *ends),
            dwell_table(measures.dwell(facts)),
            *_today(ward, now),
            *_sign_offs(ward),
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
            show: linker(period, ward=ward.code)(show) for show in ("missed", "late", "flagged")
        },
        # The last twelve months that are over, newest first.
        sign_off_months=measures.last_months(today.replace(day=1) - timedelta(days=1), 12)[::-1],
    )


def trend_chart(
    title: str, buckets: list[Period], values: list[Measures], period: Period, label: str
) -> RunChart:
    return run_chart(
        title,
        [format(b.start, label) for b in buckets],
        [m.compliance for m in values],
        settings.COMPLIANCE_TARGET,
        partial_last=buckets[-1].end > period.end,
    )


def by_kind_table(by_key: dict[measures.Key, Measures], facts, ward: Ward | None) -> Table:
    """`by_key`: measures.by_ward_and_kind of facts that hold this ward (None: all the
    facts' wards together)."""
    table = Table("by_kind", "Measures by entry point", ["Entry point", *MEASURE_COLUMNS])
    for kind in (*facts.kinds, None):
        m = by_key[(ward.pk if ward else None, kind)]
        label = KIND_LABELS[kind] if kind else "All kinds"
        link = linker(facts.period, ward=ward.code if ward else "", kind=kind or "")
        table.rows.append([Cell(label), *measure_cells(m, link)])
    return table


def items_table(
    items: list[measures.ItemMeasure], period: Period, ward: Ward | None, complete: bool = False
) -> Table:
    """Items that failed, most failures first: where the bundle slips. `complete`: every
    item in checklist order instead, as an audit report lists them."""
    table = Table(
        "items",
        "Per-item compliance" if complete else "Items that fail most",
        [
            "Entry point",
            "Item",
            "Answered",
            "Compliant",
            "Failed",
            "Not applicable",
            "Compliance %",
        ],
        empty="No item was answered in this period."
        if complete
        else "No item failed in this period.",
        note="Per item: compliant answers / applicable answers of the checks done in time.",
    )
    ranked = sorted(
        items,
        key=lambda i: (-i.failed, i.compliance if i.compliance is not None else 101),
    )
    for item in items if complete else ranked:
        if not (item.failed or complete):
            continue
        link = check_list_url(
            period, ward=ward.code if ward else "", kind=item.kind, show="failed", item=item.code
        )
        table.rows.append(
            [
                Cell(KIND_LABELS[item.kind]),
                Cell(item.text),
                number(item.applicable),
                number(item.compliant),
                number(item.failed, link),
                number(item.not_applicable),
                percentage(item.compliance, toned=True),
            ]
        )
    return table


def trend_table(slug, title, buckets, values, ward, first_column, period_end, today) -> Table:
    table = Table(
        slug,
        title,
        [first_column, "Due", "Compliant", "Missed", "Completion %", "Compliance %"],
    )
    for bucket, m in zip(buckets, values, strict=True):
        # The last week or month may run past the period: count and link only what is in it.
        shown = Period(bucket.start, min(bucket.end, period_end))
        link = linker(shown, ward=ward.code if ward else "")
        label = f"{bucket.start:%d %b %Y}" if slug == "weekly" else f"{bucket.start:%B %Y}"
        if shown.end < bucket.end:
            label += " (to date)" if shown.end == today else f" (to {shown.end:%d %b})"
        table.rows.append(
            [
                Cell(label),
                number(m.due, link("due")),
                number(m.compliant, link("compliant")),
                number(m.missed, link("missed")),
                percentage(m.completion),
                percentage(m.compliance, link("not_compliant"), toned=True),
            ]
        )
    return table


def dwell_table(dwells: list[measures.Dwell]) -> Table:
    table = Table(
        "dwell",
        "Dwell time (insertion day = day 1)",
        [
            "Entry point",
            "Devices",
            "Still in place",
            "Median days",
            "Longest",
            *[b.label for b in DWELL_BANDS],
        ],
    )
    for d in dwells:
        table.rows.append(
            [
                Cell(KIND_LABELS[d.kind]),
                number(d.devices),
                number(d.still_in_place),
                number(d.median_days),
                number(d.longest_days),
                *[number(n) for n in d.bands],
            ]
        )
    return table


def _today(ward: Ward, now: datetime) -> list[Table]:
    """Today's loose ends, read from the ward board so they match what nurses see."""
    board = build_ward_board(ward, now)
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
    for row in board.patients:
        href = reverse("checklists:patient-detail", args=[row.patient.public_id])
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
                flag = entry.infection_flag
                link = reverse("checklists:check-detail", args=[flag.public_id])
                flags.rows.append([*base, Cell(f"{flag.clinical_date:%d %b %Y}", href=link)])
    return [overdue, review, flags]


SIGN_OFF_COLUMNS = ["Month", "Signed by", "Signed at", "Compliance % then", "Comment"]


def sign_off_cells(s: MonthSignOff) -> list[Cell]:
    """A sign-off as the dashboard and the reports list it (reads s.signed_by)."""
    return [
        Cell(f"{s.month:%B %Y}"),
        Cell(s.signed_by.display_name),
        Cell(f"{timezone.localtime(s.signed_at):%d %b %Y %H:%M}"),
        percentage(s.figures.get("compliance")),
        Cell(s.comment),
    ]


def _sign_offs(ward: Ward) -> list[Table]:
    signed = Table(
        "sign_offs", "Monthly sign-offs", SIGN_OFF_COLUMNS, empty="No month signed off yet."
    )
    later = Table(
        "corrections_after_sign_off",
        "Corrections made after a month was signed off",
        ["Month", "Day", "Patient", "Entry point", "Reason", "Corrected by", "Corrected at"],
        empty="No correction since sign-off.",
    )
    sign_offs = list(
        MonthSignOff.objects.filter(ward=ward)
        .select_related("signed_by")
        .order_by("-month", "-signed_at")[:24]
    )
    first_signed: dict = {}
    for s in sign_offs:
        first_signed[s.month] = min(s.signed_at, first_signed.get(s.month, s.signed_at))
        signed.rows.append(sign_off_cells(s))
    if not first_signed:
        return [signed, later]
    corrections = (
        Check.objects.filter(
            ward=ward, corrects__isnull=False, clinical_date__gte=min(first_signed)
        )
        .select_related("recorded_by", "entry_point__patient")
        .order_by("clinical_date", "recorded_at")
    )
    for c in corrections:
        month = c.clinical_date.replace(day=1)
        if month not in first_signed or c.recorded_at <= first_signed[month]:
            continue
        later.rows.append(
            [
                Cell(f"{month:%B %Y}"),
                Cell(
                    f"{c.clinical_date:%d %b %Y}",
                    href=reverse("checklists:check-detail", args=[c.public_id]),
                ),
                Cell(c.entry_point.patient.full_name),
                Cell(str(c.entry_point)),
                Cell(c.correction_reason),
                Cell(c.recorded_by.display_name),
                Cell(f"{timezone.localtime(c.recorded_at):%d %b %Y %H:%M}"),
            ]
        )
    return [signed, later]
