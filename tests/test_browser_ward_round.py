"""A nurse's round in a real Chromium: log in, record a check from the board, see it change.

Also leaves screenshots of the board and the form in docs/screenshots/.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.models import Check

from .factories import make_entry_point, make_patient, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_a_nurse_records_a_check_from_the_board(live_server, browser_page, ward):
    nurse = make_user("nurse", wards=[ward], username="zoe", first_name="Zoë", last_name="Brown")
    nurse.set_password("a-long-ward-password")
    nurse.save()
    now = timezone.now()
    for name in ("Nguyễn Thị Lan", "Łukasz Nowak", "王芳"):
        patient = make_patient(ward=ward, full_name=name, admitted_at=now - timedelta(days=4))
        make_entry_point(patient, "iuc", body_site="Urethral", started_at=now - timedelta(days=3))
    piv = make_entry_point(
        patient, "piv", body_site="Left forearm", started_at=now - timedelta(days=1)
    )
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/wards/{ward.code}/")
    page.fill("input[name=username]", "zoe")
    page.fill("input[name=password]", "a-long-ward-password")
    page.click("button[type=submit]")
    row = page.locator(f'tr[data-entry-point="{piv.public_id}"]')
    status = row.locator("[data-status]")
    assert status.get_attribute("data-status") in ("due", "overdue")
    page.screenshot(path=str(SCREENSHOTS / "ward_board.png"), full_page=True)

    row.get_by_role("link", name="Check").click()
    page.wait_for_selector("text=Peripheral IV daily check")
    page.screenshot(path=str(SCREENSHOTS / "check_form.png"), full_page=True)
    page.get_by_role("button", name="All as expected").first.click()

    page.wait_for_selector("text=saved for 王芳")
    status = page.locator(f'tr[data-entry-point="{piv.public_id}"] [data-status]')
    assert status.get_attribute("data-status") == "done"
    assert status.inner_text() == "Done"
    page.screenshot(path=str(SCREENSHOTS / "ward_board_after_check.png"), full_page=True)
    check = Check.objects.get()
    assert check.recorded_by == nurse and check.is_compliant
