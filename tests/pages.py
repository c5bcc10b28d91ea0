"""Reading what a dashboard shows: its tables from the HTML and its CSV exports."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from io import StringIO

from .factories import day_back


def period_query(first: int = 20, last: int = 2) -> str:
    """A custom period from `first` to `last` days ago, as query parameters."""
    return f"period=custom&start={day_back(first).isoformat()}&end={day_back(last).isoformat()}"


class _PageTables(HTMLParser):
    """The header and body cells of each `<section id="table-...">` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self._slug: str | None = None
        self._part = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("table-"):
            self._slug = attrs["id"].removeprefix("table-")
            self.tables[self._slug] = {"columns": [], "rows": [], "table": False}
        elif self._slug is None:
            return
        elif tag == "table":
            self.tables[self._slug]["table"] = True
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if self._slug is None:
            return
        if tag == "section":
            self._slug = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[self._slug]
            if self._part == "thead":
                table["columns"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_table(response, slug: str) -> dict[str, list]:
    assert response.status_code == 200
    parser = _PageTables()
    parser.feed(response.content.decode())
    assert slug in parser.tables, f"no table {slug} on the page"
    return parser.tables[slug]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    # Starts with a byte-order mark so that Excel reads it as UTF-8.
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
