"""services.record_check: a nurse's daily check of one entry point."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from checklists import services
from checklists.models import Answer, AuditEvent, Check, ChecklistItem, ChecklistTemplate, Stay

from .factories import (
    days_ago,
    expected_answers,
    local_time,
    make_check,
    make_entry_point,
    row_counts,
)

pytestmark = pytest.mark.django_db


def record(entry_point, nurse, **kw):
    kw.setdefault("observed_at", days_ago(1, "11:00"))
    if "answers" not in kw:
        kw["answers"] = expected_answers(entry_point.kind)
    return services.record_check(nurse=nurse, entry_point=entry_point, **kw)


def assert_refused(call, message, error=ValidationError):
    """The write is refused with `message`, and no check, answer or audit event is saved."""
    before = row_counts(Check, Answer, AuditEvent)
    with pytest.raises(error) as excinfo:
        call()
    shown = excinfo.value.messages if error is ValidationError else [str(excinfo.value)]
    assert any(message in text for text in shown), shown
    assert row_counts(Check, Answer, AuditEvent) == before


# --- Happy path -------------------------------------------------------------------------


def test_it_records_a_compliant_check_with_one_answer_per_item(piv, nurse, ward):
    check = record(piv, nurse)

    template = ChecklistTemplate.objects.get(kind="piv", version=1)
    assert check.template == template
    assert check.ward == ward
    assert check.recorded_by == nurse
    assert check.is_compliant is True
    assert check.infection_sign is False
    assert check.corrects is None
    answers = {a.item.code: a for a in check.answers.select_related("item")}
    assert set(answers) == set(template.items.values_list("code", flat=True))
    assert all(a.is_applicable and a.is_compliant for a in answers.values())
    assert answers["vip_score"].value == "0"


def test_it_answers_the_newest_version_of_the_template(piv, nurse):
    v2 = ChecklistTemplate.objects.create(kind="piv", version=2, title="PIV check v2")
    ChecklistItem.objects.create(
        template=v2,
        code="still_needed",
        position=1,
        text="Still needed",
        answer_type="yes_no",
        compliant_values=["yes"],
        expected_value="yes",
    )

    check = record(piv, nurse, answers={"still_needed": "no"})

    assert check.template == v2
    assert check.is_compliant is False
    assert check.answers.get().item.template == v2


def test_it_keeps_item_compliance_and_fails_the_whole_check_on_one_miss(piv, nurse):
    answers = expected_answers("piv") | {"dressing_intact": "no"}

    check = record(piv, nurse, answers=answers)

    assert check.is_compliant is False
    by_code = {a.item.code: a.is_compliant for a in check.answers.select_related("item")}
    assert by_code.pop("dressing_intact") is False
    assert all(by_code.values())


def test_it_leaves_not_applicable_items_out_of_compliance(piv, nurse):
    check = record(piv, nurse, answers=expected_answers("piv") | {"hub_scrubbed": "na"})

    hub = check.answers.get(item__code="hub_scrubbed")
    assert hub.value == "na"
    assert hub.is_applicable is False
    assert hub.is_compliant is None
    assert check.is_compliant is True


@pytest.mark.parametrize(("vip", "sign", "compliant"), [("1", False, True), ("2", True, False)])
def test_it_flags_signs_of_infection_from_a_vip_score_of_two(piv, nurse, vip, sign, compliant):
    check = record(piv, nurse, answers=expected_answers("piv") | {"vip_score": vip})

    assert check.infection_sign is sign
    assert check.is_compliant is compliant
    assert check.answers.get(item__code="vip_score").infection_sign is sign


def test_it_flags_pus_in_a_wound_without_calling_the_check_non_compliant(patient, nurse):
    wound = make_entry_point(patient, "wound", body_site="Abdomen")

    pus = {"purulent": "yes", "southampton": "4"}  # pus is grade IV
    check = record(wound, nurse, answers=expected_answers("wound") | pus)

    assert check.infection_sign is True
    # A finding is an observation, not a care failure: the bundle was still done.
    assert check.is_compliant is True
    assert check.answers.get(item__code="purulent").infection_sign is True


def test_it_keeps_both_the_observation_and_the_recording_time(piv, nurse):
    observed, now = days_ago(1, "11:00"), days_ago(1, "15:30")

    check = record(piv, nurse, observed_at=observed, now=now)

    check.refresh_from_db()
    assert check.observed_at == observed
    assert check.recorded_at == now
    assert check.clinical_date == timezone.localdate(observed)
    assert check.is_late is False


def test_it_flags_a_check_recorded_after_its_day_as_late(piv, nurse):
    yesterday = timezone.localdate() - timedelta(days=1)

    check = record(piv, nurse, observed_at=local_time(yesterday, "11:00"), now=days_ago(0, "00:00"))

    assert check.clinical_date == yesterday
    assert check.is_late is True


def test_it_does_not_flag_a_check_recorded_before_midnight(piv, nurse):
    check = record(piv, nurse, observed_at=days_ago(1, "11:00"), now=days_ago(1, "23:59"))

    assert check.is_late is False


def test_it_stores_numbers_in_a_plain_form(patient, nurse):
    tube = make_entry_point(patient, "airway", body_site="Oral")

    check = record(tube, nurse, answers=expected_answers("airway") | {"cuff_pressure": " 25.0 "})

    assert check.answers.get(item__code="cuff_pressure").value == "25"


def test_it_tolerates_a_clock_a_few_minutes_fast(piv, nurse):
    now = days_ago(1, "12:00")

    check = record(piv, nurse, observed_at=now + timedelta(minutes=3), now=now)

    assert check.pk is not None


def test_it_writes_one_audit_event(piv, nurse):
    check = record(piv, nurse)

    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (nurse, "check.recorded")
    assert event.object_id == str(check.public_id)
    assert event.data["date"] == check.clinical_date.isoformat()


# --- Refusals: each says why, and saves nothing ------------------------------------------


def test_it_refuses_an_observation_in_the_future(piv, nurse):
    now = days_ago(1, "12:00")

    assert_refused(
        lambda: record(piv, nurse, observed_at=now + timedelta(hours=1), now=now),
        "The observation time cannot be in the future",
    )


def test_it_refuses_a_check_before_the_insertion(piv, nurse):
    assert_refused(
        lambda: record(piv, nurse, observed_at=piv.started_at - timedelta(minutes=10)),
        "The check cannot be before the insertion",
    )


def test_it_refuses_a_check_after_the_removal(piv, nurse):
    services.remove_entry_point(
        nurse=nurse, entry_point=piv, at=days_ago(2, "09:00"), reason="Re-sited"
    )

    assert_refused(
        lambda: record(piv, nurse, observed_at=days_ago(1, "11:00")),
        "The check cannot be after the removal",
    )


def test_it_refuses_a_second_check_on_the_same_day(piv, nurse):
    first = record(piv, nurse, observed_at=days_ago(1, "08:00"))

    assert_refused(
        lambda: record(piv, nurse, observed_at=days_ago(1, "20:00")),
        "This day's check was already recorded",
    )
    assert Check.objects.get() == first


def test_it_refuses_a_double_submit_of_the_same_form(piv, nurse):
    record(piv, nurse)

    assert_refused(lambda: record(piv, nurse), "make a correction")


def test_it_allows_the_next_days_check(piv, nurse):
    record(piv, nurse, observed_at=days_ago(2, "11:00"))
    record(piv, nurse, observed_at=days_ago(1, "11:00"))

    assert Check.objects.filter(entry_point=piv).count() == 2


@pytest.mark.parametrize(
    ("kind", "code", "value", "message"),
    [
        ("piv", "vip_score", "6", "VIP score: 6 is outside the range 0 to 5."),
        ("piv", "vip_score", "-1", "VIP score: -1 is outside the range 0 to 5."),
        ("piv", "vip_score", "2.5", "VIP score: enter a whole number."),
        ("airway", "cuff_pressure", "500", "Cuff pressure: 500 is outside the range 0 to 120"),
        ("airway", "cuff_pressure", "twenty", "Cuff pressure: enter a number such as 24 or 24.5."),
        ("airway", "cuff_pressure", "NaN", "Cuff pressure: enter a number such as 24 or 24.5."),
        ("piv", "dressing_intact", "maybe", "choose one of the answers offered"),
        ("piv", "dressing_intact", "na", "choose one of the answers offered"),
        ("iuc", "indication", "X", "choose one of the answers offered"),
    ],
)
def test_it_refuses_an_answer_the_item_cannot_take(patient, nurse, kind, code, value, message):
    point = make_entry_point(patient, kind)

    assert_refused(
        lambda: record(point, nurse, answers=expected_answers(kind) | {code: value}), message
    )


@pytest.mark.parametrize("blank", ["", "   "])
def test_it_refuses_a_missing_answer(piv, nurse, blank):
    answers = expected_answers("piv") | {"vip_score": blank}

    assert_refused(lambda: record(piv, nurse, answers=answers), "Missing: VIP score.")


def test_it_refuses_an_answer_left_out_altogether(piv, nurse):
    answers = expected_answers("piv")
    del answers["dressing_intact"]

    assert_refused(
        lambda: record(piv, nurse, answers=answers), "Missing: Dressing clean, dry and intact."
    )


def test_it_refuses_unknown_items(piv, nurse):
    answers = expected_answers("piv") | {"smells_fine": "yes"}

    assert_refused(
        lambda: record(piv, nurse, answers=answers), "Unknown checklist items: smells_fine."
    )


def test_it_refuses_a_note_over_1000_characters(piv, nurse):
    assert_refused(
        lambda: record(piv, nurse, note="x" * 1001), "Keep the note under 1000 characters."
    )


def test_it_accepts_a_note_of_exactly_1000_characters(piv, nurse):
    check = record(piv, nurse, note="x" * 1000)

    assert len(check.note) == 1000


def test_it_refuses_a_check_on_a_discharged_patient(piv, patient, nurse):
    Stay.objects.filter(patient=patient).update(ended_at=timezone.now())

    assert_refused(lambda: record(piv, nurse), "This patient has been discharged")


def test_it_refuses_an_observation_from_before_the_patient_arrived(patient, nurse):
    # A line put in elsewhere (e.g. the emergency department) before admission here.
    line = make_entry_point(patient, "cvc", started_at=days_ago(12, "09:00"))

    assert_refused(
        lambda: record(line, nurse, observed_at=days_ago(11, "11:00")),
        "The patient was not on a ward at the observation time.",
    )


def test_it_refuses_a_nurse_from_another_ward(piv, other_nurse):
    assert_refused(
        lambda: record(piv, other_nurse),
        "You can only record for patients on your own wards.",
        error=PermissionDenied,
    )


@pytest.mark.parametrize("persona", ["manager", "auditor", "admin_user"])
def test_it_refuses_anyone_but_a_nurse(request, piv, persona):
    user = request.getfixturevalue(persona)

    assert_refused(lambda: record(piv, user), "Only ward nurses record", error=PermissionDenied)


def test_it_has_the_database_refuse_a_second_original_check(piv, nurse):
    first = make_check(piv, nurse)
    twin = Check(
        entry_point=piv,
        ward=first.ward,
        template=first.template,
        clinical_date=first.clinical_date,
        observed_at=first.observed_at,
        recorded_at=first.recorded_at,
        recorded_by=nurse,
        is_compliant=True,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Check.objects.count() == 1
