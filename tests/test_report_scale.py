"""Long reports: thousands of exception rows are laid out a page at a time, and the memory
a report takes grows in line with its rows, not with their square (design.md)."""

from __future__ import annotations

import tracemalloc

import pytest

from checklists.measures import Period
from checklists.models import EntryPoint, Patient, Stay
from checklists.reports import pdf, pdf_table
from checklists.reports.document import Printed, Report, Section
from checklists.reports.spec import ReportSpec
from checklists.services import issue_report
from checklists.tables.cells import Cell, Table

from .factories import day_back, local_time
from .pdfs import full_text, page_texts

PATIENTS, DAYS = 170, 31  # 5,270 missed checks


@pytest.fixture
def ward_of_unchecked_lines(ward, nurse):
    """170 patients, each with a peripheral IV that nobody checked for a month."""
    patients = Patient.objects.bulk_create(
        Patient(
            hospital_number=f"L{n:05d}",
            full_name=f"Long Report {n:03d}",
            date_of_birth=local_time(day_back(30_000)).date(),
        )
        for n in range(PATIENTS)
    )
    Stay.objects.bulk_create(
        Stay(patient=p, ward=ward, started_at=local_time(day_back(40), "09:00"), bed=str(n))
        for n, p in enumerate(patients)
    )
    EntryPoint.objects.bulk_create(
        EntryPoint(
            patient=p,
            kind="piv",
            body_site="Left hand",
            started_at=local_time(day_back(35), "05:00"),
            created_by=nurse,
        )
        for p in patients
    )


@pytest.mark.django_db
def test_a_report_with_more_than_5000_exceptions_prints_them_all_a_page_at_a_time(
    ward_of_unchecked_lines, ward, auditor, monkeypatch
):
    laid: list[tuple[int, int]] = []  # (table, row) of every row laid out
    pages_of_rows: list[int] = []
    real_row, real_page = pdf_table.Layout.row, pdf_table.Page.__init__

    def counting_row(layout, n):
        laid.append((id(layout), n))
        return real_row(layout, n)

    def counting_page(page, layout, rows):
        pages_of_rows.append(len(rows))
        real_page(page, layout, rows)

    monkeypatch.setattr(pdf_table.Layout, "row", counting_row)
    monkeypatch.setattr(pdf_table.Page, "__init__", counting_page)
    period = Period(day_back(DAYS + 1), day_back(2))
    issued, content = issue_report(ReportSpec.for_wards([ward], period), by=auditor)
    missed = PATIENTS * DAYS
    assert missed > 5000
    pages = page_texts(content)
    text = full_text(content)
    assert f"{missed} checks." in text
    assert text.count("Long Report") == missed  # one row per missed check
    last = f"{period.end:%d %b %Y} {ward.code} Long Report {PATIENTS - 1:03d} L{PATIENTS - 1:05d}"
    assert f"{last} Peripheral IV (Left hand) Missed" in text  # the last row
    assert issued.page_count == len(pages) > 100
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # Each row was laid out once, and nothing held more than a page's worth of them.
    assert len(laid) == len(set(laid)) >= missed
    least_row = pdf_table.LEADING + pdf_table.TOP_PADDING + pdf_table.BOTTOM_PADDING
    assert max(pages_of_rows) <= (pdf.PAGE[1] - 2 * pdf.MARGIN) / least_row


def _report(rows: int) -> Report:
    table = Table("long", "Long table", ["Day", "Patient", "Outcome", "Failed items"])
    table.rows = [
        [
            Cell(f"{n % 28 + 1:02d} Oct 2026"),
            Cell(f"Patient number {n} Łukasz 王芳"),
            Cell("Not compliant"),
            Cell("Dressing clean, dry and intact; hub scrubbed before each access " * (n % 3)),
        ]
        for n in range(rows)
    ]
    return Report(
        "IPC-20261124-TEST00",
        "Long",
        [("Facility", "Test")],
        [Section("Rows", [Printed(table)])],
        footer="Test",
    )


def _peak_bytes(rows: int) -> int:
    report = _report(rows)
    tracemalloc.start()
    try:
        pdf.render(report)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_in_line_with_the_rows_not_their_square():
    _peak_bytes(50)  # fonts loaded and cached before measuring
    small, large = _peak_bytes(400), _peak_bytes(1600)
    # Four times the rows: about four times the memory if linear, sixteen if quadratic.
    assert large / small < 6, (small, large)
