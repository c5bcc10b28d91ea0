"""What the checks' signs of infection led to on a ward over a period: flags opened and
how soon they were screened, the screens by NEWS2 band, escalations on time, and how the
flags closed. The one definition the ward dashboard and the ward PDF both count with.

- A flag counts in the period its opening check was observed in, on the ward of that
  check; "screened within the hour": a screen of the patient observed (to the minute)
  from the flag's opening to SEPSIS_SCREEN_MINUTES after it.
- A screen counts in the period it was observed in, on the ward it was taken on. An
  escalation it called for is on time when the person told was told within
  SEPSIS_ESCALATION_MINUTES; late when told after; missing when not recorded.
- "Still open": flags of the period with no closure at `now`.
- By entry-point kind: a flag is of its entry point's kind; a screen of the kind of the
  check that prompted it (a screen not prompted by a check is in no kind's figures, only
  in the ward's).

Three queries whatever the period's size. No HTTP; `now` is passed in."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

from .. import days
from ..models import CloseReason, InfectionFlag, SepsisScreen, Ward
from ..sepsis import ResponseBand, response_for
from .periods import Period
from .summary import percent

# The screens' bands, lowest first, as the table lists them.
BANDS = (
    (ResponseBand.ZERO, "NEWS2 0"),
    (ResponseBand.LOW, "NEWS2 1-4"),
    (ResponseBand.LOW_MEDIUM, "A single parameter scoring 3"),
    (ResponseBand.MEDIUM, "NEWS2 5-6"),
    (ResponseBand.HIGH, "NEWS2 7 or more"),
)


@dataclass(frozen=True)
class FlagScreening:
    """A flag of the period and the first screen after it, if any."""

    flag: InfectionFlag
    first_screen: SepsisScreen | None
    within_hour: bool

    @property
    def minutes_to_screen(self) -> float | None:
        if self.first_screen is None:
            return None
        return max(0.0, (self.first_screen.observed_at - self.flag.opened_at).total_seconds() / 60)


@dataclass
class SepsisMeasures:
    period: Period
    flags: list[FlagScreening] = field(default_factory=list)
    screens: list[SepsisScreen] = field(default_factory=list)

    @property
    def flags_opened(self) -> int:
        return len(self.flags)

    @property
    def screened_within_hour(self) -> int:
        return sum(f.within_hour for f in self.flags)

    @property
    def screened_within_hour_rate(self) -> float | None:
        return percent(self.screened_within_hour, self.flags_opened)

    @property
    def median_minutes_to_screen(self) -> float | None:
        minutes = [m for f in self.flags if (m := f.minutes_to_screen) is not None]
        return statistics.median(minutes) if minutes else None

    @property
    def not_screened_in_time(self) -> list[FlagScreening]:
        return [f for f in self.flags if not f.within_hour]

    @property
    def open_flags(self) -> list[FlagScreening]:
        return [f for f in self.flags if not hasattr(f.flag, "closure")]

    @property
    def still_open(self) -> int:
        return len(self.open_flags)

    def closed_by(self, reason: str) -> list[FlagScreening]:
        return [
            f for f in self.flags if hasattr(f.flag, "closure") and f.flag.closure.reason == reason
        ]

    @property
    def closed_by_removal(self) -> int:
        return len(self.closed_by(CloseReason.DEVICE_REMOVED))

    def in_band(self, band: ResponseBand) -> list[SepsisScreen]:
        return [s for s in self.screens if response_for(s.news2, s.single_parameter_3).band == band]

    def by_band(self) -> list[tuple[str, int]]:
        return [(label, len(self.in_band(band))) for band, label in BANDS]

    @property
    def escalations_due(self) -> list[SepsisScreen]:
        return [s for s in self.screens if s.escalate]

    @property
    def escalations_on_time(self) -> int:
        return sum(escalation_state(s) == ON_TIME for s in self.escalations_due)

    @property
    def escalations_on_time_rate(self) -> float | None:
        return percent(self.escalations_on_time, len(self.escalations_due))

    @property
    def escalations_not_on_time(self) -> list[SepsisScreen]:
        return [s for s in self.escalations_due if escalation_state(s) != ON_TIME]

    def of_kind(self, kind: str) -> SepsisMeasures:
        """The flags on entry points of `kind` and the screens their checks prompted."""
        return SepsisMeasures(
            self.period,
            [f for f in self.flags if f.flag.entry_point.kind == kind],
            [s for s in self.screens if prompted_kind(s) == kind],
        )


def combined(measures: list[SepsisMeasures], period: Period) -> SepsisMeasures:
    """Several wards' measures as one (the hospital's row)."""
    return SepsisMeasures(
        period,
        [f for m in measures for f in m.flags],
        [s for m in measures for s in m.screens],
    )


def prompted_kind(screen: SepsisScreen) -> str | None:
    """The kind of the entry point whose check prompted the screen (loaded with it)."""
    check = screen.prompted_by if screen.prompted_by_id else None
    return check.entry_point.kind if check else None


def _in_band(band: ResponseBand) -> Callable[[SepsisMeasures], list[SepsisScreen]]:
    return lambda m: m.in_band(band)


# The figures a reader can open to see who is behind them: the name a link passes, what
# the list is called, and which flags or screens it holds.
FlagFigure = tuple[str, Callable[[SepsisMeasures], list[FlagScreening]]]
ScreenFigure = tuple[str, Callable[[SepsisMeasures], list[SepsisScreen]]]
FLAG_FIGURES: dict[str, FlagFigure] = {
    "flags": ("Infection flags opened", lambda m: m.flags),
    "unscreened": ("Flags not screened in time", lambda m: m.not_screened_in_time),
    "open": ("Flags still open", lambda m: m.open_flags),
    "removed": (
        "Flags closed by removing the device",
        lambda m: m.closed_by(CloseReason.DEVICE_REMOVED),
    ),
}
SCREEN_FIGURES: dict[str, ScreenFigure] = {
    "screens": ("Sepsis screens", lambda m: m.screens),
    **{f"band_{band}": (f"Screens: {label}", _in_band(band)) for band, label in BANDS},
    "escalations": ("Screens that called for an escalation", lambda m: m.escalations_due),
    "escalations_late": (
        "Escalations late or not recorded",
        lambda m: m.escalations_not_on_time,
    ),
}
FIGURES = {name: label for name, (label, _) in (FLAG_FIGURES | SCREEN_FIGURES).items()}


ON_TIME, LATE, MISSING = "on time", "late", "not recorded"


def escalation_due_at(screen: SepsisScreen) -> datetime:
    return screen.observed_at + timedelta(minutes=settings.SEPSIS_ESCALATION_MINUTES)


def escalation_state(screen: SepsisScreen) -> str:
    """Of a screen that called for an escalation (loaded with it)."""
    escalation = getattr(screen, "escalation", None)
    if escalation is None:
        return MISSING
    return ON_TIME if escalation.told_at <= escalation_due_at(screen) else LATE


def sepsis_measures(ward: Ward, period: Period) -> SepsisMeasures:
    return sepsis_measures_by_ward([ward], period)[ward.pk]


# What the figures and their lists read of each record: a hospital's month is hundreds
# of flags and screens, and loading the rest of their joined rows cost more than the
# queries themselves.
_PATIENT = ("full_name", "hospital_number")
FLAG_FIELDS = (
    "public_id",
    "ward_id",
    "opened_at",
    "entry_point__kind",
    "entry_point__patient_id",
    *(f"entry_point__patient__{name}" for name in _PATIENT),
    "opened_by__public_id",
    "closure__reason",
    "closure__closed_at",
)
SCREEN_FIELDS = (
    "public_id",
    "ward_id",
    "patient_id",
    "observed_at",
    "news2",
    "single_parameter_3",
    "risk_level",
    "escalate",
    *(f"patient__{name}" for name in _PATIENT),
    "escalation__told_at",
    "prompted_by__public_id",
    "prompted_by__entry_point__kind",
)


def sepsis_measures_by_ward(wards: list[Ward], period: Period) -> dict[int, SepsisMeasures]:
    """The measures of each ward, from the same three queries however many wards."""
    start, end = days.span(period.start, period.end)
    flags = list(
        InfectionFlag.objects.filter(ward__in=wards, opened_at__gte=start, opened_at__lt=end)
        .select_related("entry_point__patient", "opened_by", "closure")
        .only(*FLAG_FIELDS)
        .order_by("opened_at", "pk")
    )
    within = timedelta(minutes=settings.SEPSIS_SCREEN_MINUTES)
    patients = {f.entry_point.patient_id for f in flags}
    earliest = min((f.screens_from for f in flags), default=start)
    after_flags: dict[int, list[SepsisScreen]] = {}
    for screen in (
        SepsisScreen.objects.current()
        .filter(patient__in=patients, observed_at__gte=earliest)
        .only("pk", "public_id", "patient_id", "observed_at")
        .order_by("observed_at", "pk")
    ):
        after_flags.setdefault(screen.patient_id, []).append(screen)
    result = {ward.pk: SepsisMeasures(period) for ward in wards}
    for flag in flags:
        first = next(
            (
                s
                for s in after_flags.get(flag.entry_point.patient_id, [])
                if s.observed_at >= flag.screens_from
            ),
            None,
        )
        on_time = first is not None and first.observed_at <= flag.opened_at + within
        result[flag.ward_id].flags.append(FlagScreening(flag, first, on_time))
    for screen in (
        SepsisScreen.objects.current()
        .filter(ward__in=wards, observed_at__gte=start, observed_at__lt=end)
        .select_related("patient", "escalation", "prompted_by__entry_point")
        .only(*SCREEN_FIELDS)
        .order_by("observed_at", "pk")
    ):
        result[screen.ward_id].screens.append(screen)
    return result
