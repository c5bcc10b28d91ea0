"""Hostile input: ids that are not yours or do not exist. A UUID that matches nothing,
text where a UUID goes, another ward's patient, device or check, and a ward code that is
not yours: each is a 404 for GET and POST alike (an auditor gets 403 first on the
nurse-only pages), and nothing is saved, whatever the POST holds. Strategies and
bookkeeping come from tests/hostile.py, the shared `hostile_records` fixture from
tests/hostile_fixtures.py."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .hostile import (
    _write_posts,
    counts,
    growth,
    hostile_settings,
    hostile_text,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db


UUID_URLS = {
    # URL pattern: (status for a ward nurse, status for an auditor). Nurse-only pages ask
    # the role first (403), then look the record up (404); see test_permission_matrix.py.
    "/patients/{}/": (404, 404),
    "/patients/{}/transfer/": (404, 403),
    "/patients/{}/discharge/": (404, 403),
    "/patients/{}/entry-points/add/?kind=piv": (404, 403),
    "/entry-points/{}/check/": (404, 403),
    "/entry-points/{}/remove/": (404, 403),
    "/checks/{}/": (404, 404),
    "/checks/{}/correct/": (404, 403),
}


@hostile_settings(40)
@given(
    public_id=st.uuids(),
    url=st.sampled_from(sorted(UUID_URLS)),
    post=st.dictionaries(st.sampled_from(["kind", "at", "to_ward", "reason"]), hostile_text),
)
def test_an_id_that_does_not_exist_is_404_for_get_and_post(
    nurse_client, auditor_client, hostile_records, public_id, url, post
):
    path = url.format(public_id)
    nurse_status, auditor_status = UUID_URLS[url]
    with rolled_back():
        before = counts()
        assert nurse_client.get(path).status_code == nurse_status
        assert nurse_client.post(path, post).status_code == nurse_status
        assert auditor_client.get(path).status_code == auditor_status
        assert auditor_client.post(path, post).status_code == auditor_status
        assert growth(before) == {}


@hostile_settings(30)
@given(text=hostile_text, url=st.sampled_from(sorted(UUID_URLS)))
def test_an_id_that_is_not_a_uuid_is_404(nurse_client, hostile_records, text, url):
    # Whatever is typed where the id goes, the URL does not resolve.
    path = url.format(quote(text, safe=""))
    with rolled_back():
        before = counts()
        assert nurse_client.get(path).status_code == 404
        assert nurse_client.post(path, {"kind": "piv"}).status_code == 404
        assert growth(before) == {}


@hostile_settings(25)
@given(data=st.data())
def test_another_wards_nurse_gets_404_for_every_write_and_nothing_is_saved(
    other_nurse_client, other_ward, hostile_records, data
):
    posts = _write_posts(hostile_records)
    posts[next(p for p in posts if p.endswith("/transfer/"))]["to_ward"] = str(other_ward.pk)
    path = data.draw(st.sampled_from(sorted(posts)), label="path")
    post = dict(posts[path])
    # Valid or not, the request must be turned away before the form is even read.
    spoil(data, post, {name: hostile_text for name in post})
    with rolled_back():
        before = counts()
        assert other_nurse_client.get(path).status_code == 404
        assert other_nurse_client.post(path, post).status_code == 404
        assert growth(before) == {}


@hostile_settings(25)
@given(code=st.one_of(st.sampled_from(["W2", "w1", "W1 ", "nowhere"]), hostile_text))
def test_a_ward_code_that_is_not_yours_is_404(nurse_client, other_ward, code):
    with rolled_back():
        before = counts()
        for path in ("/wards/{}/", "/wards/{}/admit/", "/wards/{}/dashboard/"):
            assert nurse_client.get(path.format(quote(code, safe=""))).status_code == 404
        admit = {"hospital_number": "H777", "full_name": "A Person", "date_of_birth": "1950-01-01"}
        admit["admitted_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        response = nurse_client.post(f"/wards/{quote(code, safe='')}/admit/", admit)
        assert response.status_code == 404
        assert growth(before) == {}
