"""Walking the audit trail's hash chain from the first event to the last.

`verify()` returns a plain result rather than text, so that the management command and a
web page can show the same finding each in its own way; `Verification.message` is the
wording both can use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from ..models import AuditEvent
from .chain import GENESIS, hash_of

# Events read from the database at a time: the whole trail never sits in memory.
CHUNK_SIZE = 5000


class BreakKind(StrEnum):
    # The event's "previous hash" is not the hash of the event before it: an event in
    # between was removed, or the one before was changed and given a new hash.
    DOES_NOT_FOLLOW = "does_not_follow"
    # The event's own fields no longer give its hash: it was changed after it was written.
    CONTENTS_CHANGED = "contents_changed"


@dataclass(frozen=True)
class BrokenLink:
    """The first event that does not hold on to the chain, and how it fails."""

    kind: BreakKind
    event_id: int
    at: datetime
    action: str
    # The last event that did verify; None when the break is at the first event.
    after_event_id: int | None

    @property
    def message(self) -> str:
        where = f"event #{self.event_id} ({timezone.localtime(self.at):%d %b %Y %H:%M:%S}, "
        where += f"{self.action})"
        if self.kind == BreakKind.DOES_NOT_FOLLOW:
            after = (
                f"event #{self.after_event_id}" if self.after_event_id else "the start of the trail"
            )
            return (
                f"Broken link at {where}: it does not follow {after}. An event between "
                "them was removed or changed."
            )
        return (
            f"Broken link at {where}: its contents no longer match its hash. It was "
            "changed after it was written."
        )


@dataclass(frozen=True)
class Verification:
    """What a walk of the chain found.

    `count`, `head_hash` and `head_event_id` describe the intact part: the whole trail
    when `broken` is None, otherwise the events before the break. An empty trail is
    intact, with no head event and GENESIS as its head hash."""

    count: int
    head_hash: str
    head_event_id: int | None
    broken: BrokenLink | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    @property
    def message(self) -> str:
        if self.broken is not None:
            return self.broken.message
        # The head is worth noting down outside this system: events removed from the
        # end of the trail leave no broken link, only a different head.
        return (
            f"Audit trail intact: {self.count} events, chained from the first to the last.\n"
            f"Head of the chain: {self.head_hash} (event #{self.head_event_id}). Keep this "
            "value elsewhere: events removed from the end would leave no broken link."
        )


def verify() -> Verification:
    """Check every event, in the order written, up to the first broken link."""
    previous, count, before = GENESIS, 0, None
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        kind = None
        if event.previous_hash != previous:
            kind = BreakKind.DOES_NOT_FOLLOW
        elif hash_of(event, event.previous_hash) != event.hash:
            kind = BreakKind.CONTENTS_CHANGED
        if kind is not None:
            broken = BrokenLink(kind, event.pk, event.at, event.action, before)
            return Verification(count, previous, before, broken)
        previous, before, count = event.hash, event.pk, count + 1
    return Verification(count, previous, before)
