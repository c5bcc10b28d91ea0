"""After a saved check the nurse is back on the board as she filtered it, with the row
she saved in view and marked "just saved", even if her filter would now hide it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from checklists import board
from checklists.board_filters import BoardFilter, filter_board
from checklists.views.board import QUERY_KEY

from .board_scene import MORNING, at, board_clock_at, make_scene
from .factories import expected_answers, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(ward, nurse):
    return make_scene(ward, nurse)


def _post_check(client, point):
    data = {f"item_{code}": value for code, value in expected_answers(point.kind).items()}
    data["observed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/entry-points/{point.public_id}/check/", data)
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def piv(ward):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=3))
    return make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=2))


def test_the_board_remembers_its_last_filter_per_ward(nurse_client, ward):
    nurse_client.get(f"/wards/{ward.code}/?kind=piv&status=due&q=%20ann%20")
    assert nurse_client.session[QUERY_KEY] == {ward.code: "status=due&kind=piv&q=ann"}
    nurse_client.get(f"/wards/{ward.code}/?status=bogus")
    assert nurse_client.session[QUERY_KEY] == {ward.code: ""}


def test_a_saved_check_returns_to_the_filtered_board_at_its_row(nurse_client, ward, piv):
    nurse_client.get(f"/wards/{ward.code}/?status=due&kind=piv")
    location = _post_check(nurse_client, piv)
    expected = f"/wards/{ward.code}/?status=due&kind=piv&saved={piv.public_id}"
    assert location == f"{expected}#entry-{piv.public_id}"


def test_with_no_filter_it_returns_to_the_whole_board_at_its_row(nurse_client, ward, piv):
    nurse_client.get(f"/wards/{ward.code}/")
    location = _post_check(nurse_client, piv)
    assert location == f"/wards/{ward.code}/?saved={piv.public_id}#entry-{piv.public_id}"


def test_the_check_forms_way_back_is_the_board_as_filtered(nurse_client, ward, piv):
    page = nurse_client.get(f"/entry-points/{piv.public_id}/check/").content.decode()
    assert f'href="/wards/{ward.code}/">Back to' in page
    nurse_client.get(f"/wards/{ward.code}/?status=due&kind=piv")
    page = nurse_client.get(f"/entry-points/{piv.public_id}/check/").content.decode()
    assert f'href="/wards/{ward.code}/?status=due&amp;kind=piv">Back to' in page


def test_the_board_after_the_save_shows_the_row_marked(nurse_client, ward, piv):
    nurse_client.get(f"/wards/{ward.code}/?status=due")
    location = _post_check(nurse_client, piv)
    html = nurse_client.get(location).content.decode()
    row = html.split(f'id="entry-{piv.public_id}"', 1)[1].split("</tr>", 1)[0]
    assert "data-just-saved" in row and "Just saved" in row
    assert 'data-status="done"' in row  # the filter (due) would hide it now


def test_the_saved_row_shows_whatever_the_filter(nurse_client, scene, monkeypatch):
    board_clock_at(monkeypatch, at(MORNING))
    url = f"/wards/{scene.ward.code}/?status=due&q=bob&saved={scene.ann_piv.public_id}"
    html = nurse_client.get(url).content.decode()
    assert f'data-entry-point="{scene.ann_piv.public_id}" class="just-saved"' in html
    assert f'data-entry-point="{scene.bob_wound.public_id}"' in html  # bob's due wound
    # Only the saved row of a patient the filter would hide, not her other entries.
    assert f'data-entry-point="{scene.ann_iuc.public_id}"' not in html
    assert f'data-entry-point="{scene.bob_cvc.public_id}"' not in html


def test_a_saved_id_not_on_this_board_shows_nothing_more(scene, other_ward, nurse):
    built = board.build_ward_board(scene.ward, at(MORNING))
    elsewhere = make_entry_point(make_patient(ward=other_ward), "piv")
    filtered = filter_board(built, BoardFilter(status="due"), saved=elsewhere.public_id)
    assert filtered.saved is None
    assert {p.row.patient.full_name for p in filtered.patients} == {"Ann Smith", "Bob Jones"}


def test_the_just_saved_mark_is_never_kept_for_another_reader(
    nurse_client, manager_client, ward, piv, settings
):
    settings.PAGE_CACHE = True
    cache.clear()
    location = _post_check(nurse_client, piv)
    assert "Just saved" in nurse_client.get(location).content.decode()
    for client in (nurse_client, manager_client):
        html = client.get(f"/wards/{ward.code}/").content.decode()
        assert "Just saved" not in html and "data-just-saved" not in html
    cache.clear()
