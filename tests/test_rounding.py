"""Halves round up, as NHSN's tables and spreadsheets round, everywhere a figure is
rounded: percentages (one place), utilisation and rates (two places). The page, its CSV
and the PDF print the same digits."""

from __future__ import annotations

import pytest

from checklists import services
from checklists.measures import Period
from checklists.measures.rates import rate_per_1000
from checklists.measures.summary import Measures, half_up, percent
from checklists.models import EntryPoint
from checklists.reports.spec import ReportSpec

from .factories import day_back, local_time, make_entry_point, make_patient
from .pages import csv_rows, page_table, period_query
from .pdfs import full_text, row_text


def test_a_half_rounds_up_not_to_even():
    assert half_up(1, 8, 2) == 0.13  # round(1 / 8, 2) gives 0.12
    assert half_up(5, 8, 2) == 0.63  # and 0.62
    assert percent(1, 16) == 6.3  # 6.25 %; round() gives 6.2
    assert percent(2, 3) == 66.7 and percent(1, 3) == 33.3
    assert percent(0, 5) == 0.0 and percent(1, 0) is None
    assert rate_per_1000(1, 8000) == 0.13  # 0.125 per 1,000
    assert Measures(patient_days=8, device_days=1).utilisation == 0.13


@pytest.mark.django_db
def test_the_page_the_csv_and_the_pdf_print_the_rounded_half_alike(
    ward, nurse, auditor, auditor_client
):
    # Eight patient days (9 to 2 days ago, counted at 06:00) and one device day: a PIV in
    # from 05:00 to noon 3 days ago. Utilisation 1 / 8 = 0.125, printed 0.13.
    patient = make_patient(ward, admitted_at=local_time(day_back(9), "05:00"))
    piv = make_entry_point(patient, "piv", started_at=local_time(day_back(3), "05:00"))
    EntryPoint.objects.record_removal(
        piv.pk, at=local_time(day_back(3), "12:00"), reason="No longer needed", by=nurse
    )
    query = period_query(9, 2)
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{query}")
    table = page_table(page, "by_kind")
    column = table["columns"].index("Utilisation")
    rows = {r[0]: r for r in table["rows"]}
    assert rows["Peripheral IV"][column] == "0.13"
    assert rows["All kinds"][column] == "0.13"
    csv = csv_rows(auditor_client.get(f"/wards/{ward.code}/dashboard/by_kind.csv?{query}"))
    assert csv[1:] == table["rows"]
    period = Period(day_back(9), day_back(2))
    pdf = full_text(services.issue_report(ReportSpec.for_wards([ward], period), by=auditor)[1])
    assert row_text(rows["Peripheral IV"]) in pdf
