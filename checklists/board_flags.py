"""The ward board's sepsis part: each patient's latest screen and what it still owes,
and the open infection flags at the top of the board with what each asks for. Built
from two queries whatever the number of flags and screens (tests/test_ward_board.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .links import record_link
from .models import EntryPoint, FlagStep, InfectionFlag, SepsisScreen, Stay
from .sepsis import FollowUp

if TYPE_CHECKING:
    from .board import EntryRow, PatientRow

# A patient's latest sepsis screen shows on the board this long, while it is owed
# something or the patient still has a sign of infection.
SCREEN_SHOWN_FOR = timedelta(hours=24)


@dataclass
class ScreenRow:
    """The patient's latest sepsis screen, and what it still asks for."""

    screen: SepsisScreen
    follow_up: FollowUp
    url: str

    @property
    def overdue(self) -> bool:
        return self.follow_up.escalation_overdue or self.follow_up.next_screen_overdue


@dataclass
class FlagRow:
    """An open infection flag, at the top of the board with what it still asks for."""

    flag: InfectionFlag
    patient: PatientRow
    entry: EntryRow
    steps: list[FlagStep]
    check_url: str  # the check that opened it
    screen_url: str  # the latest screen since it opened, if any

    @property
    def overdue(self) -> bool:
        return any(step.overdue for step in self.steps)


def open_flags(points: list[EntryPoint]) -> dict[int, InfectionFlag]:
    """The open infection flag of each entry point that has one (one query)."""
    flags = InfectionFlag.objects.open().filter(entry_point__in=points).select_related("opened_by")
    by_point = {point.pk: point for point in points}
    found = {}
    for flag in flags:
        flag.entry_point = by_point[flag.entry_point_id]  # read already: no query
        found[flag.entry_point_id] = flag
    return found


def latest_screens(
    stays: list[Stay], flags: Iterable[InfectionFlag], now: datetime
) -> dict[int, SepsisScreen]:
    """Each patient's latest screen since the earliest of: SCREEN_SHOWN_FOR ago (on this
    stay) and the opening of their oldest open flag (one query)."""
    since = {s.patient_id: max(s.started_at, now - SCREEN_SHOWN_FOR) for s in stays}
    patient_of = {s.patient_id for s in stays}
    for flag in flags:
        patient = flag.entry_point.patient_id
        if patient in patient_of:
            since[patient] = min(since[patient], flag.screens_from)
    recent = (
        SepsisScreen.objects.current()
        .filter(patient__in=list(since), observed_at__gte=min(since.values(), default=now))
        .select_related("escalation")
        .order_by("patient_id", "-observed_at", "-pk")
    )
    latest: dict[int, SepsisScreen] = {}
    for screen in recent:
        if screen.patient_id not in latest and screen.observed_at >= since[screen.patient_id]:
            latest[screen.patient_id] = screen
    return latest


def screen_rows(
    stays: list[Stay],
    entries: dict[int, list[EntryRow]],
    latest: dict[int, SepsisScreen],
    now: datetime,
) -> dict[int, ScreenRow]:
    """Each patient's latest screen of the last SCREEN_SHOWN_FOR on this stay, while it
    owes an escalation or the patient has an open infection flag."""
    shown_from = {s.patient_id: max(s.started_at, now - SCREEN_SHOWN_FOR) for s in stays}
    screen_url = record_link("checklists:screen-detail")
    rows: dict[int, ScreenRow] = {}
    for patient_id, screen in latest.items():
        if screen.observed_at < shown_from[patient_id]:
            continue
        follow = screen.follow_up(now)
        flagged = any(e.infection_flag for e in entries.get(patient_id, []))
        if flagged or follow.escalation_due_at is not None:
            rows[patient_id] = ScreenRow(screen, follow, screen_url(screen.public_id))
    return rows


def flag_rows(
    patients: list[PatientRow], latest: dict[int, SepsisScreen], now: datetime
) -> list[FlagRow]:
    """The open flags, overdue ones first, then oldest first."""
    check_url, screen_url = (
        record_link("checklists:check-detail"),
        record_link("checklists:screen-detail"),
    )
    rows = []
    for patient in patients:
        screen = latest.get(patient.patient.pk)
        for entry in patient.entries:
            flag = entry.infection_flag
            if flag is None:
                continue
            after = screen if screen and screen.observed_at >= flag.screens_from else None
            rows.append(
                FlagRow(
                    flag=flag,
                    patient=patient,
                    entry=entry,
                    steps=flag.steps(screen, now),
                    check_url=check_url(flag.opened_by.public_id),
                    screen_url=screen_url(after.public_id) if after else "",
                )
            )
    rows.sort(key=lambda row: (not row.overdue, row.flag.opened_at))
    return rows
