"""Hostile input: adding and removing an entry point (a line, tube, wound or pressure
ulcer), posted as a ward nurse. Each example starts from a valid POST and spoils some of
its fields (`spoil`), adds another kind's details and forged fields, and sends the kind in
the query string or the form. An entry point is saved whole with only its own kind's
details, or not at all (the form again with its reasons, or 404 for a kind that is not
there); a removal records when, why and by whom and changes nothing else, or nothing.

Strategies, bookkeeping and the Hypothesis settings come from tests/hostile.py, the
`hostile_points` fixture from tests/hostile_fixtures.py."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.body_sites import sites_for
from checklists.forms import REMOVAL_REASONS
from checklists.models import EntryPoint
from checklists.models.entry_points import AirwayType, CentralLineType, PressureStage, WoundClass

from .hostile import (
    KINDS,
    assert_refusal_shown,
    counts,
    forged,
    growth,
    hostile_moment,
    hostile_settings,
    hostile_text,
    recent_moment,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db


DETAILS = {
    # detail field: valid values (free text for gauge and procedure)
    "gauge": ["14G", "18G", "20G", "22G", "24G"],
    "line_type": CentralLineType.values,
    "insertion_bundle_done": ["true", "false"],
    "procedure": ["Laparoscopic appendicectomy", "Hip replacement"],
    "wound_class": WoundClass.values,
    "pressure_stage": PressureStage.values,
    "present_on_admission": ["true", "false"],
    "airway_type": AirwayType.values,
}
KIND_DETAILS = {
    "piv": ["gauge"],
    "cvc": ["line_type", "insertion_bundle_done"],
    "iuc": ["insertion_bundle_done"],
    "wound": ["procedure", "wound_class"],
    "pressure": ["pressure_stage", "present_on_admission"],
    "airway": ["airway_type"],
}


@hostile_settings(60)
@given(data=st.data())
def test_adding_an_entry_point_saves_it_whole_or_not_at_all(nurse_client, nurse, patient, data):
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    post = {
        "kind": kind,
        # A listed site of this kind, another kind's, or Other with a description.
        "site": data.draw(st.sampled_from([sites_for(kind)[0], "Sacrum", "other"]), label="site"),
        "site_other": data.draw(st.sampled_from(["", "Left wrist"]), label="site_other"),
        "started_at": data.draw(recent_moment(timedelta(days=9)), label="started_at"),
    }
    for name in KIND_DETAILS[kind]:
        post[name] = data.draw(st.sampled_from(DETAILS[name]), label=name)
    hostile = {name: hostile_text for name in post} | {"started_at": hostile_moment}
    hostile["kind"] = st.one_of(st.sampled_from(KINDS), hostile_text)
    spoil(data, post, hostile)
    # Another kind's details, which this kind's form must ignore.
    others = sorted(set(DETAILS) - set(KIND_DETAILS[kind]))
    for name in data.draw(st.sets(st.sampled_from(others), max_size=2), label="other details"):
        post[name] = DETAILS[name][0]
    post |= data.draw(forged, label="forged")
    in_query = data.draw(st.booleans(), label="kind in the query string")
    url = f"/patients/{patient.public_id}/entry-points/add/"
    if in_query and "kind" in post:
        # The view reads the kind from the query string first, as the kind links send it.
        url += "?" + urlencode({"kind": post.pop("kind")})

    with rolled_back():
        before = counts()
        response = nurse_client.post(url, post)
        asked = (response.wsgi_request.GET.get("kind") or post.get("kind")) or ""
        assert response.status_code in (200, 302, 404)
        if response.status_code == 404:
            assert asked not in KINDS
        if response.status_code != 302:
            assert growth(before) == {}
            if response.status_code == 200 and asked:
                assert_refusal_shown(response)
            return
        assert growth(before) == {"EntryPoint": 1, "AuditEvent": 1}
        point = EntryPoint.objects.latest("pk")
        assert (point.patient, point.created_by, point.kind) == (patient, nurse, asked)
        assert point.removed_at is None and point.removed_by is None
        # Only this kind's details are kept; forged ones for other kinds are not.
        for name in DETAILS:
            if name not in KIND_DETAILS[asked]:
                assert getattr(point, name) in ("", None), name


@hostile_settings(40)
@given(data=st.data())
def test_removing_an_entry_point_records_the_removal_or_nothing(
    nurse_client, nurse, hostile_points, data
):
    point = hostile_points[data.draw(st.sampled_from(KINDS), label="kind")]
    post = {
        "removed_at": data.draw(recent_moment(timedelta(days=2)), label="removed_at"),
        "reason": data.draw(st.sampled_from([v for v, _ in REMOVAL_REASONS if v])),
    }
    spoil(data, post, {"removed_at": hostile_moment, "reason": hostile_text})
    post |= data.draw(forged, label="forged")
    stored = EntryPoint.objects.filter(pk=point.pk).values().get()

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/entry-points/{point.public_id}/remove/", post)
        assert response.status_code in (200, 302)
        now_stored = EntryPoint.objects.filter(pk=point.pk).values().get()
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert now_stored == stored
            return
        assert growth(before) == {"AuditEvent": 1}
        # The removal is the only change: when, why and by whom.
        removal = {"removed_at", "removal_reason", "removed_by_id"}
        assert {k: v for k, v in now_stored.items() if k not in removal} == {
            k: v for k, v in stored.items() if k not in removal
        }
        assert now_stored["removed_by_id"] == nurse.pk
        assert now_stored["removal_reason"] == post["reason"]
        assert point.started_at <= now_stored["removed_at"]
