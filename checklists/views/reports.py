"""Audit reports: choose and download a PDF, read the register, verify a PDF."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import services
from ..models import Role
from ..permissions import issued_reports_for, role_required
from ..reports.forms import PatientReportForm, WardReportForm, last_month_initial

# Nurses read their wards on screen; administrators set the system up. See permissions.
report_roles_required = role_required(Role.AUDITOR, Role.MANAGER)
REGISTER_PAGE_SIZE = 50


def _forms(request: HttpRequest, ward_data=None, patient_data=None) -> dict:
    today = timezone.localdate()
    initial = last_month_initial(today)
    # The patient page links here with the patient's number filled in.
    patient_initial = initial | {"hospital_number": request.GET.get("patient", "")[:20]}
    return {
        "ward_form": WardReportForm(
            ward_data, user=request.user, today=today, initial=initial, prefix="ward"
        ),
        "patient_form": PatientReportForm(
            patient_data, user=request.user, today=today, initial=patient_initial, prefix="patient"
        ),
    }


@report_roles_required
def report_page(request: HttpRequest) -> HttpResponse:
    return render(request, "checklists/reports.html", _forms(request))


def _download(request: HttpRequest, context: dict, form) -> HttpResponse:
    if form.is_valid():
        try:
            issued, content = services.issue_report(form.cleaned_data["spec"], by=request.user)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{issued.number}.pdf"'
            response["X-Report-Number"] = issued.number
            return response
    return render(request, "checklists/reports.html", context, status=400)


@require_POST
@report_roles_required
def download_ward_report(request: HttpRequest) -> HttpResponse:
    context = _forms(request, ward_data=request.POST)
    return _download(request, context, context["ward_form"])


@require_POST
@report_roles_required
def download_patient_report(request: HttpRequest) -> HttpResponse:
    context = _forms(request, patient_data=request.POST)
    return _download(request, context, context["patient_form"])


@report_roles_required
def report_register(request: HttpRequest) -> HttpResponse:
    reports = issued_reports_for(request.user).select_related("issued_by")
    page = Paginator(reports, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "checklists/report_register.html", {"page": page})


class VerifyForm(forms.Form):
    pdf = forms.FileField(
        label="PDF to check",
        help_text="The file as you received it: it is checked byte for byte, not kept.",
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = settings.REPORT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Files up to {filesizeformat(limit)} ({limit:,} bytes) can be checked; "
                f"this one is {upload.size:,} bytes."
            )
        return upload


def _from_start(upload):
    upload.seek(0)
    return upload


@report_roles_required
def verify_report(request: HttpRequest) -> HttpResponse:
    verdict = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["pdf"]
            verdict = services.verify_report(
                upload.chunks(), by=request.user, reopen=lambda: _from_start(upload)
            )
            form = VerifyForm()
    else:
        form = VerifyForm()
    status = 400 if form.errors else 200
    return render(
        request, "checklists/report_verify.html", {"form": form, "verdict": verdict}, status=status
    )
