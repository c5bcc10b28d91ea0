"""A form saved after the idle time-out is kept for the same nurse, never saved unasked,
and never shown to anyone else; "stay signed in" renews the session from the page."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from checklists import kept_forms
from checklists.models import Check

from .factories import PASSWORD, expected_answers, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _form_url(point) -> str:
    return f"/entry-points/{point.public_id}/check/"


def _answers() -> dict[str, str]:
    data = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    data["item_vip_score"] = "2"  # a sign of infection: an answer the nurse chose
    data["observed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data["note"] = "Redness 2 cm around the site"
    return data


def _timed_out_post(client: Client, point) -> object:
    """Open the form signed in, let the session end (its row gone, as after the idle
    time-out), then press Save."""
    assert client.get(_form_url(point)).status_code == 200
    Session.objects.all().delete()
    return client.post(_form_url(point), _answers())


def _log_in(client: Client, user, next_url: str = ""):
    """Log in as the log-in page's form does, with the page to go back to."""
    data = {"username": user.username, "password": PASSWORD, "next": next_url}
    return client.post(LOGIN, data)


def _kept_on_page(response) -> dict | None:
    html = response.content.decode()
    start = html.find('<script id="kept-form" type="application/json">')
    if start == -1:
        return None
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)


def test_a_save_after_the_time_out_saves_nothing_and_says_why_on_the_log_in_page(nurse_client, piv):
    response = _timed_out_post(nurse_client, piv)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={_form_url(piv)}"
    login_page = nurse_client.get(response["Location"])
    assert "Your session ended after 15 minutes without activity" in login_page.content.decode()
    assert Check.objects.count() == 0


def test_the_same_nurse_gets_her_form_back_filled_in_and_must_still_save(nurse, piv):
    client = Client()
    client.force_login(nurse)
    _timed_out_post(client, piv)
    logged_in = _log_in(client, nurse, _form_url(piv))
    assert logged_in.status_code == 302 and logged_in["Location"] == _form_url(piv)
    page = client.get(_form_url(piv))
    kept = _kept_on_page(page)
    assert kept is not None
    assert kept["item_vip_score"] == ["2"]
    assert kept["note"] == ["Redness 2 cm around the site"]
    assert "csrfmiddlewaretoken" not in kept
    assert "filled in again below" in page.content.decode()
    assert Check.objects.count() == 0
    # Offered once: the next page is the plain form.
    assert _kept_on_page(client.get(_form_url(piv))) is None
    # Saved only when she submits it, in her name.
    assert client.post(_form_url(piv), _answers()).status_code == 302
    assert Check.objects.get().recorded_by == nurse


def test_another_user_logging_in_on_that_browser_gets_an_empty_form(nurse, ward, piv):
    colleague = make_user("nurse", wards=[ward])
    client = Client()
    client.force_login(nurse)
    _timed_out_post(client, piv)
    _log_in(client, colleague, _form_url(piv))
    page = client.get(_form_url(piv))
    assert _kept_on_page(page) is None
    assert "filled in again" not in page.content.decode()
    # Dropped, not waiting for the first nurse either.
    assert kept_forms.KEPT not in client.session
    assert Check.objects.count() == 0


def test_a_post_without_a_genuine_identity_cookie_is_not_kept(nurse, piv):
    client = Client()
    client.force_login(nurse)
    client.get(_form_url(piv))
    Session.objects.all().delete()
    client.cookies[kept_forms.IDENTITY_COOKIE] = "forged:value"
    client.post(_form_url(piv), _answers())
    assert kept_forms.KEPT not in client.session
    _log_in(client, nurse, _form_url(piv))
    assert _kept_on_page(client.get(_form_url(piv))) is None


def test_the_kept_form_is_only_offered_on_its_own_page(nurse, ward, piv):
    client = Client()
    client.force_login(nurse)
    _timed_out_post(client, piv)
    _log_in(client, nurse, "/")
    client.get(f"/wards/{ward.code}/")
    assert _kept_on_page(client.get(_form_url(piv))) is None


def test_stay_signed_in_renews_the_session(nurse_client, ward):
    nurse_client.get(f"/wards/{ward.code}/")
    before = Session.objects.get().expire_date
    response = nurse_client.post("/session/renew/")
    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "seconds_left": 15 * 60}
    assert Session.objects.get().expire_date >= before


def test_stay_signed_in_after_the_end_answers_401_not_the_log_in_page(client):
    response = client.post("/session/renew/")
    assert response.status_code == 401
    assert response.json()["signed_in"] is False


def test_each_signed_in_page_says_how_long_the_session_lasts(nurse_client, ward):
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    assert 'data-seconds-left="900"' in html and 'data-warn-seconds="60"' in html
