from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import services
from ..flag_history import flag_histories
from ..forms import AdmitForm, DischargeForm, TransferForm, local_now
from ..measures.infections import AssessedEvent, assessed
from ..models import Check, InfectionFlag, Patient
from ..permissions import (
    can_read_infections,
    can_record_for,
    can_record_infections,
    can_view_ward,
    get_patient_for,
    get_ward_for,
    nurse_required,
    readable_infections,
)
from ._common import save_with


def patient_detail(request: HttpRequest, public_id) -> HttpResponse:
    """All of a patient's entry points and every check record, corrections included."""
    patient = get_patient_for(request.user, public_id)
    stays = list(patient.stays.select_related("ward").order_by("-started_at"))
    current = next((s for s in stays if s.ended_at is None), None)
    points = list(patient.entry_points.order_by("removed_at", "-started_at"))
    records = (
        Check.objects.filter(entry_point__patient=patient)
        .select_related("recorded_by", "ward", "corrects")
        .order_by("-clinical_date", "recorded_at")
    )
    replaced = set()
    by_point: dict[int, list[Check]] = {p.pk: [] for p in points}
    for record in records:
        by_point[record.entry_point_id].append(record)
        if record.corrects_id:
            replaced.add(record.corrects_id)
    screens = list(
        patient.screens.select_related("recorded_by", "ward", "escalation", "corrects").order_by(
            "-observed_at", "-recorded_at"
        )
    )
    # A corrected screen is listed as such; only the screens that stand tell a flag's story.
    corrected = {s.corrects_id for s in screens if s.corrects_id}
    flags = list(
        InfectionFlag.objects.filter(entry_point__in=points).select_related(
            "opened_by__recorded_by", "closure__recorded_by", "closure__check_record"
        )
    )
    by_pk = {p.pk: p for p in points}
    for flag in flags:
        flag.entry_point = by_pk[flag.entry_point_id]  # read already: no query per flag
    today = timezone.localdate()
    context = {
        "patient": patient,
        "stays": stays,
        "current_stay": current,
        "entries": [(p, by_point[p.pk], p.dwell_day(today)) for p in points],
        "replaced": replaced,
        "screens": screens,
        "flags": flag_histories(
            flags, [s for s in screens if s.pk not in corrected], timezone.now()
        ),
        "corrected_screens": corrected,
        "risk_factors": patient.risk_factor_labels(today),
        "can_write": can_record_for(request.user, patient, current),
        "can_open_ward": current is not None and can_view_ward(request.user, current.ward),
        "can_record_infection": can_record_infections(request.user),
        "infections": _infections_of(request.user, patient),
    }
    return render(request, "checklists/patient_detail.html", context)


def _infections_of(user, patient: Patient) -> list[AssessedEvent] | None:
    """The patient's infection events this user may read; None for those who read none."""
    if not can_read_infections(user):
        return None
    standing = patient.infections.standing().select_related(
        "patient", "recorded_by", "override_ward"
    )
    return readable_infections(user, assessed(standing))


@nurse_required
def admit_patient(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    form = AdmitForm(initial={"admitted_at": local_now()}, ward=ward)
    if request.method == "POST":
        form = AdmitForm(request.POST, ward=ward)
        stay = save_with(
            form,
            lambda cleaned: services.admit_patient(
                nurse=request.user,
                ward=ward,
                patient=form.patient(),
                at=cleaned["admitted_at"],
                bed=cleaned["bed"],
            ),
        )
        if stay is not None:
            returning = " (returning patient: their record was kept)" if form.existing else ""
            messages.success(request, f"Admitted {stay.patient.full_name}{returning}.")
            return redirect("checklists:patient-detail", public_id=stay.patient.public_id)
    return render(request, "checklists/patient_admit.html", {"ward": ward, "form": form})


@nurse_required
def transfer_patient(request: HttpRequest, public_id) -> HttpResponse:
    patient = get_patient_for(request.user, public_id)
    stay = _writable_stay(request, patient)
    if stay is None:
        return redirect("checklists:patient-detail", public_id=patient.public_id)
    form = TransferForm(initial={"at": local_now()}, current_ward=stay.ward)
    if request.method == "POST":
        form = TransferForm(request.POST, current_ward=stay.ward)
        new_stay = save_with(
            form,
            lambda cleaned: services.transfer_patient(
                nurse=request.user,
                patient=patient,
                to_ward=cleaned["to_ward"],
                at=cleaned["at"],
                bed=cleaned["bed"],
            ),
        )
        if new_stay is not None:
            messages.success(request, f"{patient.full_name} transferred to {new_stay.ward.name}.")
            return redirect("checklists:ward-board", code=stay.ward.code)
    context = {"patient": patient, "stay": stay, "form": form}
    return render(request, "checklists/patient_transfer.html", context)


@nurse_required
def discharge_patient(request: HttpRequest, public_id) -> HttpResponse:
    patient = get_patient_for(request.user, public_id)
    stay = _writable_stay(request, patient)
    if stay is None:
        return redirect("checklists:patient-detail", public_id=patient.public_id)
    form = DischargeForm(initial={"at": local_now()})
    if request.method == "POST":
        form = DischargeForm(request.POST)
        discharged = save_with(
            form,
            lambda cleaned: services.discharge_patient(
                nurse=request.user, patient=patient, at=cleaned["at"]
            ),
        )
        if discharged is not None:
            messages.success(request, f"{patient.full_name} discharged.")
            return redirect("checklists:ward-board", code=stay.ward.code)
    open_points = list(patient.entry_points.filter(removed_at__isnull=True))
    context = {"patient": patient, "stay": stay, "form": form, "open_points": open_points}
    return render(request, "checklists/patient_discharge.html", context)


def _writable_stay(request: HttpRequest, patient):
    """The current stay if this nurse may move the patient; otherwise say why."""
    stay = patient.current_stay()
    if stay is None:
        messages.error(request, "This patient has been discharged.")
        return None
    if not can_record_for(request.user, patient, stay):
        messages.error(request, f"The patient is now on {stay.ward.name}; ask that ward.")
        return None
    return stay
