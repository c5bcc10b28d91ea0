from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from .. import security


class LoginView(auth_views.LoginView):
    """Django's log-in page; after a wrong password, once few attempts are left before
    the username is locked, it says how many (WCAG 2.1 3.3.4: warn before a
    consequence the user cannot undo at once)."""

    def form_invalid(self, form) -> HttpResponse:
        username = form.data.get("username", "").strip()
        left = security.login_attempts_left(self.request, username) if username else None
        cool_off = get_cool_off(self.request)
        minutes = int(cool_off.total_seconds() // 60) if cool_off else None
        context = self.get_context_data(form=form, attempts_left=left, lockout_minutes=minutes)
        return self.render_to_response(context)
