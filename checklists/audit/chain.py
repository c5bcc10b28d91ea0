"""The hash chain: each event carries the hash of the one before it, so an event changed
or removed afterwards breaks the chain at that point.

This hash is the chain's definition: computing it any other way breaks every chain
already written. Migration 0005, which chained the events that existed before it, keeps
a frozen copy of it (tests/test_migrations.py checks that the two agree)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Protocol

GENESIS = "0" * 64  # the "previous hash" of the first event


class Hashable(Protocol):
    """What the hash covers: an AuditEvent, or a migration's historical model of it."""

    at: datetime
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    data: dict[str, Any]


def event_hash(
    previous: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
) -> str:
    """SHA-256 of the event's fields and the previous hash, as compact canonical JSON.

    The moment is taken in UTC, so the same event hashes alike whatever the time zone."""
    content = json.dumps(
        [
            previous,
            at.astimezone(UTC).isoformat(),
            actor_id,
            action,
            object_type,
            object_id,
            data,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def hash_of(event: Hashable, previous: str) -> str:
    """`event_hash` of an event that follows the one whose hash is `previous`."""
    return event_hash(
        previous,
        event.at,
        event.actor_id,
        event.action,
        event.object_type,
        event.object_id,
        event.data,
    )
