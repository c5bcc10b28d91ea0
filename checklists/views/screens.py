"""The bedside sepsis screen: record one, read what it scored, correct it, and record
its escalation."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import sepsis, services
from ..forms import local_now
from ..models import Check, Patient, SepsisScreen
from ..permissions import (
    can_record_for,
    can_record_infections,
    can_record_on_ward,
    get_patient_for,
    get_screen_for,
    nurse_required,
    readable_checks,
)
from ..screen_form import EscalationForm, ScreenCorrectionForm, ScreenForm
from ._common import latest_version, save_with


@nurse_required
def record_screen(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = get_patient_for(request.user, public_id)
    prompted_by = _prompting_check(request, patient)
    if request.method == "POST":
        form = ScreenForm(request.POST)
        screen = save_with(
            form,
            lambda cleaned: services.record_screen(
                nurse=request.user,
                patient=patient,
                observed_at=cleaned["observed_at"],
                observations=form.observations(),
                red_flags=cleaned["red_flags"],
                prompted_by=prompted_by,
                note=cleaned["note"],
                public_id=cleaned["screen_id"],
            ),
        )
        if screen is not None:
            messages.success(request, f"Sepsis screen saved for {patient.full_name}.")
            return redirect("checklists:screen-detail", public_id=screen.public_id)
    else:
        form = ScreenForm(initial={"screen_id": uuid.uuid4(), "observed_at": local_now()})
    context = {
        "patient": patient,
        "form": form,
        "prompted_by": prompted_by,
        "stay": patient.current_stay(),
        "error_count": sum(len(errors) for errors in form.errors.values()),
    }
    return render(request, "checklists/screen_form.html", context)


def _prompting_check(request: HttpRequest, patient: Patient) -> Check | None:
    """The check named in ?check=, whose sign of infection asked for this screen."""
    wanted = request.GET.get("check", "")
    if not wanted:
        return None
    try:
        check_id = uuid.UUID(wanted)
    except ValueError:
        raise Http404("No such check") from None
    check = (
        readable_checks(request.user)
        .select_related("entry_point")
        .filter(public_id=check_id, entry_point__patient=patient)
        .first()
    )
    if check is None:
        raise Http404("No such check")
    return check


def screen_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    screen = get_screen_for(request.user, public_id)
    return _screen_page(request, screen, None)


@nurse_required
def correct_screen(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    original = get_screen_for(request.user, public_id)
    if not can_record_on_ward(request.user, original.ward):
        raise PermissionDenied("You can only correct screens taken on your own wards.")
    latest = latest_version(original)
    if latest != original:
        messages.info(request, "That screen was already corrected; here is the latest version.")
        return redirect("checklists:screen-detail", public_id=latest.public_id)
    if request.method == "POST":
        form = ScreenCorrectionForm(request.POST)
        correction = save_with(
            form,
            lambda cleaned: services.correct_screen(
                nurse=request.user,
                original=original,
                observations=form.observations(),
                red_flags=cleaned["red_flags"],
                reason=cleaned["reason"],
                note=cleaned["note"],
            ),
        )
        if correction is not None:
            messages.success(request, "Correction saved; the original screen is kept.")
            return redirect("checklists:screen-detail", public_id=correction.public_id)
    else:
        form = ScreenCorrectionForm(initial=ScreenCorrectionForm.initial_from(original))
    context = {
        "screen": original,
        "patient": original.patient,
        "form": form,
        "error_count": sum(len(errors) for errors in form.errors.values()),
    }
    return render(request, "checklists/screen_correct.html", context)


@nurse_required
def record_escalation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The form lives on the screen's page; a GET goes there."""
    screen = get_screen_for(request.user, public_id)
    if request.method != "POST":
        return redirect("checklists:screen-detail", public_id=screen.public_id)
    form = EscalationForm(request.POST)
    escalation = save_with(
        form,
        lambda cleaned: services.record_escalation(
            nurse=request.user,
            screen=screen,
            told_role=cleaned["told_role"],
            told_name=cleaned["told_name"],
            told_at=cleaned["told_at"],
            reply=cleaned["reply"],
            note=cleaned["note"],
        ),
    )
    if escalation is not None:
        messages.success(request, "Escalation recorded.")
        return redirect("checklists:screen-detail", public_id=screen.public_id)
    return _screen_page(request, screen, form)


def _screen_page(
    request: HttpRequest, screen: SepsisScreen, form: EscalationForm | None
) -> HttpResponse:
    # The stored scores are the record; the breakdown by parameter is worked out again
    # from the stored readings, by the same rules.
    assessment = sepsis.assess(screen.observations, screen.red_flags)
    within = assessment.antimicrobials_within
    escalation = getattr(screen, "escalation", None)
    patient = screen.patient
    correction = getattr(screen, "correction", None)
    can_escalate = (
        screen.escalate
        and escalation is None
        and correction is None
        and can_record_for(request.user, patient, patient.current_stay())
    )
    initial = {"told_at": local_now()}
    context = {
        "screen": screen,
        "patient": patient,
        "assessment": assessment,
        "red_flags": [sepsis.RedFlag(flag).label for flag in screen.red_flags],
        "risk_level": sepsis.RiskLevel(screen.risk_level),
        "antimicrobial_hours": within // timedelta(hours=1) if within else None,
        "follow_up": screen.follow_up(timezone.now()),
        "escalation": escalation,
        "escalation_form": (form or EscalationForm(initial=initial)) if can_escalate else None,
        "correction": correction,
        "can_correct": correction is None and can_record_on_ward(request.user, screen.ward),
        # The lead may take a screen as the start of an infection event.
        "can_record_infection": correction is None and can_record_infections(request.user),
    }
    return render(request, "checklists/screen_detail.html", context)
