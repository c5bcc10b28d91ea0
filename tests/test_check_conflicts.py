"""Answers that contradict each other (a wound graded Southampton IV with "purulent
drainage: No") are refused, through the form and through the service; "All as expected"
never fills an answer that would contradict one the nurse entered. The rules are the
template's (version 2 of the surgical wound's checklist), not the view's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from checklists import services
from checklists.clinical_defaults import WOUND_CONFLICTS
from checklists.models import Answer, AuditEvent, Check, ChecklistTemplate

from .factories import expected_answers, make_check, make_entry_point, make_patient, row_counts

pytestmark = pytest.mark.django_db

PUS_WITH_NO_PUS = {"southampton": "4", "purulent": "no"}


@pytest.fixture
def wound(ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    return make_entry_point(patient, "wound", started_at=timezone.now() - timedelta(days=2))


def _breaking(rule: dict) -> dict[str, str]:
    """The usual answers, with those that together break `rule`."""
    return expected_answers("wound") | {code: values[0] for code, values in rule["when"].items()}


def _form(answers: dict[str, str], **extra: str) -> dict[str, str]:
    data = {f"item_{code}": value for code, value in answers.items()}
    return data | {"observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")} | extra


def test_the_wounds_current_checklist_holds_the_rules_and_the_usual_answers_break_none():
    template = ChecklistTemplate.objects.current_for("wound")
    assert template.version == 2 and template.conflicts == WOUND_CONFLICTS
    assert template.conflicts_in(expected_answers("wound")) == []
    assert ChecklistTemplate.objects.get(kind="wound", version=1).conflicts == []


@pytest.mark.parametrize("rule", WOUND_CONFLICTS, ids=lambda r: "+".join(r["when"]))
def test_the_service_refuses_each_contradiction_and_saves_nothing(nurse, wound, rule):
    before = row_counts(Check, Answer, AuditEvent)
    with pytest.raises(ValidationError) as refused:
        services.record_check(
            nurse=nurse, entry_point=wound, observed_at=timezone.now(), answers=_breaking(rule)
        )
    assert refused.value.messages == [rule["message"]]
    assert row_counts(Check, Answer, AuditEvent) == before


@pytest.mark.parametrize("rule", WOUND_CONFLICTS, ids=lambda r: "+".join(r["when"]))
def test_the_form_shows_each_contradiction_by_both_answers(nurse_client, wound, rule):
    before = row_counts(Check, Answer)
    response = nurse_client.post(f"/entry-points/{wound.public_id}/check/", _form(_breaking(rule)))
    assert response.status_code == 200
    form = response.context["form"]
    for code in rule["when"]:
        assert form.errors[f"item_{code}"] == [rule["message"]]
    assert row_counts(Check, Answer) == before


def test_a_correction_that_contradicts_itself_is_refused(nurse, wound):
    check = make_check(wound, nurse)
    with pytest.raises(ValidationError, match="purulent drainage cannot be No"):
        services.correct_check(
            nurse=nurse,
            original=check,
            answers=expected_answers("wound") | PUS_WITH_NO_PUS,
            reason="Regraded",
        )
    assert not Check.objects.filter(corrects=check).exists()


def test_all_as_expected_leaves_pus_for_the_nurse_when_she_graded_the_wound_iv(nurse_client, wound):
    url = f"/entry-points/{wound.public_id}/check/"
    # She grades the wound IV and presses All as expected with the rest blank.
    response = nurse_client.post(url, _form({"southampton": "4"}, all_expected="1"))
    assert response.status_code == 200 and not Check.objects.exists()
    (message,) = response.context["form"].errors["item_purulent"]
    assert message.startswith("Not filled in by All as expected: Southampton grade IV")
    assert "item_southampton" not in response.context["form"].errors
    # She answers it herself: saved, with the sign of infection the pus is.
    response = nurse_client.post(
        url, _form({"southampton": "4", "purulent": "yes"}, all_expected="1")
    )
    assert response.status_code == 302
    check = Check.objects.get()
    assert check.infection_sign
    assert check.answers.get(item__code="purulent").value == "yes"
    assert check.answers.get(item__code="erythema").value == "no"  # filled: no rule against it


def test_a_v1_wound_check_stays_as_it_was_recorded(nurse, wound):
    """Checks made before version 2 keep their version and are not judged again."""
    v1 = ChecklistTemplate.objects.get(kind="wound", version=1)
    items = list(v1.items.all())
    check = services.record_check(
        nurse=nurse,
        entry_point=wound,
        observed_at=timezone.now(),
        answers=expected_answers("wound"),
        template=v1,
    )
    assert check.template == v1 and len(items) == check.answers.count()
