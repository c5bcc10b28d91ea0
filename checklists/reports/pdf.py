"""Lay a Report out as a PDF with ReportLab: A4 landscape, a Unicode font, long tables in
chunks, and "Page X of Y" on every page. Decides no figure: it prints the report's cells."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..dashboards.charts import RunChart
from ..dashboards.tables import Cell
from . import fonts
from .document import SOFTWARE, Printed, Report, Signatures
from .pdf_chart import GRID, drawn_chart

PAGE = landscape(A4)
MARGIN = 14 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
CELL_SIZE = 7.5
PADDING = 3
# Rows handed to ReportLab at a time. One Table of many thousand rows lays out in time
# growing with the square of its rows; a chunk somewhat longer than a page stays linear.
CHUNK_ROWS = 60
WIDTH_SAMPLE_ROWS = 300
SHORT_TEXT = 17  # characters a cell keeps on one line if it can, e.g. "01 Oct 2026 10:37"
LEAST_WIDTH_CAP = 90
TONES = {
    "good": colors.HexColor("#d1e7dd"),
    "warn": colors.HexColor("#fff3cd"),
    "bad": colors.HexColor("#f8d7da"),
}
HEADER_BG = colors.HexColor("#e9ecef")


@dataclass(frozen=True)
class Rendered:
    content: bytes
    page_count: int


def render(report: Report) -> Rendered:
    fonts.register()
    styles = _styles()
    out = BytesIO()
    pages: list[int] = []
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{report.title} {report.number}",
        author=report.cover[0][1],
        # The verification page finds the number here when a file's bytes do not match.
        subject=f"Audit report {report.number}",
        keywords=report.number,
        creator=SOFTWARE,
        # Otherwise every page would name Helvetica, a Type 1 font without "ł" or "王".
        initialFontName=fonts.REGULAR,
    )
    canvas = partial(_NumberedCanvas, footer=report.footer, pages=pages)
    doc.build(list(_story(report, styles)), canvasmaker=canvas)
    return Rendered(out.getvalue(), pages[0])


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=9, leading=12, spaceAfter=4, shaping=1
    )
    return {
        "title": ParagraphStyle("title", body, fontName=fonts.BOLD, fontSize=17, leading=22),
        "heading": ParagraphStyle(
            "heading", body, fontName=fonts.BOLD, fontSize=12, leading=16, spaceBefore=8
        ),
        "caption": ParagraphStyle("caption", body, fontName=fonts.BOLD, fontSize=9.5),
        "body": body,
        "note": ParagraphStyle("note", body, fontSize=7.5, leading=9.5, textColor=colors.grey),
        "cell": ParagraphStyle("cell", body, fontSize=CELL_SIZE, leading=9, spaceAfter=0),
        "number": ParagraphStyle(
            "number", body, fontSize=CELL_SIZE, leading=9, spaceAfter=0, alignment=TA_RIGHT
        ),
        "header": ParagraphStyle(
            "header", body, fontName=fonts.BOLD, fontSize=CELL_SIZE, leading=9, spaceAfter=0
        ),
        "footer": ParagraphStyle(
            "footer", body, fontSize=7, leading=8, spaceAfter=0, textColor=colors.grey
        ),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    if not fonts.needs_shaping(text):
        style = _unshaped(style)
    return Paragraph(fonts.markup(text, bold=style.fontName == fonts.BOLD), style)


@cache
def _unshaped(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-unshaped", style, shaping=0)


def _story(report: Report, styles):
    yield _para(report.title, styles["title"])
    yield _key_values(report.cover, styles)
    for section in report.sections:
        if section.new_page:
            yield PageBreak()
        else:
            # A heading never ends a page alone.
            yield CondPageBreak(60 * mm)
        yield _para(section.title, styles["heading"])
        for block in section.blocks:
            if isinstance(block, str):
                yield _para(block, styles["body"])
            elif isinstance(block, Printed):
                yield from _printed(block, styles, section.title)
            elif isinstance(block, RunChart):
                # A ward's page of a hospital report must hold its chart and tables.
                chart = drawn_chart(block, 0.7 if section.new_page else 1)
                yield KeepTogether([_para(block.title, styles["caption"]), chart])
            elif isinstance(block, Signatures):
                yield _signatures(block, styles)
            yield Spacer(1, 4)


# Every table's own font, even where its cells are Paragraphs: ReportLab would otherwise
# open each cell in Helvetica, a Type 1 font that knows no "ł" or "王".
_BASE = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
    ("LEADING", (0, 0), (-1, -1), 9),
]


def _key_values(pairs: list[tuple[str, str]], styles) -> Table:
    rows = [[_para(k, styles["header"]), _para(v, styles["cell"])] for k, v in pairs]
    table = Table(rows, colWidths=[40 * mm, FRAME_WIDTH - 40 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_BASE,
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _printed(block: Printed, styles, heading: str):
    table = block.table
    names = block.columns or tuple(table.columns)
    wanted = [table.columns.index(name) for name in names]
    rows = [[row[i] for i in wanted] for row in table.rows]
    if table.title != heading:
        yield _para(table.title, styles["caption"])
    if not rows:
        yield _para(table.empty, styles["body"])
        return
    widths = _widths(list(names), rows)
    yield _ChunkedTable(list(names), rows, widths, styles)
    if table.note:
        yield _para(table.note, styles["note"])


def _text_width(text: str, font: str = fonts.REGULAR) -> float:
    return stringWidth(text, font, CELL_SIZE)


def _widths(header: list[str], rows: list[list[Cell]]) -> list[float]:
    """Column widths that fit the page. Each column gets at least what keeps its header
    words and its short cells (dates, codes, figures) on one line; what is left goes to
    the columns whose text would wrap, in proportion to how much they would."""
    sample = rows[:WIDTH_SAMPLE_ROWS]
    least, natural = [], []
    for n, name in enumerate(header):
        texts = [row[n].text for row in sample]
        unbroken = [t if len(t) <= SHORT_TEXT else max(t.split() or [""], key=len) for t in texts]
        least.append(
            min(
                max(
                    [_text_width(w, fonts.BOLD) for w in name.split() or [""]]
                    + [_text_width(t) for t in unbroken]
                ),
                LEAST_WIDTH_CAP,
            )
            + 2 * PADDING
        )
        header_width = _text_width(name, fonts.BOLD) + 2 * PADDING
        natural.append(max([_text_width(t) + 2 * PADDING for t in texts] + [header_width]))
    if sum(natural) <= FRAME_WIDTH:
        return natural
    if sum(least) >= FRAME_WIDTH:
        return [w * FRAME_WIDTH / sum(least) for w in least]
    extra = FRAME_WIDTH - sum(least)
    wanting = [nat - low for nat, low in zip(natural, least, strict=True)]
    return [low + extra * want / sum(wanting) for low, want in zip(least, wanting, strict=True)]


class _ChunkedTable(Flowable):
    """A long table handed to ReportLab a chunk of rows at a time, each chunk built only
    when it is laid out, so memory and time grow with the rows, not their square.

    Each chunk is longer than a page: ReportLab splits it where the page ends, the rows
    that fit are kept, and the next chunk starts at the top of the next page under a
    repeated header."""

    def __init__(self, header, rows, widths, styles, start: int = 0, size: int = CHUNK_ROWS):
        super().__init__()
        self.header, self.rows, self.widths, self.styles = header, rows, widths, styles
        self.start, self.size = start, size
        self._table: Table | None = None

    def _chunk(self) -> Table:
        if self._table is None:
            end = min(self.start + self.size, len(self.rows))
            self._table = _table(self.header, self.rows[self.start : end], self.widths, self.styles)
        return self._table

    def _is_last(self) -> bool:
        return self.start + self.size >= len(self.rows)

    def wrap(self, available_width, available_height):
        width, height = self._chunk().wrap(available_width, available_height)
        if not self._is_last():
            height = max(height, available_height) + 1  # never placed whole: split me
        self.width, self.height = width, height
        return width, height

    def split(self, available_width, available_height):
        parts = self._chunk().split(available_width, available_height)
        if not parts:
            return []
        first = parts[0]
        taken = self.size if len(parts) == 1 else len(first._cellvalues) - 1
        if self.start + taken >= len(self.rows):
            return [first]
        # The next page holds about as many rows as this one: ask for a few more than that,
        # so rows laid out and thrown away stay few.
        size = max(CHUNK_ROWS, taken + taken // 4 + 5) if len(parts) == 1 else taken * 5 // 4 + 5
        rest = _ChunkedTable(
            self.header, self.rows, self.widths, self.styles, self.start + taken, size
        )
        return [first, rest]

    def draw(self) -> None:
        self._chunk().drawOn(self.canv, 0, 0)


def _table(header: list[str], rows: list[list[Cell]], widths, styles) -> Table:
    data = [[_cell(Cell(name), widths[c], styles, bold=True) for c, name in enumerate(header)]]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *_BASE,
        ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, row in enumerate(rows, start=1):
        line = []
        for c, cell in enumerate(row):
            line.append(_cell(cell, widths[c], styles))
            if cell.numeric:
                commands.append(("ALIGN", (c, r), (c, r), "RIGHT"))
            if cell.tone:
                commands.append(("BACKGROUND", (c, r), (c, r), TONES[cell.tone]))
        data.append(line)
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _cell(cell: Cell, width: float, styles, bold: bool = False):
    """A bare string when the main font draws it on one line (cheap), else a Paragraph
    that wraps and switches fonts for other scripts."""
    text = cell.text
    font = fonts.BOLD if bold else fonts.REGULAR
    if fonts.is_plain(text) and _text_width(text, font) <= width - 2 * PADDING:
        return text
    style = "header" if bold else "number" if cell.numeric else "cell"
    return _para(text, styles[style])


def _signatures(block: Signatures, styles) -> Table:
    header = [_para(t, styles["header"]) for t in ("", "Name", "Role", "Signature", "Date")]
    rows = [header] + [[_para(role, styles["header"]), "", "", "", ""] for role in block.roles]
    table = Table(
        rows,
        colWidths=[32 * mm, 70 * mm, 50 * mm, 70 * mm, 35 * mm],
        rowHeights=[None] + [14 * mm] * len(block.roles),
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([*_BASE, ("GRID", (0, 0), (-1, -1), 0.5, GRID)]))
    return table


class _NumberedCanvas(Canvas):
    """Holds each finished page until the last, so every footer can say "of Y"."""

    def __init__(self, *args, footer: str, pages: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._footer, self._page_count = footer, pages
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        self._page_count.append(total)
        for state in self._held:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width = PAGE[0]
        self.setFont(fonts.REGULAR, 7)
        self.setFillColor(colors.grey)
        self.drawRightString(width - MARGIN, MARGIN - 2, f"Page {self._pageNumber} of {total}")
        # A paragraph, not a bare string: the footer names the patient, in any script.
        room = width - 2 * MARGIN - 80
        footer = _para(_fit(self._footer, room), _styles()["footer"])
        footer.wrap(room, 20)
        footer.drawOn(self, MARGIN, MARGIN - 3)


def _fit(text: str, width: float) -> str:
    while text and stringWidth(text, fonts.REGULAR, 7) > width:
        text = text[:-2] + "…"
    return text
