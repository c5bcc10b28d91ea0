"""A finding (redness, pus, a wound grade) is what the nurse saw, not a step of the
bundle: it never shows as compliant, and is reported as how often it was found."""

from __future__ import annotations

import pytest

from checklists import measures, services
from checklists.dashboards.ward import build_ward_dashboard
from checklists.models import ChecklistTemplate
from checklists.models.templates import ELEMENT, FINDING, SCORE
from checklists.reports.spec import ReportSpec
from checklists.tables.ward import findings_table, items_table

from .factories import expected_answers, make_entry_point
from .pdfs import full_text
from .test_measures import NOW, admit, at, record, week

pytestmark = pytest.mark.django_db

PUS = {"purulent": "yes", "southampton": "4", "erythema": "yes"}


def test_each_item_is_an_element_a_finding_or_a_score():
    wound = {i.code: i.role for i in ChecklistTemplate.objects.current_for("wound").items.all()}
    assert wound["dressing_intact"] == ELEMENT
    assert {wound[c] for c in ("pain", "erythema", "purulent", "southampton")} == {FINDING}
    pressure = ChecklistTemplate.objects.current_for("pressure").items.all()
    roles = {i.code: i.role for i in pressure}
    assert roles["braden_mobility"] == SCORE and roles["infection_signs"] == FINDING
    assert roles["surface"] == ELEMENT


@pytest.fixture
def wound_checks(ward, nurse):
    """Three days of a wound: pus on the first, healing on the other two."""
    patient = admit(ward)
    point = make_entry_point(patient, "wound", started_at=at(-1, "10:00"))
    record(point, nurse, 0, answers=expected_answers("wound") | PUS)
    record(point, nurse, 1)
    record(point, nurse, 2)
    return measures.collect([ward], week(0, 2), NOW)


def test_a_finding_has_a_rate_and_no_compliance(ward, wound_checks):
    items = {i.code: i for i in measures.item_compliance(wound_checks, ward.pk)}
    pus = items["purulent"]
    assert (pus.applicable, pus.found, pus.compliance) == (3, 1, None)
    assert pus.finding_rate == round(100 / 3, 1)
    assert items["southampton"].finding_rate == round(100 / 3, 1)
    assert items["dressing_intact"].compliance == 100.0 and items["dressing_intact"].found == 0


def test_the_per_item_table_lists_elements_only_and_the_findings_table_the_findings(
    ward, wound_checks
):
    items = measures.item_compliance(wound_checks, ward.pk)
    compliance = items_table(items, wound_checks.period, ward, complete=True)
    listed = {row[1].text for row in compliance.rows}
    assert "Dressing intact and dry" in listed and "Purulent drainage (pus)" not in listed
    findings = {row[1].text: row[4].text for row in findings_table(items).rows}
    assert findings["Purulent drainage (pus)"] == "33.3"
    assert "Dressing intact and dry" not in findings


def test_the_ward_dashboard_shows_the_findings(ward, wound_checks):
    dashboard = build_ward_dashboard(ward, wound_checks.period, NOW)
    rows = {row[1].text: row for row in dashboard.tables["findings"].rows}
    assert rows["Purulent drainage (pus)"][3].text == "1"


def test_the_ward_report_prints_the_findings_apart_from_per_item_compliance(
    ward, auditor, wound_checks
):
    content = services.issue_report(ReportSpec.for_wards([ward], wound_checks.period), by=auditor)[
        1
    ]
    text = full_text(content)
    per_item = text.index("Per-item compliance")
    findings = text.index("Findings", per_item)
    assert "Purulent drainage (pus)" not in text[per_item:findings]
    assert "Surgical wound Purulent drainage (pus) 3 1 33.3" in text[findings:]
