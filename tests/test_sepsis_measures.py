"""What the signs of infection led to, counted once for the ward dashboard and the ward
PDF: flags opened and screened within the hour, the median time to the screen, screens
by NEWS2 band, escalations on time, flags still open and closed by removing the device."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checklists import services
from checklists.dashboards.ward import build_ward_dashboard
from checklists.measures import Period
from checklists.measures.sepsis import sepsis_measures, sepsis_measures_by_ward
from checklists.reports.spec import ReportSpec
from checklists.tables.sepsis import escalations_table, sepsis_table, unscreened_table

from .factories import (
    day_back,
    days_ago,
    expected_answers,
    make_check,
    make_entry_point,
    make_patient,
    make_screen,
    observations,
)
from .pdfs import full_text
from .scenes import three_flags_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_flags(ward, nurse):
    return three_flags_scene(ward, nurse)


def test_each_figure_counts_what_its_definition_says(ward, three_flags):
    m = sepsis_measures(ward, three_flags)
    assert m.flags_opened == 3
    assert (m.screened_within_hour, m.screened_within_hour_rate) == (1, round(100 / 3, 1))
    assert m.median_minutes_to_screen == 75  # 30 and 120 minutes; the third never screened
    assert (m.still_open, m.closed_by_removal) == (2, 1)
    assert dict(m.by_band()) == {
        "NEWS2 0": 1,
        "NEWS2 1-4": 0,
        "A single parameter scoring 3": 1,
        "NEWS2 5-6": 1,
        "NEWS2 7 or more": 0,
    }
    assert len(m.escalations_due) == 2
    assert (m.escalations_on_time, m.escalations_on_time_rate) == (1, 50.0)
    assert [f.flag.entry_point.kind for f in m.not_screened_in_time] == ["cvc", "wound"]


def test_a_period_counts_only_the_flags_and_screens_observed_in_it(ward, three_flags):
    m = sepsis_measures(ward, Period(day_back(1), day_back(0)))
    assert m.flags_opened == 2 and len(m.screens) == 2  # A and its screen were the day before


def test_the_tables_show_numerators_and_denominators_and_name_the_exceptions(ward, three_flags):
    m = sepsis_measures(ward, three_flags)
    rows = {row[0].text: (row[1].text, row[2].text) for row in sepsis_table(m).rows}
    assert rows["Flags screened within 60 minutes"] == ("1 of 3", "33.3")
    assert rows["Escalations recorded on time"] == ("1 of 2", "50.0")
    assert rows["Median time from flag to screen (screened flags)"][0] == "75 min"
    unscreened = unscreened_table(m, lambda public_id: f"/checks/{public_id}/")
    assert [row[3].text for row in unscreened.rows] == ["Central line", "Surgical wound"]
    assert unscreened.rows[0][0].href.startswith("/checks/")
    (late,) = escalations_table(m).rows
    assert (late[3].text, late[5].text) == ("6", "not recorded")


def test_the_measures_cost_three_queries_whatever_their_number(ward, nurse, three_flags):
    with CaptureQueriesContext(connection) as few:
        m = sepsis_measures(ward, three_flags)
        escalations_table(m), unscreened_table(m), sepsis_table(m)
    patient = make_patient(ward, admitted_at=days_ago(5, "09:00"))
    for n in range(4):
        line = make_entry_point(patient, "cvc", started_at=days_ago(4, "09:00"))
        make_check(line, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
        make_screen(patient, nurse, observations=observations(respiratory_rate=25 + n))
    with CaptureQueriesContext(connection) as many:
        m = sepsis_measures(ward, three_flags)
        escalations_table(m), unscreened_table(m), sepsis_table(m)
    assert m.flags_opened == 7
    assert len(few) == len(many) == 3


def test_the_ward_dashboard_and_the_ward_pdf_show_the_same_figures(ward, auditor, three_flags):
    dashboard = build_ward_dashboard(ward, three_flags, days_ago(0, "23:00"))
    rows = {row[0].text: row[1].text for row in dashboard.tables["sepsis"].rows}
    assert rows["Flags screened within 60 minutes"] == "1 of 3"
    assert len(dashboard.tables["unscreened"].rows) == 2
    spec = ReportSpec.for_wards([ward], three_flags)
    text = full_text(services.issue_report(spec, by=auditor)[1])
    section = text[text.index("Signs of infection and sepsis screens") :]
    assert "Flags screened within 60 minutes 1 of 3 33.3" in section
    assert "Escalations recorded on time 1 of 2 50.0" in section
    assert "Escalations late or not recorded" in section and "not recorded" in section


def test_several_wards_are_measured_apart_from_the_same_three_queries(
    ward, other_ward, three_flags
):
    with CaptureQueriesContext(connection) as queries:
        by_ward = sepsis_measures_by_ward([ward, other_ward], three_flags)
    assert len(queries) == 3
    assert (by_ward[ward.pk].flags_opened, len(by_ward[ward.pk].screens)) == (3, 3)
    assert (by_ward[other_ward.pk].flags_opened, by_ward[other_ward.pk].screens) == (0, [])


def test_the_hospital_pdf_gives_each_ward_its_figures(ward, other_ward, auditor, three_flags):
    spec = ReportSpec.for_wards([ward, other_ward], three_flags)
    text = full_text(services.issue_report(spec, by=auditor)[1])
    # The all-wards section (its heading and its by-ward table), then each ward's table.
    assert text.count("Signs of infection and sepsis screens") == 4
    assert "Flags screened within 60 minutes 1 of 3 33.3" in text
    assert "Flags screened within 60 minutes 0 of 0" in text
