"""Writing one event of the audit trail, chained to the one before it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.utils import timezone

from ..models import AuditEvent, User
from .chain import GENESIS, hash_of

# Any fixed number: the key of the PostgreSQL advisory lock that orders the chain.
CHAIN_LOCK = 7_100_401


def log(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` (dotted name, e.g. "check.recorded") to `obj`.

    `data` holds identifiers and codes, never names or free text about a patient. The
    event is chained to the one before it; on PostgreSQL a transaction-long lock keeps
    two writers from chaining to the same event."""
    # Part of the caller's transaction, without a savepoint of its own: if the event
    # cannot be written, neither can what it records.
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        previous = (
            AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS
        )
        event = AuditEvent(
            # No one (the demo seed) or someone not logged in: no actor to point at.
            actor=actor if isinstance(actor, User) and actor.pk else None,
            action=action,
            object_type=(obj._meta.model_name or "") if obj is not None else "",
            object_id=str(getattr(obj, "public_id", None) or getattr(obj, "pk", "")) if obj else "",
            data=data or {},
            at=timezone.now(),
            previous_hash=previous,
        )
        event.hash = hash_of(event, previous)
        event.save()
    return event
