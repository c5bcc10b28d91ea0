"""Process next to outcome as tables: each bundle's compliance beside the rate of the
infection it prevents, for a period (a ward, or every ward), and month by month. A
screen links the infection counts to the events behind them (`EventLink`); paper and
CSV carry the same cells without links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..measures import Measures, Period
from ..measures.outcomes import OutcomeFigures, of_ward
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
    table.rows = _period_rows(bundles, counts, period, ward, links)
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
        ward_id = ward.pk if ward else None
        name = Cell(ward.name if ward else total)
        for row in _period_rows(of_ward(bundles, ward_id), counts, period, ward, links):
            table.rows.append([name, *row])
    return table


def _period_rows(
    bundles: dict[str, Measures],
    counts: InfectionCounts,
    period: Period,
    ward: Ward | None,
    links: Links,
) -> list[list[Cell]]:
    """One ward's (or all the wards') rows of PERIOD_COLUMNS: each outcome someone was
    at risk of, then SSIs where a wound was checked or one was counted."""
    ward_id, code = (ward.pk, ward.code) if ward else (None, "")
    rows = []
    for outcome in OUTCOMES:
        pair = process_and_outcome(outcome, _of(bundles, outcome), counts, ward_id, 0)
        if not _shown(pair):
            continue
        href = links.to_events(period, code, outcome.infection_type.value)
        infections, days, rate, note = rate_cells(pair, href)
        rows.append(
            [
                Cell(outcome.infection_type.short),
                infections,
                days,
                Cell(outcome.days_name),
                rate,
                *_bundle_cells(pair, links.to_failures(period, code, outcome.bundle_kind)),
                note,
            ]
        )
    if ssi_count(counts, ward_id, 0) or _of(bundles, WOUNDS).due:
        rows.append(_ssi_row(counts, period, ward, links))
    return rows


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
    pairs: Sequence[ProcessAndOutcome],
    ward: Ward | None,
    period_end: Period | None = None,
    links: Links = PAPER,
) -> Table:
    """One outcome month by month beside its bundle: the figures of its chart.
    `pairs`: the outcome's figures per month; `period_end`: the period, whose last month
    may run past its end (marked)."""
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
    code = ward.code if ward else ""
    for month, pair in zip(months, pairs, strict=True):
        m = pair.bundle
        shown = month
        label = f"{month.start:%B %Y}"
        if period_end is not None and month.end > period_end.end:
            shown = Period(month.start, period_end.end)
            label += f" (to {shown.end:%d %b})"
        href = links.to_events(shown, code, kind.value)
        table.rows.append(
            [
                Cell(label),
                percentage(
                    m.compliance,
                    links.to_failures(shown, code, outcome.bundle_kind),
                    toned=True,
                ),
                number(m.settled),
                *rate_cells(pair, href),
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
) -> list[tuple[Table, OutcomeChart]]:
    """`monthly_outcome_table` and its chart for every outcome whose bundle was due or
    whose infection was counted in these months (a ward without ventilators shows no VAE
    table)."""
    ward_id = ward.pk if ward else None
    labels = [f"{m.start:%b %Y}" for m in months]
    result = []
    for outcome in OUTCOMES:
        values = by_kind.get(outcome.bundle_kind) or [Measures() for _ in months]
        pairs = [process_and_outcome(outcome, m, counts, ward_id, n) for n, m in enumerate(values)]
        if not any(p.rate.infections or p.bundle.due or p.bundle.device_days for p in pairs):
            continue
        table = monthly_outcome_table(outcome, months, pairs, ward, period, links)
        result.append((table, outcome_chart(outcome, labels, pairs)))
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
    bundles = of_ward(figures.bundles, ward_id)
    period_table = period_outcomes_table(
        bundles, figures.period_counts, figures.period, ward, links
    )
    monthly = monthly_outcome_tables(
        figures.months,
        of_ward(figures.monthly, ward_id),
        figures.monthly_counts,
        ward,
        figures.period,
        links,
    )
    return period_table, monthly
