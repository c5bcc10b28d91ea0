"""Reading the app's HTML pages for the simulated nurses: the POST forms with their
fields (CSRF token and other hidden inputs, the values and ranges they offer), the rows
of a ward's board, its "add" links and the errors a refused form shows.

Standard library only, and no HTTP: kept apart from load/nurses.py so that the nurses'
behaviour reads on its own. `make bench` reads the app's pages with these helpers too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Form:
    hidden: dict[str, str] = field(default_factory=dict)  # hidden inputs (CSRF token, kind)
    values: dict[str, str] = field(default_factory=dict)  # text, number, date-time inputs
    numbers: dict[str, tuple[float, float]] = field(default_factory=dict)  # min, max
    radios: dict[str, list[str]] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)
    textareas: dict[str, str] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {*self.hidden, *self.values, *self.radios, *self.selects, *self.textareas}


class FormParser(HTMLParser):
    """Every <form method="post"> of a page with its fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form() if a.get("method", "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                form.hidden[name] = a.get("value", "")
            elif kind == "radio":
                form.radios.setdefault(name, []).append(a.get("value", ""))
            elif kind in ("submit", "button", "checkbox"):
                pass
            else:
                form.values[name] = a.get("value", "")
                if kind == "number":
                    form.numbers[name] = (float(a.get("min") or 0), float(a.get("max") or 100))
        elif tag == "select" and name:
            self._select = name
            form.selects[name] = []
        elif tag == "option" and self._select:
            form.selects[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            form.textareas[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.textareas[self._textarea] += data


def form_with(html: str, field_name: str) -> Form | None:
    """The page's POST form that has the named field."""
    parser = FormParser()
    parser.feed(html)
    return next((f for f in parser.forms if field_name in f.names()), None)


# A board row: whatever else its <tr> carries (an id to land on, the "just saved" mark).
ROW = re.compile(r'<tr\b[^>]*?\bdata-entry-point="([0-9a-f-]{36})"[^>]*>(.*?)</tr>', re.S)
SITE = re.compile(r'<span class="text-muted">(.*?)</span>', re.S)
ADD_LINK = re.compile(r'href="(/patients/[0-9a-f-]{36}/entry-points/add/)"')
ERRORS = re.compile(
    r'<div class="alert alert-block alert-danger">(.*?)</div>'
    r'|<span id="error_[^"]*" class="invalid-feedback">(.*?)</span>',
    re.S,
)
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Row:
    entry_point: str
    site: str
    to_check: bool  # the board offers its "Check" button: no check yet today


def board_rows(html: str) -> list[Row]:
    rows = []
    for public_id, cells in ROW.findall(html):
        site = SITE.search(cells)
        rows.append(
            Row(
                public_id,
                unescape(site.group(1)) if site else "",
                f'href="/entry-points/{public_id}/check/"' in cells,
            )
        )
    return rows


def form_errors(html: str) -> list[str]:
    found = []
    for block, inline in ERRORS.findall(html):
        text = " ".join(unescape(TAGS.sub(" ", block or inline)).split())
        if text:
            found.append(text)
    return found
