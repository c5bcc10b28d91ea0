"""Lay a Report out as a PDF with ReportLab: A4 landscape, a Unicode font, long tables a
page at a time, and "Page X of Y" on every page. Decides no figure: it prints the report's
cells."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..tables.cells import Cell
from ..tables.charts import RunChart
from . import fonts
from .document import SOFTWARE, Printed, Report, Signatures
from .pdf_chart import GRID, drawn_chart
from .pdf_table import (
    CELL_SIZE,
    HEADER_BG,
    LEADING,
    PADDING,
    EncodingCanvas,
    Grid,
    Layout,
    Stamp,
    paragraph,
    text_width,
)

PAGE = landscape(A4)
MARGIN = 14 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
WIDTH_SAMPLE_ROWS = 300
SHORT_TEXT = 17  # characters a cell keeps on one line if it can, e.g. "01 Oct 2026 10:37"
LEAST_WIDTH_CAP = 90


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


Styles = dict[str, ParagraphStyle]


@cache
def _styles() -> Styles:
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
        "cell": ParagraphStyle("cell", body, fontSize=CELL_SIZE, leading=LEADING, spaceAfter=0),
        "number": ParagraphStyle(
            "number", body, fontSize=CELL_SIZE, leading=LEADING, spaceAfter=0, alignment=TA_RIGHT
        ),
        "header": ParagraphStyle(
            "header",
            body,
            fontName=fonts.BOLD,
            fontSize=CELL_SIZE,
            leading=LEADING,
            spaceAfter=0,
        ),
        "footer": ParagraphStyle(
            "footer", body, fontSize=7, leading=8, spaceAfter=0, textColor=colors.grey
        ),
    }


def _story(report: Report, styles: Styles) -> Iterator[Flowable]:
    yield paragraph(report.title, styles["title"])
    yield _key_values(report.cover, styles)
    for section in report.sections:
        if section.new_page:
            yield PageBreak()
        else:
            # A heading never ends a page alone.
            yield CondPageBreak(60 * mm)
        yield paragraph(section.title, styles["heading"])
        for block in section.blocks:
            if isinstance(block, str):
                yield paragraph(block, styles["body"])
            elif isinstance(block, Printed):
                yield from _printed(block, styles, section.title)
            elif isinstance(block, RunChart):
                # A ward's page of a hospital report must hold its chart and tables.
                chart = drawn_chart(block, 0.7 if section.new_page else 1)
                yield KeepTogether([paragraph(block.title, styles["caption"]), chart])
            elif isinstance(block, Signatures):
                yield _signatures(block, styles)
            yield Spacer(1, 4)


# Every table's own font, even where its cells are Paragraphs: ReportLab would otherwise
# open each cell in Helvetica, a Type 1 font that knows no "ł" or "王".
_BASE = [
    ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
    ("LEADING", (0, 0), (-1, -1), LEADING),
]


def _key_values(pairs: list[tuple[str, str]], styles: Styles) -> Table:
    rows = [[paragraph(k, styles["header"]), paragraph(v, styles["cell"])] for k, v in pairs]
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


CAPTION_ROOM = 25 * mm


def _printed(block: Printed, styles: Styles, heading: str) -> Iterator[Flowable]:
    table = block.table
    names = block.columns or tuple(table.columns)
    wanted = [table.columns.index(name) for name in names]
    rows = [[row[i] for i in wanted] for row in table.rows]
    if table.title != heading:
        # A caption never ends a page alone: it needs room for the header and a row or
        # two below it. (keepWithNext would make ReportLab hold the caption and a
        # many-page table together.)
        yield CondPageBreak(CAPTION_ROOM)
        yield paragraph(table.title, styles["caption"])
    if not rows:
        yield paragraph(table.empty, styles["body"])
        return
    widths = _widths(list(names), rows)
    yield Grid(Layout(list(names), rows, widths, styles))
    if table.note:
        yield paragraph(table.note, styles["note"])


def _widths(header: list[str], rows: list[list[Cell]]) -> list[float]:
    """Column widths that fit the page. Each column gets at least what keeps its header
    words and its short cells (dates, codes, figures) on one line; what is left goes to
    the columns whose text would wrap, in proportion to how much they would."""
    sample = rows[:WIDTH_SAMPLE_ROWS]
    least, natural = [], []
    for n, name in enumerate(header):
        # Each distinct text once: a column repeats a few values down its rows.
        texts = {row[n].text for row in sample}
        unbroken = {t if len(t) <= SHORT_TEXT else max(t.split() or [""], key=len) for t in texts}
        least.append(
            min(
                max(
                    [text_width(w, fonts.BOLD) for w in name.split() or [""]]
                    + [text_width(t) for t in unbroken]
                ),
                LEAST_WIDTH_CAP,
            )
            + 2 * PADDING
        )
        header_width = text_width(name, fonts.BOLD) + 2 * PADDING
        natural.append(max([text_width(t) + 2 * PADDING for t in texts] + [header_width]))
    if sum(natural) <= FRAME_WIDTH:
        return natural
    if sum(least) >= FRAME_WIDTH:
        return [w * FRAME_WIDTH / sum(least) for w in least]
    extra = FRAME_WIDTH - sum(least)
    wanting = [nat - low for nat, low in zip(natural, least, strict=True)]
    return [low + extra * want / sum(wanting) for low, want in zip(least, wanting, strict=True)]


def _signatures(block: Signatures, styles: Styles) -> Table:
    header = [paragraph(t, styles["header"]) for t in ("", "Name", "Role", "Signature", "Date")]
    rows = [header] + [[paragraph(role, styles["header"]), "", "", "", ""] for role in block.roles]
    table = Table(
        rows,
        colWidths=[32 * mm, 70 * mm, 50 * mm, 70 * mm, 35 * mm],
        rowHeights=[None] + [14 * mm] * len(block.roles),
        hAlign="LEFT",
    )
    table.setStyle(TableStyle([*_BASE, ("GRID", (0, 0), (-1, -1), 0.5, GRID)]))
    return table


class _NumberedCanvas(EncodingCanvas):
    """Holds each finished page until the last, so every footer can say "of Y"."""

    def __init__(self, *args: Any, footer: str, pages: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer, self._page_count = footer, pages
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        self._page_count.append(total)
        # A paragraph, not a bare string: the footer names the patient, in any script.
        # The same on every page, so laid out once.
        room = PAGE[0] - 2 * MARGIN - 80
        para = paragraph(_fit(self._footer, room), _styles()["footer"])
        para.wrap(room, 20)
        footer = Stamp(para)
        for state in self._held:
            self.__dict__.update(state)
            self._draw_footer(total, footer)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int, footer: Stamp) -> None:
        width = PAGE[0]
        self.setFont(fonts.REGULAR, 7)
        self.setFillColor(colors.grey)
        self.drawRightString(width - MARGIN, MARGIN - 2, f"Page {self._pageNumber} of {total}")
        footer.draw_on(self, MARGIN, MARGIN - 3)


def _fit(text: str, width: float) -> str:
    while text and stringWidth(text, fonts.REGULAR, 7) > width:
        text = text[:-2] + "…"
    return text
