"""The run chart drawn into a PDF, from the same geometry as the page's SVG."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors

from ..tables.charts import RunChart
from . import fonts

GRID = colors.HexColor("#adb5bd")  # the charts' and the tables' rules


def drawn_chart(chart: RunChart, scale: float = 1) -> Drawing:
    """The dashboard's run chart, from the same geometry (SVG: y grows downwards)."""
    drawing = _full_size_chart(chart)
    if scale != 1:
        drawing.scale(scale, scale)
        drawing.width, drawing.height = chart.width * scale, chart.height * scale
    return drawing


def _full_size_chart(chart: RunChart) -> Drawing:
    height = chart.height

    def flip(y: float) -> float:
        return height - y

    drawing = Drawing(chart.width, chart.height)
    for y, label in chart.y_ticks:
        drawing.add(
            Line(
                chart.plot_left,
                flip(y),
                chart.plot_right,
                flip(y),
                strokeColor=GRID,
                strokeWidth=0.3,
            )
        )
        drawing.add(
            String(
                chart.plot_left - 4,
                flip(y) - 3,
                label,
                fontName=fonts.REGULAR,
                fontSize=7,
                textAnchor="end",
            )
        )
    target = Line(
        chart.plot_left,
        flip(chart.target_y),
        chart.plot_right,
        flip(chart.target_y),
        strokeColor=colors.HexColor("#198754"),
        strokeWidth=0.8,
        strokeDashArray=[4, 3],
    )
    drawing.add(target)
    drawing.add(
        String(
            chart.plot_right + 2,
            flip(chart.target_y) - 3,
            chart.target_label,
            fontName=fonts.REGULAR,
            fontSize=6.5,
            fillColor=colors.HexColor("#198754"),
        )
    )
    for segment in chart.segments:
        points = [c for x, y in segment for c in (x, flip(y))]
        if len(points) >= 4:
            drawing.add(PolyLine(points, strokeColor=colors.HexColor("#0d6efd"), strokeWidth=1.4))
    for point in chart.points:
        fill = colors.white if point.partial else colors.HexColor("#0d6efd")
        drawing.add(
            Circle(
                point.x,
                flip(point.y),
                2.6,
                fillColor=fill,
                strokeColor=colors.HexColor("#0d6efd"),
                strokeWidth=1,
            )
        )
        drawing.add(
            String(
                point.x,
                flip(point.y) + 5,
                point.value,
                fontName=fonts.REGULAR,
                fontSize=6.5,
                textAnchor="middle",
            )
        )
    for x, label in chart.x_labels:
        drawing.add(String(x, 12, label, fontName=fonts.REGULAR, fontSize=7, textAnchor="middle"))
    return drawing
