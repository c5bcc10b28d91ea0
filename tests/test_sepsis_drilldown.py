"""The signs-of-infection figures by entry-point kind and by ward, on the ward dashboard,
the hospital overview and the PDFs, and the list of flags or screens behind each figure
(/dashboard/signs-of-infection/ and its CSV)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import services
from checklists.dashboards.overview import build_overview
from checklists.dashboards.ward import build_ward_dashboard
from checklists.links import period_params
from checklists.measures.sepsis import FIGURES, sepsis_measures
from checklists.reports.spec import ReportSpec
from checklists.tables.sepsis import SUMMARY_COLUMNS, sepsis_by_kind_table

from .factories import days_ago, expected_answers, make_check, make_entry_point, make_patient
from .pdfs import full_text
from .scenes import three_flags_scene

pytestmark = pytest.mark.django_db

LIST = reverse("checklists:sepsis-list")


@pytest.fixture
def three_flags(ward, nurse):
    return three_flags_scene(ward, nurse)


def _columns(row) -> dict[str, str]:
    return dict(zip(["Group", *SUMMARY_COLUMNS], (c.text for c in row), strict=True))


def _query(period, **extra) -> dict[str, str]:
    return period_params(period) | extra


def test_flags_count_under_their_entry_points_kind_and_screens_under_their_prompting_check(
    ward, three_flags
):
    m = sepsis_measures(ward, three_flags)
    piv, cvc, wound = (m.of_kind(k) for k in ("piv", "cvc", "wound"))
    assert (piv.flags_opened, len(piv.screens), piv.closed_by_removal) == (1, 1, 1)
    assert (cvc.flags_opened, len(cvc.screens), len(cvc.escalations_due)) == (1, 1, 1)
    assert (wound.flags_opened, wound.screens) == (1, [])  # C's screen was prompted by no check
    assert m.of_kind("urinary").flags_opened == 0
    assert len(m.screens) == 3


def test_the_table_by_kind_gives_each_kind_and_the_ward_its_row(ward, three_flags):
    table = sepsis_by_kind_table(sepsis_measures(ward, three_flags))
    rows = {row[0].text: _columns(row) for row in table.rows}
    assert rows["Peripheral IV"]["Flags"] == "1"
    assert rows["Peripheral IV"]["Screened in time %"] == "100.0"
    assert rows["Central line"]["Not screened in time"] == "1"
    assert rows["Central line"]["Median min to screen"] == "120"
    assert rows["Surgical wound"]["Screens"] == "0"
    everything = rows["All kinds"]
    assert (everything["Flags"], everything["Screens"], everything["NEWS2 5 or more"]) == (
        "3",
        "3",
        "1",
    )
    assert (everything["Escalations due"], everything["Late or not recorded"]) == ("2", "1")
    assert everything["Escalations on time %"] == "50.0"


def test_the_ward_dashboards_figures_link_to_the_list_behind_them(ward, three_flags):
    dashboard = build_ward_dashboard(ward, three_flags, days_ago(0, "23:00"))
    rows = {row[0].text: row for row in dashboard.tables["sepsis"].rows}
    href = rows["Flags not screened within 60 minutes"][1].href
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == LIST
    assert (query["ward"], query["show"]) == (["W1"], ["unscreened"])
    by_kind = {row[0].text: row for row in dashboard.tables["sepsis_by_kind"].rows}
    wound_flags = parse_qs(urlsplit(by_kind["Surgical wound"][1].href).query)
    assert (wound_flags["kind"], wound_flags["show"]) == (["wound"], ["flags"])
    assert by_kind["Urinary catheter"][1].href == ""  # no figure, nothing to open


def test_the_list_shows_the_patients_behind_a_figure(manager_client, ward, three_flags):
    page = manager_client.get(LIST, _query(three_flags, ward="W1", show="unscreened"))
    assert page.status_code == 200
    table = page.context["result"].table
    assert [row[4].text for row in table.rows] == ["Central line", "Surgical wound"]
    assert [row[6].text for row in table.rows] == ["still open", "still open"]
    assert table.rows[0][0].href.startswith("/checks/")
    assert b'data-count="2"' in page.content


def test_the_list_of_a_kind_and_a_band(manager_client, three_flags):
    page = manager_client.get(LIST, _query(three_flags, kind="cvc", show="band_low_medium"))
    (row,) = page.context["result"].table.rows  # B's single 3, escalated in ten minutes
    assert row[4].text == "3"
    assert row[6].text.endswith("(on time)")
    late = manager_client.get(LIST, _query(three_flags, show="escalations_late"))
    (row,) = late.context["result"].table.rows
    assert (row[4].text, row[6].text, row[6].tone) == ("6", "not recorded", "bad")


def test_every_figure_of_the_table_has_a_list(manager_client, three_flags):
    for figure in FIGURES:
        page = manager_client.get(LIST, _query(three_flags, show=figure))
        assert page.status_code == 200, figure
        assert page.context["result"].table.title.startswith(FIGURES[figure])


def test_the_list_downloads_as_csv(manager_client, three_flags):
    answer = manager_client.get(
        reverse("checklists:sepsis-list-csv"), _query(three_flags, show="flags")
    )
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Flag opened,Ward,Patient")
    assert len(lines) == 4


def test_a_bad_filter_is_refused_with_a_message_and_no_list(manager_client, three_flags):
    page = manager_client.get(LIST, _query(three_flags, show="everything"))
    assert page.context["result"] is None
    assert b"Nothing shown: fix the filter." in page.content
    csv = manager_client.get(reverse("checklists:sepsis-list-csv"), {"show": "everything"})
    assert csv.status_code == 400


def test_another_wards_figures_are_not_shown(other_manager_client, three_flags):
    page = other_manager_client.get(LIST, _query(three_flags, show="flags"))
    assert page.context["result"].count == 0
    assert other_manager_client.get(LIST, _query(three_flags, ward="W1")).status_code == 404


def test_the_list_costs_the_same_queries_whatever_the_number_of_flags(
    manager_client, ward, nurse, three_flags
):
    query = _query(three_flags, show="flags")
    with CaptureQueriesContext(connection) as few:
        manager_client.get(LIST, query)
    patient = make_patient(ward, admitted_at=days_ago(5, "09:00"))
    for _ in range(3):
        line = make_entry_point(patient, "cvc", started_at=days_ago(4, "09:00"))
        make_check(line, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
    with CaptureQueriesContext(connection) as many:
        page = manager_client.get(LIST, query)
    assert page.context["result"].count == 6
    assert len(few) == len(many)


def test_the_overview_gives_each_ward_its_signs_of_infection(ward, other_ward, three_flags):
    overview = build_overview([ward, other_ward], three_flags, days_ago(0, "23:00"))
    rows = {row[0].text: _columns(row) for row in overview.sepsis.rows}
    assert rows["Ward One"]["Flags"] == "3" and rows["Ward Two"]["Flags"] == "0"
    assert rows["All wards"]["Screens"] == "3"
    href = overview.sepsis.rows[0][3].href  # Ward One's "not screened in time"
    assert parse_qs(urlsplit(href).query)["show"] == ["unscreened"]


def test_the_overview_page_and_its_csv_show_the_table(manager_client, three_flags):
    page = manager_client.get(reverse("checklists:dashboard-overview"), _query(three_flags))
    assert b"Signs of infection and sepsis screens by ward" in page.content
    answer = manager_client.get(
        reverse("checklists:dashboard-overview-csv"), _query(three_flags, table="sepsis")
    )
    lines = answer.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Ward,Flags,Screened in time %")
    assert lines[1].startswith("Ward One,3,33.3,2,")


def test_the_pdfs_give_the_figures_by_kind_and_by_ward(ward, other_ward, auditor, three_flags):
    ward_pdf = full_text(
        services.issue_report(ReportSpec.for_wards([ward], three_flags), by=auditor)[1]
    )
    assert "Signs of infection by entry point" in ward_pdf
    spec = ReportSpec.for_wards([ward, other_ward], three_flags)
    hospital = full_text(services.issue_report(spec, by=auditor)[1])
    assert "Signs of infection and sepsis screens by ward" in hospital
    assert "Ward One 3 33.3 2" in hospital
