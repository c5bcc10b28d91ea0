"""What a screen leaves to do: telling someone (escalation) when its band or a red flag
calls for it, and the next screen, due at the band's monitoring interval.

The RCP chart asks for an urgent or an emergency response without a number of minutes,
so how soon the escalation must be recorded is the hospital's policy, passed in
(settings.SEPSIS_ESCALATION_MINUTES); the next screen's time comes from the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Told(StrEnum):
    """Who the nurse told."""

    DOCTOR = "doctor"
    OUTREACH = "outreach"
    NURSE_IN_CHARGE = "nurse_in_charge"
    EMERGENCY_TEAM = "emergency_team"

    @property
    def label(self) -> str:
        return _TOLD_LABELS[self]


_TOLD_LABELS: dict[Told, str] = {
    Told.DOCTOR: "The patient's doctor or the doctor on call",
    Told.OUTREACH: "Critical care outreach or rapid response team",
    Told.NURSE_IN_CHARGE: "The nurse in charge",
    Told.EMERGENCY_TEAM: "The emergency (medical emergency or cardiac arrest) team",
}


class Reply(StrEnum):
    """What came of telling them."""

    REVIEWED = "reviewed"
    ANTIMICROBIALS = "antimicrobials"
    RULED_OUT = "ruled_out"
    TRANSFERRED = "transferred"
    AWAITING = "awaiting"

    @property
    def label(self) -> str:
        return _REPLY_LABELS[self]


_REPLY_LABELS: dict[Reply, str] = {
    Reply.REVIEWED: "Reviewed at the bedside",
    Reply.ANTIMICROBIALS: "Antimicrobials started",
    Reply.RULED_OUT: "Sepsis ruled out",
    Reply.TRANSFERRED: "Transferred to a higher level of care",
    Reply.AWAITING: "Told; review still awaited",
}


@dataclass(frozen=True)
class FollowUp:
    """A screen's loose ends at a moment: the escalation owed (if any) and the next
    screen. Times are None where nothing is owed."""

    escalation_due_at: datetime | None  # None: no escalation owed, or already recorded
    next_screen_at: datetime | None  # None: continuous monitoring, no interval
    now: datetime

    @property
    def escalation_overdue(self) -> bool:
        return self.escalation_due_at is not None and self.now >= self.escalation_due_at

    @property
    def next_screen_overdue(self) -> bool:
        return self.next_screen_at is not None and self.now >= self.next_screen_at

    def changes_at(self) -> datetime | None:
        """The next moment this reads differently with no new record."""
        ahead = [t for t in (self.escalation_due_at, self.next_screen_at) if t and t > self.now]
        return min(ahead, default=None)


def follow_up(
    *,
    observed_at: datetime,
    escalate: bool,
    escalated: bool,
    monitoring_every: timedelta | None,
    escalation_within: timedelta,
    now: datetime,
) -> FollowUp:
    """`escalate`: the screen called for it; `escalated`: it has been recorded."""
    due = observed_at + escalation_within if escalate and not escalated else None
    next_screen = observed_at + monitoring_every if monitoring_every is not None else None
    return FollowUp(due, next_screen, now)
