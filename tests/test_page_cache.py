"""The ward board and the hospital overview are kept rendered until a write or the clock
could change them (checklists.page_cache): a kept page must never show less than a
fresh one would."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from checklists import board, days, measures
from checklists.measures import Period
from checklists.models import Ward

from .factories import day_back, make_check, make_entry_point, make_patient, record_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _board(client, ward) -> str:
    response = client.get(f"/wards/{ward.code}/")
    assert response.status_code == 200
    return response.content.decode()


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _status_of(html: str, point) -> str:
    row = html.split(f'data-entry-point="{point.public_id}"', 1)[1]
    return row.split('data-status="', 1)[1].split('"', 1)[0]


def _board_clock_at(monkeypatch, moment):
    # The view's clock only: the session and the log-in keep the real one.
    monkeypatch.setattr("checklists.views.board.timezone", SimpleNamespace(now=lambda: moment))


def test_a_second_look_at_the_board_reads_no_board_rows(
    nurse_client, ward, piv, django_assert_max_num_queries
):
    first = _board(nurse_client, ward)
    # Session, user, ward, the permission to record, navigation and the records' version.
    with django_assert_max_num_queries(7) as captured:
        again = _board(nurse_client, ward)
    # The same board; only the log-out form's masked CSRF token differs per page.
    assert _main(again) == _main(first)
    assert not any("checklists_entrypoint" in q["sql"] for q in captured.captured_queries)


def test_a_recorded_check_shows_on_the_next_look(nurse_client, ward, nurse, piv):
    assert _status_of(_board(nurse_client, ward), piv) in {"due", "overdue"}
    make_check(piv, nurse)
    assert _status_of(_board(nurse_client, ward), piv) == "done"


def test_a_due_check_turns_overdue_on_time_with_no_new_record(nurse_client, ward, piv, monkeypatch):
    overdue_at = days.overdue_moment(timezone.localdate(), ward)
    _board_clock_at(monkeypatch, overdue_at - timedelta(minutes=1))
    assert _status_of(_board(nurse_client, ward), piv) == "due"
    _board_clock_at(monkeypatch, overdue_at + timedelta(minutes=1))
    assert _status_of(_board(nurse_client, ward), piv) == "overdue"


def test_a_ward_renamed_on_the_admin_site_shows_at_once(admin_user, ward):
    admin_client = Client()
    admin_client.force_login(admin_user)
    assert ward.name in _board(admin_client, ward)
    response = admin_client.post(
        f"/admin/checklists/ward/{ward.pk}/change/",
        {
            "code": ward.code,
            "name": "Renamed ward",
            "beds": ward.beds,
            "count_time": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Ward.objects.get(pk=ward.pk).name == "Renamed ward"
    # In the board's heading (the admin site's "changed" message names it too).
    heading = _board(admin_client, ward).split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "Renamed ward" in heading


def test_the_dwell_prompt_says_when_it_next_reads_otherwise(ward, settings):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=5))
    review = settings.PIV_REVIEW_HOURS
    young = make_entry_point(patient, "piv", started_at=now - timedelta(hours=review - 2))
    old = make_entry_point(patient, "piv", started_at=now - timedelta(hours=80, minutes=12))
    assert board._dwell_prompt_changes_at(young, now) == young.started_at + timedelta(hours=review)
    assert board._dwell_prompt_changes_at(old, now) == old.started_at + timedelta(hours=80.5)
    urinary = make_entry_point(patient, "iuc", started_at=now - timedelta(days=30))
    assert board._dwell_prompt_changes_at(urinary, now) is None
    built = board.build_ward_board(ward, now)
    assert now < built.changes_at <= young.started_at + timedelta(hours=review)


def test_the_overview_is_kept_until_a_check_is_recorded(manager_client, ward, nurse, piv):
    def cell() -> str:
        html = manager_client.get("/dashboard/?period=4weeks").content.decode()
        return html.split(f'data-ward="{ward.code}" data-kind="piv"', 1)[1].split("</td>", 1)[0]

    before = cell()
    assert cell() == before
    # Yesterday's check, written in time: it changes the cell at any hour (before 06:00
    # today's patient-days are not counted yet, so today's check would not show).
    record_on(piv, nurse, day_back(1))
    assert cell() != before


def test_figures_next_change_at_a_count_a_deadline_or_midnight(ward):
    today = timezone.localdate()
    period = Period(today - timedelta(days=27), today)
    count_at = days.count_moment(today, ward)
    assert measures.next_change([ward], period, count_at - timedelta(minutes=1)) == count_at
    yesterday_deadline = measures.deadline(today - timedelta(days=1))
    after_count = count_at + timedelta(minutes=1)
    if after_count < yesterday_deadline:
        assert measures.next_change([ward], period, after_count) == yesterday_deadline
    late = days.end_of_day(today) - timedelta(minutes=1)
    assert measures.next_change([ward], period, late) == days.end_of_day(today)


def test_a_log_in_leaves_the_kept_board_be(nurse_client, ward, piv, nurse):
    from checklists.page_cache import records_version

    _board(nurse_client, ward)
    before = records_version()
    Client().force_login(nurse)  # logs an audit event, changes no record
    assert records_version() == before
    make_check(piv, nurse)
    assert records_version() > before
