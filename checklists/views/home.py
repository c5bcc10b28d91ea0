from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..models import Role
from ..permissions import visible_wards


def home(request: HttpRequest) -> HttpResponse:
    """A nurse on one ward goes straight to its board; everyone else picks a ward."""
    wards = list(visible_wards(request.user))
    if request.user.role == Role.NURSE and len(wards) == 1:
        return redirect("checklists:ward-board", code=wards[0].code)
    return render(request, "checklists/ward_list.html", {"wards": wards})
