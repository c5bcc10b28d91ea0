from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .. import services
from ..forms import EntryPointForm, RemoveEntryPointForm, ResiteForm, local_now
from ..models import EntryPoint, EntryPointKind
from ..permissions import get_entry_point_for, get_patient_for, nurse_required
from ._common import save_with
from .board import board_after_save


@nurse_required
def add_entry_point(request: HttpRequest, public_id) -> HttpResponse:
    """Pick a kind first (links), then fill in only that kind's details."""
    patient = get_patient_for(request.user, public_id)
    kind = request.GET.get("kind") or request.POST.get("kind")
    context = {"patient": patient, "kinds": EntryPointKind.choices, "kind": kind}
    if not kind:
        return render(request, "checklists/entry_point_add.html", context)
    if kind not in EntryPointKind.values:
        raise Http404("Unknown kind")
    form = EntryPointForm(initial={"started_at": local_now()}, kind=kind)
    if request.method == "POST":
        form = EntryPointForm(request.POST, instance=EntryPoint(kind=kind), kind=kind)
        point = save_with(
            form,
            lambda cleaned: services.add_entry_point(
                nurse=request.user, patient=patient, entry_point=form.instance
            ),
        )
        if point is not None:
            messages.success(request, f"{point} added.")
            return redirect("checklists:patient-detail", public_id=patient.public_id)
    context |= {"form": form, "kind_label": EntryPointKind(kind).label}
    return render(request, "checklists/entry_point_add.html", context)


def back_to(request: HttpRequest) -> str | None:
    """The page a form was opened from (`?next=`), if it is a path on this site: never
    another host, a scheme-relative `//host` or a `javascript:` link."""
    target = request.GET.get("next", "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(c.isspace() or not c.isprintable() for c in target):
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return None
    return target.split("#", 1)[0]


def _patient_page(point: EntryPoint) -> str:
    return reverse("checklists:patient-detail", kwargs={"public_id": point.patient.public_id})


def _return_to(request: HttpRequest, point: EntryPoint, back: str | None) -> str:
    """After a removal or a re-site: opened from the ward board, back to it as the nurse
    filtered it with the row marked; from elsewhere, back there; else the patient page."""
    stay = point.patient.current_stay()
    if stay is not None and back == reverse("checklists:ward-board", args=[stay.ward.code]):
        return board_after_save(request, stay.ward.code, point.public_id)
    return f"{back}#entry-{point.public_id}" if back else _patient_page(point)


@nurse_required
def remove_entry_point(request: HttpRequest, public_id) -> HttpResponse:
    """Record a removal; opened from the board (`?next=`), it goes back to the row."""
    point = get_entry_point_for(request.user, public_id)
    back = back_to(request)
    if point.removed_at is not None:
        messages.info(request, f"{point} was already recorded as removed.")
        return redirect(_return_to(request, point, back))
    form = RemoveEntryPointForm(initial={"removed_at": local_now()})
    if request.method == "POST":
        form = RemoveEntryPointForm(request.POST)
        removed = save_with(
            form,
            lambda cleaned: services.remove_entry_point(
                nurse=request.user,
                entry_point=point,
                at=cleaned["removed_at"],
                reason=cleaned["reason"],
            ),
        )
        if removed is not None:
            messages.success(request, f"{point} recorded as removed.")
            return redirect(_return_to(request, point, back))
    context = {
        "point": point,
        "patient": point.patient,
        "form": form,
        "cancel_url": back or _patient_page(point),
    }
    return render(request, "checklists/entry_point_remove.html", context)


@nurse_required
def resite_entry_point(request: HttpRequest, public_id) -> HttpResponse:
    """Take a device out and put its replacement in elsewhere, in one step; then the new
    device's row on the ward board."""
    point = get_entry_point_for(request.user, public_id)
    back = back_to(request)
    if point.removed_at is not None or not point.is_resited:
        if point.removed_at is not None:
            messages.info(request, f"{point} was already recorded as removed.")
        else:
            messages.info(request, f"A {point.get_kind_display().lower()} is not re-sited.")
        return redirect(_return_to(request, point, back))
    old_site = point.body_site
    form = ResiteForm(initial={"at": local_now()}, kind=point.kind)
    if request.method == "POST":
        form = ResiteForm(request.POST, kind=point.kind)
        new = save_with(
            form,
            lambda cleaned: services.resite_entry_point(
                nurse=request.user,
                entry_point=point,
                at=cleaned["at"],
                reason=cleaned["reason"],
                new_site=cleaned["body_site"],
                details=form.details(),
            ),
        )
        if new is not None:
            messages.success(
                request,
                f"{new.get_kind_display()} re-sited: removed from {old_site}, "
                f"new one in {new.body_site}.",
            )
            # Back where the form was opened from; opened with no `?next=`, the new
            # device's row on the board.
            stay = new.patient.current_stay()
            board = reverse("checklists:ward-board", args=[stay.ward.code])
            return redirect(_return_to(request, new, back or board))
    context = {
        "point": point,
        "patient": point.patient,
        "form": form,
        "cancel_url": back or _patient_page(point),
    }
    return render(request, "checklists/entry_point_resite.html", context)
