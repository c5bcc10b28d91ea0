"""services.correct_check: a correction is a new record; the original stays as it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from checklists import services
from checklists.models import Answer, AuditEvent, Check, ChecklistItem, ChecklistTemplate

from .factories import (
    days_ago,
    expected_answers,
    make_check,
    make_entry_point,
    make_patient,
    row_counts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(ward, nurse):
    patient = make_patient(ward=ward)
    piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"))
    return make_check(piv, nurse, observed_at=days_ago(1, "11:00"), now=days_ago(1, "11:05"))


def correct(original, nurse, **kw):
    if "answers" not in kw:
        kw["answers"] = expected_answers("piv") | {"dressing_intact": "no"}
    kw.setdefault("reason", "Dressing was lifting; ticked the wrong box")
    return services.correct_check(nurse=nurse, original=original, **kw)


def answer_values(check):
    return dict(check.answers.values_list("item__code", "value"))


def test_it_saves_a_correction_as_a_new_linked_record(original, nurse):
    now = days_ago(0, "09:00")

    correction = correct(original, nurse, now=now, note="Re-dressed at 09:00")

    assert correction.pk != original.pk
    assert correction.corrects == original
    assert correction.recorded_by == nurse
    assert correction.recorded_at == now
    assert correction.correction_reason == "Dressing was lifting; ticked the wrong box"
    assert correction.is_correction
    # The same clinical facts as the original, answered again.
    assert correction.entry_point == original.entry_point
    assert correction.clinical_date == original.clinical_date
    assert correction.observed_at == original.observed_at
    assert correction.template == original.template
    assert correction.ward == original.ward
    assert correction.is_compliant is False
    assert answer_values(correction)["dressing_intact"] == "no"


def test_it_leaves_the_original_and_its_answers_untouched(original, nurse):
    before = answer_values(original)
    original_row = Check.objects.filter(pk=original.pk).values().get()

    correct(original, nurse)

    assert answer_values(original) == before
    assert Check.objects.filter(pk=original.pk).values().get() == original_row


def test_it_counts_only_the_latest_version_as_current(original, nurse):
    first = correct(original, nurse)
    second = correct(first, nurse, answers=expected_answers("piv"), reason="Checked again")

    assert list(Check.objects.current()) == [second]
    assert Check.objects.count() == 3
    assert second.corrects == first and first.corrects == original


def test_it_refuses_to_correct_a_check_that_was_already_corrected(original, nurse):
    correct(original, nurse)
    before = row_counts(Check, Answer, AuditEvent)

    with pytest.raises(ValidationError) as excinfo:
        correct(original, nurse, reason="A second go at the same original")

    assert "already been corrected" in excinfo.value.messages[0]
    assert row_counts(Check, Answer, AuditEvent) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason(original, nurse, reason):
    before = row_counts(Check, Answer, AuditEvent)

    with pytest.raises(ValidationError) as excinfo:
        correct(original, nurse, reason=reason)

    assert excinfo.value.messages == ["Say why you are correcting this check."]
    assert row_counts(Check, Answer, AuditEvent) == before


def test_it_refuses_a_reason_over_500_characters(original, nurse):
    with pytest.raises(ValidationError, match="under 500 characters"):
        correct(original, nurse, reason="r" * 501)

    assert Check.objects.count() == 1


def test_it_validates_the_corrected_answers(original, nurse):
    before = row_counts(Check, Answer, AuditEvent)

    with pytest.raises(ValidationError) as excinfo:
        correct(original, nurse, answers=expected_answers("piv") | {"vip_score": "9"})

    assert "VIP score: 9 is outside the range 0 to 5." in excinfo.value.messages
    assert row_counts(Check, Answer, AuditEvent) == before


def test_it_refuses_a_nurse_from_another_ward(original, other_nurse):
    before = row_counts(Check, Answer, AuditEvent)

    with pytest.raises(PermissionDenied):
        correct(original, other_nurse)

    assert row_counts(Check, Answer, AuditEvent) == before


@pytest.mark.parametrize("persona", ["manager", "auditor"])
def test_it_refuses_anyone_but_a_nurse(request, original, persona):
    with pytest.raises(PermissionDenied):
        correct(original, request.getfixturevalue(persona))

    assert Check.objects.count() == 1


def test_it_lets_the_original_ward_correct_after_a_transfer(original, nurse, other_ward):
    services.transfer_patient(
        nurse=nurse,
        patient=original.entry_point.patient,
        to_ward=other_ward,
        at=days_ago(1, "12:00"),
    )

    correction = correct(original, nurse)

    assert correction.ward == original.ward


def test_it_corrects_against_the_template_version_the_original_answered(original, nurse):
    v1 = original.template
    v2 = ChecklistTemplate.objects.create(kind="piv", version=2, title="PIV check v2")
    for item in v1.items.all():
        item.pk, item.template = None, v2
        item.save()
    ChecklistItem.objects.create(
        template=v2, code="still_in_date", position=99, text="Within 96 h", answer_type="yes_no"
    )

    # Answers to v1's items only: v2's new item is not asked of an old check.
    correction = correct(original, nurse, answers=answer_values(original) | {"vip_score": "1"})

    assert correction.template == v1
    assert set(answer_values(correction)) == set(answer_values(original))
