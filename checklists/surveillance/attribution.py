"""What NHSN would conclude about one infection event, from the patient's stays and
devices, each conclusion with its reason in words.

Calendar days throughout: the caller turns moments into local dates. The rules, from
`../shared/docs/clinical.md` §2.1 and the NHSN Patient Safety Component Manual (ch. 2,
4, 7, 9, 10):

- Admission: consecutive stays joined by transfers; its first calendar day is day 1.
  Present on admission when the date of event is on day 1 or 2 (or in the 2 days before
  admission, when NHSN takes the day of admission as the date of event); healthcare-
  associated from day 3.
- Ward: where the patient was on the date of event, except that on the day of a
  transfer or discharge, or the next day, the infection belongs to the first ward the
  patient was in on the day of that move (so with moves on the day before and on the
  date of event, the first ward of the day before).
- Device: the days with at least one device of the kind in place (placement day 1,
  counted from the admission for a device placed before it); associated when the
  device is in place on the date of event, or was removed the day before, and had been
  in place for more than 2 consecutive days by then. A full calendar day without one
  starts the count again.
- Repeat infection timeframe: 14 days with the date of event as day 1. A second event
  of the same type inside it is added to the first; only the first sets a timeframe.
- Surgical site: linked to the latest surgical wound recorded in the 30 days up to the
  date of event (procedure day 1), and attributed to the ward of the procedure day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .types import DEVICE_KIND, DEVICE_NAME, SSI_SURVEILLANCE_DAYS, InfectionType

ONE_DAY = timedelta(days=1)
POA_LAST_DAY = 2  # day 1 and day 2 of the admission
DAYS_BEFORE_ADMISSION = 2  # a date of event this close before admission is POA
DEVICE_DAYS_NEEDED = 3  # "more than 2 consecutive days"
REPEAT_TIMEFRAME_DAYS = 14
WOUND_KIND = "wound"
LEFT_BY_TRANSFER = "transfer"
LEFT_BY_DISCHARGE = "discharge"


class NotAttributable(ValueError):
    """An event these rules cannot place: the message says why, for the person entering it."""


@dataclass(frozen=True, slots=True)
class StayDays:
    """One stay on a ward, in calendar days. `left_by`: "transfer", "discharge" or ""
    while the patient is still there."""

    ward_id: int
    ward_name: str
    start: date
    end: date | None = None
    left_by: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Device:
    """An entry point as the rules see it. `name` says which one ("central line, right
    internal jugular")."""

    kind: str
    name: str
    start: date
    removed: date | None = None


@dataclass(frozen=True, slots=True)
class PriorEvent:
    """Another standing event of the same patient: `order` breaks ties of date (the
    order they were first recorded in)."""

    key: object
    infection_type: InfectionType
    date_of_event: date
    order: int
    name: str


@dataclass(frozen=True, slots=True)
class Admission:
    stays: tuple[StayDays, ...]

    @property
    def start(self) -> date:
        return self.stays[0].start

    @property
    def end(self) -> date | None:
        return self.stays[-1].end

    def holds(self, day: date) -> bool:
        """Whether the rules can place an event of `day` in this admission: from the 2
        days before it to the day after discharge (the transfer rule's day)."""
        if day < self.start - DAYS_BEFORE_ADMISSION * ONE_DAY:
            return False
        return self.end is None or day <= self.end + ONE_DAY


@dataclass(frozen=True, slots=True)
class Override:
    """The infection-prevention lead's decision over the rules', with the reason."""

    counted: bool | None
    ward_id: int | None
    ward_name: str
    reason: str
    by: str


@dataclass(frozen=True, slots=True)
class Assessment:
    infection_type: InfectionType
    date_of_event: date  # as entered
    surveillance_date: date  # the one the rules use (the admission day for an earlier one)
    admission_start: date | None
    hospital_day: int | None
    present_on_admission: bool
    ward_id: int | None
    ward_name: str
    needs_device: bool
    device_associated: bool
    device_name: str
    device_day: int | None
    repeat_of: object | None
    reasons: tuple[str, ...]
    override: Override | None = field(default=None)

    @property
    def counted_by_rules(self) -> bool:
        """Whether NHSN's rules put this event in its ward's rate."""
        if self.repeat_of is not None or self.present_on_admission or self.ward_id is None:
            return False
        return self.device_associated or not self.needs_device

    @property
    def counted(self) -> bool:
        if self.override is not None and self.override.counted is not None:
            return self.override.counted
        return self.counted_by_rules

    @property
    def attributed_ward_id(self) -> int | None:
        if self.override is not None and self.override.ward_id is not None:
            return self.override.ward_id
        return self.ward_id

    @property
    def attributed_ward_name(self) -> str:
        if self.override is not None and self.override.ward_id is not None:
            return self.override.ward_name
        return self.ward_name

    def overridden(self, override: Override) -> Assessment:
        return replace(self, override=override)


def short(day: date) -> str:
    """3 Nov"""
    return f"{day.day} {day:%b}"


def admissions(stays: Iterable[StayDays]) -> list[Admission]:
    """The patient's admissions: runs of stays, each joined to the next by a transfer."""
    runs: list[list[StayDays]] = []
    for stay in sorted(stays, key=lambda s: s.start):
        if runs and runs[-1][-1].left_by == LEFT_BY_TRANSFER:
            runs[-1].append(stay)
        else:
            runs.append([stay])
    return [Admission(tuple(run)) for run in runs]


def find_admission(stays: Iterable[StayDays], day: date) -> Admission | None:
    """The admission an event of `day` belongs to, or None."""
    held = [a for a in admissions(stays) if a.holds(day)]
    # A date two days before a readmission and the day after the previous discharge can
    # both hold; the admission the patient was in, or left, wins.
    return held[0] if held else None


def _first_on(stays: Sequence[StayDays], day: date) -> list[StayDays]:
    return [s for s in stays if s.covers(day)]


def _location(admission: Admission, day: date) -> tuple[StayDays | None, str]:
    stays = admission.stays
    for moved_on in (day - ONE_DAY, day):
        leaving = [s for s in stays if s.end == moved_on and s.left_by]
        if not leaving:
            continue
        there = _first_on(stays, moved_on)
        first = there[0]
        if len(there) > 1:
            route = " → ".join(s.ward_name for s in there)
            move = f"moved {route} on {short(moved_on)}"
        else:
            move = f"discharged from {first.ward_name} on {short(moved_on)}"
        when = "the date of event" if moved_on == day else "the day before the date of event"
        reason = (
            f"{move}, {when} ({short(day)}) → attributed to {first.ward_name} by the "
            "transfer rule (the day of a transfer or discharge and the next day belong "
            "to the ward the patient was in first that day)"
        )
        return first, reason
    there = _first_on(stays, day)
    if not there:
        return None, f"not on any ward on {short(day)}: attributed to no ward"
    return there[0], f"on {there[0].ward_name} on the date of event ({short(day)})"


def _present_on_admission(admission: Admission, entered: date) -> tuple[date, int, bool, str]:
    start = admission.start
    if entered < start:
        before = (start - entered).days
        reason = (
            f"date of event {before} day{'s' if before > 1 else ''} before the admission on "
            f"{short(start)}: NHSN takes the day of admission as the date of event → "
            "present on admission, not counted in a ward's rate"
        )
        return start, 1, True, reason
    day_number = (entered - start).days + 1
    if day_number <= POA_LAST_DAY:
        reason = (
            f"day {day_number} of the admission (admitted {short(start)}) → present on "
            "admission (day 1 or 2), not counted in a ward's rate"
        )
        return entered, day_number, True, reason
    reason = (
        f"day {day_number} of the admission (admitted {short(start)}) → healthcare-"
        "associated (day 3 or later)"
    )
    return entered, day_number, False, reason


def _device_days(devices: Sequence[Device], admission_start: date, up_to: date) -> set[date]:
    """Calendar days with at least one of `devices` in place this admission, to `up_to`."""
    in_place: set[date] = set()
    for device in devices:
        first = max(device.start, admission_start)
        last = min(device.removed or up_to, up_to)
        day = first
        while day <= last:
            in_place.add(day)
            day += ONE_DAY
    return in_place


def _device_association(
    kind: InfectionType, devices: Sequence[Device], admission_start: date, day: date
) -> tuple[bool, str, int | None, list[str]]:
    name = DEVICE_NAME[kind]
    mine = [d for d in devices if d.kind == DEVICE_KIND[kind]]
    if not mine:
        return False, "", None, [f"no {name} recorded for this patient → not device-associated"]
    in_place = _device_days(mine, admission_start, day)
    if day in in_place:
        anchor = day
    elif day - ONE_DAY in in_place:
        anchor = day - ONE_DAY
    else:
        earlier = [d for d in in_place if d < day]
        if not earlier:
            why = f"no {name} in place on or before the date of event"
        else:
            why = (
                f"last {name} out on {short(max(earlier))}, 2 or more days before the "
                f"date of event ({short(day)})"
            )
        return False, "", None, [f"{why} → not device-associated"]
    run_start = anchor
    while run_start - ONE_DAY in in_place:
        run_start -= ONE_DAY
    device_day = (anchor - run_start).days + 1
    named = min((d for d in mine if _in_place(d, anchor)), key=lambda d: d.start)
    reasons = []
    if named.start < admission_start:
        reasons.append(
            f"{named.name} placed {short(named.start)}, before this admission: counted "
            f"from the admission on {short(admission_start)}"
        )
    elif any(d < run_start for d in in_place):
        reasons.append(
            f"a full day without a {name} ({short(run_start - ONE_DAY)}) → the count "
            f"started again on {short(run_start)}"
        )
    elif run_start < named.start:
        reasons.append(f"an earlier {name} began the run of {name} days on {short(run_start)}")
    if anchor == day:
        where = f"{named.name} placed {short(named.start)}: day {device_day} on the date of event"
    else:
        where = (
            f"{named.name} removed {short(anchor)}, the day before the date of event, on "
            f"day {device_day}"
        )
    associated = device_day >= DEVICE_DAYS_NEEDED
    verdict = (
        "device-associated (in place more than 2 consecutive days)"
        if associated
        else "not device-associated (in place 2 days or fewer)"
    )
    reasons.append(f"{where} → {verdict}")
    return associated, named.name, device_day, reasons


def _in_place(device: Device, day: date) -> bool:
    return device.start <= day and (device.removed is None or day <= device.removed)


def _repeat_of(
    kind: InfectionType, day: date, order: int, others: Iterable[PriorEvent]
) -> tuple[PriorEvent | None, str | None]:
    """The event whose repeat infection timeframe holds this one, walking the patient's
    events of this type in date order (a repeat never starts a timeframe of its own)."""
    same = sorted(
        (e for e in others if e.infection_type == kind),
        key=lambda e: (e.date_of_event, e.order),
    )
    opened: PriorEvent | None = None
    for event in same:
        if (event.date_of_event, event.order) > (day, order):
            break
        if opened is None or (event.date_of_event - opened.date_of_event).days >= (
            REPEAT_TIMEFRAME_DAYS
        ):
            opened = event
    if opened is None:
        return None, None
    timeframe_day = (day - opened.date_of_event).days + 1
    if timeframe_day > REPEAT_TIMEFRAME_DAYS:
        return None, (
            f"day {timeframe_day} after the {opened.name}: outside its 14-day repeat "
            "infection timeframe → a new event"
        )
    return opened, (
        f"day {timeframe_day} of the 14-day repeat infection timeframe of the {opened.name} "
        "→ added to that event, not counted again"
    )


def _surgical_site(
    devices: Sequence[Device], stays: Sequence[StayDays], day: date
) -> tuple[Device | None, StayDays | None, list[str]]:
    wounds = [
        d
        for d in devices
        if d.kind == WOUND_KIND and d.start <= day < d.start + SSI_SURVEILLANCE_DAYS * ONE_DAY
    ]
    if not wounds:
        return (
            None,
            None,
            [
                f"no surgical wound recorded in the {SSI_SURVEILLANCE_DAYS} days up to the date "
                "of event → not attributed to a procedure"
            ],
        )
    wound = max(wounds, key=lambda d: d.start)
    period_day = (day - wound.start).days + 1
    there = _first_on(stays, wound.start)
    ward = there[0] if there else None
    where = (
        f"attributed to {ward.ward_name}, where the procedure day began"
        if ward
        else ("no ward on the procedure day: attributed to no ward")
    )
    return (
        wound,
        ward,
        [
            f"{wound.name} from {short(wound.start)}: day {period_day} of the "
            f"{SSI_SURVEILLANCE_DAYS}-day surveillance period → {where}"
        ],
    )


def assess(
    kind: InfectionType,
    date_of_event: date,
    stays: Sequence[StayDays],
    devices: Sequence[Device],
    others: Iterable[PriorEvent] = (),
    order: int = 0,
) -> Assessment:
    """The rules' conclusions about one event. `others`: the patient's other standing
    events that were not ruled out; `order`: this event's place among them on a tie.
    Raises NotAttributable for a date the patient was not in hospital around."""
    admission = find_admission(stays, date_of_event)
    reasons: list[str] = []
    if kind == InfectionType.SSI:
        return _assess_ssi(date_of_event, admission, stays, devices, others, order)
    if admission is None:
        raise NotAttributable(_not_in_hospital(stays, date_of_event))
    day, hospital_day, poa, why = _present_on_admission(admission, date_of_event)
    reasons.append(why)
    stay, where = _location(admission, day)
    reasons.append(where)
    needs_device = kind in DEVICE_KIND
    associated, device_name, device_day = False, "", None
    if needs_device:
        associated, device_name, device_day, device_reasons = _device_association(
            kind, devices, admission.start, day
        )
        reasons.extend(device_reasons)
    repeat, repeat_reason = _repeat_of(kind, day, order, others)
    if repeat_reason:
        reasons.append(repeat_reason)
    return Assessment(
        infection_type=kind,
        date_of_event=date_of_event,
        surveillance_date=day,
        admission_start=admission.start,
        hospital_day=hospital_day,
        present_on_admission=poa,
        ward_id=stay.ward_id if stay else None,
        ward_name=stay.ward_name if stay else "",
        needs_device=needs_device,
        device_associated=associated,
        device_name=device_name,
        device_day=device_day,
        repeat_of=repeat.key if repeat else None,
        reasons=tuple(reasons),
    )


def _assess_ssi(
    day: date,
    admission: Admission | None,
    stays: Sequence[StayDays],
    devices: Sequence[Device],
    others: Iterable[PriorEvent],
    order: int,
) -> Assessment:
    # NHSN ch. 9: the POA and location rules of ch. 2 do not apply to SSI; it follows
    # the procedure, so it may be found after discharge.
    wound, ward, reasons = _surgical_site(devices, stays, day)
    repeat, repeat_reason = _repeat_of(InfectionType.SSI, day, order, others)
    if repeat_reason:
        reasons.append(repeat_reason)
    hospital_day = (day - admission.start).days + 1 if admission else None
    return Assessment(
        infection_type=InfectionType.SSI,
        date_of_event=day,
        surveillance_date=day,
        admission_start=admission.start if admission else None,
        hospital_day=hospital_day,
        present_on_admission=False,
        ward_id=ward.ward_id if ward else None,
        ward_name=ward.ward_name if ward else "",
        needs_device=True,
        device_associated=wound is not None,
        device_name=wound.name if wound else "",
        device_day=(day - wound.start).days + 1 if wound else None,
        repeat_of=repeat.key if repeat else None,
        reasons=tuple(reasons),
    )


def _not_in_hospital(stays: Sequence[StayDays], day: date) -> str:
    runs = admissions(stays)
    if not runs:
        return "This patient has no stay on any ward, so no infection can be attributed."
    if day < runs[0].start:
        return (
            f"The date of event, {short(day)}, is before the patient's admission on "
            f"{short(runs[0].start)} (only the 2 days before admission count, as present "
            "on admission)."
        )
    return (
        f"The patient was not in hospital on {short(day)} or the day before, so the "
        "infection cannot be attributed to a ward (a surgical site infection can: choose "
        "SSI)."
    )
