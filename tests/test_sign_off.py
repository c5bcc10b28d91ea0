"""A manager's monthly sign-off of a ward: what it keeps, who may give it, and that it
freezes nothing (corrections made afterwards are listed against it).

The scene is last month: a patient on Ward One from the 9th, whose peripheral IV was in
place at the count from the 10th to the 14th (5 due checks): the 10th, 11th and 14th
compliant, the 12th failing its dressing, the 13th missed. So 5 due, 4 done,
3 compliant, 1 missed: 60.0% compliance.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from checklists import measures, services
from checklists.measures import month_of
from checklists.models import AuditEvent, MonthSignOff, Role, Stay

from .factories import (
    expected_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
    make_user,
    row_counts,
)

pytestmark = pytest.mark.django_db

COMMENT = "Reviewed with the ward team; dressing audit booked."


def _last_month():
    return month_of(timezone.localdate().replace(day=1) - timedelta(days=1))


def _on(day: int):
    """The `day`th of last month."""
    return _last_month().start + timedelta(days=day - 1)


@pytest.fixture
def month_checks(ward, nurse) -> dict[int, object]:
    """Last month's checks by day of the month (see the module's docstring)."""
    patient = make_patient(ward, admitted_at=local_time(_on(9), "09:00"), full_name="Dana Scully")
    point = make_entry_point(
        patient,
        "piv",
        started_at=local_time(_on(10), "05:00"),
        removed_at=local_time(_on(14), "12:00"),
        created_by=nurse,
    )
    checks = {}
    for day in (10, 11, 12, 14):
        answers = expected_answers("piv") | {"dressing_intact": "no"} if day == 12 else None
        checks[day] = make_check(
            point,
            nurse,
            observed_at=local_time(_on(day), "10:00"),
            answers=answers,
            now=local_time(_on(day), "11:00"),
        )
    Stay.objects.filter(patient=patient).update(
        ended_at=local_time(_on(15), "12:00"), end_reason=Stay.EndReason.DISCHARGE
    )
    return checks


def _month_measures(ward):
    return measures.measure(measures.collect([ward], _last_month(), timezone.now()))


def _correct(nurse, check, reason: str, compliant: bool, now=None):
    answers = expected_answers("piv")
    if not compliant:
        answers |= {"dressing_intact": "no"}
    return services.correct_check(
        nurse=nurse, original=check, answers=answers, reason=reason, now=now
    )


def _cells(response, slug: str) -> list[list[str]]:
    return [[c.text for c in row] for row in response.context["dashboard"].tables[slug].rows]


# --- The service ----------------------------------------------------------------------


def test_a_manager_signs_off_last_month_and_its_figures_are_kept(ward, manager, month_checks):
    signed = services.sign_off_month(
        manager=manager, ward=ward, month=_on(20), comment=f"  {COMMENT}  "
    )
    signed.refresh_from_db()
    assert (signed.ward, signed.month, signed.signed_by) == (ward, _on(1), manager)
    assert signed.comment == COMMENT
    assert signed.figures == {
        "due": 5,
        "done": 4,
        "compliant": 3,
        "missed": 1,
        "late": 0,
        "compliance": 60.0,
    }


def test_a_sign_off_goes_to_the_audit_trail_with_the_ward_and_month(ward, manager, month_checks):
    signed = services.sign_off_month(manager=manager, ward=ward, month=_on(1), comment=COMMENT)
    (event,) = AuditEvent.objects.filter(action="month.signed_off")
    assert event.actor == manager
    assert (event.object_type, event.object_id) == ("monthsignoff", str(signed.pk))
    assert event.data["ward"] == ward.code
    assert event.data["month"] == f"{_on(1):%Y-%m}"
    assert event.data["compliance"] == 60.0


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_sign_off_without_a_comment_is_refused_and_nothing_is_saved(ward, manager, comment):
    before = row_counts(MonthSignOff, AuditEvent)
    with pytest.raises(ValidationError) as refused:
        services.sign_off_month(manager=manager, ward=ward, month=_on(1), comment=comment)
    assert refused.value.messages == ["Add a comment: what you reviewed, and any actions."]
    assert row_counts(MonthSignOff, AuditEvent) == before


def test_a_comment_over_1000_characters_is_refused(ward, manager):
    before = row_counts(MonthSignOff, AuditEvent)
    with pytest.raises(ValidationError, match="under 1000 characters"):
        services.sign_off_month(manager=manager, ward=ward, month=_on(1), comment="x" * 1001)
    assert row_counts(MonthSignOff, AuditEvent) == before


def test_the_current_month_cannot_be_signed_off_before_it_ends(ward, manager):
    before = row_counts(MonthSignOff, AuditEvent)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.sign_off_month(manager=manager, ward=ward, month=today, comment=COMMENT)
    assert f"{today:%B %Y} is not over yet" in refused.value.messages[0]
    assert row_counts(MonthSignOff, AuditEvent) == before


def test_a_month_still_to_come_cannot_be_signed_off(ward, manager):
    next_month = month_of(timezone.localdate()).end + timedelta(days=1)
    with pytest.raises(ValidationError, match="is not over yet"):
        services.sign_off_month(manager=manager, ward=ward, month=next_month, comment=COMMENT)


@pytest.mark.parametrize("persona", ["nurse", "auditor", "admin_user", "other_manager"])
def test_only_a_manager_of_the_ward_may_sign_off(request, ward, persona):
    user = request.getfixturevalue(persona)
    before = row_counts(MonthSignOff, AuditEvent)
    with pytest.raises(PermissionDenied):
        services.sign_off_month(manager=user, ward=ward, month=_on(1), comment=COMMENT)
    assert row_counts(MonthSignOff, AuditEvent) == before


def test_a_hospital_wide_manager_may_sign_off_any_ward(other_ward):
    lead = make_user(Role.MANAGER, hospital_wide=True, username="ipclead")
    signed = services.sign_off_month(manager=lead, ward=other_ward, month=_on(1), comment=COMMENT)
    assert signed.signed_by == lead


def test_signing_the_same_month_twice_keeps_both_sign_offs(ward, manager, month_checks):
    first = services.sign_off_month(manager=manager, ward=ward, month=_on(1), comment="First look")
    second = services.sign_off_month(
        manager=manager, ward=ward, month=_on(1), comment="After the dressing audit"
    )
    assert list(MonthSignOff.objects.filter(ward=ward, month=_on(1))) == [first, second]
    assert AuditEvent.objects.filter(action="month.signed_off").count() == 2


def test_a_sign_off_freezes_nothing(ward, manager, nurse, month_checks):
    signed = services.sign_off_month(manager=manager, ward=ward, month=_on(1), comment=COMMENT)
    assert _month_measures(ward).compliance == 60.0
    _correct(nurse, month_checks[12], "The dressing had been replaced at 09:00", compliant=True)
    after = _month_measures(ward)
    assert (after.compliant, after.compliance) == (4, 80.0)
    signed.refresh_from_db()
    assert signed.figures["compliance"] == 60.0  # what the manager saw stays with it


# --- The page -----------------------------------------------------------------------


def _sign_off_url(ward) -> str:
    return f"/wards/{ward.code}/sign-off/"


def test_signing_off_on_the_page_shows_the_sign_off_on_the_dashboard(
    manager_client, manager, ward, month_checks
):
    response = manager_client.post(
        _sign_off_url(ward), {"month": f"{_on(1):%Y-%m}", "comment": COMMENT}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/wards/{ward.code}/dashboard/"
    dashboard = manager_client.get(response["Location"])
    html = dashboard.content.decode()
    assert f"Ward One: {_on(1):%B %Y} signed off." in html
    (row,) = _cells(dashboard, "sign_offs")
    month, signed_by, _signed_at, compliance_then, comment = row
    assert (month, signed_by, compliance_then, comment) == (
        f"{_on(1):%B %Y}",
        manager.display_name,
        "60.0",
        COMMENT,
    )
    assert COMMENT in html


def test_the_page_refuses_a_blank_comment_and_says_so(manager_client, ward):
    response = manager_client.post(
        _sign_off_url(ward), {"month": f"{_on(1):%Y-%m}", "comment": "  "}, follow=True
    )
    assert MonthSignOff.objects.count() == 0
    html = response.content.decode()
    assert 'class="alert alert-danger"' in html
    assert "Add a comment: what you reviewed, and any actions." in html
    assert _cells(response, "sign_offs") == []


def test_the_page_refuses_the_current_month_and_says_why(manager_client, ward):
    today = timezone.localdate()
    response = manager_client.post(
        _sign_off_url(ward), {"month": f"{today:%Y-%m}", "comment": COMMENT}, follow=True
    )
    assert MonthSignOff.objects.count() == 0
    assert f"{today:%B %Y} is not over yet" in response.content.decode()


def test_a_nurses_sign_off_post_is_forbidden_and_saves_nothing(nurse_client, ward):
    response = nurse_client.post(_sign_off_url(ward), {"month": f"{_on(1):%Y-%m}", "comment": "x"})
    assert response.status_code == 403
    assert MonthSignOff.objects.count() == 0


def test_only_corrections_made_after_the_sign_off_are_listed_against_it(
    manager_client, ward, nurse, month_checks
):
    before_sign_off = local_time(_on(16), "09:00")
    _correct(nurse, month_checks[12], "Dressing had been replaced", True, now=before_sign_off)
    manager_client.post(_sign_off_url(ward), {"month": f"{_on(1):%Y-%m}", "comment": COMMENT})
    _correct(nurse, month_checks[11], "Dressing found lifting on review", compliant=False)
    response = manager_client.get(f"/wards/{ward.code}/dashboard/")
    (row,) = _cells(response, "corrections_after_sign_off")
    month, day, patient, entry_point, reason, corrected_by, _at = row
    assert (month, day, patient, reason) == (
        f"{_on(1):%B %Y}",
        f"{_on(11):%d %b %Y}",
        "Dana Scully",
        "Dressing found lifting on review",
    )
    assert entry_point == "Peripheral IV (Left forearm)"
    assert corrected_by == nurse.display_name
    assert "Dressing had been replaced" not in response.content.decode()


def test_the_month_changes_after_a_later_correction_but_its_sign_off_does_not(
    manager_client, ward, nurse, month_checks
):
    manager_client.post(_sign_off_url(ward), {"month": f"{_on(1):%Y-%m}", "comment": COMMENT})
    _correct(nurse, month_checks[11], "Dressing found lifting on review", compliant=False)
    later = _month_measures(ward)
    assert (later.compliant, later.compliance) == (2, 40.0)
    response = manager_client.get(f"/wards/{ward.code}/dashboard/")
    (row,) = _cells(response, "sign_offs")
    assert row[3] == "60.0"  # the compliance the manager signed off


def test_a_correction_to_a_month_not_signed_off_is_not_listed(
    manager_client, manager, ward, nurse, month_checks
):
    two_months_ago = _on(1) - timedelta(days=1)
    services.sign_off_month(manager=manager, ward=ward, month=two_months_ago, comment=COMMENT)
    _correct(nurse, month_checks[11], "Dressing found lifting on review", compliant=False)
    response = manager_client.get(f"/wards/{ward.code}/dashboard/")
    assert len(_cells(response, "sign_offs")) == 1
    assert _cells(response, "corrections_after_sign_off") == []


@pytest.mark.parametrize("persona", ["nurse_client", "auditor_client"])
def test_who_may_not_sign_off_sees_no_sign_off_form(request, ward, persona):
    client = request.getfixturevalue(persona)
    html = client.get(f"/wards/{ward.code}/dashboard/").content.decode()
    assert "sign-off-form" not in html
    assert _sign_off_url(ward) not in html
    assert "Monthly sign-offs" in html  # the record is still there to read


def test_the_manager_is_offered_the_last_twelve_months_that_are_over(manager_client, ward):
    response = manager_client.get(f"/wards/{ward.code}/dashboard/")
    html = response.content.decode()
    assert "sign-off-form" in html
    months = [p.start for p in response.context["dashboard"].sign_off_months]
    assert months[0] == _on(1) and len(months) == 12
    assert f'<option value="{_on(1):%Y-%m}">' in html
    assert f'value="{timezone.localdate():%Y-%m}"' not in html


@pytest.mark.parametrize("month", ["9999-12", "2026-13", "1899-01", "next"])
def test_a_month_out_of_range_is_refused_with_a_message(manager_client, ward, month):
    response = manager_client.post(
        f"/wards/{ward.code}/sign-off/", {"month": month, "comment": "Reviewed"}, follow=True
    )
    assert response.status_code == 200
    assert MonthSignOff.objects.count() == 0
    html = response.content.decode()
    assert "Choose a month" in html
