"""What process-next-to-outcome needs for some wards and a period, read in a fixed number
of queries: the bundles' measures per kind month by month (from the daily roll-up, as
the trends are), the infection events that could be attributed to the wards, and the
counted infections over the period and by month. The period's own measures are the
caller's (the dashboard or report has already counted them), so a rate's days at risk
are the very device days printed beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from ..models import Ward
from .infections import attributable
from .periods import Period
from .rates import InfectionCounts, counted_infections
from .summary import Key, Measures

V = TypeVar("V")


def of_ward(by_key: dict[Key, V], ward_id: int | None) -> dict[str, V]:
    """One ward's (None: all the wards') values of a mapping by (ward id, kind), by kind;
    the all-kinds entry left out."""
    return {kind: value for (w, kind), value in by_key.items() if w == ward_id and kind}


@dataclass(frozen=True)
class OutcomeFigures:
    period: Period
    months: list[Period]
    bundles: dict[Key, Measures]  # the period's measures by (ward id, kind)
    monthly: dict[Key, list[Measures]]  # per month, by (ward id, kind)
    period_counts: InfectionCounts  # one bucket: the period
    monthly_counts: InfectionCounts  # by month


def outcome_figures(
    wards: list[Ward],
    period: Period,
    months: list[Period],
    bundles: dict[Key, Measures],
    monthly: dict[Key, list[Measures]],
) -> OutcomeFigures:
    """`bundles`: the period's measures by (ward id, kind), as the caller counted them;
    `months`: the months to show, the last holding the period's end, and `monthly` the
    measures per month by (ward id, kind) (`rollup.trends_by_kind`)."""
    span = Period(min(months[0].start, period.start), period.end) if months else period
    events = attributable(wards, span)
    ward_ids = [w.pk for w in wards]
    return OutcomeFigures(
        period=period,
        months=months,
        bundles=bundles,
        monthly=monthly,
        period_counts=counted_infections(events, ward_ids, [period]),
        monthly_counts=counted_infections(events, ward_ids, months),
    )
