"""The log-in page's warning before django-axes locks a username: "2 attempts left"
after the third wrong password, "1 attempt left" after the fourth, the lock-out page
after the fifth. Counted from axes' own records, for any username typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _fail(client: Client, username: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "wrong-password"})
    return response


def _warning(response) -> str | None:
    """The warning's text, tags and spacing dropped; None when there is none."""
    found = re.search(
        r"<div[^>]*data-attempts-left[^>]*>(.*?)</div>", response.content.decode(), re.S
    )
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else None


def test_the_first_two_wrong_passwords_give_no_warning(nurse):
    client = Client()
    assert _warning(_fail(client, nurse.username, 1)) is None
    response = _fail(client, nurse.username, 1)
    assert response.status_code == 200
    assert _warning(response) is None
    assert "Please enter a correct username and password" in response.content.decode()


def test_after_three_wrong_passwords_the_page_says_two_attempts_are_left(nurse):
    response = _fail(Client(), nurse.username, 3)
    assert response.status_code == 200
    assert _warning(response) == ("2 attempts left before this username is locked for 15 minutes.")


def test_after_four_wrong_passwords_the_page_says_one_attempt_is_left(nurse):
    response = _fail(Client(), nurse.username, 4)
    assert response.status_code == 200
    assert _warning(response) == "1 attempt left before this username is locked for 15 minutes."


def test_the_fifth_wrong_password_shows_the_locked_out_page(nurse):
    response = _fail(Client(), nurse.username, 5)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert _warning(response) is None


def test_a_username_nobody_has_is_warned_alike(nurse):
    """The warning tells nothing axes' lock does not: it comes for any username typed."""
    known = _fail(Client(), nurse.username, 3)
    unknown = _fail(Client(), "nobody-by-this-name", 3)
    assert _warning(unknown) == _warning(known) is not None
    assert _fail(Client(), "nobody-by-this-name", 2).status_code == 429


def test_the_count_is_per_username_not_per_computer(nurse, other_nurse):
    client = Client()
    _fail(client, nurse.username, 4)
    assert _warning(_fail(client, other_nurse.username, 1)) is None


def test_failures_older_than_the_cool_off_no_longer_count(nurse):
    _fail(Client(), nurse.username, 4)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _warning(_fail(Client(), nurse.username, 1)) is None


def test_a_right_password_starts_the_count_again(nurse):
    client = Client()
    _fail(client, nurse.username, 4)
    assert client.post(LOGIN, {"username": nurse.username, "password": PASSWORD}).status_code == 302
    assert _warning(_fail(Client(), nurse.username, 1)) is None


def test_an_empty_username_gives_no_warning():
    response = Client().post(LOGIN, {"username": "", "password": "x"})
    assert response.status_code == 200
    assert _warning(response) is None
