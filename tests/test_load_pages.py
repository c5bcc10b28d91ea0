"""The load harness and the benchmark read the ward board as a nurse's browser would
(load/pages.py): they must find every row of the real page, with its site and whether
it is still to be checked, or the simulated nurses check nothing."""

from __future__ import annotations

from load.pages import board_rows

from .factories import days_ago, make_check, make_entry_point, make_patient


def test_the_harness_finds_every_row_of_the_board_and_what_is_to_check(nurse_client, ward, nurse):
    patient = make_patient(ward=ward, admitted_at=days_ago(5, "09:00"))
    to_check = make_entry_point(patient, "piv", started_at=days_ago(2, "09:00"), created_by=nurse)
    done = make_entry_point(
        patient, "iuc", started_at=days_ago(2, "09:00"), created_by=nurse, body_site="Urethral"
    )
    make_check(done, nurse)
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    rows = {row.entry_point: row for row in board_rows(html)}
    assert set(rows) == {str(to_check.public_id), str(done.public_id)}
    assert rows[str(done.public_id)].site == "Urethral"
    assert rows[str(to_check.public_id)].to_check


def test_the_row_just_saved_is_still_found(nurse_client, ward, nurse):
    patient = make_patient(ward=ward, admitted_at=days_ago(5, "09:00"))
    point = make_entry_point(patient, "piv", started_at=days_ago(2, "09:00"), created_by=nurse)
    html = nurse_client.get(f"/wards/{ward.code}/?saved={point.public_id}").content.decode()
    assert 'class="just-saved"' in html
    assert [row.entry_point for row in board_rows(html)] == [str(point.public_id)]
