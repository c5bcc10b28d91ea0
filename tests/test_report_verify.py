"""Verifying a PDF on the verify page: genuine if its bytes are those issued, altered if
it names one of our reports but differs, unknown otherwise; every check is logged."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from reportlab.pdfgen.canvas import Canvas

from checklists import services
from checklists.models import AuditEvent, IssuedReport

from .conftest import skip_or_fail

pytestmark = pytest.mark.django_db

VERIFY = "/reports/verify/"


def _download(client, code: str = "W1") -> tuple[bytes, str]:
    """Last month's ward report as `client` downloads it: its bytes and number."""
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    response = client.post(
        "/reports/ward.pdf", {"ward-wards": [code], "ward-month": f"{last_month:%Y-%m}"}
    )
    assert response.status_code == 200
    return response.content, response["X-Report-Number"]


def _verify(client, content: bytes, name: str = "report.pdf"):
    return client.post(VERIFY, {"pdf": SimpleUploadedFile(name, content)})


def _flipped(content: bytes, at: int) -> bytes:
    return content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]


def _away_from(content: bytes, number: str) -> int:
    """The middle of the file, checked not to fall inside a copy of the number."""
    at = len(content) // 2
    needle = number.encode()
    start = content.find(needle)
    while start != -1:
        assert not start <= at < start + len(needle), "the middle of the file is the number"
        start = content.find(needle, start + 1)
    return at


def _foreign_pdf() -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Somebody else's audit report")
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def issued(auditor_client, ward) -> tuple[bytes, str]:
    return _download(auditor_client)


# --- Verdicts ---------------------------------------------------------------------------


def test_the_pdf_as_downloaded_is_genuine(auditor_client, issued):
    content, number = issued
    response = _verify(auditor_client, content)

    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert verdict.result == "genuine"
    assert verdict.report == IssuedReport.objects.get(number=number)
    assert verdict.sha256 == hashlib.sha256(content).hexdigest()
    assert verdict.size_bytes == len(content)
    assert b'data-verdict="genuine"' in response.content
    assert f"this is report {number}, unaltered".encode() in response.content


def test_a_manager_verifies_a_report_someone_else_issued(manager_client, issued):
    content, number = issued
    response = _verify(manager_client, content)
    assert response.context["verdict"].result == "genuine"
    assert number.encode() in response.content


def test_one_byte_changed_makes_it_altered_and_names_the_report_it_claims(auditor_client, issued):
    content, number = issued
    altered = _flipped(content, _away_from(content, number))
    response = _verify(auditor_client, altered)

    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert verdict.result == "altered"
    assert verdict.report.number == number
    assert verdict.sha256 == hashlib.sha256(altered).hexdigest()
    assert b'data-verdict="altered"' in response.content
    assert f"this file says it is report {number}".encode() in response.content


def test_a_pdf_not_issued_here_is_unknown(auditor_client, issued):
    response = _verify(auditor_client, _foreign_pdf())
    verdict = response.context["verdict"]
    assert (verdict.result, verdict.report, verdict.is_pdf) == ("unknown", None, True)
    assert b'data-verdict="unknown"' in response.content
    assert b"It is not a PDF file." not in response.content


def test_a_text_file_is_unknown_and_not_a_pdf(auditor_client, issued):
    response = _verify(auditor_client, b"hello", name="notes.txt")
    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert (verdict.result, verdict.is_pdf, verdict.size_bytes) == ("unknown", False, 5)
    assert b'data-verdict="unknown"' in response.content
    assert b"It is not a PDF file." in response.content


def test_the_form_is_offered_again_empty_after_a_verdict(auditor_client, issued):
    response = _verify(auditor_client, issued[0])
    assert not response.context["form"].is_bound
    assert b'type="file"' in response.content


# --- The audit trail --------------------------------------------------------------------


def test_every_verification_is_in_the_audit_trail_with_its_result(auditor_client, auditor, issued):
    content, number = issued
    _verify(auditor_client, content)
    _verify(auditor_client, _flipped(content, _away_from(content, number)))
    _verify(auditor_client, _foreign_pdf())

    events = AuditEvent.objects.filter(action="report.verified").order_by("pk")
    assert [e.data["result"] for e in events] == ["genuine", "altered", "unknown"]
    assert {e.actor for e in events} == {auditor}
    report = IssuedReport.objects.get(number=number)
    assert [(e.object_type, e.object_id) for e in events] == [
        ("issuedreport", str(report.pk)),
        ("issuedreport", str(report.pk)),
        ("", ""),
    ]
    assert events[0].data["sha256"] == hashlib.sha256(content).hexdigest()


# --- Refusals ---------------------------------------------------------------------------


def test_an_empty_upload_is_refused_and_not_logged(auditor_client, issued):
    response = _verify(auditor_client, b"")
    assert response.status_code == 400
    assert response.context["verdict"] is None
    assert response.context["form"].errors["pdf"]
    assert not AuditEvent.objects.filter(action="report.verified").exists()


