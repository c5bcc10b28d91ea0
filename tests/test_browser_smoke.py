"""The browser harness itself: Debian's Chromium, driven by Playwright, against live_server.

Uses the Django admin login, which exists whatever the app's own pages look like."""

import pytest

from checklists.models import AuditEvent

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_an_administrator_in_through_a_real_browser(live_server, browser_page, admin_user):
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")

    page.wait_for_selector("text=Site administration")
    assert page.viewport_size == {"width": 1024, "height": 768}
    assert AuditEvent.objects.filter(actor=admin_user, action="auth.login").count() == 1


def test_it_shows_a_wrong_password_and_logs_the_failure(live_server, browser_page, admin_user):
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", "wrong")
    page.click("input[type=submit]")

    page.wait_for_selector(".errornote")
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1
