"""An infection flag: a sign of infection found on an entry point, open until it is
closed with a reason (design: what a check finds must lead somewhere).

Both records are append-only: a flag is opened by one check and never changed; its
closure is a second record, written once. What an open flag still asks for is
worked out from the screens recorded since it opened (`InfectionFlag.steps`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from ..sepsis import Told
from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .checks import Check
from .entry_points import EntryPoint, EntryPointKind
from .screens import SepsisScreen
from .staff import Ward


class CloseReason(models.TextChoices):
    DEVICE_REMOVED = "removed", "Device removed (or wound healed)"
    CLEAR_CHECK = "clear_check", "A later check found no sign of infection"
    DECISION = "decision", "Clinician's decision after a screen"


class FlagQuerySet(AppendOnlyQuerySet["InfectionFlag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(closure__isnull=True)


class InfectionFlag(AppendOnlyModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry_point = models.ForeignKey(EntryPoint, on_delete=models.PROTECT, related_name="flags")
    # The ward of the check that opened it: a transfer must not move history.
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="flags")
    opened_by = models.OneToOneField(Check, on_delete=models.PROTECT, related_name="opened_flag")
    opened_at = models.DateTimeField()  # when the opening check was observed

    objects = FlagQuerySet.as_manager()
    append_only_instead = "close it with a reason instead"

    class Meta:
        ordering = ["opened_at", "pk"]

    def __str__(self) -> str:
        return f"Infection flag on {self.entry_point_id} from {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def screens_from(self) -> datetime:
        """The first moment a screen counts as after the flag: times are typed to the
        minute, so a screen typed in the opening check's own minute does."""
        return self.opened_at.replace(second=0, microsecond=0)

    @property
    def screen_due_at(self) -> datetime:
        """A sign of infection calls for a sepsis screen within this time."""
        return self.opened_at + timedelta(minutes=settings.SEPSIS_SCREEN_MINUTES)

    def steps(self, latest_screen: SepsisScreen | None, now: datetime) -> list[FlagStep]:
        """What this open flag still asks for at `now`, in the order to do them.
        `latest_screen`: the patient's latest screen, if any (loaded with its
        escalation); one from before the flag opened does not count."""
        if latest_screen is not None and latest_screen.observed_at < self.screens_from:
            latest_screen = None
        steps = []
        if latest_screen is None:
            due = self.screen_due_at
            steps.append(FlagStep(FlagStep.SCREEN, "Screen for sepsis", due, now >= due))
        else:
            follow = latest_screen.follow_up(now)
            if follow.escalation_due_at is not None:
                steps.append(
                    FlagStep(
                        FlagStep.ESCALATE,
                        "Record the escalation",
                        follow.escalation_due_at,
                        follow.escalation_overdue,
                    )
                )
            if follow.next_screen_at is not None:
                steps.append(
                    FlagStep(
                        FlagStep.RESCREEN,
                        "Screen again",
                        follow.next_screen_at,
                        follow.next_screen_overdue,
                    )
                )
        if self.entry_point.removed_at is None:
            steps.append(FlagStep(FlagStep.REVIEW, _review_words(self.entry_point), None, False))
        if latest_screen is not None and not any(s.code == FlagStep.ESCALATE for s in steps):
            steps.append(FlagStep(FlagStep.DECIDE, "A clinician may close the flag", None, False))
        return steps


# Entry points that are not devices: there is nothing to take out or re-site.
WOUNDS = {EntryPointKind.SURGICAL_WOUND, EntryPointKind.PRESSURE_INJURY}


def _review_words(point: EntryPoint) -> str:
    if point.kind in WOUNDS:
        return "Review the wound and its care plan"
    return "Review the device: remove or re-site it"


@dataclass(frozen=True)
class FlagStep:
    """One thing an open flag asks for; `due_at` None where no deadline applies."""

    SCREEN = "screen"
    ESCALATE = "escalate"
    RESCREEN = "rescreen"
    REVIEW = "review"
    DECIDE = "decide"

    code: str
    text: str
    due_at: datetime | None
    overdue: bool


class FlagClosure(AppendOnlyModel):
    """Why and when a flag closed: its device removed, a later check with no sign of
    infection, or a clinician's decision recorded after a screen."""

    flag = models.OneToOneField(InfectionFlag, on_delete=models.PROTECT, related_name="closure")
    reason = models.CharField(max_length=12, choices=CloseReason.choices)
    closed_at = models.DateTimeField()
    # The check that found no sign (CLEAR_CHECK), or the screen the decision followed.
    check_record = models.ForeignKey(
        Check, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_flags"
    )
    screen = models.ForeignKey(
        SepsisScreen, on_delete=models.PROTECT, null=True, blank=True, related_name="closed_flags"
    )
    decided_by_role = models.CharField(
        max_length=20, blank=True, choices=[(t.value, t.label) for t in Told]
    )
    decided_by_name = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True, max_length=1000)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flag_closures"
    )

    objects = AppendOnlyQuerySet["FlagClosure"].as_manager()
    append_only_instead = "open a new flag with a new check instead"

    def __str__(self) -> str:
        return f"Closure of flag {self.flag_id}: {self.reason}"
