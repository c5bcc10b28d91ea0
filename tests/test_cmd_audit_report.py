"""manage.py audit_report: the same registered PDFs as the reports page, written to a
file for archiving, issued in no user's name; a bad request stops before registering."""

from __future__ import annotations

import hashlib
import io
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from checklists.models import AuditEvent, IssuedReport

from .factories import day_back

pytestmark = pytest.mark.django_db


def _period(start: int = 20, end: int = 1) -> list[str]:
    """--from and --to, `start` and `end` days back."""
    return ["--from", day_back(start).isoformat(), "--to", day_back(end).isoformat()]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_report", *args, stdout=out)
    return out.getvalue()


def _refused(*args: str) -> str:
    """The command's message for a refused request, checking that nothing was issued."""
    with pytest.raises(CommandError) as refusal:
        _run(*args)
    assert not IssuedReport.objects.exists()
    assert not AuditEvent.objects.filter(action="report.issued").exists()
    return str(refusal.value)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "r.pdf"


# --- Reports written --------------------------------------------------------------------


def test_a_ward_report_is_written_and_registered(ward, out):
    printed = _run("--ward", "W1", *_period(), "--out", str(out))

    pdf = out.read_bytes()
    issued = IssuedReport.objects.get()
    assert issued.sha256 == hashlib.sha256(pdf).hexdigest()
    assert issued.size_bytes == len(pdf)
    assert issued.page_count == len(PdfReader(BytesIO(pdf)).pages)
    assert issued.issued_by is None
    assert issued.issued_via.startswith("command line")
    assert issued.scope == "ward"
    assert issued.parameters["wards"] == ["W1"]
    assert (issued.parameters["from"], issued.parameters["to"]) == (
        day_back(20).isoformat(),
        day_back(1).isoformat(),
    )
    assert issued.number in printed
    assert issued.sha256 in printed
    assert str(out) in printed


def test_the_pdf_names_the_ward_and_numbers_its_pages(ward, out):
    _run("--ward", "W1", *_period(), "--out", str(out))
    text = _text(out.read_bytes())
    assert "Page 1 of" in text
    assert "Ward One" in text
    assert IssuedReport.objects.get().number in text


def test_the_command_is_in_the_audit_trail_in_no_users_name(ward, out):
    _run("--ward", "W1", *_period(), "--out", str(out))
    (event,) = AuditEvent.objects.filter(action="report.issued")
    issued = IssuedReport.objects.get()
    assert event.actor is None
    assert event.data["number"] == issued.number
    assert event.data["via"] == issued.issued_via
    assert event.data["sha256"] == issued.sha256


def test_a_ward_code_is_found_whatever_its_case(ward, out):
    _run("--ward", "w1", *_period(), "--out", str(out))
    assert IssuedReport.objects.get().parameters["wards"] == ["W1"]


def test_two_wards_make_a_report_of_several_wards(ward, other_ward, out):
    _run("--ward", "W1", "--ward", "W2", *_period(), "--out", str(out))
    issued = IssuedReport.objects.get()
    assert issued.scope == "wards"
    assert issued.parameters["wards"] == ["W1", "W2"]


def test_a_ward_named_twice_is_reported_once(ward, out):
    _run("--ward", "W1", "--ward", "w1", *_period(), "--out", str(out))
    issued = IssuedReport.objects.get()
    assert (issued.scope, issued.parameters["wards"]) == ("ward", ["W1"])


def test_the_whole_hospital_report_lists_every_ward(ward, other_ward, out):
    _run("--hospital", *_period(), "--out", str(out))
    issued = IssuedReport.objects.get()
    assert issued.scope == "hospital"
    assert sorted(issued.parameters["wards"]) == ["W1", "W2"]
    assert "Ward Two" in _text(out.read_bytes())


def test_a_patients_report_is_written(stay, out):
    _run("--patient", stay.hospital_number, *_period(12, 0), "--out", str(out))
    issued = IssuedReport.objects.get()
    assert issued.scope == "patient"
    assert issued.parameters["patient"] == str(stay.public_id)
    assert issued.parameters["wards"] == ["W1"]
    assert issued.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_each_run_is_a_new_report(ward, tmp_path):
    _run("--ward", "W1", *_period(), "--out", str(tmp_path / "a.pdf"))
    _run("--ward", "W1", *_period(), "--out", str(tmp_path / "b.pdf"))
    first, second = IssuedReport.objects.order_by("pk")
    assert first.number != second.number


# --- Refusals ---------------------------------------------------------------------------


def test_an_unknown_patient_is_refused(stay, out):
    message = _refused("--patient", "NOPE123", *_period(), "--out", str(out))
    assert message == "No patient has hospital number NOPE123."
    assert not out.exists()


def test_a_patient_not_on_a_ward_in_the_period_is_refused(stay, out):
    message = _refused("--patient", stay.hospital_number, *_period(30, 20), "--out", str(out))
    assert message.startswith(f"{stay.hospital_number} was not on any ward between")


def test_an_unknown_ward_is_refused_with_the_wards_there_are(ward, other_ward, out):
    message = _refused("--ward", "W1", "--ward", "XX", *_period(), "--out", str(out))
    assert message == "No ward XX. Wards: W1, W2."
    assert not out.exists()


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "01/10/2026"])
def test_a_date_that_is_not_a_date_is_refused(ward, out, bad):
    message = _refused(
        "--ward", "W1", "--from", bad, "--to", day_back(1).isoformat(), "--out", str(out)
    )
    assert message == f"{bad!r} is not a date: give it as YYYY-MM-DD."


def test_a_period_that_ends_before_it_starts_is_refused(ward, out):
    message = _refused("--ward", "W1", *_period(1, 20), "--out", str(out))
    assert message == "The period cannot end before it starts."


def test_a_period_ending_after_today_is_refused(ward, out):
    message = _refused("--ward", "W1", *_period(5, -1), "--out", str(out))
    assert message == "The period cannot end after today."


def test_a_missing_output_folder_is_refused(ward, tmp_path):
    missing = tmp_path / "nowhere" / "r.pdf"
    message = _refused("--ward", "W1", *_period(), "--out", str(missing))
    assert message == f"Folder {missing.parent} does not exist."
    assert not missing.parent.exists()


def test_a_scope_is_required(ward, out):
    with pytest.raises(CommandError, match="one of the arguments --ward --hospital --patient"):
        _run(*_period(), "--out", str(out))


def test_wards_and_the_hospital_together_are_refused(ward, out):
    with pytest.raises(CommandError, match="not allowed with"):
        _run("--ward", "W1", "--hospital", *_period(), "--out", str(out))
    assert not IssuedReport.objects.exists()


def test_an_output_that_cannot_be_written_registers_nothing(ward, tmp_path):
    with pytest.raises(CommandError):
        _run("--ward", "W1", *_period(), "--out", str(tmp_path))
    assert not IssuedReport.objects.exists()
