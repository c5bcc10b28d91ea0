"""Which patients and entry points of an already-built ward board a nurse asked to see.

The board (checklists.board) is built from its fixed queries first; the filter is applied
here, in Python, over those lists, so a filtered board costs the same queries as the
whole one whatever the ward's size. Nothing here knows HTTP: the view hands in the plain
values of the query string and the ids kept in the session, and gets back the filter
(with a note for every value it ignored) and the board to show.

- `status` and `kind` choose entry points: a patient shows when any of her entry
  points match, with only the matching ones;
- `q` (name, bed or hospital number, any case) and `mine` (the patients the nurse chose
  for her shift) choose patients: with these alone a patient shows with every entry;
- the entry point just saved (`saved`) always shows, marked, even where the filter would
  now hide it: the nurse who filtered on "due" sees the row she has just made "done".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode
from uuid import UUID

from .board import EntryRow, PatientRow, Status, WardBoard
from .models import EntryPointKind


class StatusFilter:
    DUE = "due"
    OVERDUE = "overdue"
    FLAGGED = "flagged"
    DONE = "done"


STATUS_FILTER_LABELS = {
    StatusFilter.OVERDUE: "Overdue",
    StatusFilter.DUE: "Due",
    StatusFilter.FLAGGED: "Flagged",
    StatusFilter.DONE: "Done today",
}

# The longest search kept: a name, a bed or a hospital number is far shorter.
MAX_QUERY_LENGTH = 100

# The query-string names, in the order a normalised query string lists them.
PARAMETERS = ("status", "kind", "q", "mine")


@dataclass(frozen=True)
class BoardFilter:
    status: str = ""
    kind: str = ""
    q: str = ""
    mine: bool = False

    @property
    def active(self) -> bool:
        return bool(self.status or self.kind or self.q or self.mine)

    @property
    def chooses_entries(self) -> bool:
        return bool(self.status or self.kind)

    def query_items(self) -> list[tuple[str, str]]:
        """The filter as query-string pairs, in one order and without empty values, so
        that two ways of asking for the same board give the same string."""
        items = [("status", self.status), ("kind", self.kind), ("q", self.q)]
        items.append(("mine", "1" if self.mine else ""))
        return [(name, value) for name, value in items if value]

    def query_string(self) -> str:
        return urlencode(self.query_items())


@dataclass(frozen=True)
class ParsedFilter:
    filter: BoardFilter
    saved: UUID | None = None
    # One plain sentence per value that was not understood and is ignored.
    notes: list[str] = field(default_factory=list)


def parse_filter(params: Mapping[str, str]) -> ParsedFilter:
    """The filter these query-string values ask for. A value that is not understood is
    left out and named in a note; nothing here raises on what a user typed."""
    notes: list[str] = []
    status = params.get("status", "").strip().lower()
    if status and status not in STATUS_FILTER_LABELS:
        notes.append(f"Unknown status {_shown(status)} ignored: showing every status.")
        status = ""
    kind = params.get("kind", "").strip().lower()
    if kind and kind not in EntryPointKind.values:
        notes.append(f"Unknown entry point kind {_shown(kind)} ignored: showing every kind.")
        kind = ""
    q = " ".join(params.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        notes.append(f"Search shortened to its first {MAX_QUERY_LENGTH} characters.")
        q = q[:MAX_QUERY_LENGTH].rstrip()
    mine_value = params.get("mine", "").strip()
    mine = mine_value == "1"
    if mine_value not in ("", "0", "1"):
        notes.append(f"Unknown value {_shown(mine_value)} for my patients ignored.")
    saved_value = params.get("saved", "").strip()
    saved = None
    if saved_value:
        try:
            saved = UUID(saved_value)
        except ValueError:
            notes.append("The saved row named in the address is not one: ignored.")
    return ParsedFilter(BoardFilter(status, kind, q, mine), saved, notes)


def _shown(value: str) -> str:
    # Enough of the value for the nurse to recognise it; the template escapes it.
    return f"“{value[:40]}”"


def entry_matches(entry: EntryRow, board_filter: BoardFilter) -> bool:
    if board_filter.kind and entry.entry_point.kind != board_filter.kind:
        return False
    return not board_filter.status or status_matches(entry, board_filter.status)


def status_matches(entry: EntryRow, status: str) -> bool:
    if status == StatusFilter.DUE:
        return entry.status == Status.DUE
    if status == StatusFilter.OVERDUE:
        return entry.status == Status.OVERDUE
    if status == StatusFilter.FLAGGED:
        # An open infection flag on the entry point, or today's check not compliant.
        return entry.infection_flag is not None or entry.status == Status.DONE_NON_COMPLIANT
    if status == StatusFilter.DONE:
        return entry.status in (Status.DONE_COMPLIANT, Status.DONE_NON_COMPLIANT)
    return True


def patient_matches(row: PatientRow, board_filter: BoardFilter, mine: Collection[str]) -> bool:
    if board_filter.mine and str(row.patient.public_id) not in mine:
        return False
    if not board_filter.q:
        return True
    needle = board_filter.q.casefold()
    haystack = (row.patient.full_name, row.stay.bed, row.patient.hospital_number)
    return any(needle in value.casefold() for value in haystack)


@dataclass
class ShownPatient:
    row: PatientRow
    entries: list[EntryRow]


@dataclass
class FilteredBoard:
    board: WardBoard
    filter: BoardFilter
    patients: list[ShownPatient]
    saved: UUID | None = None  # the entry point marked "just saved", if it is on the board

    @property
    def shown(self) -> int:
        return len(self.patients)

    @property
    def total(self) -> int:
        return len(self.board.patients)


def filter_board(
    board: WardBoard,
    board_filter: BoardFilter,
    mine: Collection[str] = (),
    saved: UUID | None = None,
) -> FilteredBoard:
    """The patients and entries of `board` that `board_filter` keeps, in the board's order.
    `mine`: the public ids (as strings) of the patients the user chose for her shift.
    `saved`: an entry point shown whatever the filter, if it is on this board."""
    on_board = {e.entry_point.public_id for p in board.patients for e in p.entries}
    kept_saved = saved if saved in on_board else None
    shown = []
    for row in board.patients:
        is_saved = [e.entry_point.public_id == kept_saved for e in row.entries]
        if patient_matches(row, board_filter, mine):
            entries = [
                e
                for e, just_saved in zip(row.entries, is_saved, strict=True)
                if just_saved or not board_filter.chooses_entries or entry_matches(e, board_filter)
            ]
            # With an entry filter, a patient none of whose entries match is left out.
            keep = bool(entries) or not board_filter.chooses_entries
        else:
            # Another patient's row stays only for the entry just saved, and alone.
            entries = [e for e, just_saved in zip(row.entries, is_saved, strict=True) if just_saved]
            keep = bool(entries)
        if keep:
            shown.append(ShownPatient(row=row, entries=entries))
    return FilteredBoard(board, board_filter, shown, kept_saved)


@dataclass(frozen=True)
class SummaryCount:
    status: str  # the status filter this count links to
    label: str
    count: int
    # Of "done today", how many were not compliant.
    not_compliant: int = 0


def summary(board: WardBoard) -> list[SummaryCount]:
    """The board's header counts, one per status filter: each counts the entry points
    that filter shows, so a count and the list it links to always agree."""
    entries = [e for p in board.patients for e in p.entries]
    failed = sum(1 for e in entries if e.status == Status.DONE_NON_COMPLIANT)
    return [
        SummaryCount(
            status,
            label,
            sum(1 for e in entries if status_matches(e, status)),
            failed if status == StatusFilter.DONE else 0,
        )
        for status, label in STATUS_FILTER_LABELS.items()
    ]


def filtered_patient_rows(filtered: FilteredBoard) -> list[PatientRow]:
    """The shown patients as board rows holding only their shown entries, for templates
    that read a board's rows."""
    return [replace(p.row, entries=p.entries) for p in filtered.patients]
