"""Infection rates next to their bundle's compliance: infections counted by the NHSN rules
over the very device days the compliance figures count, the same to the digit on the
ward dashboard, its CSV, the overview's CSV and the ward's PDF report, with the rate on
few days marked and every count linked to the events behind it for those who may read
them."""

from __future__ import annotations

import pytest

from checklists import services
from checklists.measures import Period
from checklists.measures.rates import (
    SMALL_DENOMINATOR_DAYS,
    Rate,
    rate_per_1000,
)
from checklists.models import Role
from checklists.reports.spec import ReportSpec
from checklists.services import EventDetails, Review

from .factories import (
    day_back,
    local_time,
    make_entry_point,
    make_patient,
    make_user,
    record_on,
)
from .pages import csv_rows, page_table, period_query
from .pdfs import full_text, row_text

pytestmark = pytest.mark.django_db

PERIOD = Period(day_back(20), day_back(2))


def test_a_rate_is_infections_per_1000_days_to_two_places():
    assert rate_per_1000(1, 17) == 58.82
    assert rate_per_1000(3, 2000) == 1.5
    assert rate_per_1000(0, 400) == 0.0
    assert rate_per_1000(1, 0) is None


def test_a_rate_on_few_days_is_marked_and_one_on_enough_is_not():
    assert Rate(1, SMALL_DENOMINATOR_DAYS - 1).small_denominator
    assert not Rate(1, SMALL_DENOMINATOR_DAYS).small_denominator
    assert not Rate(0, 0).small_denominator  # nothing at risk: no rate at all


def _event(lead, patient, kind: str, back: int) -> object:
    details = EventDetails(
        infection_type=kind,
        first_positive_on=day_back(back),
        date_of_event=day_back(back),
        evidence="Positive culture",
    )
    return services.record_infection(lead=lead, patient=patient, details=details)


@pytest.fixture
def scene(ward, nurse):
    """Ward One. Ada: admitted 20 days ago, a central line from 18 days ago (before the
    06:00 count time, so 17 line days in the period, to 2 days ago), checked every day but
    two; a CLABSI dated 6 days ago (hospital day 15, line day 13: counted) and another 4
    days ago (inside the first one's 14 days: a repeat, not counted). Bea: admitted 3
    days ago with a CLABSI that day (present on admission: not counted). Cy: a CAUTI
    ruled out after review (not counted)."""
    lead = make_user(Role.MANAGER, wards=[], username="ipc", hospital_wide=True)
    ada = make_patient(ward, admitted_at=local_time(day_back(20), "09:00"), full_name="Ada")
    line = make_entry_point(ada, "cvc", started_at=local_time(day_back(18), "05:00"))
    for back in range(18, 1, -1):
        if back not in (12, 7):
            record_on(line, nurse, day_back(back))
    counted = _event(lead, ada, "clabsi", 6)
    _event(lead, ada, "clabsi", 4)
    bea = make_patient(ward, admitted_at=local_time(day_back(3), "09:00"), full_name="Bea")
    _event(lead, bea, "clabsi", 3)
    cy = make_patient(ward, admitted_at=local_time(day_back(15), "09:00"), full_name="Cy")
    make_entry_point(cy, "iuc", started_at=local_time(day_back(14), "05:00"))
    cauti = _event(lead, cy, "cauti", 5)
    services.correct_infection(
        lead=lead,
        original=cauti,
        details=EventDetails("cauti", day_back(5), day_back(5), "Culture was contaminated"),
        review=Review(reason="Reviewed with microbiology", decision="ruled_out"),
    )
    return counted


def _outcome_row(rows: list[list[str]], kind: str) -> list[str]:
    (row,) = [r for r in rows if r[0] == kind]
    return row


def test_the_clabsi_rate_counts_one_infection_over_the_line_days_the_bundle_counts(
    scene, ward, auditor_client
):
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    by_kind = {r[0]: r for r in page_table(page, "by_kind")["rows"]}
    columns = page_table(page, "by_kind")["columns"]
    line_days = by_kind["Central line"][columns.index("Device days")]
    assert line_days == "17"  # hand-counted in the scene
    outcomes = page_table(page, "outcomes")
    clabsi = _outcome_row(outcomes["rows"], "CLABSI")
    assert outcomes["columns"][:5] == [
        "Infection",
        "Infections",
        "Days at risk",
        "Days of",
        "Rate per 1,000",
    ]
    # 1 counted of the four: 1000 x 1 / 17 = 58.82, on fewer than 100 days: marked.
    assert clabsi[1:5] == ["1", "17", "central-line days", "58.82"]
    assert "read with care" in clabsi[-1]
    # The bundle's compliance beside it: 15 of 17 line days checked, all as expected.
    assert clabsi[5:7] == ["Central-line bundle", "88.2"]
    assert by_kind["Central line"][columns.index("Compliance %")] == "88.2"
    # No ventilator, no SSI and no check of either on the ward: no row for them.
    assert [r[0] for r in outcomes["rows"]] == ["CLABSI", "CAUTI", "Pressure injury"]
    # The ruled-out CAUTI is not counted, over Cy's 13 catheter days of the period.
    assert _outcome_row(outcomes["rows"], "CAUTI")[1:5] == [
        "0",
        "13",
        "urinary-catheter days",
        "0.00",
    ]


