"""Shared ward computers: sessions end after 15 idle minutes and with the browser."""

import pytest

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
