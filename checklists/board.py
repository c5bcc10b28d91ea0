"""Today's ward board: every patient on a ward and the state of each entry point.

Built from a fixed number of queries whatever the ward's size (see
tests/test_ward_board.py); the time-dependent labels are computed in Python
over the already-bounded lists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from . import board_flags, braden, days
from .links import record_link
from .measures.counting import CountClock, owner_of_day, stays_by_patient
from .models import (
    Answer,
    Check,
    EntryPoint,
    EntryPointKind,
    InfectionFlag,
    Patient,
    Stay,
    Ward,
)
from .review import REVIEW_ANSWERS, REVIEW_ITEM_CODES, long_dwelling, review_hours


class Status:
    DUE = "due"
    OVERDUE = "overdue"
    DONE_COMPLIANT = "done"
    DONE_NON_COMPLIANT = "failed"
    NOT_DUE = "not_due"


STATUS_LABELS = {
    Status.DUE: "Due",
    Status.OVERDUE: "Overdue",
    Status.DONE_COMPLIANT: "Done",
    Status.DONE_NON_COMPLIANT: "Done: not compliant",
    Status.NOT_DUE: "New today: check optional",
}


@dataclass
class EntryRow:
    entry_point: EntryPoint
    status: str
    today_check: Check | None
    dwell_day: int
    prompts: list[str] = field(default_factory=list)
    infection_flag: InfectionFlag | None = None  # open on this entry point
    failed_items: list[str] = field(default_factory=list)
    braden: braden.BradenScore | None = None  # of the latest check, for a pressure injury
    # Today's check's page if there is one, else the page to record it.
    action_url: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class PatientRow:
    patient: Patient
    stay: Stay
    risk_factors: list[str]
    entries: list[EntryRow]
    url: str
    add_entry_point_url: str
    screen: board_flags.ScreenRow | None = None


@dataclass
class WardBoard:
    ward: Ward
    today: date
    now: datetime
    patients: list[PatientRow]
    # The moment this board would read differently with no new record: a check turning
    # overdue, a device's dwell prompt, midnight (checklists.page_cache keeps it till then).
    changes_at: datetime
    open_flags: list[board_flags.FlagRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for p in self.patients for e in p.entries if e.status == status)

    @property
    def flags(self) -> int:
        return sum(1 for p in self.patients for e in p.entries if e.infection_flag)

    @property
    def overdue_flags(self) -> int:
        return sum(1 for row in self.open_flags if row.overdue)

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        return [
            (status, STATUS_LABELS[status], self.count(status))
            for status in (
                Status.OVERDUE,
                Status.DUE,
                Status.DONE_NON_COMPLIANT,
                Status.DONE_COMPLIANT,
                Status.NOT_DUE,
            )
            if status != Status.NOT_DUE or self.count(status)
        ]


def build_ward_board(ward: Ward, now: datetime, with_screens: bool = True) -> WardBoard:
    """Eight queries: stays+patients, who counted those patients today, entry points,
    their latest checks, their open infection flags, key answers, the items today's
    checks failed, and (unless `with_screens` is off: the dashboard reads only the entry
    points) the latest sepsis screens with their escalations."""
    today = timezone.localdate(now)
    count_at, overdue_at = days.count_moment(today, ward), days.overdue_moment(today, ward)
    stays = list(
        Stay.objects.current()
        .filter(ward=ward)
        .select_related("patient")
        .order_by("bed", "patient__full_name")
    )
    latest = (
        Check.objects.current()
        .filter(entry_point=OuterRef("pk"))
        .order_by("-clinical_date", "-recorded_at")
        .values("pk")[:1]
    )
    # A device counted this morning and removed since still owes today's check.
    points = list(
        EntryPoint.objects.filter(patient__in=[s.patient_id for s in stays])
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gt=count_at, started_at__lte=count_at))
        .annotate(latest_check_id=Subquery(latest))
        .order_by("started_at", "pk")
    )
    checks = Check.objects.select_related("recorded_by").in_bulk(
        [p.latest_check_id for p in points if p.latest_check_id]
    )
    flags = board_flags.open_flags(points)
    key_answers = _key_answers(checks.keys())
    failed = Answer.objects.failed_items(
        [c.pk for c in checks.values() if c.clinical_date == today]
    )
    counted_at = _counted_today([s.patient_id for s in stays], today)
    check_url, record_url = (
        record_link("checklists:check-detail"),
        record_link("checklists:check-record"),
    )
    by_patient: dict[int, list[EntryRow]] = {}
    for point in points:
        latest_check = checks.get(point.latest_check_id)
        # Due if the device was in place when the patient's day was counted, on this
        # ward or on the one they came from (see measures.counting).
        moment = counted_at.get(point.patient_id)
        not_counted = moment is None or point.started_at > moment
        row = _entry_row(point, latest_check, key_answers, (today, now), not_counted, overdue_at)
        row.infection_flag = flags.get(point.pk)
        if row.today_check:
            row.failed_items = failed.get(row.today_check.pk, [])
            row.action_url = check_url(row.today_check.public_id)
        else:
            row.action_url = record_url(point.public_id)
        by_patient.setdefault(point.patient_id, []).append(row)
    changes = [days.end_of_day(today), *([overdue_at] if now < overdue_at else [])]
    changes += filter(None, (_dwell_prompt_changes_at(point, now) for point in points))
    patient_url, add_url = (
        record_link("checklists:patient-detail"),
        record_link("checklists:entry-point-add"),
    )
    latest = board_flags.latest_screens(stays, flags.values(), now) if with_screens else {}
    screens = board_flags.screen_rows(stays, by_patient, latest, now)
    changes += filter(None, (row.follow_up.changes_at() for row in screens.values()))
    rows = [
        PatientRow(
            patient=s.patient,
            stay=s,
            risk_factors=s.patient.risk_factor_labels(today),
            entries=by_patient.get(s.patient_id, []),
            url=patient_url(s.patient.public_id),
            add_entry_point_url=add_url(s.patient.public_id),
            screen=screens.get(s.patient_id),
        )
        for s in stays
    ]
    flag_rows = board_flags.flag_rows(rows, latest, now) if with_screens else []
    changes += [step.due_at for f in flag_rows for step in f.steps if _ahead(step.due_at, now)]
    return WardBoard(
        ward=ward,
        today=today,
        now=now,
        patients=rows,
        changes_at=min(changes),
        open_flags=flag_rows,
    )


def _ahead(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now


def _counted_today(patient_ids: list[int], today: date) -> dict[int, datetime]:
    """When each patient was counted today, on whichever ward counted them (one query)."""
    start, end = days.local_moment(today, time.min), days.end_of_day(today)
    stays = stays_by_patient(Stay.objects.filter(patient__in=patient_ids).overlapping(start, end))
    clock, counted = CountClock(), {}
    for patient_id, spans in stays.items():
        owner = owner_of_day(spans, today, clock)
        if owner is not None:
            counted[patient_id] = owner[1]
    return counted


# The answers the board reads: those that prompt a review, and the Braden subscales.
KEY_ITEM_CODES = (*REVIEW_ITEM_CODES, *braden.SUBSCALES)


def _key_answers(check_ids) -> dict[tuple[int, str], str]:
    """The answers of KEY_ITEM_CODES of these checks (one query)."""
    rows = Answer.objects.filter(
        check_record__in=list(check_ids), item__code__in=KEY_ITEM_CODES
    ).values_list("check_record_id", "item__code", "value")
    return {(check_id, code): value for check_id, code, value in rows}


def _entry_row(
    point: EntryPoint,
    latest: Check | None,
    key_answers: dict[tuple[int, str], str],
    today_now: tuple[date, datetime],
    not_counted: bool,
    overdue_at: datetime,
) -> EntryRow:
    today, now = today_now
    today_check = latest if latest and latest.clinical_date == today else None
    if today_check is not None:
        status = Status.DONE_COMPLIANT if today_check.is_compliant else Status.DONE_NON_COMPLIANT
    elif not_counted:
        status = Status.NOT_DUE
    else:
        status = Status.OVERDUE if now >= overdue_at else Status.DUE
    row = EntryRow(
        entry_point=point,
        status=status,
        today_check=today_check,
        dwell_day=point.dwell_day(today),
    )
    row.prompts = review_prompts(point, latest, key_answers, now)
    if latest is not None and point.kind == EntryPointKind.PRESSURE_INJURY:
        row.braden = braden.score(
            {c: key_answers.get((latest.pk, c), "") for c in braden.SUBSCALES}
        )
    return row


def review_prompts(
    point: EntryPoint,
    latest: Check | None,
    key_answers: dict[tuple[int, str], str],
    now: datetime,
) -> list[str]:
    """Plain-language prompts to review or remove a device (rules in review.py)."""
    prompts = []
    hours = point.dwell_hours(now)
    if not point.removed_at and long_dwelling(point.kind, hours):
        prompts.append(
            f"In place {hours:.0f} h (review at {review_hours(point.kind)} h): "
            "re-site if not needed"
        )
    if latest is not None:
        for (code, value), prompt in REVIEW_ANSWERS.items():
            if key_answers.get((latest.pk, code)) == value:
                prompts.append(prompt)
    return prompts


def _dwell_prompt_changes_at(point: EntryPoint, now: datetime) -> datetime | None:
    """When the dwell prompt of review_prompts next reads differently: it appears once the
    device passes its review hours, then its whole hours (rounded) move on."""
    limit = review_hours(point.kind)
    if point.removed_at or limit is None:
        return None
    hours = point.dwell_hours(now)
    if not long_dwelling(point.kind, hours):
        return point.started_at + timedelta(hours=limit)
    return point.started_at + timedelta(hours=math.floor(hours + 0.5) + 0.5)
