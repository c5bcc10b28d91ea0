"""Process next to outcome as tables: each bundle's compliance beside the rate of the
infection it prevents, for a period (a ward, or every ward), and month by month. A
screen links the infection counts to the events behind them (`EventLink`); paper and
CSV carry the same cells without links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..measures import Measures, Period
from ..measures.outcomes import OutcomeFigures
from ..measures.rates import (
    OUTCOMES,
    SMALL_DENOMINATOR_DAYS,
    InfectionCounts,
    Outcome,
    ProcessAndOutcome,
    process_and_outcome,
    ssi_count,
)
from ..models import EntryPointKind, Ward
from ..surveillance import InfectionType
from .cells import EVERY_WARD, NONE, Cell, Linker, Table, figure_link, number, percentage
from .outcome_chart import OutcomeChart, outcome_chart

WOUNDS = EntryPointKind.SURGICAL_WOUND.value

# The events behind a count: (period, ward code or "" for all, infection type) to a URL.
EventLink = Callable[[Period, str, str], str]


@dataclass(frozen=True)
class Links:
    """A screen's drill-downs: from an infection count to the events it counts (for a
    reader who may open them), and from a bundle's compliance to its checks that were not
    compliant. Paper (and CSV) has neither."""

    events: EventLink | None = None
    checks: Linker | None = None

    def to_events(self, period: Period, ward: str, infection_type: str) -> str:
        return self.events(period, ward, infection_type) if self.events else ""

    def to_failures(self, period: Period, ward: str, kind: str) -> str:
        return figure_link(self.checks, period, ward, kind)("not_compliant")


PAPER = Links()

SMALL_NOTE = f"under {SMALL_DENOMINATOR_DAYS} days at risk: read with care"
RATE_NOTE = (
    "Counted infections: confirmed, healthcare-associated by the NHSN rules (or an "
    "override) and attributed to the ward, in the month of their date of event. Rates "
    "per 1,000 of the days at risk the compliance figures count at the ward's count time: "
    "device days of the bundle's kind, or patient days for pressure injuries. Rates on "
    f"fewer than {SMALL_DENOMINATOR_DAYS} days at risk are marked."
)

PERIOD_COLUMNS = [
    "Infection",
    "Infections",
    "Days at risk",
    "Days of",
    "Rate per 1,000",
    "Bundle",
    "Bundle compliance %",
    "Note",
]


def rate_cells(pair: ProcessAndOutcome, href: str) -> list[Cell]:
    """Infections (linked to the events), days at risk, rate per 1,000, and the note that
    marks a rate on few days."""
    rate = pair.rate
    value = rate.per_1000
    text = NONE if value is None else f"{value:.2f}"
    note = SMALL_NOTE if rate.small_denominator else ""
    return [
        number(rate.infections, href),
        number(rate.days),
        Cell(text, numeric=True, tone="warn" if rate.small_denominator else ""),
        Cell(note),
    ]


def _bundle_cells(pair: ProcessAndOutcome, href: str) -> list[Cell]:
    return [Cell(pair.outcome.bundle), percentage(pair.bundle.compliance, href, toned=True)]


def period_outcomes_table(
    bundles: dict[str, Measures],
    counts: InfectionCounts,
    period: Period,
    ward: Ward | None,
    links: Links = PAPER,
) -> Table:
    """A row per outcome over the period, then SSIs (counted, no rate). `bundles`: the
    period's measures by kind of this ward (or of all the wards); `counts` counted over
    the one bucket `period`."""
    table = Table(
        "outcomes",
        "Infections next to their bundle",
        PERIOD_COLUMNS,
        note=RATE_NOTE,
    )
    ward_id, code = (ward.pk, ward.code) if ward else (None, "")
    for outcome in OUTCOMES:
        pair = process_and_outcome(outcome, _of(bundles, outcome), counts, ward_id, 0)
        if not _shown(pair):
            continue
        href = links.to_events(period, code, outcome.infection_type.value)
        cells = rate_cells(pair, href)
        table.rows.append(
            [
                Cell(outcome.infection_type.short),
                *cells[:2],
                Cell(outcome.days_name),
                cells[2],
                *_bundle_cells(pair, links.to_failures(period, code, outcome.bundle_kind)),
                cells[3],
            ]
        )
    if ssi_count(counts, ward_id, 0) or _of(bundles, WOUNDS).due:
        table.rows.append(_ssi_row(counts, period, ward, links))
    return table


def by_ward_outcomes_table(
    bundles: dict[tuple[int | None, str | None], Measures],
    counts: InfectionCounts,
    period: Period,
    wards: Sequence[Ward],
    links: Links = PAPER,
    total: str = EVERY_WARD,
) -> Table:
    """Every ward's outcomes over the period, then all the wards together: the overview's
    and the hospital report's table. `bundles`: measures by (ward id, kind)."""
    table = Table(
        "outcomes_by_ward",
        "Infections next to their bundle, by ward",
        ["Ward", *PERIOD_COLUMNS],
        note=RATE_NOTE,
    )
    for ward in [*wards, None]:
        ward_id, code = (ward.pk, ward.code) if ward else (None, "")
        for outcome in OUTCOMES:
            m = bundles.get((ward_id, outcome.bundle_kind), Measures())
            pair = process_and_outcome(outcome, m, counts, ward_id, 0)
            if not _shown(pair):
                continue
            href = links.to_events(period, code, outcome.infection_type.value)
            cells = rate_cells(pair, href)
            table.rows.append(
                [
                    Cell(ward.name if ward else total),
                    Cell(outcome.infection_type.short),
                    *cells[:2],
                    Cell(outcome.days_name),
                    cells[2],
                    *_bundle_cells(pair, links.to_failures(period, code, outcome.bundle_kind)),
                    cells[3],
                ]
            )
        wounds = bundles.get((ward_id, WOUNDS), Measures())
        if ssi_count(counts, ward_id, 0) or wounds.due:
            name = Cell(ward.name if ward else total)
            table.rows.append([name, *_ssi_row(counts, period, ward, links)])
    return table


