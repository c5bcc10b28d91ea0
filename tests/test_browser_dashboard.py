"""A unit manager's dashboards in a real Chromium: log in, find the red cell on the
hospital overview, follow it to exactly the checks that failed, and look at the ward.

The scene, worked out by hand (default period: the last 4 weeks including today;
today's checks are still open and count nowhere):

- Nguyễn Thị Lan, peripheral IV in place since 5 days ago (before the 06:00 count):
  due on days -5..-1. Days -5, -2, -1 compliant; day -4 fails "Dressing clean, dry
  and intact"; day -3 missed.
- Łukasz Nowak, peripheral IV since 2 days ago: days -2 and -1 compliant.
- Nguyễn Thị Lan also has a urinary catheter since 2 days ago: both days compliant.

So the ward's PIV cell is 5 compliant of 7 settled = 71.4% (red, target 95%) with 1
missed, the IUC cell 100% (green), and the PIV drill-down lists 2 checks.

Also leaves screenshots of the three pages in docs/screenshots/.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.models import Role

from .factories import (
    days_ago,
    expected_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
DRESSING = "Dressing clean, dry and intact"


def _check_on(point, nurse, days_back: int, answers=None):
    """The day's check, recorded on that day in good time (10:00, written at 11:00)."""
    day = timezone.localdate() - timedelta(days=days_back)
    return make_check(
        point,
        nurse,
        observed_at=local_time(day, "10:00"),
        now=local_time(day, "11:00"),
        answers=answers,
    )


def _log_in(page, username: str, password: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_a_manager_follows_a_red_cell_to_the_failing_checks(live_server, browser_page, ward):
    manager = make_user(
        Role.MANAGER, wards=[ward], username="mona", first_name="Mona", last_name="Patel"
    )
    manager.set_password("a-long-manager-password")
    manager.save()
    nurse = make_user(Role.NURSE, wards=[ward], username="zoe", first_name="Zoë", last_name="Brown")

    lan = make_patient(ward=ward, full_name="Nguyễn Thị Lan", admitted_at=days_ago(10, "09:00"))
    lan_piv = make_entry_point(
        lan, "piv", body_site="Left forearm", started_at=days_ago(5, "05:00"), created_by=nurse
    )
    _check_on(lan_piv, nurse, 5)
    _check_on(lan_piv, nurse, 4, answers=expected_answers("piv") | {"dressing_intact": "no"})
    # Day -3: nothing recorded, so missed.
    _check_on(lan_piv, nurse, 2)
    _check_on(lan_piv, nurse, 1)
    lan_iuc = make_entry_point(
        lan, "iuc", body_site="Urethral", started_at=days_ago(2, "05:00"), created_by=nurse
    )
    _check_on(lan_iuc, nurse, 2)
    _check_on(lan_iuc, nurse, 1)

    lukasz = make_patient(ward=ward, full_name="Łukasz Nowak", admitted_at=days_ago(10, "09:00"))
    lukasz_piv = make_entry_point(
        lukasz, "piv", body_site="Right hand", started_at=days_ago(2, "05:00"), created_by=nurse
    )
    _check_on(lukasz_piv, nurse, 2)
    _check_on(lukasz_piv, nurse, 1)

    page = browser_page
    page.set_viewport_size(VIEWPORT)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # Log in through the real login page, then take the nav bar's "Dashboards" link.
    page.goto(f"{live_server.url}/")
    _log_in(page, "mona", "a-long-manager-password")
    page.get_by_role("link", name="Dashboards").click()
    page.wait_for_selector("h1:has-text('Hospital overview')")
    assert page.url.startswith(f"{live_server.url}/dashboard/")

    piv_cell = page.locator(f'td.overview-cell[data-ward="{ward.code}"][data-kind="piv"]')
    assert "tone-bad" in piv_cell.get_attribute("class").split()
    assert piv_cell.locator("a.compliance").inner_text() == "71.4%"
    assert "1 missed" in piv_cell.inner_text()
    iuc_cell = page.locator(f'td.overview-cell[data-ward="{ward.code}"][data-kind="iuc"]')
    assert "tone-good" in iuc_cell.get_attribute("class").split()
    assert iuc_cell.locator("a.compliance").inner_text() == "100.0%"
    # The colour really shows: Bootstrap paints table cells with an inset shadow.
    painted = "el => getComputedStyle(el).boxShadow + ' ' + getComputedStyle(el).backgroundColor"
    assert "rgb(248, 215, 218)" in piv_cell.evaluate(painted)  # red
    assert "rgb(209, 231, 221)" in iuc_cell.evaluate(painted)  # green
    # The red cell found the way a manager would: the only red one on the page for this ward.
    red = page.locator(f'td.overview-cell.tone-bad[data-ward="{ward.code}"]')
    assert red.count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "dashboard_overview.png"), full_page=True)

    piv_cell.locator("a.compliance").click()
    page.wait_for_selector("p[data-count]")
    assert "/dashboard/checks/" in page.url
    assert "show=not_compliant" in page.url and "kind=piv" in page.url
    assert page.locator("p[data-count]").get_attribute("data-count") == "2"
    rows = page.locator("#table-checks tbody tr")
    assert rows.count() == 2
    failing, missed = rows.nth(0), rows.nth(1)  # sorted by day: -4 then -3
    failing_text = failing.inner_text()
    assert "Nguyễn Thị Lan" in failing_text
    assert "Not compliant" in failing_text
    assert DRESSING in failing_text
    assert "Zoë Brown" in failing_text
    missed_text = missed.inner_text()
    assert "Nguyễn Thị Lan" in missed_text and "Missed" in missed_text
    assert "Łukasz Nowak" not in page.locator("#table-checks").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "dashboard_checks.png"), full_page=True)

    page.goto(f"{live_server.url}/wards/{ward.code}/dashboard/")
    page.wait_for_selector("[data-headline=compliance]")
    # All kinds: 7 compliant (5 PIV + 2 IUC) of 9 settled.
    assert page.locator("[data-headline=compliance]").inner_text() == "77.8%"
    assert DRESSING in page.locator("#table-items").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "dashboard_ward.png"), full_page=True)
