"""The report's long tables, laid out and drawn a page at a time, to the geometry of
ReportLab's Table (tests/test_report_pdf.py holds them to it).

A Table builds a style object for every cell, measures every cell again each time it
splits across a page, and writes each string as a text object of its own; a hospital
quarter has some 300,000 cells. Here each distinct text of a column is wrapped once (by
ReportLab's own Paragraph), a page's strings share one text object, and each string is
encoded once per document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from math import log
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LayoutError, Paragraph

from ..tables.cells import Cell
from . import fonts
from .pdf_chart import GRID

CELL_SIZE = 7.5
LEADING = 9  # a table cell's line
PADDING = 3  # left and right of a cell's text
TOP_PADDING, BOTTOM_PADDING = 1.5, 2
GRID_WIDTH = 0.3
_FUZZ = rl_config._FUZZ  # what a frame allows a flowable over its height
TONES = {
    "good": colors.HexColor("#d1e7dd"),
    "warn": colors.HexColor("#fff3cd"),
    "bad": colors.HexColor("#f8d7da"),
}
HEADER_BG = colors.HexColor("#e9ecef")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of `text` that switches fonts for other scripts, and shapes only the
    scripts that need it (shaping every paragraph would triple a long report's time)."""
    if not fonts.needs_shaping(text):
        style = _unshaped(style)
    return Paragraph(fonts.markup(text, bold=style.fontName == fonts.BOLD), style)


@cache
def _unshaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-unshaped", style, shaping=0)


def text_width(text: str, font: str = fonts.REGULAR) -> float:
    width: float = stringWidth(text, font, CELL_SIZE)
    return width


