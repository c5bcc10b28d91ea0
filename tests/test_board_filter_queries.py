"""A filtered board costs the same fixed queries as the whole one (tests/test_ward_board.py
pins those), for a small ward and a larger one: the filter runs in Python over the
already-built board, never a query per patient."""

from __future__ import annotations

import pytest

from .board_scene import AFTERNOON, _checked, at, board_clock_at, make_scene
from .factories import day_back, local_time, make_entry_point, make_patient
from .test_ward_board import BOARD_QUERIES

pytestmark = pytest.mark.django_db

# Each is pinned at BOARD_QUERIES (the page cache off, as in every test): session, user,
# the nurse's wards (the ward, can-write and the navigation from one read), the eight of
# checklists.board.
FILTERS = [
    "",
    "?status=due",
    "?status=overdue",
    "?status=flagged",
    "?status=done",
    "?kind=piv",
    "?q=ann",
    "?status=overdue&kind=iuc&q=0",
    "?mine=1",
    "?mine=1&status=flagged",
    "?status=bogus&kind=nonsense",
]

# The handover sheet reads what the board reads (whether she may record costs nothing
# more: her wards are already read).
HANDOVER_QUERIES = BOARD_QUERIES


def _grow(ward, nurse, patients: int) -> None:
    """More patients like the scene's: a PIV checked, a catheter not."""
    admitted, started = local_time(day_back(10), "09:00"), local_time(day_back(5), "09:00")
    for _ in range(patients):
        patient = make_patient(ward=ward, admitted_at=admitted)
        piv = make_entry_point(patient, "piv", started_at=started, created_by=nurse)
        make_entry_point(patient, "iuc", started_at=started, created_by=nurse)
        _checked(piv, nurse)


def _queries(client, url, django_assert_num_queries, count: int) -> None:
    client.get(url)  # the first look at a new filter keeps it in the session (one write)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200


def _every_filter(client, scene, django_assert_num_queries) -> None:
    code = scene.ward.code
    for query in FILTERS:
        _queries(client, f"/wards/{code}/{query}", django_assert_num_queries, BOARD_QUERIES)
        _queries(
            client, f"/wards/{code}/handover/{query}", django_assert_num_queries, HANDOVER_QUERIES
        )
    saved = f"/wards/{code}/?status=due&saved={scene.ann_piv.public_id}"
    _queries(client, saved, django_assert_num_queries, BOARD_QUERIES)


def test_every_filter_costs_the_same_for_4_and_44_patients(
    nurse_client, ward, nurse, monkeypatch, django_assert_num_queries
):
    board_clock_at(monkeypatch, at(AFTERNOON))
    scene = make_scene(ward, nurse)
    nurse_client.post(
        f"/wards/{ward.code}/my-patients/",
        {"patients": [str(scene.ann.public_id), str(scene.bob.public_id)]},
    )
    _every_filter(nurse_client, scene, django_assert_num_queries)
    _grow(ward, nurse, 40)
    assert ward.stays.filter(ended_at__isnull=True).count() == 44
    _every_filter(nurse_client, scene, django_assert_num_queries)


# Saving the session: its UPDATE inside a savepoint (and the savepoint's release).
SESSION_WRITE = 3


def test_a_new_filter_costs_one_session_write_more(
    nurse_client, ward, nurse, monkeypatch, django_assert_num_queries
):
    board_clock_at(monkeypatch, at(AFTERNOON))
    make_scene(ward, nurse)
    nurse_client.get(f"/wards/{ward.code}/")
    with django_assert_num_queries(BOARD_QUERIES + SESSION_WRITE):
        nurse_client.get(f"/wards/{ward.code}/?status=due")
    with django_assert_num_queries(BOARD_QUERIES):
        nurse_client.get(f"/wards/{ward.code}/?status=due")


def test_choosing_my_patients_reads_the_wards_patients_once(
    nurse_client, ward, nurse, django_assert_num_queries
):
    make_scene(ward, nurse)
    nurse_client.get(f"/wards/{ward.code}/my-patients/")
    # Session, user, the nurse's wards (the ward and the navigation), the ward's patients.
    with django_assert_num_queries(4):
        nurse_client.get(f"/wards/{ward.code}/my-patients/")
    _grow(ward, nurse, 20)
    with django_assert_num_queries(4):
        nurse_client.get(f"/wards/{ward.code}/my-patients/")


def test_the_kept_whole_board_is_untouched_by_filtered_looks(
    nurse_client, ward, nurse, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    cache.clear()
    make_scene(ward, nurse)
    whole = f"/wards/{ward.code}/"
    nurse_client.get(whole)
    nurse_client.get(f"{whole}?status=due")
    nurse_client.get(whole)  # back to the whole board: the kept page, no board rows read
    # Session, user, the nurse's wards, the records' version.
    with django_assert_max_num_queries(4) as kept:
        nurse_client.get(whole)
    assert not any("checklists_entrypoint" in q["sql"] for q in kept.captured_queries)
    # A filtered look is built afresh each time (it is the reader's own), never kept.
    nurse_client.get(f"{whole}?status=due")
    with django_assert_max_num_queries(BOARD_QUERIES) as fresh:
        nurse_client.get(f"{whole}?status=due")
    assert any("checklists_entrypoint" in q["sql"] for q in fresh.captured_queries)
    cache.clear()
