"""The audit trail: every write, login and login failure, written explicitly."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent


def log(actor, action: str, obj=None, data: dict[str, Any] | None = None) -> AuditEvent:
    """Record that `actor` did `action` (dotted name, e.g. "check.recorded") to `obj`.

    `data` holds identifiers and codes, never names or free text about a patient."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(getattr(obj, "public_id", None) or getattr(obj, "pk", "")) if obj else "",
        data=data or {},
    )


# Log-ins happen inside django.contrib.auth, so these two signals are the only hook.
@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    log(user, "auth.login")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    log(None, "auth.login_failed", data={"username": str(credentials.get("username", ""))[:150]})