def _ssi_row(
    counts: InfectionCounts, period: Period, ward: Ward | None, links: Links
) -> list[Cell]:
    """SSIs are counted but have no rate: NHSN's is per 100 procedures, not recorded here."""
    ward_id, code = (ward.pk, ward.code) if ward else (None, "")
    href = links.to_events(period, code, InfectionType.SSI.value)
    return [
        Cell(InfectionType.SSI.short),
        number(ssi_count(counts, ward_id, 0), href),
        Cell(NONE, numeric=True),
        Cell("procedures"),
        Cell(NONE, numeric=True),
        Cell("Surgical-wound checks"),
        Cell(NONE, numeric=True),
        Cell("no rate: NHSN's is per 100 procedures, which are not recorded here"),
    ]


def monthly_outcome_table(
    outcome: Outcome,
    months: Sequence[Period],
    bundles: Sequence[Measures],
    counts: InfectionCounts,
    ward: Ward | None,
    period_end: Period | None = None,
    links: Links = PAPER,
) -> Table:
    """One outcome month by month beside its bundle: the figures of its chart.
    `bundles`: the bundle kind's measures per month; `counts` counted by `months`;
    `period_end`: the period, whose last month may run past its end (marked)."""
    kind = outcome.infection_type
    table = Table(
        f"outcome_{kind.value}",
        f"{kind.short} next to the {outcome.bundle_phrase}, by month",
        [
            "Month",
            "Bundle compliance %",
            "Checks settled",
            "Infections",
            outcome.days_name.capitalize(),
            "Rate per 1,000",
            "Note",
        ],
        note="Infections in the month of their date of event, counted as in the table "
        f"above; a rate on fewer than {SMALL_DENOMINATOR_DAYS} days at risk is marked.",
    )
    ward_id, code = (ward.pk, ward.code) if ward else (None, "")
    for n, (month, m) in enumerate(zip(months, bundles, strict=True)):
        pair = process_and_outcome(outcome, m, counts, ward_id, n)
        shown = month
        label = f"{month.start:%B %Y}"
        if period_end is not None and month.end > period_end.end:
            shown = Period(month.start, period_end.end)
            label += f" (to {shown.end:%d %b})"
        href = links.to_events(shown, code, kind.value)
        cells = rate_cells(pair, href)
        table.rows.append(
            [
                Cell(label),
                percentage(
                    m.compliance,
                    links.to_failures(shown, code, outcome.bundle_kind),
                    toned=True,
                ),
                number(m.settled),
                *cells,
            ]
        )
    return table


def monthly_outcome_tables(
    months: Sequence[Period],
    by_kind: dict[str, list[Measures]],
    counts: InfectionCounts,
    ward: Ward | None,
    period: Period | None = None,
    links: Links = PAPER,
) -> list[tuple[Outcome, Table]]:
    """`monthly_outcome_table` of every outcome whose bundle was due or whose infection
    was counted in these months (a ward without ventilators shows no VAE table)."""
    ward_id = ward.pk if ward else None
    result = []
    for outcome in OUTCOMES:
        values = by_kind.get(outcome.bundle_kind) or [Measures() for _ in months]
        infected = any(counts[ward_id, outcome.infection_type.value, n] for n in range(len(months)))
        if not infected and not any(m.due or m.device_days for m in values):
            continue
        table = monthly_outcome_table(outcome, months, values, counts, ward, period, links)
        result.append((outcome, table))
    return result


def _of(bundles: dict[str, Measures], outcome: Outcome | str) -> Measures:
    kind = outcome if isinstance(outcome, str) else outcome.bundle_kind
    return bundles.get(kind, Measures())


def _shown(pair: ProcessAndOutcome) -> bool:
    """A row only where someone was at risk, a check was due or an infection counted: a
    ward without ventilators has no VAE row."""
    return bool(pair.rate.days or pair.rate.infections or pair.bundle.due)


def outcome_tables(
    figures: OutcomeFigures, ward: Ward | None, links: Links = PAPER
) -> tuple[Table, list[tuple[Table, OutcomeChart]]]:
    """The period's table and, per outcome shown, its monthly table with its chart, for
    a ward (None: all the figures' wards together)."""
    ward_id = ward.pk if ward else None
    bundles = {k: m for (w, k), m in figures.bundles.items() if w == ward_id and k}
    period_table = period_outcomes_table(
        bundles, figures.period_counts, figures.period, ward, links
    )
    months = figures.months
    monthly = []
    by_kind = figures.monthly_by_kind(ward_id)
    counts = figures.monthly_counts
    for outcome, table in monthly_outcome_tables(
        months, by_kind, counts, ward, figures.period, links
    ):
        values = by_kind.get(outcome.bundle_kind) or [Measures() for _ in months]
        pairs = [process_and_outcome(outcome, m, counts, ward_id, n) for n, m in enumerate(values)]
        chart = outcome_chart(outcome, [f"{m.start:%b %Y}" for m in months], pairs)
        monthly.append((table, chart))
    return period_table, monthly
