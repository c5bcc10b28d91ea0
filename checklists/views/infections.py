"""Infection events: the list, one event with what the rules conclude and why, and the
infection-prevention lead's forms to record and correct one."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import services
from ..infection_form import (
    DenominatorsForm,
    InfectionCorrectionForm,
    InfectionEventForm,
    InfectionFilter,
)
from ..infection_start import NOTHING, start_from
from ..measures import Period, collect
from ..measures.denominators import monthly_denominators
from ..measures.infections import assessed
from ..models import InfectionEvent, Role
from ..permissions import (
    can_open_patient,
    can_record_infections,
    get_infection_for,
    get_patient_for,
    readable_infections,
    role_required,
    visible_wards,
)
from ..tables.denominators import denominators_table
from ._common import csv_download, save_with

readers_only = role_required(Role.MANAGER, Role.AUDITOR, Role.ADMIN)


@readers_only
def infection_list(request: HttpRequest) -> HttpResponse:
    wards = list(visible_wards(request.user))
    form = InfectionFilter(request.GET or None, wards=wards)
    standing = InfectionEvent.objects.standing().select_related(
        "patient", "recorded_by", "override_ward"
    )
    wanted = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if wanted.get("infection_type"):
        standing = standing.filter(infection_type=wanted["infection_type"])
    if wanted.get("month"):
        year, month = wanted["month"]
        standing = standing.filter(date_of_event__year=year, date_of_event__month=month)
    if wanted.get("start"):
        standing = standing.filter(date_of_event__gte=wanted["start"])
    if wanted.get("end"):
        standing = standing.filter(date_of_event__lte=wanted["end"])
    events = readable_infections(request.user, assessed(standing))
    if wanted.get("ward"):
        ward_ids = {w.pk for w in wards if w.code == wanted["ward"]}
        events = [e for e in events if e.ward_id in ward_ids]
    if wanted.get("counted"):
        events = [e for e in events if e.counted]
    names = {w.pk: w.name for w in wards}
    context = {
        "form": form,
        "events": events,
        "ward_names": names,
        "can_record": can_record_infections(request.user),
        "count_time": settings.HOSPITAL_COUNT_TIME,
        "last_month": f"{timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}",
    }
    return render(request, "checklists/infection_list.html", context)


@readers_only
def infection_detail(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    shown = get_infection_for(request.user, event_id)
    versions = (
        InfectionEvent.objects.filter(event_id=event_id)
        .select_related("recorded_by", "override_ward")
        .order_by("recorded_at", "pk")
    )
    context = {
        "shown": shown,
        "event": shown.event,
        "patient": shown.event.patient,
        "versions": list(versions),
        "can_correct": can_record_infections(request.user),
        "hide_patient_link": not can_open_patient(request.user, shown.event.patient),
    }
    return render(request, "checklists/infection_detail.html", context)


def record_infection(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if not can_record_infections(request.user):
        raise PermissionDenied("Only the infection-prevention lead records infection events.")
    patient = get_patient_for(request.user, public_id)
    if request.method == "POST":
        form = InfectionEventForm(request.POST)
        event = save_with(
            form,
            lambda cleaned: services.record_infection(
                lead=request.user,
                patient=patient,
                details=form.details(),
                public_id=cleaned["event_public_id"],
            ),
        )
        if event is not None:
            messages.success(request, f"{event.short_name} recorded for {patient.full_name}.")
            return redirect("checklists:infection-detail", event_id=event.event_id)
        start = NOTHING
    else:
        start = start_from(request.GET, patient)
        if start.problem:
            messages.warning(request, start.problem)
        form = InfectionEventForm(initial={"event_public_id": uuid.uuid4(), **start.initial})
    context = {
        "patient": patient,
        "form": form,
        "started_from": start.said,
        "stay": patient.current_stay(),
        "error_count": _error_count(form),
    }
    return render(request, "checklists/infection_form.html", context)


def correct_infection(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    if not can_record_infections(request.user):
        raise PermissionDenied("Only the infection-prevention lead corrects infection events.")
    shown = get_infection_for(request.user, event_id)
    original = shown.event
    if request.method == "POST":
        form = InfectionCorrectionForm(request.POST)
        correction = save_with(
            form,
            lambda cleaned: (
                services.correct_infection(
                    lead=request.user,
                    original=original,
                    details=form.details(),
                    review=form.review(),
                )
                if cleaned["version"] == original.public_id
                else _newer_meanwhile(form, original)
            ),
        )
        if correction is not None:
            messages.success(request, f"{correction.short_name} corrected.")
            return redirect("checklists:infection-detail", event_id=correction.event_id)
    else:
        form = InfectionCorrectionForm(initial=InfectionCorrectionForm.initial_from(original))
    context = {
        "shown": shown,
        "event": original,
        "patient": original.patient,
        "form": form,
        "error_count": _error_count(form),
    }
    return render(request, "checklists/infection_correct.html", context)


def _newer_meanwhile(form: InfectionCorrectionForm, standing: InfectionEvent) -> None:
    """Someone corrected the event while this form was open: keep what was entered,
    point the form at the version now standing, and say so; nothing is saved."""
    data = form.data.copy()
    data["version"] = str(standing.public_id)
    form.data = data
    raise ValidationError(
        "Someone has corrected this event since you opened this form: the version shown "
        "above is now the latest. Your entries are kept below; save again to correct it."
    )


def _error_count(form: forms.Form) -> int:
    return sum(len(errors) for errors in form.errors.values()) if form.is_bound else 0


@readers_only
def denominators_csv(request: HttpRequest) -> HttpResponse:
    """NHSN form 57.118's monthly denominators of the wards this user reads, as CSV."""
    today = timezone.localdate()
    form = DenominatorsForm(request.GET, today=today)
    if not form.is_valid():
        errors = " ".join(e for errors in form.errors.values() for e in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    months: list[Period] = form.cleaned_data["months"]
    wards = list(visible_wards(request.user))
    facts = collect(wards, Period(months[0].start, months[-1].end), timezone.now())
    table = denominators_table(wards, monthly_denominators(facts, months))
    name = f"ipc-denominators-{months[0].start:%Y-%m}-to-{months[-1].start:%Y-%m}"
    return csv_download(table, name)
