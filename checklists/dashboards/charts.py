"""Run charts drawn as SVG on the server: no JavaScript, no CDN, and they print."""

from __future__ import annotations

from dataclasses import dataclass

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
    segments: list[str]  # SVG polyline "x,y x,y" runs; a gap (no data) breaks the line
    points: list[Point]
    target_y: float
    target_label: str
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    plot_left: int
    plot_right: int


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
    points, segments, run = [], [], []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + n * step
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        y = _y(value)
        partial = partial_last and n == len(labels) - 1
        text = f"{value:.1f}%" + (" so far" if partial else "")
        points.append(Point(round(x, 1), round(y, 1), label, text, partial))
        run.append(f"{x:.1f},{y:.1f}")
    if run:
        segments.append(" ".join(run))
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
