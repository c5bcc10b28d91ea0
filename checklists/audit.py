"""The audit trail: every write, login and login failure, written explicitly."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import connection, transaction
from django.dispatch import receiver
from django.utils import timezone

from .audit_chain import GENESIS, hash_of
from .models import AuditEvent

# Any fixed number: the key of the PostgreSQL advisory lock that orders the chain.
CHAIN_LOCK = 7_100_401


def log(actor, action: str, obj=None, data: dict[str, Any] | None = None) -> AuditEvent:
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
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=obj._meta.model_name if obj is not None else "",
            object_id=str(getattr(obj, "public_id", None) or getattr(obj, "pk", "")) if obj else "",
            data=data or {},
            at=timezone.now(),
            previous_hash=previous,
        )
        event.hash = hash_of(event, previous)
        event.save()
    return event


# Log-ins happen inside django.contrib.auth, so these two signals are the only hook.
@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    log(user, "auth.login")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    log(None, "auth.login_failed", data={"username": str(credentials.get("username", ""))[:150]})
