"""The handover sheet: the board's patients under the same filter, as a plain table to
print, with an empty notes column; the print stylesheet hides the menus and buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from .board_scene import AFTERNOON, DAY, at, board_clock_at, make_scene
from .factories import day_back, make_screen

pytestmark = pytest.mark.django_db

BOARD_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "board.css"


@pytest.fixture
def scene(ward, nurse):
    return make_scene(ward, nurse)


def _sheet(client, scene, monkeypatch, query="") -> str:
    board_clock_at(monkeypatch, at(AFTERNOON))
    response = client.get(f"/wards/{scene.ward.code}/handover/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, patient) -> str:
    return html.split(f'data-handover-patient="{patient.public_id}"', 1)[1].split("</tr>", 1)[0]


def test_the_board_links_to_the_sheet_with_its_filter(nurse_client, scene, monkeypatch):
    board_clock_at(monkeypatch, at(AFTERNOON))
    html = nurse_client.get(f"/wards/{scene.ward.code}/?status=flagged&q=b").content.decode()
    assert (
        f'href="/wards/{scene.ward.code}/handover/?status=flagged&amp;q=b">Print handover' in html
    )
    plain = nurse_client.get(f"/wards/{scene.ward.code}/").content.decode()
    assert f'href="/wards/{scene.ward.code}/handover/">Print handover' in plain


def test_the_sheet_has_every_column_a_handover_needs(nurse_client, scene, monkeypatch, nurse):
    make_screen(scene.cat, nurse, observed_at=at("09:30"))
    html = _sheet(nurse_client, scene, monkeypatch)
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    for column in (
        "Bed",
        "Patient",
        "Hospital no.",
        "Devices and wounds",
        "Sepsis screen",
        "Notes",
    ):
        assert column in head
    bob = _row(html, scene.bob)
    assert "02" in bob and "Bob Jones" in bob and "HB2002" in bob
    assert "Central line" in bob and "Done: not compliant" in bob
    assert f"day {scene.bob_cvc.dwell_day(day_back(DAY))}" in bob
    assert "Failed: Dressing clean, dry and intact" in bob
    assert "Surgical wound" in bob and "Overdue" in bob
    assert bob.rstrip().endswith('<td class="handover-notes"></td>')
    cat = _row(html, scene.cat)
    assert "Infection flag open since" in cat
    assert "Screen 09:30: NEWS2" in cat
    assert "Showing 4 of 4 patients" in html


def test_the_sheet_takes_the_boards_filter(nurse_client, scene, monkeypatch):
    html = _sheet(nurse_client, scene, monkeypatch, "?status=overdue")
    assert "Showing 2 of 4 patients · filter: Overdue" in html
    assert f'data-handover-entry="{scene.ann_iuc.public_id}"' in html
    assert f'data-handover-entry="{scene.ann_piv.public_id}"' not in html
    assert f'data-handover-patient="{scene.cat.public_id}"' not in html
    html = _sheet(nurse_client, scene, monkeypatch, "?status=nonsense")
    assert "Unknown status" in html and "Showing 4 of 4 patients" in html


def test_an_empty_sheet_says_so_with_a_clear_link(nurse_client, scene, monkeypatch):
    html = _sheet(nurse_client, scene, monkeypatch, "?q=nobody")
    assert "No patients to hand over under this filter." in html
    assert f'<a href="/wards/{scene.ward.code}/handover/">Clear the filter</a>' in html


def test_the_sheet_is_printable_without_inline_script_or_style(nurse_client, scene, monkeypatch):
    html = _sheet(nurse_client, scene, monkeypatch)
    assert '<link rel="stylesheet" href="/static/css/board.css">' in html
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html and "onclick" not in html
    css = BOARD_CSS.read_text()
    print_rules = css.split("@media print", 1)[1]
    for hidden in (".navbar", ".btn", ".board-toolbar", ".handover-actions"):
        assert hidden in print_rules.split("display: none", 1)[0]


def test_another_wards_nurse_gets_no_sheet(other_nurse_client, scene):
    assert other_nurse_client.get(f"/wards/{scene.ward.code}/handover/").status_code == 404
