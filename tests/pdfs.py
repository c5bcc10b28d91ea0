"""Reading generated PDFs back: their text page by page, and the fonts their text uses."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

_FONT_USE = re.compile(rb"/([A-Za-z0-9+]+) [\d.]+ Tf")


def page_texts(content: bytes) -> list[str]:
    """Each page's text with every run of white space made one space: a table cell that
    wraps onto two lines reads as it was written."""
    reader = PdfReader(BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def full_text(content: bytes) -> str:
    return " ".join(page_texts(content))


def fonts_drawn(content: bytes, page_numbers: list[int] | None = None) -> set[tuple[str, str]]:
    """(subtype, base font) of every font some text is drawn in, on the pages numbered
    (from 1), or on every page."""
    used = set()
    pages = PdfReader(BytesIO(content)).pages
    for n, page in enumerate(pages, start=1):
        if page_numbers is not None and n not in page_numbers:
            continue
        resources = page["/Resources"]["/Font"]
        for name in _FONT_USE.findall(page.get_contents().get_data()):
            font = resources[f"/{name.decode()}"].get_object()
            used.add((str(font["/Subtype"]), str(font["/BaseFont"])))
    return used


def row_text(cells: list[str]) -> str:
    return " ".join(" ".join(cells).split())
