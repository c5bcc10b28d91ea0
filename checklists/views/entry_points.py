from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import services
from ..forms import EntryPointForm, RemoveEntryPointForm, local_now
from ..models import EntryPoint, EntryPointKind
from ..permissions import get_entry_point_for, get_patient_for, nurse_required
from ._common import save_with


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


@nurse_required
def remove_entry_point(request: HttpRequest, public_id) -> HttpResponse:
    point = get_entry_point_for(request.user, public_id)
    if point.removed_at is not None:
        messages.info(request, f"{point} was already recorded as removed.")
        return redirect("checklists:patient-detail", public_id=point.patient.public_id)
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
            return redirect("checklists:patient-detail", public_id=point.patient.public_id)
    context = {"point": point, "patient": point.patient, "form": form}
    return render(request, "checklists/entry_point_remove.html", context)
