"""A user's own wards are read once per user object (every page asks for them several
times) and never go stale within it: giving or taking a ward through her `wards` is seen
at once, and the next request loads her afresh."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from checklists.permissions import can_record_on_ward, can_view_ward, get_ward_for, own_wards

pytestmark = pytest.mark.django_db


def test_her_wards_are_read_once_for_every_question(nurse, ward, other_ward):
    with CaptureQueriesContext(connection) as queries:
        assert get_ward_for(nurse, ward.code) == ward
        assert can_record_on_ward(nurse, ward)
        assert can_view_ward(nurse, ward)
        assert not can_view_ward(nurse, other_ward)
        assert own_wards(nurse) == [ward]
    assert len(queries) == 1


def test_a_ward_given_or_taken_is_seen_at_once(nurse, ward, other_ward):
    with pytest.raises(Http404):
        get_ward_for(nurse, other_ward.code)
    nurse.wards.add(other_ward)
    assert get_ward_for(nurse, other_ward.code) == other_ward
    assert can_record_on_ward(nurse, other_ward)
    nurse.wards.remove(ward)
    assert not can_record_on_ward(nurse, ward)
    nurse.wards.clear()
    assert own_wards(nurse) == []


def test_the_next_request_sees_a_change_made_elsewhere(nurse, nurse_client, other_ward):
    assert nurse_client.get(f"/wards/{other_ward.code}/").status_code == 404
    other_ward.staff.add(nurse)  # from the ward's side: no user object of hers is told
    assert nurse_client.get(f"/wards/{other_ward.code}/").status_code == 200
