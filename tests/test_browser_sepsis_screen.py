"""In a real Chromium, at the board's tablet and laptop sizes: a nurse records a peripheral
IV check with VIP 2, lands on the sepsis screen with its heading in view, records
observations that score NEWS2 6, reads the result, records the escalation, sees the
board's open flag ask for the next screen an hour later, then removes the line from the
flag and sees the flag closed. Screenshots in docs/screenshots/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.models import SepsisScreen

from .factories import make_entry_point, make_patient, make_user


def _tap(page, selector: str) -> None:
    """Tap an answer's button as a nurse does: the radio itself is hidden behind it."""
    page.click(f"label[for={page.get_attribute(selector, 'id')}]")


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (820, 1180)])
def test_a_sign_of_infection_leads_to_a_recorded_screen(live_server, chromium, ward, width, height):
    nurse = make_user("nurse", wards=[ward], username="amara", first_name="Amara")
    nurse.set_password("a-long-ward-password")
    nurse.save()
    now = timezone.now()
    patient = make_patient(
        ward=ward, full_name="Sunita Sharma", admitted_at=now - timedelta(days=3)
    )
    piv = make_entry_point(
        patient, "piv", body_site="Left hand", started_at=now - timedelta(days=1)
    )
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = f"{width}x{height}"
    try:
        page.goto(f"{live_server.url}/entry-points/{piv.public_id}/check/")
        page.fill("input[name=username]", "amara")
        page.fill("input[name=password]", "a-long-ward-password")
        page.click("button[type=submit]")
        _tap(page, "input[name=item_vip_score][value='2']")
        page.get_by_role("button", name="All as expected").first.click()

        heading = page.get_by_role("heading", name="Screen for sepsis now")
        heading.wait_for()
        assert _in_view(page, "h1"), "the screen's heading must be in view without scrolling"
        page.screenshot(path=str(SCREENSHOTS / f"sepsis_screen_form_{size}.png"), full_page=True)

        for name, value in (
            ("respiratory_rate", "22"),
            ("spo2", "95"),
            ("systolic_bp", "105"),
            ("pulse", "105"),
            ("temperature", "38.5"),
        ):
            page.fill(f"input[name={name}]", value)
        _tap(page, "input[name=air_or_oxygen][value=air]")
        _tap(page, "input[name=consciousness][value=alert]")
        page.get_by_role("button", name="Save screen").click()

        result = page.locator("[data-screen-result]")
        result.wait_for()
        assert "NEWS2 6" in result.inner_text()
        assert "Moderate risk" in result.inner_text()
        assert "antimicrobials within 3 hours" in result.inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"sepsis_screen_result_{size}.png"), full_page=True)
        screen = SepsisScreen.objects.get()
        assert (screen.news2, screen.recorded_by, screen.prompted_by.entry_point) == (6, nurse, piv)

        # NEWS2 6 calls for an urgent response: record who was told.
        _tap(page, "input[name=told_role][value=doctor]")
        page.fill("input[name=told_name]", "Dr Okafor")
        _tap(page, "input[name=reply][value=reviewed]")
        page.get_by_role("button", name="Save escalation").click()
        page.locator("[data-escalation]").wait_for()
        assert "Dr Okafor" in page.locator("[data-escalation]").inner_text()

        # The board: the next screen is due an hour after this one (hourly at 5-6).
        page.goto(f"{live_server.url}/wards/{ward.code}/")
        follow_up = page.locator(f"#patient-{patient.public_id} [data-screen-follow-up]")
        due = timezone.localtime(screen.observed_at + timedelta(hours=1))
        assert f"next screen due {due:%H:%M}" in " ".join(follow_up.inner_text().split())
        assert "escalation" not in follow_up.inner_text()
        # The open flag, at the top of the board: screen again at that time, review the line.
        flag = page.locator("#flags [data-flag]")
        assert flag.count() == 1
        rescreen = flag.locator("[data-step=rescreen]")
        assert f"Screen again by {due:%H:%M}" in " ".join(rescreen.inner_text().split())
        assert flag.locator("[data-step=escalate]").count() == 0
        assert _in_view(page, "#flags"), "the open flags must be in view without scrolling"
        page.screenshot(path=str(SCREENSHOTS / f"sepsis_board_{size}.png"), full_page=True)

        # Remove the line from the flag, in one step: the flag closes and leaves the board.
        flag.get_by_role("link", name="Remove or re-site").click()
        page.select_option("select[name=reason]", "Signs of infection or phlebitis")
        page.get_by_role("button", name="Record removal").click()
        closed = page.locator("[data-flag-history=closed]")
        closed.wait_for()
        assert "Device removed" in closed.inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"sepsis_flag_closed_{size}.png"), full_page=True)
        page.goto(f"{live_server.url}/wards/{ward.code}/")
        assert page.locator("#flags").count() == 0
    finally:
        context.close()


def _in_view(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height
