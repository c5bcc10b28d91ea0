"""Hostile input: the monthly sign-off, posted as a ward manager. Months not over, too
early, out of range or not months at all, and hostile comments: a sign-off is saved with
its audit event for the right ward, manager and month, or refused with a message shown on
the dashboard it always returns to. Strategies, bookkeeping and the Hypothesis settings
come from tests/hostile.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from checklists.models import MonthSignOff

from .hostile import counts, growth, hostile_settings, hostile_text, rolled_back, spoil

pytestmark = pytest.mark.django_db


@hostile_settings(30)
@given(data=st.data())
def test_a_sign_off_is_saved_with_its_audit_event_or_refused_with_a_message(
    manager_client, manager, ward, data
):
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    post = {"month": f"{last_month:%Y-%m}", "comment": "Reviewed with the ward team"}
    months = st.sampled_from(
        [f"{timezone.localdate():%Y-%m}", "1999-12", "0001-01", "9999-12", "2026-13", "2026"]
    )
    spoil(data, post, {"month": st.one_of(months, hostile_text), "comment": hostile_text})
    with rolled_back():
        before = counts()
        response = manager_client.post(f"/wards/{ward.code}/sign-off/", post, follow=True)
        # The form lives on the dashboard: a sign-off always goes back there.
        assert response.redirect_chain == [(f"/wards/{ward.code}/dashboard/", 302)]
        assert response.status_code == 200
        shown = [m for m in response.context["messages"]]
        if growth(before) == {}:
            errors = [m.message for m in shown if m.level_tag == "error"]
            assert errors
            page = response.content.decode()
            assert all(escape(message) in page for message in errors)
        else:
            assert growth(before) == {"MonthSignOff": 1, "AuditEvent": 1}
            signed = MonthSignOff.objects.latest("pk")
            assert (signed.ward, signed.signed_by) == (ward, manager)
            assert signed.month == last_month.replace(day=1)
            assert signed.comment == post["comment"].strip()
