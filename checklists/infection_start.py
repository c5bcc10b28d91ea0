"""Where an infection event can start: an infection flag that a check opened, or a sepsis
screen. The lead opens the event form from either and finds it filled in with what the
record already says (the type its entry point suggests, its date, the evidence in
words); she checks it, completes it and saves. Nothing is recorded until she does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from .models import InfectionFlag, Patient, SepsisScreen
from .surveillance import DEVICE_KIND, InfectionType

# The infection an entry point's signs point to (a peripheral IV's has no NHSN type).
TYPE_OF_KIND: dict[str, str] = {
    **{kind: infection.value for infection, kind in DEVICE_KIND.items()},
    "wound": InfectionType.SSI.value,
    "pressure": InfectionType.PRESSURE_INJURY.value,
}


@dataclass(frozen=True)
class Start:
    initial: dict[str, Any]
    said: str  # what the form was filled from, for the lead to read
    problem: str = ""  # why nothing could be filled in


NOTHING = Start({}, "")


def start_from(query: QueryDict, patient: Patient) -> Start:
    """The form's starting point asked for by `?flag=` or `?screen=` (public ids), if it
    is this patient's; nothing when neither is asked."""
    flag_id, screen_id = query.get("flag", ""), query.get("screen", "")
    if flag_id:
        flag = _one(
            InfectionFlag.objects.select_related("entry_point", "opened_by"),
            flag_id,
            entry_point__patient=patient,
        )
        return from_flag(flag) if flag else _not_found("infection flag")
    if screen_id:
        screen = _one(
            SepsisScreen.objects.select_related("prompted_by__entry_point"),
            screen_id,
            patient=patient,
        )
        return from_screen(screen) if screen else _not_found("sepsis screen")
    return NOTHING


def _one(queryset, public_id: str, **mine: Any):
    try:
        return queryset.filter(public_id=public_id, **mine).first()
    except (ValueError, ValidationError):  # not a UUID: no such record
        return None


def _not_found(what: str) -> Start:
    return Start({}, "", f"That {what} is not this patient's: the form starts empty.")


def from_flag(flag: InfectionFlag) -> Start:
    point, check = flag.entry_point, flag.opened_by
    day = check.clinical_date
    said = (
        f"the infection flag on the {point.get_kind_display().lower()} ({point.body_site}) "
        f"opened by the check of {day:%d %b %Y}"
    )
    return Start(
        {
            "infection_type": TYPE_OF_KIND.get(point.kind, ""),
            "first_positive_on": day,
            "date_of_event": day,
            "evidence": f"Signs of infection found at the daily check of {day:%d %b %Y} on the "
            f"{point.get_kind_display().lower()} ({point.body_site}). ",
        },
        said,
    )


def from_screen(screen: SepsisScreen) -> Start:
    day = timezone.localdate(screen.observed_at)
    check = screen.prompted_by
    kind = check.entry_point.kind if check else ""
    said = f"the sepsis screen of {timezone.localtime(screen.observed_at):%d %b %Y %H:%M}"
    return Start(
        {
            "infection_type": TYPE_OF_KIND.get(kind, ""),
            "first_positive_on": day,
            "date_of_event": day,
            "evidence": f"Sepsis screen of {day:%d %b %Y}: NEWS2 {screen.news2}, "
            f"{screen.get_risk_level_display().lower()}. ",
        },
        said,
    )
