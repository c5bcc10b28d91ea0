"""What `seed_demo` prints: counts and the demo logins, never patient data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .staff import DEMO_LOGINS, DEMO_PASSWORD


@dataclass(frozen=True)
class Summary:
    first_day: date
    today: date
    wards: int
    beds: int
    in_hospital: int
    patients: int
    transfers: int
    discharges: int
    entry_points: dict[str, int]
    in_place: int
    due: int
    missed: int
    checks: int
    late: int
    non_compliant: int
    infection_signs: int
    corrections: int
    due_today: int
    done_today: int
    screens: int = 0
    screens_high: int = 0
    escalations: int = 0
    flags: int = 0
    flags_open: int = 0
    flags_decided: int = 0
    infections: int = 0
    infections_ruled_out: int = 0


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def summary_lines(s: Summary) -> list[str]:
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in s.entry_points.items())
    past_due = s.due - s.due_today
    return [
        f"Demo data from {s.first_day:%d %b %Y} to today, {s.today:%d %b %Y}:",
        f"  {s.wards} wards, {s.beds} beds, {s.in_hospital} patients in now "
        f"({_pct(s.in_hospital, s.beds)} occupied)",
        f"  {s.patients:,} patients, {s.transfers:,} transfers, {s.discharges:,} discharges",
        f"  {sum(s.entry_points.values()):,} entry points ({kinds}); {s.in_place} in place now",
        f"  {s.checks:,} checks: {s.missed:,} missed ({_pct(s.missed, past_due)} of due), "
        f"{s.late:,} late, {s.non_compliant:,} not compliant, "
        f"{s.infection_signs:,} with signs of infection",
        f"  {s.corrections} corrections",
        f"  {s.screens} sepsis screens ({s.screens_high} high risk), "
        f"{s.escalations} escalations recorded",
        f"  {s.flags} infection flags, {s.flags_open} still open, "
        f"{s.flags_decided} closed on a clinician's decision",
        f"  {s.infections} infection events recorded by the infection-prevention lead, "
        f"{s.infections_ruled_out} of them ruled out after review",
        f"  Today: {s.done_today} of {s.due_today} due checks done so far",
    ]


def login_lines(present: Iterable[str] | None = None) -> list[str]:
    """The demo logins as a table; only those in `present` when it is given."""
    people = [p for p in DEMO_LOGINS if present is None or p.username in set(present)]
    if not people:
        return ["No demo logins in this database."]
    rows = [("role", "username", "password", "what they see")]
    rows += [(p.role, p.username, DEMO_PASSWORD, p.sees) for p in people]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["Demo logins, one per role:"]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[3]]))
    return lines
