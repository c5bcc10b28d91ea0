"""The run chart's geometry, as numbers in the page's coordinates (y grows downwards).
The page's template writes them as SVG (no JavaScript, no CDN, and it prints); the PDF
draws the very same numbers (reports/pdf_chart.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ..measures import Measures, Period

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 12, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str
    partial: bool = False  # a week or month not over yet: drawn hollow


@dataclass(frozen=True)
class RunChart:
    title: str
    width: int
    height: int
    # Runs of joined points, each a list of (x, y); a gap (no data) breaks the line.
    segments: list[list[tuple[float, float]]]
    points: list[Point]
    target_y: float
    target_label: str
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int

    @property
    def summary(self) -> str:
        """The chart in words, for whoever cannot see it: how many figures it draws and
        from when to when, the latest, the lowest, the highest, and the target. The table
        beside it has every figure."""
        if not self.points:
            return f"{self.title}: no settled checks in the period; {self.target_label}."
        first, last = self.points[0], self.points[-1]
        # y grows downwards: the lowest figure is drawn furthest down.
        low = max(self.points, key=lambda p: p.y)
        high = min(self.points, key=lambda p: p.y)
        # Only the periods with a settled check have a point; say how many there are.
        if first is last:
            span = f"one figure ({first.label})"
        else:
            span = f"{len(self.points)} figures from {first.label} to {last.label}"
        return (
            f"{self.title}, {span}: latest {last.value} ({last.label}); "
            f"lowest {low.value} ({low.label}), highest {high.value} ({high.label}); "
            f"{self.target_label}."
        )


def _y(percent: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - percent / 100)


def run_chart(
    title: str,
    labels: list[str],
    values: list[float | None],
    target: float,
    partial_last: bool = False,
) -> RunChart:
    """Compliance % per period on a 0-100 scale, with the target as a dashed line."""
    span = WIDTH - LEFT - RIGHT
    step = span / max(len(labels) - 1, 1)
    points: list[Point] = []
    segments: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + n * step
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        y = _y(value)
        partial = partial_last and n == len(labels) - 1
        text = f"{value:.1f}%" + (" so far" if partial else "")
        point = Point(round(x, 1), round(y, 1), label, text, partial)
        points.append(point)
        run.append((point.x, point.y))
    if run:
        segments.append(run)
    # At most about six x labels so they do not collide, counted back from the latest.
    every = max(1, len(labels) // 6)
    last = len(labels) - 1
    return RunChart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        segments=segments,
        points=points,
        target_y=round(_y(target), 1),
        target_label=f"target {target:g}%",
        y_ticks=[(round(_y(v), 1), f"{v}%") for v in (0, 25, 50, 75, 100)],
        x_labels=[
            (round(LEFT + n * step, 1), label)
            for n, label in enumerate(labels)
            if (last - n) % every == 0
        ],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
    )


def trend_chart(
    title: str, buckets: list[Period], values: list[Measures], period: Period, label: str
) -> RunChart:
    """Compliance per week or month (`label`: the strftime of a bucket's first day); the
    last bucket is drawn hollow when it runs past the period."""
    return run_chart(
        title,
        [format(b.start, label) for b in buckets],
        [m.compliance for m in values],
        settings.COMPLIANCE_TARGET,
        partial_last=buckets[-1].end > period.end,
    )