def test_a_post_without_a_file_is_refused(auditor_client):
    # A browser always sends its CSRF token, so the form is bound even with no file.
    response = auditor_client.post(VERIFY, {"csrfmiddlewaretoken": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["pdf"] == ["This field is required."]


def test_a_file_over_the_limit_is_refused_unread(auditor_client, issued, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 2**20
    response = _verify(auditor_client, b"%PDF-" + b"x" * 2**20)
    assert response.status_code == 400
    assert response.context["verdict"] is None
    (error,) = response.context["form"].errors["pdf"]
    assert " ".join(error.split()) == (
        "Files up to 1.0 MB (1,048,576 bytes) can be checked; this one is 1,048,581 bytes."
    )
    assert not AuditEvent.objects.filter(action="report.verified").exists()


def test_a_file_at_the_limit_is_checked(auditor_client, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1000
    response = _verify(auditor_client, b"x" * 1000)
    assert response.status_code == 200
    assert response.context["verdict"].result == "unknown"


def test_the_size_refusal_states_a_limit_below_a_megabyte(auditor_client, settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 1000
    response = _verify(auditor_client, b"x" * 2000)
    assert response.status_code == 400
    (error,) = response.context["form"].errors["pdf"]
    assert "0 MB" not in error


def test_a_forged_post_without_a_csrf_token_is_refused(auditor, issued):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(auditor)
    response = _verify(forger, issued[0])
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="report.verified").exists()


def test_nurses_and_administrators_cannot_verify(nurse_client, admin_client, issued):
    for client in (nurse_client, admin_client):
        assert _verify(client, issued[0]).status_code == 403
    assert not AuditEvent.objects.filter(action="report.verified").exists()


# --- The service, reading the file in chunks -------------------------------------------


def test_a_report_number_cut_between_two_chunks_is_still_found(auditor, issued):
    content, number = issued
    cut = content.index(number.encode()) + len(number) // 2
    flip = _away_from(content, number)
    altered = _flipped(content, flip)
    assert abs(flip - cut) > 100  # the change is nowhere near the cut
    assert number not in altered[:cut].decode("latin-1")
    assert number not in altered[cut : cut + len(number)].decode("latin-1")

    verdict = services.verify_report([altered[:cut], altered[cut:]], by=auditor)

    assert verdict.result == "altered"
    assert verdict.report.number == number
    assert verdict.size_bytes == len(content)


def test_small_chunks_give_the_same_verdict_as_one(auditor, issued):
    content, number = issued
    altered = _flipped(content, _away_from(content, number))
    chunks = [altered[i : i + 7] for i in range(0, len(altered), 7)]
    verdict = services.verify_report(chunks, by=auditor)
    assert (verdict.result, verdict.report.number) == ("altered", number)

    genuine = [content[i : i + 7] for i in range(0, len(content), 7)]
    assert services.verify_report(genuine, by=auditor).result == "genuine"


def test_a_file_naming_thousands_of_numbers_is_answered_without_reading_them_all(
    auditor_client,
):
    numbers = b" ".join(
        f"IPC-20260101-{f'{n:06d}'.translate(_LETTERS)}".encode() for n in range(300_000)
    )
    response = _verify(auditor_client, b"%PDF-1.4\n" + numbers)
    assert response.status_code == 200
    assert response.context["verdict"].result == "unknown"
    event = AuditEvent.objects.get(action="report.verified")
    assert event.data["claimed"] == ""


_LETTERS = str.maketrans("0123456789", "ABCDEFGHJK")


def test_a_report_whose_metadata_an_editor_compressed_is_still_found_altered(
    auditor_client, issued, tmp_path
):
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        skip_or_fail("qpdf is not installed (make browser installs it, as root)")
    content, number = issued
    original, rewritten = tmp_path / "in.pdf", tmp_path / "out.pdf"
    original.write_bytes(content)
    # What many PDF editors do on saving: pack the objects, metadata included, compressed.
    subprocess.run(  # noqa: S603 (our own files, through the qpdf on PATH)
        [qpdf, "--object-streams=generate", str(original), str(rewritten)], check=True
    )
    edited = rewritten.read_bytes()
    assert number.encode() not in edited  # the number no longer shows in the bytes
    response = _verify(auditor_client, edited)
    verdict = response.context["verdict"]
    assert (verdict.result, verdict.claimed) == ("altered", number)


def test_a_manager_is_not_shown_the_register_entry_of_a_report_not_theirs(
    auditor_client, manager_client, ward, other_ward
):
    hospital = auditor_client.post(
        "/reports/ward.pdf", {"ward-hospital": "on", "ward-month": _last_month_text()}
    )
    number = hospital["X-Report-Number"]
    response = _verify(manager_client, f"Looks like report {number}".encode(), "notes.txt")
    verdict = response.context["verdict"]
    assert (verdict.result, verdict.claimed, verdict.report) == ("altered", number, None)
    assert b"is not in your register" in response.content
    assert b'id="register-entry"' not in response.content


def _last_month_text() -> str:
    return f"{timezone.localdate().replace(day=1) - timedelta(days=1):%Y-%m}"
