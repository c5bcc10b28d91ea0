"""The row that adds the wards up says which wards it covers: "All wards" only when it is
the whole hospital, so that a unit manager's total is never read as the hospital's. The
same on the overview, its CSVs and the reports."""

from __future__ import annotations

import pytest

from checklists import services
from checklists.measures import Period
from checklists.models import Ward
from checklists.reports.spec import ReportSpec

from .factories import day_back
from .pages import csv_rows, page_table, period_query
from .pdfs import full_text
from .scenes import ward_one_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wards(ward, other_ward, nurse, manager):
    ward_one_scene(ward, nurse, manager)
    manager.wards.add(other_ward)
    return ward, other_ward


def test_a_unit_managers_total_is_named_for_her_wards(two_wards, manager_client):
    query = period_query()
    page = manager_client.get(f"/dashboard/?{query}&figures=table")
    html = page.content.decode()
    assert '<th scope="row">W1 + W2</th>' in html
    assert "All wards" not in html
    totals = [r for r in page_table(page, "overview")["rows"] if r[0] == "W1 + W2"]
    assert len(totals) == 7  # one per kind and all kinds
    for table in ("overview", "sepsis", "outcomes_by_ward"):
        rows = csv_rows(manager_client.get(f"/dashboard/overview.csv?{query}&table={table}"))
        names = {r[0] for r in rows[1:]}
        assert "W1 + W2" in names and "All wards" not in names, table


def test_the_whole_hospitals_total_is_all_wards(two_wards, auditor_client):
    html = auditor_client.get(f"/dashboard/?{period_query()}").content.decode()
    assert '<th scope="row">All wards</th>' in html
    assert "W1 + W2" not in html


def test_a_report_of_several_wards_names_them_and_the_hospitals_says_all(two_wards, auditor):
    period = Period(day_back(20), day_back(2))
    wards = list(Ward.objects.order_by("code"))
    several = full_text(services.issue_report(ReportSpec.for_wards(wards, period), by=auditor)[1])
    assert "W1 + W2" in several
    whole = ReportSpec.for_wards(wards, period, hospital=True)
    assert "W1 + W2" not in full_text(services.issue_report(whole, by=auditor)[1])