class EncodingCanvas(Canvas):
    """A canvas that encodes each distinct string once per document, for _Text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._encoded: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self._subsets: dict[tuple[str, int], str] = {}

    def encoded(self, font_name: str, text: str) -> tuple[tuple[str, str], ...]:
        """`text` in `font_name` as PDF operations: (font subset, show the string), each
        distinct string encoded once in this document (the same as drawString does)."""
        runs = self._encoded.get((font_name, text))
        if runs is None:
            font, doc = getFont(font_name), self._doc
            runs = self._encoded[(font_name, text)] = tuple(
                (self._subset_name(font, subset), f"({escapePDF(chars)}) Tj")
                for subset, chars in font.splitString(text, doc)
            )
        return runs

    def _subset_name(self, font: TTFont, subset: int) -> str:
        name = self._subsets.get((font.fontName, subset))
        if name is None:
            name = self._subsets[(font.fontName, subset)] = font.getSubsetInternalName(
                subset, self._doc
            )
        return name


@dataclass(frozen=True, slots=True)
class Laid:
    """A cell's text laid out in its column: the lines a Paragraph breaks it into, drawn
    as bare strings (with their widths, for right alignment), or the Paragraph itself
    where it must draw them: several fonts, shaping, or spaces squeezed to fit a line."""

    lines: tuple[str, ...]
    widths: tuple[float, ...]
    para: Stamp | None
    height: float
    right: bool  # a figure: aligned right


@dataclass(frozen=True, slots=True)
class Row:
    height: float  # with the cells' padding, as Table measures a row
    cells: list[Laid]
    tones: list[tuple[int, colors.Color]]  # (column, background) against the target


class Layout:
    """One printed table: its columns, and its cells laid out. Each distinct text of a
    column is measured and wrapped once, however many rows repeat it: an exceptions table
    repeats a few dozen entry points and failed items thousands of times."""

    def __init__(
        self,
        header: list[str],
        rows: list[list[Cell]],
        widths: list[float],
        styles: dict[str, ParagraphStyle],
    ):
        self.columns, self.rows, self.widths, self.styles = header, rows, widths, styles
        self.edges = list(accumulate(widths, initial=0))  # each column's left, then the right
        self.width = self.edges[-1]
        self._seen: list[dict[tuple[str, str], Laid]] = [{} for _ in widths]
        self.header = self._row([Cell(name) for name in header], header=True)

    def row(self, n: int) -> Row:
        return self._row(self.rows[n])

    def _row(self, cells: list[Cell], header: bool = False) -> Row:
        laid, tones = [], []
        tallest = 0.0
        for c, (cell, seen) in enumerate(zip(cells, self._seen, strict=True)):
            key = (cell.text, "header" if header else "number" if cell.numeric else "cell")
            one = seen.get(key)
            if one is None:
                one = seen[key] = self._lay(*key, self.widths[c])
            laid.append(one)
            if one.height > tallest:
                tallest = one.height
            if cell.tone and not header:
                tones.append((c, TONES[cell.tone]))
        return Row(tallest + (BOTTOM_PADDING + TOP_PADDING), laid, tones)

    def _lay(self, text: str, style: str, width: float) -> Laid:
        room = width - 2 * PADDING
        font = fonts.BOLD if style == "header" else fonts.REGULAR
        plain = fonts.is_plain(text)
        right = style == "number"
        if plain and (length := text_width(text, font)) <= room:
            return Laid((text,), (length,), None, LEADING, right)
        para = paragraph(text, self.styles[style])
        para.wrap(room, _NO_LIMIT)
        lines = drawn_lines(para) if plain else None
        if lines is None:
            return Laid((), (), Stamp(para), para.height, right)
        widths = tuple(text_width(line, font) for line in lines)
        return Laid(lines, widths, None, LEADING * len(lines), right)


_NO_LIMIT = 72000  # the height Table lets a cell's Paragraph take


def drawn_lines(para: Paragraph) -> tuple[str, ...] | None:
    """The lines of a wrapped one-font Paragraph as the strings it draws, or None where it
    must draw them itself: several fonts, or a line whose spaces it squeezes to fit
    (ReportLab lets a line run a little over rather than break it)."""
    broken = para.blPara
    if broken.kind != 0 or any(extra < -1e-8 for extra, _ in broken.lines):
        return None
    return tuple(" ".join(words) for _, words in broken.lines)


class Grid(Flowable):
    """A printed table laid out a page at a time: the rows that fit under the header go
    on a Page, the rest stays a Grid for the next page. Each row is laid out once."""

    def __init__(self, layout: Layout, start: int = 0, ahead: list[Row] | None = None):
        super().__init__()
        self.layout, self.start = layout, start
        self._ahead = ahead if ahead is not None else []  # rows from start, laid out
        self._whole: Page | None = None
        self.hAlign = "LEFT"

    def _fitting(self, height: float) -> int:
        """How many rows from `start` fit under the header in `height`, by Table's rule:
        rows are taken until the first that would overflow."""
        layout, ahead = self.layout, self._ahead
        left = len(layout.rows) - self.start
        used, n = layout.header.height, 0
        while n < left:
            if n == len(ahead):
                ahead.append(layout.row(self.start + n))
            if used + ahead[n].height > height:
                break
            used += ahead[n].height
            n += 1
        return n

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        left = len(self.layout.rows) - self.start
        if self._fitting(available_height + _FUZZ) == left:
            self._whole = Page(self.layout, self._ahead[:left])
            self.width, self.height = self._whole.width, self._whole.height
        else:
            self._whole = None
            self.width, self.height = self.layout.width, available_height + 1  # split me
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        n = self._fitting(available_height)
        if not n:
            return []  # not one row under the header: the next page
        page = Page(self.layout, self._ahead[:n])
        if self.start + n == len(self.layout.rows):
            return [page]
        return [page, Grid(self.layout, self.start + n, self._ahead[n:])]

    def draw(self) -> None:
        if self._whole is None:
            raise LayoutError("A table was drawn that was not laid out whole.")
        self._whole.paint(self.canv)


class Page(Flowable):
    """A table's header and the rows that fit on one page, drawn as Table draws them in
    the report's style: backgrounds, then text (top-aligned, figures right-aligned), then
    the grid."""

    def __init__(self, layout: Layout, rows: list[Row]):
        super().__init__()
        self.layout, self.rows = layout, rows
        # Each row's top, from the table's top down to its bottom, 0 (summed from the
        # bottom up as Table does).
        self.tops = [0.0]
        for row in reversed(rows):
            self.tops.append(self.tops[-1] + row.height)
        self.tops.append(self.tops[-1] + layout.header.height)
        self.tops.reverse()
        self.width, self.height = layout.width, self.tops[0]
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.paint(self.canv)

    def paint(self, canv: EncodingCanvas) -> None:
        layout, tops = self.layout, self.tops
        edges, rows = layout.edges, [layout.header, *self.rows]
        canv.saveState()
        canv.setFillColor(HEADER_BG)
        canv.rect(0, tops[0], layout.width, tops[1] - tops[0], stroke=0, fill=1)
        toned: dict[colors.Color, list[str]] = {}
        for r, row in enumerate(rows):
            for c, tone in row.tones:
                box = (edges[c], tops[r], edges[c + 1] - edges[c], tops[r + 1] - tops[r])
                toned.setdefault(tone, []).append(" ".join(map(number, box)) + " re f")
        for tone, boxes in toned.items():
            canv.setFillColor(tone)
            canv.addLiteral("n " + " ".join(boxes))
        canv.setFillColor(colors.black)
        text = _Text(canv)
        lefts = [number(edge + PADDING) for edge in edges]
        for r, row in enumerate(rows):
            font = fonts.BOLD if r == 0 else fonts.REGULAR
            top = tops[r] - TOP_PADDING
            baselines: list[str] = []  # of the row's lines, shared by its cells
            for c, laid in enumerate(row.cells):
                if laid.para is not None:
                    text.close()  # the Paragraph writes a text object of its own
                    laid.para.draw_on(canv, edges[c] + PADDING, top - laid.height)
                    continue
                for n, (line, width) in enumerate(zip(laid.lines, laid.widths, strict=True)):
                    if not line:
                        continue
                    while len(baselines) <= n:
                        baselines.append(number(top - CELL_SIZE - len(baselines) * LEADING))
                    left = number(edges[c + 1] - PADDING - width) if laid.right else lefts[c]
                    text.draw(left, baselines[n], line, font)
        text.close()
        canv.setStrokeColor(GRID)
        canv.setLineWidth(GRID_WIDTH)
        canv.setLineCap(1)
        canv.setLineJoin(1)
        # A stroke for each rule, as Table draws them: where two meet, both are drawn.
        right, highest = number(layout.width), number(tops[0])
        rules = [f"n 0 {y} m {right} {y} l S" for y in map(number, tops)]
        rules += [f"n {x} 0 m {x} {highest} l S" for x in map(number, edges)]
        canv.addLiteral(" ".join(rules))
        canv.restoreState()


class Stamp:
    """A wrapped Paragraph drawn at several places in one document (a name in every row
    of a patient's checks, the footer on every page): ReportLab draws it the first time,
    and its PDF operations, which hold no position of their own, are written again
    wherever else it goes."""

    def __init__(self, para: Paragraph):
        self.para = para
        self._ops = ""

    def draw_on(self, canv: Canvas, x: float, y: float) -> None:
        if self._ops:
            canv.addLiteral(f"q 1 0 0 1 {number(x)} {number(y)} cm {self._ops} Q")
            return
        canv.saveState()
        canv.translate(x, y)
        start = len(canv._code)  # the page's operations so far (Canvas has no public reader)
        self.para.drawOn(canv, 0, 0)
        self._ops = " ".join(canv._code[start:])
        canv.restoreState()


class _Text:
    """One PDF text object for many strings, where canvas.drawString writes one for each
    string through a dozen Python calls: a hospital quarter draws some 300,000."""

    def __init__(self, canv: EncodingCanvas):
        self.canv = canv
        self.ops: list[str] = []
        self.subset = ""

    def draw(self, x: str, y: str, line: str, font: str) -> None:
        """Show `line` at (x, y), given as PDF numbers."""
        ops = self.ops
        if not ops:
            ops.append("BT")
        ops.append(f"1 0 0 1 {x} {y} Tm")
        for subset, shown in self.canv.encoded(font, line):
            if subset != self.subset:
                ops.append(f"{subset} {CELL_SIZE} Tf")
                self.subset = subset
            ops.append(shown)

    def close(self) -> None:
        if self.ops:
            self.ops.append("ET")
            self.canv.addLiteral(" ".join(self.ops))
            self.ops, self.subset = [], ""


def number(value: float) -> str:
    """A coordinate for a PDF operator, written as ReportLab's fp_str writes it (six
    significant digits, at most six decimals), so that every glyph and rule lands where
    ReportLab's own drawing put it; fp_str itself is several times slower."""
    magnitude = abs(value)
    if magnitude <= 1e-7:
        return "0"
    decimals = 6 if magnitude <= 1 else min(max(0, 6 - int(log(magnitude) / _LOG_10)), 6)
    text = f"{value:.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return text[1:] if text[0] == "0" and len(text) > 1 else text


_LOG_10 = log(10.0)
