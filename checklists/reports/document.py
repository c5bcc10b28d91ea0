"""A report as plain data: sections of paragraphs, tables and charts. The builders fill
it from the measures; the PDF writer only lays it out, so it decides no figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables.cells import Table
from ..tables.charts import RunChart

SOFTWARE = "Infection-prevention checklist tracker"  # named on the cover and in the PDF's metadata


@dataclass(frozen=True)
class Signatures:
    """Lines for the people who prepare and review the report to sign and date."""

    roles: tuple[str, ...] = ("Prepared by", "Reviewed by")


# A table printed with only the named columns, in that order (None: all of them).
@dataclass(frozen=True)
class Printed:
    table: Table
    columns: tuple[str, ...] | None = None


Block = str | Printed | RunChart | Signatures


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False  # start on a fresh page (each ward of a hospital report)


@dataclass
class Report:
    number: str
    title: str
    cover: list[tuple[str, str]]  # label, value
    sections: list[Section]
    footer: str  # printed on every page, before "Page X of Y"
