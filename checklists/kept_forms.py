"""A form submitted after the idle time-out is kept, and offered again to the same person.

A nurse who fills in a check at the bedside and presses Save after 15 idle minutes
would otherwise land on the log-in page and lose her answers. Instead:

1. every signed-in response carries a signed cookie naming the user (IDENTITY_COOKIE);
2. a POST that arrives without a session (LoginRequiredMiddleware would send it to log
   in) is kept in the new, anonymous session with the path and that user's id, and the
   log-in page says why it is shown;
3. after logging in, the first page is that form: if the person who logged in is the
   one who filled it in, the page gets the answers back (`request.kept_form`, filled in
   by static/js/kept_form.js) with a message; anyone else gets the empty form, and the
   kept answers are dropped.

Nothing is saved on the way: the answers must be submitted again, by the person now
logged in. The time-out itself is unchanged (checklists.security)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core import signing
from django.http import HttpRequest, HttpResponse

IDENTITY_COOKIE = "ipc_user"
IDENTITY_SALT = "checklists.kept_forms.identity"
# The session key holding the kept form: {"user": pk, "path": str, "data": {name: [values]}}.
KEPT = "_kept_form"
# Never kept: the old session's CSRF token, and the buttons (the nurse presses one again).
NOT_KEPT = {"csrfmiddlewaretoken", "all_expected"}
# A check form has at most a few dozen fields; a larger body is not a form of ours.
MAX_FIELDS = 100
MAX_CHARACTERS = 20_000

ENDED = (
    "Your session ended after {minutes} minutes without activity, so nothing was saved. "
    "Log in again to go back to your form: what you entered is kept for you."
)
RESTORED = (
    "Your entries from before the time-out are filled in again below. Check them and "
    "press Save: nothing has been saved yet."
)


def signed_identity(user_pk: int) -> str:
    return signing.dumps(user_pk, salt=IDENTITY_SALT)


def identity(request: HttpRequest) -> int | None:
    """The user this browser was last signed in as, if its cookie is genuine."""
    value = request.COOKIES.get(IDENTITY_COOKIE)
    return _signed_user(value) if value else None


@lru_cache(maxsize=4096)
def _signed_user(value: str) -> int | None:
    # The same cookie comes with every request of a browser, and a value's signature
    # checks the same way each time: checked once per worker, not on every page.
    try:
        pk = signing.loads(value, salt=IDENTITY_SALT)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None


def _form_data(request: HttpRequest) -> dict[str, list[str]] | None:
    data = {k: request.POST.getlist(k) for k in request.POST if k not in NOT_KEPT}
    size = sum(len(k) + sum(len(v) for v in values) for k, values in data.items())
    if not data or len(data) > MAX_FIELDS or size > MAX_CHARACTERS:
        return None
    return data


def keep(request: HttpRequest) -> bool:
    """Keep this session-less POST for the user named by the identity cookie."""
    user_pk = identity(request)
    data = _form_data(request) if user_pk is not None else None
    if data is None or not hasattr(request, "session"):
        return False
    request.session[KEPT] = {"user": user_pk, "path": request.path, "data": data}
    minutes = settings.SESSION_COOKIE_AGE // 60
    messages.warning(request, ENDED.format(minutes=minutes))
    return True


def take(request: HttpRequest) -> dict[str, list[str]] | None:
    """The kept form for this signed-in request, once: its data if the user is the one
    who filled it in and this is its page, else None. Either way it is then forgotten,
    so another user never sees it and it is offered only on the first page after log-in."""
    kept: dict[str, Any] | None = request.session.pop(KEPT, None)
    if kept is None:
        return None
    if request.method == "GET" and kept["path"] == request.path:
        if kept["user"] == request.user.pk:
            messages.info(request, RESTORED)
            return kept["data"]
    return None


class KeepFormLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, keeping a POST that arrives after the time-out
    and giving it back after log-in (see the module's docstring)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            if KEPT in request.session:
                request.kept_form = take(request)  # type: ignore[attr-defined]
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        if request.method == "POST":
            keep(request)
        return super().handle_no_permission(request, view_func)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and identity(request) != user.pk:
            response.set_cookie(
                IDENTITY_COOKIE,
                signed_identity(user.pk),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
