"""What the signs of infection led to, counted once for the ward dashboard and the ward
PDF: flags opened and screened within the hour, the median time to the screen, screens
by NEWS2 band, escalations on time, flags still open and closed by removing the device."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

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
    make_escalation,
    make_patient,
    make_screen,
    observations,
)
from .pdfs import full_text

pytestmark = pytest.mark.django_db

NEWS2_6 = {
    "respiratory_rate": 22,
    "spo2": 95,
    "systolic_bp": 105,
    "pulse": 105,
    "temperature": Decimal("38.5"),
}


def _later(moment, minutes: int = 5):
    return moment + timedelta(minutes=minutes)


@pytest.fixture
def three_flags(ward, nurse):
    """A: a PIV flag screened 30 minutes later, then the line removed. B: a central line
    flag screened two hours later (a single 3: escalated within ten minutes). C: a wound
    flag never screened, on a patient whose earlier NEWS2 6 screen was never escalated."""
    patients = [make_patient(ward, admitted_at=days_ago(5, "09:00")) for _ in range(3)]
    kinds = ("piv", "cvc", "wound")
    points = [
        make_entry_point(p, kind, started_at=days_ago(4, "09:00"), created_by=nurse)
        for p, kind in zip(patients, kinds, strict=True)
    ]
    signs = ({"vip_score": "2"}, {"site_signs": "yes"}, {"purulent": "yes", "southampton": "4"})
    opened = (days_ago(2, "10:00"), days_ago(1, "10:00"), days_ago(1, "14:00"))
    for point, sign, at in zip(points, signs, opened, strict=True):
        answers = expected_answers(point.kind) | sign
        make_check(point, nurse, observed_at=at, answers=answers, now=_later(at))
    make_screen(patients[0], nurse, observed_at=days_ago(2, "10:30"), now=days_ago(2, "10:31"))
    services.remove_entry_point(
        nurse=nurse,
        entry_point=points[0],
        at=days_ago(1, "09:00"),
        reason="Signs of infection or phlebitis",
        now=days_ago(1, "09:01"),
    )
    single_3 = make_screen(
        patients[1],
        nurse,
        observed_at=days_ago(1, "12:00"),
        observations=observations(respiratory_rate=25),
        now=days_ago(1, "12:01"),
    )
    make_escalation(single_3, nurse, told_at=days_ago(1, "12:10"), now=days_ago(1, "12:11"))
    make_screen(
        patients[2],
        nurse,
        observed_at=days_ago(1, "13:00"),
        observations=observations(**NEWS2_6),
        now=days_ago(1, "13:01"),
    )
    return Period(day_back(3), day_back(0))


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
    assert text.count("Signs of infection and sepsis screens") == 2
    assert "Flags screened within 60 minutes 1 of 3 33.3" in text
    assert "Flags screened within 60 minutes 0 of 0" in text
