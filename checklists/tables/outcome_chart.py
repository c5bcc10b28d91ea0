"""Process and outcome in one chart: the bundle's compliance month by month as a line on
the left axis (0-100 %), the infection rate per 1,000 days at risk as bars on the right
axis, each on its own scale. Numbers in the page's coordinates (y grows downwards), as
the run chart's are; the page's template writes them as SVG."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..measures.rates import Outcome, ProcessAndOutcome
from .charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    small: bool  # few days at risk: drawn hatched


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class OutcomeChart:
    title: str
    width: int
    height: int
    line: list[list[tuple[float, float]]]  # runs of the compliance line
    dots: list[Dot]
    bars: list[Bar]
    left_ticks: list[tuple[float, str]]
    right_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    baseline: float
    text: str  # the chart in words

    @property
    def summary(self) -> str:
        return self.text


def _nice_top(highest: float) -> float:
    """The right axis' top: 1, 2 or 5 times a power of ten, at least the highest rate."""
    if highest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(highest))
    for step in (1, 2, 5, 10):
        if highest <= step * power:
            return float(step * power)
    return float(10 * power)  # not reached


def outcome_chart(
    outcome: Outcome, labels: Sequence[str], pairs: Sequence[ProcessAndOutcome]
) -> OutcomeChart:
    """`labels` and `pairs`: one per month, oldest first."""
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(labels), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    rates = [p.rate.per_1000 for p in pairs]
    top = _nice_top(max((r for r in rates if r is not None), default=0.0))

    def left_y(percent: float) -> float:
        return round(TOP + plot_h * (1 - percent / 100), 1)

    def right_y(rate: float) -> float:
        return round(TOP + plot_h * (1 - rate / top), 1)

    bars: list[Bar] = []
    dots: list[Dot] = []
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for n, (label, pair) in enumerate(zip(labels, pairs, strict=True)):
        centre = round(LEFT + step * (n + 0.5), 1)
        rate = pair.rate.per_1000
        if rate is not None:
            y = right_y(rate)
            bars.append(
                Bar(
                    x=round(centre - step * 0.3, 1),
                    y=y,
                    width=round(step * 0.6, 1),
                    height=round(HEIGHT - BOTTOM - y, 1),
                    label=label,
                    value=f"{rate:.2f} per 1,000 ({pair.rate.infections} in {pair.rate.days})",
                    small=pair.rate.small_denominator,
                )
            )
        compliance = pair.bundle.compliance
        if compliance is None:
            if run:
                runs.append(run)
            run = []
            continue
        dot = Dot(centre, left_y(compliance), label, f"{compliance:.1f}%")
        dots.append(dot)
        run.append((dot.x, dot.y))
    if run:
        runs.append(run)
    every = max(1, len(labels) // 6)
    last = len(labels) - 1
    title = f"{outcome.infection_type.short} rate and {outcome.bundle_phrase} compliance"
    return OutcomeChart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        line=runs,
        dots=dots,
        bars=bars,
        left_ticks=[(left_y(v), f"{v}%") for v in (0, 50, 100)],
        right_ticks=[(right_y(v), f"{v:g}") for v in (0, top / 2, top)],
        x_labels=[
            (round(LEFT + step * (n + 0.5), 1), label)
            for n, label in enumerate(labels)
            if (last - n) % every == 0
        ],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        baseline=float(HEIGHT - BOTTOM),
        text=_in_words(title, labels, pairs),
    )


def _in_words(title: str, labels: Sequence[str], pairs: Sequence[ProcessAndOutcome]) -> str:
    """For whoever cannot see the chart: its span, the infections and days in all, and
    the months with the highest rate and the lowest compliance. The table has every
    figure."""
    if not pairs:
        return f"{title}: no months."
    infections = sum(p.rate.infections for p in pairs)
    days = sum(p.rate.days for p in pairs)
    parts = [
        f"{title}, {labels[0]} to {labels[-1]}: {infections} "
        f"infection{'' if infections == 1 else 's'} in {days} days at risk"
    ]
    rated = [(p.rate.per_1000, label) for p, label in zip(pairs, labels, strict=True)]
    highest = max(((r, label) for r, label in rated if r is not None), default=None)
    if highest is not None and highest[0]:
        parts.append(f"highest rate {highest[0]:.2f} per 1,000 ({highest[1]})")
    complied = [
        (p.bundle.compliance, label)
        for p, label in zip(pairs, labels, strict=True)
        if p.bundle.compliance is not None
    ]
    if complied:
        low = min(complied)
        parts.append(f"lowest bundle compliance {low[0]:.1f}% ({low[1]})")
    return "; ".join(parts) + "."
