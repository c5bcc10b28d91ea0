"""The audit trail's hash chain: each event carries the hash of the one before, so an
event changed or removed afterwards breaks the chain at that point.

The hash is the chain's definition: changing how it is computed breaks every chain
already written. Migration 0005 chains the events that existed before it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first event


def event_hash(
    previous: str,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
) -> str:
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


def hash_of(event, previous: str) -> str:
    """`event_hash` of an AuditEvent (or the migration's historical model of it)."""
    return event_hash(
        previous,
        event.at,
        event.actor_id,
        event.action,
        event.object_type,
        event.object_id,
        event.data,
    )
