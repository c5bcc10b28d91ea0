from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer or monitor: the app answers. It reads nothing, so
    it is public, and it is the floor `make bench` measures the pages against."""
    return HttpResponse("ok\n", content_type="text/plain")
