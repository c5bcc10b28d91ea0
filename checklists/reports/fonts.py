"""Fonts for the PDF reports: a Unicode TrueType family, with fallbacks for the scripts
it lacks, so that names in any script print as written (design.md: Zoë, Nguyễn, 王芳).

ReportLab's built-in Type 1 fonts know only Latin-1. DejaVu Sans covers Latin, Greek,
Cyrillic, Arabic and Hebrew; Chinese and Devanagari come from the fallbacks, chosen
character by character. With uharfbuzz installed ReportLab shapes each run, so Arabic
joins and Devanagari conjuncts form."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.graphics import shapes
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)
REGULAR, BOLD = "ReportSans", "ReportSans-Bold"

# Scripts that need shaping or right-to-left ordering, so never drawn as plain strings.
_COMPLEX_RANGES = ((0x0590, 0x08FF), (0x0900, 0x0DFF), (0xFB1D, 0xFEFF))


@cache
def _fonts() -> tuple[TTFont, TTFont, tuple[TTFont, ...]]:
    """Register the family once per process; a missing main font is a set-up error."""
    paths = settings.REPORT_FONTS
    for key in ("regular", "bold"):
        if not Path(str(paths[key])).is_file():
            raise ImproperlyConfigured(
                f"PDF font {paths[key]} is missing: run `make fonts` "
                "(Debian package fonts-dejavu-core) or set REPORT_FONTS."
            )
    regular, bold = TTFont(REGULAR, paths["regular"]), TTFont(BOLD, paths["bold"])
    fallbacks = []
    for n, path in enumerate(paths["fallbacks"]):
        if Path(path).is_file():
            fallbacks.append(TTFont(f"ReportFallback{n}", path))
        else:
            # Reports still print, but the scripts this font covers come out as boxes.
            logger.warning("PDF fallback font %s is missing: run `make fonts`", path)
    for font in (regular, bold, *fallbacks):
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    # A chart opens in this font before its labels set theirs; left alone it would be
    # Helvetica, a Type 1 font. No other drawing is made in this process.
    shapes.STATE_DEFAULTS["fontName"] = REGULAR
    return regular, bold, tuple(fallbacks)


def register() -> None:
    _fonts()


def font_for(char: str, bold: bool = False) -> str:
    """The name of the first font with a glyph for `char` (the main font if none has)."""
    regular, bold_font, fallbacks = _fonts()
    code = ord(char)
    main = bold_font if bold else regular
    if code in main.face.charToGlyph:
        return str(main.fontName)
    for font in fallbacks:
        if code in font.face.charToGlyph:
            return str(font.fontName)
    return str(main.fontName)


def is_plain(text: str) -> bool:
    """Whether the main font alone can draw `text` left to right without shaping: then a
    table cell may hold the bare string, which is far cheaper than a Paragraph."""
    return _not_plain().search(text) is None


def needs_shaping(text: str) -> bool:
    """Whether `text` holds a script whose letters change shape or order (shaping every
    paragraph would triple the time a long report takes)."""
    return _COMPLEX.search(text) is not None


def _char_class(ranges: Iterable[Sequence[int]]) -> str:
    """A regular expression's character class of (first, last) code point ranges."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


_COMPLEX = re.compile(f"[{_char_class(_COMPLEX_RANGES)}]")


@cache
def _not_plain() -> re.Pattern[str]:
    """A character the main font lacks, or one of a complex script. A long report asks
    this of some hundred thousand cells: one regular expression answers in C what a loop
    over the font's character map took seconds to."""
    codes = sorted(
        code
        for code in _fonts()[0].face.charToGlyph
        if not any(low <= code <= high for low, high in _COMPLEX_RANGES)
    )
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(f"[^{_char_class(ranges)}]")


def markup(text: str, bold: bool = False) -> str:
    """`text` escaped for a Paragraph, each run of characters in a font that has them."""
    main = BOLD if bold else REGULAR
    parts: list[str] = []
    run, run_font = "", main
    for char in text:
        # Spaces and punctuation stay in the run around them, so a name is not cut up.
        font = run_font if char.isspace() else font_for(char, bold)
        if font != run_font and run:
            parts.append(_tagged(run, run_font, main))
            run = ""
        run, run_font = run + char, font
    if run:
        parts.append(_tagged(run, run_font, main))
    return "".join(parts)


def _tagged(run: str, font: str, main: str) -> str:
    text = escape(run)
    return text if font == main else f'<font face="{font}">{text}</font>'
