"""The measures of a ward, several wards or the hospital as tables: by entry point, by
ward, per item, by week or month, and dwell time. A screen and a report show the same
cells; only a screen's are linked (`linker`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .. import measures
from ..measures import DWELL_BANDS, Measures, Period
from ..models import Ward
from ..models.templates import ELEMENT, FINDING
from .cells import (
    EVERY_WARD,
    KIND_LABELS,
    MEASURE_COLUMNS,
    Cell,
    Linker,
    Table,
    figure_link,
    measure_cells,
    number,
    percentage,
)

# How far back the run charts reach.
TREND_WEEKS = 12
TREND_MONTHS = 12


def by_kind_table(
    by_key: dict[measures.Key, Measures],
    facts: measures.Facts,
    ward: Ward | None,
    linker: Linker | None = None,
    *,
    slug: str = "by_kind",
    title: str = "Measures by entry point",
) -> Table:
    """`by_key`: measures.by_ward_and_kind of facts that hold this ward (None: all the
    facts' wards together)."""
    table = Table(slug, title, ["Entry point", *MEASURE_COLUMNS])
    code = ward.code if ward else ""
    for kind in (*facts.kinds, None):
        m = by_key[(ward.pk if ward else None, kind)]
        label = KIND_LABELS[kind] if kind else "All kinds"
        link = figure_link(linker, facts.period, code, kind or "")
        table.rows.append([Cell(label), *measure_cells(m, link)])
    return table


def by_ward_table(
    by_key: dict[measures.Key, Measures], wards: Sequence[Ward], total: str = EVERY_WARD
) -> Table:
    """Every ward over all entry points, then all of them together (a hospital report)."""
    table = Table("wards", "Measures by ward", ["Ward", *MEASURE_COLUMNS])
    for ward in [*wards, None]:
        m = by_key[(ward.pk if ward else None, None)]
        table.rows.append([Cell(ward.name if ward else total), *measure_cells(m)])
    return table


def items_table(
    items: list[measures.ItemMeasure],
    period: Period,
    ward: Ward | None,
    complete: bool = False,
    linker: Linker | None = None,
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
    code = ward.code if ward else ""
    for item in items if complete else ranked:
        if item.role != ELEMENT or not (item.failed or complete):
            continue
        link = figure_link(linker, period, code, item.kind)
        table.rows.append(
            [
                Cell(KIND_LABELS[item.kind]),
                Cell(item.text),
                number(item.applicable),
                number(item.compliant),
                number(item.failed, link("failed", item.code)),
                number(item.not_applicable),
                percentage(item.compliance, toned=True),
            ]
        )
    return table


def findings_table(items: list[measures.ItemMeasure]) -> Table:
    """How often each finding (redness, pus, a wound grade) was found, in checklist order:
    what the nurse saw, not a step of the bundle, so never a compliance."""
    table = Table(
        "findings",
        "Findings",
        ["Entry point", "Item", "Answered", "Found", "Finding rate %"],
        empty="No finding was recorded in this period.",
        note="Per finding: answers other than the usual one (e.g. redness: yes; a wound "
        "grade above 0) / the checks done in time that answered it.",
    )
    for item in items:
        if item.role == FINDING:
            table.rows.append(
                [
                    Cell(KIND_LABELS[item.kind]),
                    Cell(item.text),
                    number(item.applicable),
                    number(item.found),
                    percentage(item.finding_rate),
                ]
            )
    return table


def top(table: Table, n: int) -> Table:
    """The first `n` rows of a ranked items table, saying how many were left out."""
    if len(table.rows) > n:
        table.note = f"The {n} items that failed most of {len(table.rows)} that failed."
        table.rows = table.rows[:n]
    return table


def trend_table(
    weekly: bool,
    buckets: list[Period],
    values: list[Measures],
    ward: Ward | None,
    period_end: date,
    today: date,
    linker: Linker | None = None,
) -> Table:
    """The figures behind a run chart, a row per week or month."""
    slug, title, first_column = (
        ("weekly", "Weekly trend", "Week of") if weekly else ("monthly", "Monthly trend", "Month")
    )
    table = Table(
        slug,
        title,
        [first_column, "Due", "Compliant", "Missed", "Completion %", "Compliance %"],
    )
    code = ward.code if ward else ""
    for bucket, m in zip(buckets, values, strict=True):
        # The last week or month may run past the period: count and link only what is in it.
        shown = Period(bucket.start, min(bucket.end, period_end))
        link = figure_link(linker, shown, code)
        label = f"{bucket.start:%d %b %Y}" if weekly else f"{bucket.start:%B %Y}"
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
