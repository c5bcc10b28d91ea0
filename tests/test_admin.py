"""The Django admin is for set-up; it cannot rewrite a checklist that checks answered."""

import pytest

from checklists.models import ChecklistTemplate

from .factories import make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


def _url(template) -> str:
    return f"/admin/checklists/checklisttemplate/{template.pk}/change/"


def test_an_unused_template_can_still_be_edited(admin_client):
    template = ChecklistTemplate.objects.current_for("cvc")
    html = admin_client.get(_url(template)).content.decode()
    assert 'name="title"' in html


def test_a_template_that_checks_answered_is_read_only(admin_client, ward, nurse):
    piv = make_entry_point(make_patient(ward=ward), "piv")
    make_check(piv, nurse)
    template = ChecklistTemplate.objects.current_for("piv")
    html = admin_client.get(_url(template)).content.decode()
    assert 'name="title"' not in html
    response = admin_client.post(_url(template), {"title": "Rewritten", "kind": "piv"})
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.title == "Peripheral IV daily check"


def test_templates_cannot_be_deleted(admin_client):
    template = ChecklistTemplate.objects.current_for("cvc")
    url = f"/admin/checklists/checklisttemplate/{template.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ChecklistTemplate.objects.filter(pk=template.pk).exists()


def test_admin_changes_go_to_the_audit_trail(admin_client, ward):
    from checklists.models import AuditEvent

    response = admin_client.post(
        f"/admin/checklists/ward/{ward.pk}/change/",
        {"code": ward.code, "name": "Ward One (renamed)", "beds": 30, "count_time": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.ward.changed")
    assert event.data == {"fields": ["beds", "name"]}
