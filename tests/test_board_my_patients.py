"""'My patients': a nurse picks her patients for the shift; the board's mine=1 shows
only them. Kept in her session per ward, never a record, never anyone else's."""

from __future__ import annotations

import pytest
from django.test import Client

from checklists.models import AuditEvent
from checklists.views.board import MINE_KEY

from .board_scene import AFTERNOON, at, board_clock_at, make_scene
from .factories import make_patient, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(ward, nurse):
    return make_scene(ward, nurse)


def _choose(client, ward, *patients) -> str:
    response = client.post(
        f"/wards/{ward.code}/my-patients/", {"patients": [str(p.public_id) for p in patients]}
    )
    assert response.status_code == 302
    return response["Location"]


def _board(client, ward, monkeypatch, query="") -> str:
    board_clock_at(monkeypatch, at(AFTERNOON))
    response = client.get(f"/wards/{ward.code}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _patients(html: str, scene) -> set[str]:
    people = {"ann": scene.ann, "bob": scene.bob, "cat": scene.cat, "dan": scene.dan}
    return {name for name, p in people.items() if f'id="patient-{p.public_id}"' in html}


def test_the_choice_page_lists_the_wards_patients_with_checkboxes(nurse_client, scene):
    html = nurse_client.get(f"/wards/{scene.ward.code}/my-patients/").content.decode()
    for patient in (scene.ann, scene.bob, scene.cat, scene.dan):
        assert f'name="patients" value="{patient.public_id}"' in html
    assert "Save my patients" in html and "Back to the board" in html


def test_chosen_patients_are_what_mine_shows(nurse_client, scene, monkeypatch):
    events = AuditEvent.objects.count()
    location = _choose(nurse_client, scene.ward, scene.ann, scene.cat)
    assert location == f"/wards/{scene.ward.code}/?mine=1"
    html = _board(nurse_client, scene.ward, monkeypatch, "?mine=1")
    assert _patients(html, scene) == {"ann", "cat"}
    assert "My patients (2)" in html and "Showing 2 of 4 patients" in html
    assert 'data-my-patients aria-current="true"' in html
    # Not a clinical record: no audit event.
    assert AuditEvent.objects.count() == events


def test_mine_combines_with_the_other_filters(nurse_client, scene, monkeypatch):
    _choose(nurse_client, scene.ward, scene.ann, scene.bob)
    html = _board(nurse_client, scene.ward, monkeypatch, "?mine=1&status=flagged")
    assert _patients(html, scene) == {"bob"}


def test_the_choice_page_ticks_what_was_chosen_and_clears(nurse_client, scene, monkeypatch):
    _choose(nurse_client, scene.ward, scene.bob)
    page = nurse_client.get(f"/wards/{scene.ward.code}/my-patients/").content.decode()
    assert f'value="{scene.bob.public_id}" id="mine-{scene.bob.public_id}" checked' in page
    assert f'value="{scene.ann.public_id}" id="mine-{scene.ann.public_id}">' in page
    response = nurse_client.post(f"/wards/{scene.ward.code}/my-patients/", {"clear": "1"})
    assert response["Location"] == f"/wards/{scene.ward.code}/"
    html = _board(nurse_client, scene.ward, monkeypatch, "?mine=1")
    assert "My patients (0)" in html
    assert "You have not chosen your patients for this shift yet" in html
    assert f'<a href="/wards/{scene.ward.code}/my-patients/">Choose my patients</a>, or' in html


def test_with_nobody_chosen_the_board_links_to_the_choice(nurse_client, scene, monkeypatch):
    html = _board(nurse_client, scene.ward, monkeypatch)
    assert "My patients (0)" in html
    assert f'href="/wards/{scene.ward.code}/my-patients/">Choose my patients</a>' in html


def test_a_patient_of_another_ward_cannot_be_chosen(nurse_client, scene, other_ward):
    stranger = make_patient(ward=other_ward)
    _choose(nurse_client, scene.ward, scene.ann, stranger)
    assert nurse_client.session[MINE_KEY] == {scene.ward.code: [str(scene.ann.public_id)]}
    response = nurse_client.post(
        f"/wards/{scene.ward.code}/my-patients/", {"patients": ["not-an-id", "<x>"]}
    )
    assert response["Location"] == f"/wards/{scene.ward.code}/"
    assert nurse_client.session[MINE_KEY] == {scene.ward.code: []}


def test_each_nurse_has_her_own_list(nurse_client, scene, monkeypatch, settings, ward):
    # With the page cache on: one nurse's choice never reaches another's page.
    settings.PAGE_CACHE = True
    colleague = make_user("nurse", wards=[ward])
    other = Client()
    other.force_login(colleague)
    _choose(nurse_client, ward, scene.ann)
    _choose(other, ward, scene.bob, scene.cat, scene.dan)
    assert "My patients (1)" in _board(nurse_client, ward, monkeypatch)
    assert "My patients (3)" in _board(other, ward, monkeypatch)
    assert _patients(_board(nurse_client, ward, monkeypatch, "?mine=1"), scene) == {"ann"}
    assert _patients(_board(other, ward, monkeypatch, "?mine=1"), scene) == {"bob", "cat", "dan"}
    assert "My patients (1)" in _board(nurse_client, ward, monkeypatch)


def test_the_list_is_kept_per_ward(scene, ward, other_ward, monkeypatch):
    both = make_user("nurse", wards=[ward, other_ward])
    client = Client()
    client.force_login(both)
    elsewhere = make_patient(ward=other_ward)
    _choose(client, ward, scene.ann)
    _choose(client, other_ward, elsewhere)
    assert client.session[MINE_KEY] == {
        ward.code: [str(scene.ann.public_id)],
        other_ward.code: [str(elsewhere.public_id)],
    }
    assert "My patients (1)" in _board(client, ward, monkeypatch)


def test_a_manager_may_keep_a_list_too_but_not_of_another_ward(
    manager_client, other_manager_client, scene
):
    assert _choose(manager_client, scene.ward, scene.bob).endswith("?mine=1")
    response = other_manager_client.post(
        f"/wards/{scene.ward.code}/my-patients/", {"patients": [str(scene.bob.public_id)]}
    )
    assert response.status_code == 404
    assert MINE_KEY not in other_manager_client.session
