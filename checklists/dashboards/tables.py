"""Tables as plain data: the page renders them, and the CSV export writes the very same
cells, so a figure can never differ between the two."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from io import StringIO

from django.conf import settings

from ..measures import Measures
from ..models import EntryPointKind

NONE = "–"  # shown where a percentage has no denominator
KIND_LABELS = dict(EntryPointKind.choices)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str = ""
    tone: str = ""  # "good", "warn" or "bad" against the compliance target
    numeric: bool = False


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "Nothing to show for this period."
    note: str = ""

    def to_csv(self) -> str:
        out = StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_safe(c.text) if not c.numeric else c.text for c in row])
        return out.getvalue()


def _safe(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - or @ as a formula: a patient's
    name or a comment must never do that."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def number(value: int | float | None, href: str = "") -> Cell:
    if value is None:
        return Cell(NONE, numeric=True)
    return Cell(str(value), href=href if value else "", numeric=True)


def tone(value: float | None) -> str:
    if value is None:
        return ""
    target = settings.COMPLIANCE_TARGET
    if value >= target:
        return "good"
    return "warn" if value >= target - 10 else "bad"


def percentage(value: float | None, href: str = "", toned: bool = False) -> Cell:
    if value is None:
        return Cell(NONE, numeric=True)
    return Cell(f"{value:.1f}", href=href, tone=tone(value) if toned else "", numeric=True)


def ratio(m: Measures) -> Cell:
    if m.utilisation_problem:
        return Cell("data error", tone="bad")
    if m.utilisation is None:
        return Cell(NONE, numeric=True)
    return Cell(f"{m.utilisation:.2f}", numeric=True)


MEASURE_COLUMNS = [
    "Due",
    "Open",
    "Done",
    "Compliant",
    "Missed",
    "Late",
    "Completion %",
    "Compliance %",
    "Patient days",
    "Device days",
    "Utilisation",
    "Infection flags",
    "Past review",
]


def measure_cells(m: Measures, link) -> list[Cell]:
    """The cells of MEASURE_COLUMNS; `link(show)` gives the drill-down for a figure.
    The percentages' denominator is Due minus Open (see Measures.settled)."""
    return [
        number(m.due, link("due")),
        number(m.open, link("open")),
        number(m.done, link("done")),
        number(m.compliant, link("compliant")),
        number(m.missed, link("missed")),
        number(m.late, link("late")),
        percentage(m.completion),
        percentage(m.compliance, link("not_compliant"), toned=True),
        number(m.patient_days),
        number(m.device_days),
        ratio(m),
        number(m.infection_flags, link("flagged")),
        number(m.past_review, link("past_review")),
    ]
