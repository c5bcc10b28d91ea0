"""HTTP hardening that Django 5.2 has no setting for: the Content Security Policy, an
idle time-out that does not write the session on every request, and the warning before
django-axes locks a username."""

from __future__ import annotations

import time
from collections.abc import Callable

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none: with no
    inline script allowed, text a user typed can never run as script, even if a
    template forgot to escape it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# The session key holding when the session was last renewed (seconds since the epoch).
RENEWED_AT = "_renewed_at"


class IdleSessionMiddleware:
    """Ends a session SESSION_COOKIE_AGE seconds after its last renewal, and renews it at
    most once every SESSION_RENEW_SECONDS.

    Django's SESSION_SAVE_EVERY_REQUEST would give the same idle time-out by writing the
    session row on every page a nurse opens: a database write, and on SQLite the one
    writer's lock, for every read. Renewing once a minute costs one write a minute per
    user; the price is that a session may end up to a minute before SESSION_COOKIE_AGE
    idle seconds have passed, never after. Sits after SessionMiddleware, so that its mark
    is saved with the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a visitor who is not logged in) is not stored at all.
        if session is not None and not session.is_empty():
            now = int(time.time())
            if renewal_due(session, now):
                session[RENEWED_AT] = now
        return response


def renewal_due(session, now: int) -> bool:
    """Whether a response at `now` renews the session: a minute since the last renewal."""
    return now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS


def seconds_left(request: HttpRequest) -> int:
    """How long this signed-in session lasts without another request, once this
    response is sent: counted from its last renewal, which this response makes if a
    minute has passed (IdleSessionMiddleware). Never more than is really left."""
    now = int(time.time())
    renewed = now if renewal_due(request.session, now) else request.session[RENEWED_AT]
    return max(0, renewed + settings.SESSION_COOKIE_AGE - now)


def renew(request: HttpRequest) -> int:
    """Renew the session now ("stay signed in"); the seconds it then lasts."""
    request.session[RENEWED_AT] = int(time.time())
    return settings.SESSION_COOKIE_AGE


@receiver(user_logged_in)
def _renewed_at_log_in(sender, request, user, **kwargs) -> None:
    # Logging in sets the session's expiry: the next minute's pages need not renew it.
    # A log-in through the form is marked by the middleware anyway; this one covers a
    # log-in made outside a request's response (Client.force_login, a shell).
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())


# From how many attempts left the log-in page warns before django-axes locks a username.
WARN_AT_ATTEMPTS_LEFT = 2


def login_attempts_left(request: HttpRequest, username: str) -> int | None:
    """How many wrong passwords `username` may still have before django-axes locks it,
    once that is WARN_AT_ATTEMPTS_LEFT or fewer; None while more are left.

    Counted from axes' own records of this username's failures within the cool-off, so it
    is the same whether or not such a user exists: axes counts every username typed."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
    failures = AxesProxyHandler.get_failures(request, credentials)
    left = get_failure_limit(request, credentials) - failures
    return left if 0 < left <= WARN_AT_ATTEMPTS_LEFT else None
