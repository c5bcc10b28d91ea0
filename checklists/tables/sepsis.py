"""The signs of infection of a ward's period as tables (measures/sepsis.py): the figures
with their numerators and denominators, and the two lists behind the figures that fall
short: flags not screened within the hour, and escalations late or not recorded.

A screen links each row to the check that opened the flag (or prompted the screen): a
ward's history stays readable to its staff after the patient has gone, which a
patient's own page does not. A report passes no link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from ..measures.sepsis import (
    SepsisMeasures,
    escalation_due_at,
    escalation_state,
)
from .cells import KIND_LABELS, NONE, Cell, Table, number, percentage

CheckLink = Callable[[UUID], str]


def _of(part: int, whole: int) -> Cell:
    return Cell(f"{part} of {whole}", numeric=True)


def _time(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %b %H:%M}"


def sepsis_table(m: SepsisMeasures) -> Table:
    minutes = settings.SEPSIS_SCREEN_MINUTES
    table = Table(
        "sepsis",
        "Signs of infection and sepsis screens",
        ["Measure", "Count", "%"],
        note=f"A flag: a check that found a sign of infection. Screened in time: a sepsis "
        f"screen within {minutes} minutes of that check. An escalation on time: the person "
        f"told within {settings.SEPSIS_ESCALATION_MINUTES} minutes of the screen.",
    )
    median = m.median_minutes_to_screen
    due, blank = len(m.escalations_due), Cell(NONE, numeric=True)
    table.rows = [
        [Cell("Infection flags opened"), number(m.flags_opened), blank],
        [
            Cell(f"Flags screened within {minutes} minutes"),
            _of(m.screened_within_hour, m.flags_opened),
            percentage(m.screened_within_hour_rate),
        ],
        [
            Cell("Median time from flag to screen (screened flags)"),
            Cell(NONE if median is None else f"{median:.0f} min", numeric=True),
            blank,
        ],
        [Cell("Flags still open"), _of(m.still_open, m.flags_opened), blank],
        [
            Cell("Flags closed by removing the device"),
            _of(m.closed_by_removal, m.flags_opened),
            blank,
        ],
        [Cell("Sepsis screens"), number(len(m.screens)), blank],
        *([Cell(f"Screens: {label}"), _of(n, len(m.screens)), blank] for label, n in m.by_band()),
        [
            Cell("Escalations recorded on time"),
            _of(m.escalations_on_time, due),
            percentage(m.escalations_on_time_rate),
        ],
    ]
    return table


def unscreened_table(m: SepsisMeasures, check_link: CheckLink | None = None) -> Table:
    table = Table(
        "unscreened",
        f"Flags not screened within {settings.SEPSIS_SCREEN_MINUTES} minutes",
        ["Flag opened", "Patient", "Hospital number", "Entry point", "First screen"],
        empty="Every flag of the period was screened in time.",
    )
    for f in m.not_screened_in_time:
        point, patient = f.flag.entry_point, f.flag.entry_point.patient
        href = check_link(f.flag.opened_by.public_id) if check_link else ""
        table.rows.append(
            [
                Cell(_time(f.flag.opened_at), href=href),
                Cell(patient.full_name),
                Cell(patient.hospital_number),
                Cell(KIND_LABELS[point.kind]),
                Cell(_time(f.first_screen.observed_at) if f.first_screen else "none"),
            ]
        )
    return table


def escalations_table(m: SepsisMeasures, check_link: CheckLink | None = None) -> Table:
    table = Table(
        "escalations",
        "Escalations late or not recorded",
        ["Screen", "Patient", "Hospital number", "NEWS2", "Due by", "Told"],
        empty="Every escalation of the period was recorded on time.",
    )
    for screen in m.escalations_not_on_time:
        escalation = getattr(screen, "escalation", None)
        prompted = screen.prompted_by_id and screen.prompted_by
        href = check_link(prompted.public_id) if check_link and prompted else ""
        told = (
            f"{_time(escalation.told_at)} ({escalation_state(screen)})"
            if escalation
            else escalation_state(screen)
        )
        table.rows.append(
            [
                Cell(_time(screen.observed_at), href=href),
                Cell(screen.patient.full_name),
                Cell(screen.patient.hospital_number),
                number(screen.news2),
                Cell(_time(escalation_due_at(screen))),
                Cell(told, tone="bad"),
            ]
        )
    return table