def test_the_dashboard_csv_the_overview_csv_and_the_ward_pdf_agree_to_the_digit(
    scene, ward, auditor, auditor_client
):
    query = period_query()
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{query}")
    on_page = page_table(page, "outcomes")["rows"]
    ward_csv = csv_rows(auditor_client.get(f"/wards/{ward.code}/dashboard/outcomes.csv?{query}"))
    overview_csv = csv_rows(
        auditor_client.get(f"/dashboard/overview.csv?{query}&table=outcomes_by_ward")
    )
    assert ward_csv[1:] == on_page
    overview_rows = [r[1:] for r in overview_csv[1:] if r[0] == ward.name]
    assert overview_rows == on_page
    pdf_text = full_text(services.issue_report(ReportSpec.for_wards([ward], PERIOD), by=auditor)[1])
    for row in on_page:
        assert row_text(row) in pdf_text, row
    assert "Monthly denominators (NHSN form 57.118)" in pdf_text


def test_the_months_add_up_to_the_period(scene, ward, auditor_client):
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    monthly = page_table(page, "outcome_clabsi")
    assert monthly["columns"][3:6] == ["Infections", "Central-line days", "Rate per 1,000"]
    assert len(monthly["rows"]) == 12
    assert sum(int(r[3]) for r in monthly["rows"]) == 1
    # The line's 17 days all fall in the months shown; the last month stops at the end
    # of the period, so no day after it is counted.
    assert sum(int(r[4]) for r in monthly["rows"]) == 17
    (dated,) = [r for r in monthly["rows"] if r[3] == "1"]
    assert dated[0].startswith(f"{day_back(6):%B %Y}")
    # A ward with no ventilator shows no VAE table.
    assert "outcome_vae" not in page.content.decode()


def test_the_chart_draws_both_series_and_says_them_in_words(scene, ward, auditor_client):
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    html = page.content.decode()
    (dated,) = [r for r in page_table(page, "outcome_clabsi")["rows"] if r[3] == "1"]
    assert 'id="chart-outcome_clabsi-title"' in html
    assert "CLABSI rate and central-line bundle compliance" in html
    assert 'class="rate-bar small"' in html  # on fewer than 100 line days
    # Its text alternative: 1 infection in the 17 line days of the 12 months shown.
    assert "1 infection in 17 days at risk" in html
    assert f"highest rate {dated[5]} per 1,000 ({day_back(6):%b %Y})" in html


def test_an_infection_count_leads_to_the_events_it_counts(scene, ward, auditor_client):
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    html = page.content.decode()
    marker = f"/infections/?ward={ward.code}&amp;infection_type=clabsi"
    start = html.index(marker)
    href = html[start : html.index('"', start)].replace("&amp;", "&")
    listed = auditor_client.get(href).content.decode()
    assert listed.count("data-event=") == 1
    assert f'data-event="{scene.event_id}"' in listed


def test_a_nurse_sees_the_rates_of_her_ward_but_no_link_to_the_events(scene, ward, nurse_client):
    page = nurse_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    clabsi = _outcome_row(page_table(page, "outcomes")["rows"], "CLABSI")
    assert clabsi[1:5] == ["1", "17", "central-line days", "58.82"]
    assert "/infections/?" not in page.content.decode()
    assert nurse_client.get("/infections/?ward=W1").status_code == 403


def test_the_overview_shows_each_wards_rates_and_the_hospitals_months(scene, ward, auditor_client):
    page = auditor_client.get(f"/dashboard/?{period_query()}")
    rows = page_table(page, "outcomes_by_ward")["rows"]
    everyone = [r for r in rows if r[0] == "All wards" and r[1] == "CLABSI"]
    assert everyone[0][2:6] == ["1", "17", "central-line days", "58.82"]
    assert "outcome_clabsi" in page.content.decode()


def test_a_bundles_compliance_leads_to_its_checks_that_were_not_compliant(
    scene, ward, auditor_client
):
    html = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}").content.decode()
    outcomes = html[html.index('id="table-outcomes"') :]
    outcomes = outcomes[: outcomes.index("</section>")]
    marker = "/dashboard/checks/?"
    start = outcomes.index(marker)
    href = outcomes[start : outcomes.index('"', start)].replace("&amp;", "&")
    assert "kind=cvc" in href and "show=not_compliant" in href
    listed = auditor_client.get(href)
    assert listed.status_code == 200
    # The line's two missed days are the central-line bundle's not-compliant checks.
    assert listed.content.decode().count("Missed") >= 2
