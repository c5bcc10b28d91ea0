"""The reports page through the browser's eyes: who downloads which PDF, what each
download registers and logs, and the form's refusals (which register nothing)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from checklists.models import AuditEvent, IssuedReport, Stay

from .factories import day_back, days_ago, make_entry_point, make_patient

pytestmark = pytest.mark.django_db

WARD_PDF, PATIENT_PDF = "/reports/ward.pdf", "/reports/patient.pdf"


def _last_month():
    """Last month as "YYYY-MM" and its first and last days."""
    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    return f"{last:%Y-%m}", last.replace(day=1), last


def _ward_report(client, *codes: str, **fields: str):
    """POST the ward form: `codes` ticked, last month unless other fields are given."""
    data = {"ward-wards": list(codes)}
    data |= {f"ward-{k}": v for k, v in fields.items()} or {"ward-month": _last_month()[0]}
    return client.post(WARD_PDF, data)


def _patient_report(client, number: str, start, end):
    return client.post(
        PATIENT_PDF,
        {"patient-hospital_number": number, "patient-start": start, "patient-end": end},
    )


def _issued(response) -> IssuedReport:
    assert response.status_code == 200, response.content[:2000]
    return IssuedReport.objects.get(number=response["X-Report-Number"])


def _errors(response, form: str = "ward_form") -> list[str]:
    errors = response.context[form].errors
    return [message for messages in errors.values() for message in messages]


# --- Ward reports -----------------------------------------------------------------------


def test_an_auditor_downloads_last_months_ward_report_as_a_registered_pdf(
    auditor_client, auditor, ward
):
    response = _ward_report(auditor_client, "W1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    number = response["X-Report-Number"]
    assert response["Content-Disposition"] == f'attachment; filename="{number}.pdf"'
    issued = IssuedReport.objects.get(number=number)
    assert issued.sha256 == hashlib.sha256(response.content).hexdigest()
    assert issued.size_bytes == len(response.content)
    assert issued.page_count == len(PdfReader(BytesIO(response.content)).pages)
    assert issued.issued_by == auditor
    assert issued.issued_via == "web"
    assert issued.scope == "ward"
    _, first, last = _last_month()
    assert issued.parameters["wards"] == ["W1"]
    assert (issued.parameters["from"], issued.parameters["to"]) == (
        first.isoformat(),
        last.isoformat(),
    )


def test_a_download_is_recorded_in_the_audit_trail(auditor_client, auditor, ward):
    number = _ward_report(auditor_client, "W1")["X-Report-Number"]
    (event,) = AuditEvent.objects.filter(action="report.issued")
    assert event.actor == auditor
    assert event.data["number"] == number
    assert event.data["wards"] == ["W1"]


def test_two_downloads_are_two_reports_with_their_own_numbers(auditor_client, ward):
    first = _ward_report(auditor_client, "W1")["X-Report-Number"]
    second = _ward_report(auditor_client, "W1")["X-Report-Number"]
    assert first != second
    assert set(IssuedReport.objects.values_list("number", flat=True)) == {first, second}
    assert AuditEvent.objects.filter(action="report.issued").count() == 2


def test_a_ward_report_can_cover_from_and_to_dates(auditor_client, ward):
    start, end = day_back(20), day_back(1)
    issued = _issued(_ward_report(auditor_client, "W1", start=start, end=end))
    assert (issued.parameters["from"], issued.parameters["to"]) == (
        start.isoformat(),
        end.isoformat(),
    )


def test_two_wards_make_a_report_of_several_wards(auditor_client, ward, other_ward):
    issued = _issued(_ward_report(auditor_client, "W1", "W2"))
    assert issued.scope == "wards"
    assert sorted(issued.parameters["wards"]) == ["W1", "W2"]


def test_an_auditor_downloads_the_whole_hospitals_report(auditor_client, ward, other_ward):
    issued = _issued(_ward_report(auditor_client, hospital="on", month=_last_month()[0]))
    assert issued.scope == "hospital"
    assert sorted(issued.parameters["wards"]) == ["W1", "W2"]


def test_a_manager_is_not_offered_the_whole_hospital(manager_client, auditor_client, ward):
    assert "hospital" not in manager_client.get("/reports/").context["ward_form"].fields
    assert "hospital" in auditor_client.get("/reports/").context["ward_form"].fields


def test_a_managers_whole_hospital_tick_is_ignored_so_no_ward_is_chosen(manager_client, ward):
    response = _ward_report(manager_client, hospital="on", month=_last_month()[0])
    assert response.status_code == 400
    assert _errors(response) == ["Choose at least one ward."]  # not offered the hospital
    assert not IssuedReport.objects.exists()


def test_a_manager_downloads_their_own_wards_report(manager_client, manager, ward):
    issued = _issued(_ward_report(manager_client, "W1"))
    assert issued.issued_by == manager
    assert issued.parameters["wards"] == ["W1"]


def test_a_manager_cannot_download_another_wards_report(manager_client, ward, other_ward):
    response = _ward_report(manager_client, "W2")
    assert response.status_code == 400
    assert "W2" in " ".join(response.context["ward_form"].errors["wards"])
    assert not IssuedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issued").exists()


def test_a_manager_cannot_slip_another_ward_in_with_their_own(manager_client, ward, other_ward):
    response = _ward_report(manager_client, "W1", "W2")
    assert response.status_code == 400
    assert not IssuedReport.objects.exists()


# --- The form's refusals ----------------------------------------------------------------


def _future_month() -> str:
    next_month = timezone.localdate().replace(day=28) + timedelta(days=4)
    return f"{next_month:%Y-%m}"


REFUSALS = {
    # what is posted: (codes ticked, other fields) -> the message shown
    "no ward": ((), {"month": "LAST"}, "Choose at least one ward, or the whole hospital."),
    "wards and hospital": (
        ("W1",),
        {"hospital": "on", "month": "LAST"},
        "Choose some wards or the whole hospital, not both.",
    ),
    "no period": (("W1",), {"month": ""}, "Choose a calendar month, or from and to dates."),
    "end before start": (
        ("W1",),
        {"start": "DAY5", "end": "DAY10"},
        "The period cannot end before it starts.",
    ),
    "future month": (("W1",), {"month": "NEXT"}, "That month has not started yet."),
}


def _fill(value: str) -> str:
    return {
        "LAST": _last_month()[0],
        "NEXT": _future_month(),
        "DAY5": day_back(5).isoformat(),
        "DAY10": day_back(10).isoformat(),
    }.get(value, value)


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_the_ward_form_refuses_and_registers_nothing(auditor_client, ward, case):
    codes, fields, message = REFUSALS[case]
    response = _ward_report(auditor_client, *codes, **{k: _fill(v) for k, v in fields.items()})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in _errors(response)
    assert not IssuedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issued").exists()


def test_a_month_and_dates_together_are_refused(auditor_client, ward):
    response = _ward_report(
        auditor_client, "W1", month=_last_month()[0], start=day_back(5), end=day_back(1)
    )
    assert response.status_code == 400
    assert any("not both" in message for message in _errors(response))
    assert not IssuedReport.objects.exists()


def test_a_refused_form_is_shown_again_with_what_was_chosen(auditor_client, ward):
    response = _ward_report(auditor_client, "W1", month="")
    assert response.status_code == 400
    assert b'value="W1"' in response.content
    assert b"Choose a calendar month, or from and to dates." in response.content


# --- Patient reports --------------------------------------------------------------------


def test_an_auditor_downloads_a_patients_report(auditor_client, auditor, stay):
    response = _patient_report(auditor_client, stay.hospital_number, day_back(12), day_back(0))
    assert response["Content-Type"] == "application/pdf"
    issued = _issued(response)
    assert issued.scope == "patient"
    assert issued.parameters["patient"] == str(stay.public_id)
    assert issued.parameters["wards"] == ["W1"]
    assert issued.sha256 == hashlib.sha256(response.content).hexdigest()
    event = AuditEvent.objects.get(action="report.issued")
    assert (event.actor, event.data["number"]) == (auditor, issued.number)


def test_the_hospital_number_is_found_whatever_its_case_and_spaces(auditor_client, stay):
    number = f"  {stay.hospital_number.lower()} "
    issued = _issued(_patient_report(auditor_client, number, day_back(12), day_back(0)))
    assert issued.parameters["patient"] == str(stay.public_id)


def test_the_wards_manager_downloads_a_patients_report(manager_client, stay):
    issued = _issued(
        _patient_report(manager_client, stay.hospital_number, day_back(12), day_back(0))
    )
    assert issued.scope == "patient"


def test_an_unknown_hospital_number_is_refused(auditor_client, stay):
    response = _patient_report(auditor_client, "NOPE123", day_back(12), day_back(0))
    assert response.status_code == 400
    assert _errors(response, "patient_form") == [
        "No patient with hospital number NOPE123 was on any ward between the dates chosen."
    ]
    assert not IssuedReport.objects.exists()


def test_a_patient_outside_the_period_is_refused_like_an_unknown_one(auditor_client, stay):
    response = _patient_report(auditor_client, stay.hospital_number, day_back(30), day_back(20))
    assert response.status_code == 400
    assert _errors(response, "patient_form") == [
        f"No patient with hospital number {stay.hospital_number} was on any ward "
        "between the dates chosen."
    ]
    assert not IssuedReport.objects.exists()


def test_another_wards_manager_cannot_tell_a_patient_is_there(other_manager_client, stay):
    """The refusal for a patient on someone else's ward reads exactly like the one for a
    number that does not exist, so the form tells nobody who is in another ward's beds."""
    start, end = day_back(12), day_back(0)
    theirs = _patient_report(other_manager_client, stay.hospital_number, start, end)
    nobody = _patient_report(other_manager_client, "NOPE123", start, end)

    assert theirs.status_code == nobody.status_code == 400
    (refusal,) = _errors(theirs, "patient_form")
    (unknown,) = _errors(nobody, "patient_form")
    assert "was on your wards" in refusal
    assert refusal.replace(stay.hospital_number, "#") == unknown.replace("NOPE123", "#")
    assert not IssuedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issued").exists()


