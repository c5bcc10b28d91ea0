"""Re-siting a device: its removal and its replacement's insertion, together or not at
all (services.resite_entry_point), and the page that records it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from checklists import services
from checklists.models import AuditEvent, EntryPoint
from checklists.services import entry_points as entry_point_services

from .factories import days_ago, make_check, make_entry_point, make_patient, row_counts

pytestmark = pytest.mark.django_db


def resite(nurse, point, at=None, reason="Routine re-site", new_site="Right forearm", **kw):
    return services.resite_entry_point(
        nurse=nurse,
        entry_point=point,
        at=at or days_ago(1, "11:00"),
        reason=reason,
        new_site=new_site,
        **kw,
    )


def test_the_old_one_is_removed_and_the_new_one_put_in_at_that_moment(piv, nurse):
    new = resite(nurse, piv, at=days_ago(1, "11:00"), reason="Signs of infection or phlebitis")

    piv.refresh_from_db()
    assert piv.removed_at == days_ago(1, "11:00")
    assert piv.removal_reason == "Signs of infection or phlebitis"
    assert piv.removed_by == nurse
    assert new.pk != piv.pk
    assert (new.kind, new.body_site, new.patient) == ("piv", "Right forearm", piv.patient)
    assert new.started_at == piv.removed_at
    assert new.removed_at is None
    assert new.created_by == nurse


def test_it_logs_one_removal_and_one_insertion(piv, nurse):
    before = AuditEvent.objects.count()
    new = resite(nurse, piv)
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_id) for e in events] == [
        ("entry_point.removed", str(piv.public_id)),
        ("entry_point.added", str(new.public_id)),
    ]


def test_a_central_lines_type_is_copied_and_the_bundle_asked_again(patient, nurse):
    line = make_entry_point(
        patient,
        "cvc",
        started_at=days_ago(4, "09:00"),
        body_site="Right internal jugular",
        line_type="picc",
        insertion_bundle_done=False,
    )
    new = resite(nurse, line, new_site="PICC left arm", details={"insertion_bundle_done": True})
    new.refresh_from_db()
    assert (new.line_type, new.insertion_bundle_done) == ("picc", True)
    assert new.body_site == "PICC left arm"


def test_a_failed_insertion_removes_nothing(piv, nurse, monkeypatch):
    def broken_insert(**kwargs):
        raise IntegrityError("the insertion failed")

    monkeypatch.setattr(entry_point_services, "add_entry_point", broken_insert)
    before = row_counts(EntryPoint, AuditEvent)
    with pytest.raises(IntegrityError):
        resite(nurse, piv)
    assert row_counts(EntryPoint, AuditEvent) == before
    assert EntryPoint.objects.get(pk=piv.pk).removed_at is None
    # The caller's object is put back as well: it does not claim a removal.
    assert piv.removed_at is None


def test_a_refused_new_site_removes_nothing(piv, nurse):
    before = row_counts(EntryPoint, AuditEvent)
    with pytest.raises(ValidationError):
        resite(nurse, piv, new_site="")
    assert row_counts(EntryPoint, AuditEvent) == before
    assert EntryPoint.objects.get(pk=piv.pk).removed_at is None


def test_the_removal_rules_still_apply(piv, nurse):
    before = row_counts(EntryPoint, AuditEvent)
    with pytest.raises(ValidationError, match="before insertion"):
        resite(nurse, piv, at=days_ago(4, "09:00"))
    resite(nurse, piv)
    with pytest.raises(ValidationError, match="already removed"):
        resite(nurse, piv)
    assert row_counts(EntryPoint, AuditEvent) == {
        "EntryPoint": before["EntryPoint"] + 1,
        "AuditEvent": before["AuditEvent"] + 2,
    }


def test_a_check_in_the_same_minute_moves_both_times_just_after_it(piv, nurse):
    check = make_check(piv, nurse, observed_at=days_ago(1, "11:00"), now=days_ago(1, "11:05"))
    new = resite(nurse, piv, at=days_ago(1, "11:00"))
    piv.refresh_from_db()
    assert piv.removed_at == check.observed_at == new.started_at


def test_a_wound_is_not_resited(patient, nurse):
    wound = make_entry_point(patient, "wound", started_at=days_ago(4, "09:00"), procedure="Lap")
    with pytest.raises(ValidationError, match="not re-sited"):
        resite(nurse, wound, new_site="Abdomen")
    assert EntryPoint.objects.get(pk=wound.pk).removed_at is None


def test_another_wards_nurse_may_not(piv, other_nurse):
    with pytest.raises(PermissionDenied):
        resite(other_nurse, piv)
    assert EntryPoint.objects.get(pk=piv.pk).removed_at is None


# --- The page ----------------------------------------------------------------------------


def _post(point, **changes):
    post = {
        "reason": "Routine re-site",
        "at": days_ago(1, "11:00").strftime("%Y-%m-%dT%H:%M"),
        "site": "Right forearm",
        "site_other": "",
    }
    return post | changes


def test_the_page_resites_and_goes_to_the_new_row_on_the_board(nurse_client, piv, ward):
    piv_site = piv.body_site
    url = f"/entry-points/{piv.public_id}/resite/?next=/wards/{ward.code}/"
    page = nurse_client.get(url)
    assert page.status_code == 200
    assert "Left hand" in page.content.decode()  # the list of sites for a peripheral IV

    response = nurse_client.post(url, _post(piv), follow=True)

    new = EntryPoint.objects.get(patient=piv.patient, removed_at__isnull=True)
    expected = f"/wards/{ward.code}/?saved={new.public_id}#entry-{new.public_id}"
    assert response.redirect_chain == [(expected, 302)]
    assert new.body_site == "Right forearm"
    html = response.content.decode()
    assert f"Peripheral IV re-sited: removed from {piv_site}, new one in Right forearm." in html
    assert f'id="entry-{new.public_id}"' in html


def test_other_with_a_description_is_the_new_site(nurse_client, piv):
    url = f"/entry-points/{piv.public_id}/resite/"
    nurse_client.post(url, _post(piv, site="other", site_other="  Left   wrist "))
    new = EntryPoint.objects.get(patient=piv.patient, removed_at__isnull=True)
    assert new.body_site == "Left wrist"


@pytest.mark.parametrize(
    "changes",
    [
        {"site": "", "site_other": ""},
        {"site": "other", "site_other": "   "},
        {"site": "Sacrum"},  # a pressure injury's site, not a peripheral IV's
        {"reason": ""},
        {"reason": "No longer needed"},  # a removal, not a re-site
        {"at": "soon"},
    ],
)
def test_bad_input_says_why_and_saves_nothing(nurse_client, piv, changes):
    before = row_counts(EntryPoint, AuditEvent)
    response = nurse_client.post(f"/entry-points/{piv.public_id}/resite/", _post(piv, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert row_counts(EntryPoint, AuditEvent) == before
    assert EntryPoint.objects.get(pk=piv.pk).removed_at is None


def test_a_missing_site_gets_the_plain_message(nurse_client, piv):
    response = nurse_client.post(f"/entry-points/{piv.public_id}/resite/", _post(piv, site=""))
    assert "Choose the site, or choose Other and describe it." in response.content.decode()


def test_a_removed_device_is_not_resited_again(nurse_client, piv, nurse):
    resite(nurse, piv)
    before = row_counts(EntryPoint, AuditEvent)
    response = nurse_client.post(f"/entry-points/{piv.public_id}/resite/", _post(piv))
    assert response.status_code == 302
    assert row_counts(EntryPoint, AuditEvent) == before


def test_a_hostile_next_is_ignored(nurse_client, piv):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        page = nurse_client.get(f"/entry-points/{piv.public_id}/resite/", {"next": target})
        assert page.context["cancel_url"] == f"/patients/{piv.patient.public_id}/"


def test_a_patient_on_another_ward_is_not_found(other_nurse_client, piv):
    assert other_nurse_client.get(f"/entry-points/{piv.public_id}/resite/").status_code == 404


def test_a_nurse_whose_patient_is_discharged_is_refused(nurse_client, nurse, ward):
    patient = make_patient(ward=ward, admitted_at=days_ago(5, "09:00"))
    point = make_entry_point(patient, "piv", started_at=days_ago(4, "09:00"))
    services.discharge_patient(nurse=nurse, patient=patient, at=days_ago(1, "09:00"))
    before = row_counts(EntryPoint, AuditEvent)
    response = nurse_client.post(f"/entry-points/{point.public_id}/resite/", _post(point))
    assert response.status_code in (403, 404, 302)
    assert row_counts(EntryPoint, AuditEvent) == before
