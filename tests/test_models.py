"""Model rules: the shipped templates, answer evaluation and who sees which patients."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.clinical_defaults import REVISIONS
from checklists.models import ChecklistItem, ChecklistTemplate, Patient, Role, Stay

from .factories import make_patient, make_user

pytestmark = pytest.mark.django_db

KINDS = ["piv", "cvc", "iuc", "wound", "pressure", "airway"]


def item(kind, code):
    return ChecklistItem.objects.get(template__kind=kind, template__version=1, code=code)


# --- Shipped templates ------------------------------------------------------------------


def test_it_ships_version_1_of_a_template_for_every_kind_and_the_revisions():
    shipped = set(ChecklistTemplate.objects.values_list("kind", "version"))

    revised = {(r["kind"], r["version"]) for r in REVISIONS}
    assert revised == {("wound", 2), ("pressure", 2)}
    assert shipped == {(kind, 1) for kind in KINDS} | revised


CURRENT_VERSIONS = {(kind, 1) for kind in KINDS} | {(r["kind"], r["version"]) for r in REVISIONS}


@pytest.mark.parametrize("kind", KINDS)
def test_it_gives_every_template_items_in_order(kind):
    template = ChecklistTemplate.objects.current_for(kind)
    positions = list(template.items.values_list("position", flat=True))

    assert template.version == max(v for k, v in CURRENT_VERSIONS if k == kind)
    assert positions == list(range(1, len(positions) + 1))
    assert len(positions) >= 6


def test_it_picks_the_newest_version_with_items_as_current():
    newer = ChecklistTemplate.objects.create(kind="piv", version=2, title="PIV v2")
    ChecklistTemplate.objects.create(kind="piv", version=3, title="Draft, no items yet")
    newer.items.create(code="still_needed", position=1, text="Still needed", answer_type="yes_no")

    assert ChecklistTemplate.objects.current_for("piv") == newer


# --- Evaluating answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("vip", "compliant", "sign"),
    [("0", True, False), ("1", True, False), ("2", False, True), ("5", False, True)],
)
def test_it_scores_vip_compliant_up_to_1_and_an_alert_from_2(vip, compliant, sign):
    result = item("piv", "vip_score").evaluate(vip)

    assert (result.applicable, result.compliant, result.infection_sign) == (True, compliant, sign)


@pytest.mark.parametrize(
    ("pressure", "compliant"),
    [("19", False), ("20", True), ("25", True), ("30", True), ("30.5", False), ("45", False)],
)
def test_it_takes_a_cuff_pressure_of_20_to_30_as_compliant(pressure, compliant):
    result = item("airway", "cuff_pressure").evaluate(pressure)

    assert result.applicable and result.compliant is compliant
    assert result.infection_sign is False


@pytest.mark.parametrize("value", ["121", "-1", "abc", "", "Infinity"])
def test_it_rejects_a_number_it_cannot_take(value):
    with pytest.raises(ValueError, match="Cuff pressure"):
        item("airway", "cuff_pressure").evaluate(value)


def test_it_treats_not_applicable_as_outside_compliance():
    result = item("piv", "hub_scrubbed").evaluate("na")

    assert (result.applicable, result.compliant, result.infection_sign) == (False, None, False)


def test_it_refuses_not_applicable_where_the_item_always_applies():
    with pytest.raises(ValueError, match="choose one of the answers offered"):
        item("piv", "dressing_intact").evaluate("na")


@pytest.mark.parametrize(("value", "compliant"), [("I", True), ("M", True), ("none", False)])
def test_it_needs_a_houdini_indication_for_a_urinary_catheter(value, compliant):
    assert item("iuc", "indication").evaluate(value).compliant is compliant


@pytest.mark.parametrize("value", ["yes", "no"])
def test_it_counts_a_finding_as_compliant_either_way(value):
    result = item("wound", "erythema").evaluate(value)

    assert result.applicable and result.compliant is True
    assert result.infection_sign is False


def test_it_marks_pus_as_a_sign_of_infection():
    assert item("wound", "purulent").evaluate("yes").infection_sign is True
    assert item("wound", "purulent").evaluate("no").infection_sign is False


def test_it_takes_any_braden_subscale_score_in_range_as_compliant():
    sensory = item("pressure", "braden_sensory")

    assert sensory.evaluate("1").compliant is True
    assert sensory.evaluate("4").compliant is True
    with pytest.raises(ValueError, match="outside the range 1 to 4"):
        sensory.evaluate("5")


# --- Who sees which patients ------------------------------------------------------------


@pytest.fixture
def patients(ward, other_ward, settings):
    """One patient in each situation a nurse on `ward` can meet."""
    settings.RECENT_STAY_DAYS = 7
    now = timezone.now()

    def left(ward, days_ago):
        patient = make_patient(ward=ward, admitted_at=now - timedelta(days=days_ago + 5))
        Stay.objects.filter(patient=patient).update(
            ended_at=now - timedelta(days=days_ago), end_reason=Stay.EndReason.DISCHARGE
        )
        return patient

    moved = make_patient(ward=ward, admitted_at=now - timedelta(days=5))
    Stay.objects.filter(patient=moved).update(
        ended_at=now - timedelta(days=1), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(patient=moved, ward=other_ward, started_at=now - timedelta(days=1))
    return {
        "on_ward": make_patient(ward=ward),
        "left_recently": left(ward, 6),
        "left_long_ago": left(ward, 8),
        "on_other_ward": make_patient(ward=other_ward),
        "left_other_ward": left(other_ward, 1),
        "moved_to_other_ward": moved,
        "never_admitted": make_patient(),
    }


def visible(user, patients):
    shown = set(Patient.objects.visible_to(user))
    return {name for name, patient in patients.items() if patient in shown}


def test_it_shows_a_nurse_her_wards_current_and_recent_patients(nurse, patients):
    # A patient now on another ward belongs to that ward alone.
    assert visible(nurse, patients) == {"on_ward", "left_recently"}


def test_it_shows_the_other_ward_only_its_own_patients(other_nurse, patients):
    assert visible(other_nurse, patients) == {
        "on_other_ward",
        "left_other_ward",
        "moved_to_other_ward",
    }


def test_it_shows_a_manager_the_patients_of_his_wards(manager, patients):
    assert visible(manager, patients) == {"on_ward", "left_recently"}


@pytest.mark.parametrize("persona", ["auditor", "admin_user"])
def test_it_shows_auditors_and_admins_every_patient(request, persona, patients):
    assert visible(request.getfixturevalue(persona), patients) == set(patients)


def test_it_shows_each_visible_patient_once(nurse, ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    # Earlier stays on the same ward must not duplicate the row.
    Stay.objects.create(
        patient=patient,
        ward=ward,
        started_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now() - timedelta(days=20),
    )

    assert list(Patient.objects.visible_to(nurse)) == [patient]


def test_it_shows_a_nurse_without_wards_nobody(patients):
    assert visible(make_user(Role.NURSE), patients) == set()


def test_a_number_with_only_a_lower_bound_says_so():
    from decimal import Decimal

    from checklists.models import ChecklistItem

    item = ChecklistItem(text="Urine output", answer_type="number", min_value=Decimal("0"))
    with pytest.raises(ValueError, match="Urine output: -5 is below the lowest possible value, 0"):
        item.parse_number("-5")
    assert item.parse_number("12.5") == Decimal("12.5")
