from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from .. import security


# Not behind the log-in redirect: after the time-out the page's script must hear
# "ended" (401), not be sent the log-in page.
@login_not_required
@require_POST
def renew_session(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": renews the idle time-out without leaving the page."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    return JsonResponse({"signed_in": True, "seconds_left": security.renew(request)})
