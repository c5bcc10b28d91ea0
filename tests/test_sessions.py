"""Shared ward computers: sessions end after 15 idle minutes and with the browser."""

import time

import pytest

from checklists.security import RENEWED_AT

pytestmark = pytest.mark.django_db


def test_a_session_lasts_fifteen_idle_minutes_and_is_renewed_by_use(nurse_client, ward):
    nurse_client.get(f"/wards/{ward.code}/")
    assert nurse_client.session.get_expiry_age() == 15 * 60
    assert nurse_client.session.get_expire_at_browser_close()


def test_an_expired_session_must_log_in_again(nurse_client, ward):
    session = nurse_client.session
    session.set_expiry(-1)
    session.save()
    response = nurse_client.get(f"/wards/{ward.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def _expiries(client, ward, monkeypatch, seconds_between: int):
    """The stored expiry after one board view, and after another `seconds_between` after
    the session was last renewed (its log-in: counting from the view instead, the whole
    seconds the mark is kept in once put a view 59 s later past the minute, on CI)."""
    client.get(f"/wards/{ward.code}/")
    first = _stored_expiry(client)
    renewed = client.session[RENEWED_AT]
    monkeypatch.setattr(time, "time", lambda: renewed + seconds_between)
    client.get(f"/wards/{ward.code}/")
    return first, _stored_expiry(client)


def test_pages_read_within_a_minute_do_not_write_the_session(nurse_client, ward, monkeypatch):
    first, second = _expiries(nurse_client, ward, monkeypatch, 59)
    assert second == first


def test_a_page_read_a_minute_later_renews_the_idle_time_out(nurse_client, ward, monkeypatch):
    first, second = _expiries(nurse_client, ward, monkeypatch, 60)
    assert second > first


def test_a_visitor_who_is_not_logged_in_gets_no_stored_session(client):
    from django.contrib.sessions.models import Session

    client.get("/accounts/login/")
    client.get("/health/")
    assert Session.objects.count() == 0
