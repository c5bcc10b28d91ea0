"""The signs of infection of a ward's period as tables (measures/sepsis.py): the figures
with their numerators and denominators, the same figures by entry-point kind or by
ward, the two lists behind the figures that fall short (flags not screened within the
hour, escalations late or not recorded), and the list behind any figure.

A screen links each row to the check that opened the flag (or prompted the screen): a
ward's history stays readable to its staff after the patient has gone, which a
patient's own page does not. A figure links to the list of who is behind it
(FigureList: the figure's name in measures.sepsis.FIGURES). A report passes no link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from ..measures import ALL_KINDS, Period
from ..measures.sepsis import (
    BANDS,
    ON_TIME,
    FlagScreening,
    SepsisMeasures,
    combined,
    escalation_due_at,
    escalation_state,
)
from ..models import SepsisScreen, Ward
from ..sepsis import ResponseBand
from .cells import EVERY_WARD, KIND_LABELS, NONE, Cell, Table, number, percentage

CheckLink = Callable[[UUID], str]
FigureList = Callable[[str], str]  # a figure's name -> the URL of the list behind it
# The FigureList of a period, ward (its code, "" for all) and kind ("" for all):
# checklists.links.sepsis_links on a screen, None on paper.
ListLinker = Callable[[Period, str, str], FigureList]


def _no_list(figure: str) -> str:
    return ""


def _of(part: int, whole: int, href: str = "") -> Cell:
    return Cell(f"{part} of {whole}", href=href if part else "", numeric=True)


def _time(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %b %H:%M}"


def sepsis_table(m: SepsisMeasures, link: FigureList = _no_list) -> Table:
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
    unscreened = len(m.not_screened_in_time)
    table.rows = [
        [Cell("Infection flags opened"), number(m.flags_opened, link("flags")), blank],
        [
            Cell(f"Flags screened within {minutes} minutes"),
            _of(m.screened_within_hour, m.flags_opened),
            percentage(m.screened_within_hour_rate),
        ],
        [
            Cell(f"Flags not screened within {minutes} minutes"),
            _of(unscreened, m.flags_opened, link("unscreened")),
            blank,
        ],
        [
            Cell("Median time from flag to screen (screened flags)"),
            Cell(NONE if median is None else f"{median:.0f} min", numeric=True),
            blank,
        ],
        [Cell("Flags still open"), _of(m.still_open, m.flags_opened, link("open")), blank],
        [
            Cell("Flags closed by removing the device"),
            _of(m.closed_by_removal, m.flags_opened, link("removed")),
            blank,
        ],
        [Cell("Sepsis screens"), number(len(m.screens), link("screens")), blank],
        *(
            [
                Cell(f"Screens: {label}"),
                _of(len(m.in_band(band)), len(m.screens), link(f"band_{band}")),
                blank,
            ]
            for band, label in BANDS
        ),
        [Cell("Screens that called for an escalation"), number(due, link("escalations")), blank],
        [
            Cell("Escalations recorded on time"),
            _of(m.escalations_on_time, due),
            percentage(m.escalations_on_time_rate),
        ],
        [
            Cell("Escalations late or not recorded"),
            _of(due - m.escalations_on_time, due, link("escalations_late")),
            blank,
        ],
    ]
    return table


SUMMARY_COLUMNS = [
    "Flags",
    "Screened in time %",
    "Not screened in time",
    "Median min to screen",
    "Still open",
    "Closed by removal",
    "Screens",
    "NEWS2 5 or more",
    "Escalations due",
    "Late or not recorded",
    "Escalations on time %",
]


def sepsis_summary_table(
    slug: str,
    title: str,
    first_column: str,
    rows: list[tuple[str, SepsisMeasures, FigureList]],
    empty: str,
) -> Table:
    """One row per group (an entry-point kind, or a ward) of the figures of sepsis_table."""
    table = Table(
        slug,
        title,
        [first_column, *SUMMARY_COLUMNS],
        empty=empty,
        note=f"Screened in time: within {settings.SEPSIS_SCREEN_MINUTES} minutes of the "
        "check that opened the flag. A screen counts under the kind of the check that "
        "prompted it.",
    )
    for label, m, link in rows:
        median = m.median_minutes_to_screen
        urgent = len(m.in_band(ResponseBand.MEDIUM)) + len(m.in_band(ResponseBand.HIGH))
        due = len(m.escalations_due)
        table.rows.append(
            [
                Cell(label),
                number(m.flags_opened, link("flags")),
                percentage(m.screened_within_hour_rate),
                number(len(m.not_screened_in_time), link("unscreened")),
                Cell(NONE if median is None else f"{median:.0f}", numeric=True),
                number(m.still_open, link("open")),
                number(m.closed_by_removal, link("removed")),
                number(len(m.screens), link("screens")),
                number(urgent),
                number(due, link("escalations")),
                number(due - m.escalations_on_time, link("escalations_late")),
                percentage(m.escalations_on_time_rate),
            ]
        )
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


def sepsis_by_kind_table(
    m: SepsisMeasures, ward_code: str = "", linker: ListLinker | None = None
) -> Table:
    def link(kind: str) -> FigureList:
        return linker(m.period, ward_code, kind) if linker else _no_list

    rows = [(KIND_LABELS[k], m.of_kind(k), link(k)) for k in ALL_KINDS]
    return sepsis_summary_table(
        "sepsis_by_kind",
        "Signs of infection by entry point",
        "Entry point",
        [*rows, ("All kinds", m, link(""))],
        empty="",
    )


def sepsis_by_ward_table(
    wards: list[Ward],
    by_ward: dict[int, SepsisMeasures],
    period: Period,
    linker: ListLinker | None = None,
    total: str = EVERY_WARD,
) -> Table:
    def link(code: str) -> FigureList:
        return linker(period, code, "") if linker else _no_list

    rows = [(w.name, by_ward[w.pk], link(w.code)) for w in wards]
    everyone = combined([by_ward[w.pk] for w in wards], period)
    return sepsis_summary_table(
        "sepsis_by_ward",
        "Signs of infection and sepsis screens by ward",
        "Ward",
        [*rows, (total, everyone, link(""))] if wards else [],
        empty="No wards to show.",
    )


def flag_list_table(
    title: str, flags: list[FlagScreening], ward_codes: dict[int, str], check_link: CheckLink
) -> Table:
    """The flags behind a figure, each linked to the check that opened it."""
    table = Table(
        "flags",
        title,
        [
            "Flag opened",
            "Ward",
            "Patient",
            "Hospital number",
            "Entry point",
            "First screen",
            "Closed",
        ],
        empty="No flag is behind this figure.",
    )
    for f in flags:
        point, patient = f.flag.entry_point, f.flag.entry_point.patient
        closure = getattr(f.flag, "closure", None)
        table.rows.append(
            [
                Cell(_time(f.flag.opened_at), href=check_link(f.flag.opened_by.public_id)),
                Cell(ward_codes[f.flag.ward_id]),
                Cell(patient.full_name),
                Cell(patient.hospital_number),
                Cell(KIND_LABELS[point.kind]),
                Cell(_time(f.first_screen.observed_at) if f.first_screen else "none"),
                Cell(
                    f"{_time(closure.closed_at)}: {closure.get_reason_display()}"
                    if closure
                    else "still open"
                ),
            ]
        )
    return table


def screen_list_table(
    title: str, screens: list[SepsisScreen], ward_codes: dict[int, str], check_link: CheckLink
) -> Table:
    """The screens behind a figure, each linked to the check that prompted it, if any."""
    table = Table(
        "screens",
        title,
        ["Screen", "Ward", "Patient", "Hospital number", "NEWS2", "Risk", "Escalation"],
        empty="No screen is behind this figure.",
    )
    for screen in screens:
        prompted = screen.prompted_by if screen.prompted_by_id else None
        escalation = getattr(screen, "escalation", None)
        state = escalation_state(screen) if screen.escalate else ""
        if not state:
            told = "not called for"
        elif escalation:
            told = f"{_time(escalation.told_at)} ({state})"
        else:
            told = state
        table.rows.append(
            [
                Cell(
                    _time(screen.observed_at),
                    href=check_link(prompted.public_id) if prompted else "",
                ),
                Cell(ward_codes[screen.ward_id]),
                Cell(screen.patient.full_name),
                Cell(screen.patient.hospital_number),
                number(screen.news2),
                Cell(screen.get_risk_level_display()),
                Cell(told, tone="bad" if state and state != ON_TIME else ""),
            ]
        )
    return table
