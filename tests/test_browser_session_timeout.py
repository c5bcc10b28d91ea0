"""In a real Chromium, with an idle limit of a few seconds: the page warns before the
session ends, "Stay signed in" keeps it without leaving the page, and a check saved
after the end is shown again, filled in, to the nurse who logs back in (and to nobody
else), saved only when she presses Save."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checklists.models import Check

from .factories import make_entry_point, make_patient, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-ward-password"
# Seconds: the session lasts IDLE without a request and the banner shows for the last
# WARN of them, so it appears IDLE - WARN seconds after a page loads.
IDLE = 10
WARN = 8


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_COOKIE_AGE = IDLE
    settings.SESSION_WARNING_SECONDS = WARN
    # Every request renews, so the limit is counted from the last page exactly.
    settings.SESSION_RENEW_SECONDS = 0


@pytest.fixture
def point(ward):
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    return make_entry_point(
        patient, "piv", body_site="Left hand", started_at=now - timedelta(days=1)
    )


def _nurse(ward, username: str):
    user = make_user("nurse", wards=[ward], username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(page, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _tap(page, selector: str) -> None:
    page.click(f"label[for={page.get_attribute(selector, 'id')}]")


def _fill_half(page) -> None:
    """A sign of infection and a note: what the nurse must not lose."""
    _tap(page, "input[name=item_vip_score][value='2']")
    page.fill("textarea[name=note]", "Redness 2 cm around the site")


def _wait_for_the_end(page) -> None:
    """The banner says the session has ended once IDLE seconds pass with no request."""
    ended = page.locator('#session-warning [data-session-state="ended"]')
    expect(ended).to_be_visible(timeout=(IDLE + 5) * 1000)


def test_the_warning_appears_and_stay_signed_in_keeps_the_session(
    live_server, browser_page, ward, point, short_sessions
):
    _nurse(ward, "ines")
    page = browser_page
    form_url = f"{live_server.url}/entry-points/{point.public_id}/check/"
    page.goto(form_url)
    _log_in(page, "ines")
    logged_in_at = time.monotonic()
    banner = page.locator("#session-warning")
    expect(banner).to_be_visible(timeout=(IDLE - WARN + 3) * 1000)
    countdown = int(banner.locator("[data-countdown]").inner_text())
    assert 0 < countdown <= WARN
    with page.expect_response(lambda r: r.url.endswith("/session/renew/")) as renewed:
        page.get_by_role("button", name="Stay signed in").click()
    assert renewed.value.status == 200 and renewed.value.json()["signed_in"] is True
    # Renewed: a whole IDLE from now, so the banner goes until WARN seconds before.
    expect(banner).to_be_hidden()
    # The page was never left: the nurse's answers are where she put them.
    assert page.url == form_url
    # Kept signed in from the banner alone, until the log-in is more than IDLE seconds
    # past: without the renewals the session would have ended by then.
    while time.monotonic() - logged_in_at <= IDLE + 1:
        expect(banner).to_be_visible(timeout=(IDLE - WARN + 3) * 1000)
        page.get_by_role("button", name="Stay signed in").click()
        expect(banner).to_be_hidden()
    page.reload()
    assert page.url == form_url
    assert page.get_by_role("button", name="All as expected").count() >= 1


def test_a_save_after_the_end_comes_back_filled_in_to_the_same_nurse_only_on_save(
    live_server, browser_page, ward, point, short_sessions
):
    nurse = _nurse(ward, "ines")
    page = browser_page
    form_url = f"{live_server.url}/entry-points/{point.public_id}/check/"
    page.goto(form_url)
    _log_in(page, "ines")
    _fill_half(page)
    _wait_for_the_end(page)
    page.get_by_role("button", name="Save").first.click()

    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.get_by_text("Your session ended after")).to_be_visible()
    assert Check.objects.count() == 0

    _log_in(page, "ines")
    assert page.url == form_url
    expect(page.get_by_text("filled in again below")).to_be_visible()
    expect(page.locator("input[name=item_vip_score][value='2']")).to_be_checked()
    expect(page.locator("textarea[name=note]")).to_have_value("Redness 2 cm around the site")
    assert Check.objects.count() == 0, "restored, not saved: the nurse has to press Save"

    page.get_by_role("button", name="All as expected").first.click()
    page.wait_for_url(lambda url: "/check/" not in url)
    check = Check.objects.get()
    assert check.recorded_by == nurse
    assert check.note == "Redness 2 cm around the site"
    assert check.answers.get(item__code="vip_score").value == "2"


def test_another_nurse_logging_in_after_the_end_gets_an_empty_form(
    live_server, browser_page, ward, point, short_sessions
):
    _nurse(ward, "ines")
    _nurse(ward, "joan")
    page = browser_page
    form_url = f"{live_server.url}/entry-points/{point.public_id}/check/"
    page.goto(form_url)
    _log_in(page, "ines")
    _fill_half(page)
    _wait_for_the_end(page)
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator("input[name=username]")).to_be_visible()

    _log_in(page, "joan")
    assert page.url == form_url
    expect(page.locator("textarea[name=note]")).to_have_value("")
    expect(page.locator("input[name=item_vip_score][value='2']")).not_to_be_checked()
    assert page.get_by_text("filled in again below").count() == 0
    assert Check.objects.count() == 0
