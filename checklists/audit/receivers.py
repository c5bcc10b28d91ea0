"""Log-ins and failed log-ins go to the audit trail too.

They happen inside django.contrib.auth, so its two signals are the only hook. Connected
when ChecklistsConfig.ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .write import log

# The username as typed is kept to spot guessing, cut to the length a username can have.
USERNAME_MAX_LENGTH = 150


@receiver(user_logged_in)
def record_login(
    sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    log(user, "auth.login")


@receiver(user_login_failed)
def record_login_failure(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the username: never the password, not even the masked one Django passes.
    username = str(credentials.get("username", ""))[:USERNAME_MAX_LENGTH]
    log(None, "auth.login_failed", data={"username": username})
