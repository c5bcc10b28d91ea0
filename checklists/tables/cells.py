"""Tables as plain data: a page renders them, its CSV export and a printed report write
the very same cells, so a figure can never differ between them. Also the number formats,
the measure columns, and the types of the links a screen hands in."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import StringIO
from typing import Protocol

from django.conf import settings

from ..measures import Measures, Period
from ..models import EntryPointKind, Ward

NONE = "–"  # shown where a percentage has no denominator
KIND_LABELS: dict[str, str] = dict(EntryPointKind.choices)


class FigureLink(Protocol):
    """The drill-down of one group's figure: the URL of the checks it counts (`show`, a
    key of measures.SHOWS), or of the checks that failed one item."""

    def __call__(self, show: str, item: str = "") -> str: ...


class Linker(Protocol):
    """The FigureLink of the checks of a period, on a ward (its code; "" for all) and of
    a kind ("" for all). Screens hand one in (checklists.links.figure_links); a printed
    report hands in None, and its figures link nowhere."""

    def __call__(self, period: Period, ward: str, kind: str) -> FigureLink: ...


def no_link(show: str, item: str = "") -> str:
    """Paper's FigureLink: no figure links anywhere."""
    return ""


def figure_link(
    linker: Linker | None, period: Period, ward: str = "", kind: str = ""
) -> FigureLink:
    return no_link if linker is None else linker(period, ward, kind)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str = ""
    tone: str = ""  # "good", "warn" or "bad" against the compliance target
    numeric: bool = False


@dataclass
class Table:
    slug: str  # names its CSV download
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


def measure_cells(m: Measures, link: FigureLink = no_link) -> list[Cell]:
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


EVERY_WARD = "All wards"


def total_label(wards: Sequence[Ward], every_ward: bool) -> str:
    """The name of the row that adds the wards up: "All wards" only when it covers every
    ward of the hospital; otherwise the wards it covers ("ICU + 5A"), so that a unit
    manager's total is never read as the hospital's."""
    if every_ward:
        return EVERY_WARD
    return " + ".join(w.code for w in wards) or "No wards"
