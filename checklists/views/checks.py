from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import braden, services
from ..check_form import CheckForm, CorrectionForm, item_field_name
from ..flag_history import FlagHistory, flag_histories
from ..forms import DATETIME_FORMAT, local_now
from ..models import Answer, Check, ChecklistTemplate, EntryPoint, InfectionFlag, SepsisScreen
from ..permissions import (
    can_open_patient,
    can_record_on_ward,
    get_check_for,
    get_correctable_check_for,
    get_entry_point_for,
    nurse_required,
)
from ._common import latest_version, save_with
from .board import board_after_save, board_as_left


@nurse_required
def record_check(request: HttpRequest, public_id) -> HttpResponse:
    point = get_entry_point_for(request.user, public_id)
    template = ChecklistTemplate.objects.current_for(point.kind)
    # Prefetched, so that the service that saves the check reads them no second time.
    prefetch_related_objects([template], "items")
    items = list(template.items.all())
    if request.method != "POST":
        form = CheckForm(
            initial={"observed_at": _default_observed(point)}, template=template, items=items
        )
    else:
        form = CheckForm(
            request.POST,
            template=template,
            items=items,
            all_expected="all_expected" in request.POST,
        )
        check = save_with(
            form,
            lambda cleaned: services.record_check(
                nurse=request.user,
                entry_point=point,
                observed_at=cleaned["observed_at"],
                answers=form.answers(),
                note=cleaned["note"],
                template=template,
            ),
        )
        if check is not None:
            _announce(request, check, point)
            if check.infection_sign:
                # Straight to the screen: a sign of infection must lead somewhere.
                screen = reverse("checklists:screen-record", args=[point.patient.public_id])
                return redirect(f"{screen}?check={check.public_id}")
            # Back to the board as the nurse filtered it, her row in view and marked.
            return redirect(board_after_save(request, check.ward.code, point.public_id))
    today = timezone.localdate()
    stay = point.patient.current_stay()
    context = {
        "point": point,
        "patient": point.patient,
        "form": form,
        "error_count": sum(len(errors) for errors in form.errors.values()),
        "template": template,
        "stay": stay,
        "board_url": board_as_left(request, stay.ward.code) if stay else None,
        "today_check": Check.objects.current()
        .select_related("recorded_by")
        .filter(entry_point=point, clinical_date=today)
        .first(),
        "dwell_day": point.dwell_day(today),
        **_braden_context(items),
    }
    return render(request, "checklists/check_form.html", context)


def _braden_context(items: list) -> dict[str, str]:
    """What the form's live Braden total needs: the subscales' field names and the bands
    (for a checklist that has the six subscales; nothing for the others)."""
    subscales = [item for item in items if item.code in braden.SUBSCALES]
    if len(subscales) != len(braden.SUBSCALES):
        return {}
    return {
        "braden_fields": " ".join(item_field_name(item) for item in subscales),
        "braden_bands": "|".join(f"{high}:{words}" for high, words in settings.BRADEN_BANDS),
    }


def _default_observed(point: EntryPoint) -> str:
    """Now, or the removal time for a device removed before its check was done."""
    if point.removed_at:
        return timezone.localtime(point.removed_at).strftime(DATETIME_FORMAT)
    return local_now()


def _announce(request: HttpRequest, check: Check, point: EntryPoint) -> None:
    day = check.clinical_date.strftime("%a %-d %b")
    if check.is_compliant:
        verdict = "compliant"
    else:
        failed = [
            a.item.text for a in check.answers.select_related("item") if a.is_compliant is False
        ]
        verdict = "NOT compliant: " + "; ".join(failed)
    late = " (late entry)" if check.is_late else ""
    messages.success(
        request,
        f"{point.get_kind_display()} check of {day} saved for {point.patient.full_name}{late}: "
        f"{verdict}.",
    )


def check_detail(request: HttpRequest, public_id) -> HttpResponse:
    """One day's check of an entry point, with every version: original and corrections."""
    check = get_check_for(request.user, public_id)
    versions = list(
        Check.objects.filter(entry_point=check.entry_point_id, clinical_date=check.clinical_date)
        .select_related("recorded_by", "corrects")
        .prefetch_related(
            Prefetch("answers", Answer.objects.select_related("item").order_by("item__position"))
        )
        .order_by("recorded_at", "pk")
    )
    replaced = {v.corrects_id for v in versions if v.corrects_id}
    context = {
        "check": check,
        "point": check.entry_point,
        "patient": check.entry_point.patient,
        "flags": _flags_of_the_day(check, versions),
        # Each version with its Braden score (None but for a pressure-injury check).
        "versions": [
            (v, braden.score({a.item.code: a.value for a in v.answers.all()})) for v in versions
        ],
        "replaced": replaced,
        "can_correct": can_record_on_ward(request.user, check.ward),
        "hide_patient_link": not can_open_patient(request.user, check.entry_point.patient),
    }
    return render(request, "checklists/check_detail.html", context)


def _flags_of_the_day(check: Check, versions: list[Check]) -> list[FlagHistory]:
    """The infection flags that this day's check (any version) opened, closed or was made
    under, with their screens (two queries)."""
    point = check.entry_point
    flags = list(
        InfectionFlag.objects.filter(entry_point=point).select_related(
            "opened_by__recorded_by", "closure__recorded_by", "closure__check_record"
        )
    )
    for flag in flags:
        flag.entry_point = point  # read already: no query per flag
    if not flags:
        return []
    since = min(f.screens_from for f in flags)
    screens = (
        SepsisScreen.objects.current()
        .filter(patient=point.patient_id, observed_at__gte=since)
        .select_related("escalation")
    )
    histories = flag_histories(flags, screens, timezone.now())
    return [h for h in histories if any(h.covers(v) for v in versions)]


@nurse_required
def correct_check(request: HttpRequest, public_id) -> HttpResponse:
    original = get_correctable_check_for(request.user, public_id)
    if not can_record_on_ward(request.user, original.ward):
        raise PermissionDenied
    latest = latest_version(original)
    if latest != original:
        messages.info(request, "That version was already corrected; here is the latest one.")
        return redirect("checklists:check-detail", public_id=latest.public_id)
    items = list(original.template.items.all())
    initial = {f"item_{a.item.code}": a.value for a in original.answers.select_related("item")}
    initial["note"] = original.note
    form = CorrectionForm(initial=initial, template=original.template, items=items)
    if request.method == "POST":
        form = CorrectionForm(request.POST, template=original.template, items=items)
        correction = save_with(
            form,
            lambda cleaned: services.correct_check(
                nurse=request.user,
                original=original,
                answers=form.answers(),
                reason=cleaned["reason"],
                note=cleaned["note"],
            ),
        )
        if correction is not None:
            messages.success(request, "Correction saved; the original is kept in the history.")
            return redirect("checklists:check-detail", public_id=correction.public_id)
    context = {
        "check": original,
        "point": original.entry_point,
        "patient": original.entry_point.patient,
        "form": form,
    }
    return render(request, "checklists/check_correct.html", context)
