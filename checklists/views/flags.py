"""Closing an infection flag on a clinician's decision (the other closures follow the
checks and removals that cause them)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..permissions import get_flag_for, nurse_required
from ..screen_form import FlagCloseForm
from ._common import save_with


@nurse_required
def close_flag(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    flag = get_flag_for(request.user, public_id)
    patient = flag.entry_point.patient
    if hasattr(flag, "closure"):
        messages.info(request, "This infection flag is already closed.")
        return redirect("checklists:patient-detail", public_id=patient.public_id)
    form = FlagCloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        closure = save_with(
            form,
            lambda cleaned: services.close_flag(
                nurse=request.user,
                flag=flag,
                decided_by_role=cleaned["decided_by_role"],
                decided_by_name=cleaned["decided_by_name"],
                note=cleaned["note"],
            ),
        )
        if closure is not None:
            messages.success(request, f"Infection flag on {flag.entry_point} closed.")
            stay = patient.current_stay()
            if stay is None:
                return redirect("checklists:patient-detail", public_id=patient.public_id)
            board = reverse("checklists:ward-board", kwargs={"code": stay.ward.code})
            return redirect(f"{board}#patient-{patient.public_id}")
    screen = services.latest_screen_since(flag)
    context = {
        "flag": flag,
        "point": flag.entry_point,
        "patient": patient,
        "stay": patient.current_stay(),
        "screen": screen,
        "follow_up": screen.follow_up(timezone.now()) if screen else None,
        "form": form,
    }
    return render(request, "checklists/flag_close.html", context)