def test_a_managers_patient_report_shows_nothing_after_its_period(
    manager_client, ward, other_ward, other_nurse
):
    patient = make_patient(ward, admitted_at=days_ago(60, "09:00"))
    Stay.objects.filter(patient=patient).update(
        ended_at=days_ago(40, "09:00"), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(patient=patient, ward=other_ward, started_at=days_ago(40, "09:00"))
    make_entry_point(
        patient, "piv", started_at=days_ago(5, "09:00"), created_by=other_nurse, body_site="Heel"
    )
    assert manager_client.get(f"/patients/{patient.public_id}/").status_code == 404

    response = _patient_report(manager_client, patient.hospital_number, day_back(59), day_back(45))

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Ward Two" not in text
    assert "Heel" not in text


def test_a_patient_report_needs_a_hospital_number(auditor_client, stay):
    response = _patient_report(auditor_client, "", day_back(12), day_back(0))
    assert response.status_code == 400
    assert "hospital_number" in response.context["patient_form"].errors
    assert not IssuedReport.objects.exists()


# --- The register and the navigation ----------------------------------------------------


def test_an_auditor_reads_the_whole_register(
    auditor_client, manager_client, auditor, manager, ward
):
    by_manager = _ward_report(manager_client, "W1")["X-Report-Number"]
    by_auditor = _ward_report(auditor_client, "W1")["X-Report-Number"]

    page = auditor_client.get("/reports/register/")
    assert page.status_code == 200
    listed = [r.number for r in page.context["page"].object_list]
    assert listed == [by_auditor, by_manager]  # newest first
    assert by_manager.encode() in page.content and by_auditor.encode() in page.content


def test_a_manager_reads_only_the_reports_they_issued(
    auditor_client, manager_client, other_manager_client, ward, other_ward
):
    mine = _ward_report(manager_client, "W1")["X-Report-Number"]
    auditors = _ward_report(auditor_client, "W1")["X-Report-Number"]
    colleagues = _ward_report(other_manager_client, "W2")["X-Report-Number"]

    page = manager_client.get("/reports/register/")
    assert [r.number for r in page.context["page"].object_list] == [mine]
    assert mine.encode() in page.content
    assert auditors.encode() not in page.content
    assert colleagues.encode() not in page.content


def test_an_empty_register_says_so(auditor_client):
    assert b"No report has been issued yet." in auditor_client.get("/reports/register/").content


@pytest.mark.parametrize(
    "persona, offered",
    [
        ("auditor_client", True),
        ("manager_client", True),
        ("nurse_client", False),
        ("admin_client", False),
    ],
)
def test_the_reports_link_is_offered_to_auditors_and_managers_only(request, persona, offered):
    page = request.getfixturevalue(persona).get("/dashboard/")  # a page every user opens
    assert page.status_code == 200
    assert (b'href="/reports/"' in page.content) is offered


# --- Nurses -----------------------------------------------------------------------------


def test_a_nurse_can_neither_open_the_reports_page_nor_download(nurse_client, ward):
    assert nurse_client.get("/reports/").status_code == 403
    assert _ward_report(nurse_client, "W1").status_code == 403
    assert not IssuedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issued").exists()


def test_a_nurse_cannot_download_a_patients_report(nurse_client, stay):
    response = _patient_report(nurse_client, stay.hospital_number, day_back(12), day_back(0))
    assert response.status_code == 403
    assert not IssuedReport.objects.exists()


def test_the_patient_page_links_to_the_report_form_with_the_number_filled_in(
    manager_client, nurse_client, stay
):
    page = manager_client.get(f"/patients/{stay.public_id}/")
    link = f"/reports/?patient={stay.hospital_number}#patient-report"
    assert link.encode() in page.content
    form = manager_client.get(link.split("#")[0]).context["patient_form"]
    assert form["hospital_number"].value() == stay.hospital_number
    assert b"/reports/?patient=" not in nurse_client.get(f"/patients/{stay.public_id}/").content


def test_a_ward_ticked_twice_is_reported_once(auditor_client, ward):
    issued = _issued(_ward_report(auditor_client, "W1", "W1"))
    assert (issued.scope, issued.parameters["wards"]) == ("ward", ["W1"])
