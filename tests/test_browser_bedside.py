"""In a real Chromium at a phone's, a tablet's and a ward PC's size: the routine check
and a check with a failed item, from the board and back to it. No page scrolls
sideways, every answer and button on the check form is a tap target of at least 44 px,
"All as expected" is in view when the form opens, and the saved row and its
confirmation are in view on the board. Screenshots in docs/screenshots/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checklists.models import Check, Stay

from .factories import make_entry_point, make_patient, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = [(390, 844), (820, 1180), (1024, 768)]
PASSWORD = "a-long-ward-password"
# The usual guideline for a finger's tap target, in CSS pixels.
TAP = 44


@pytest.fixture
def ward_round(ward):
    """A bay of six patients, each with a peripheral IV, one also with a catheter."""
    now = timezone.now()
    points = []
    for bed in range(1, 7):
        patient = make_patient(
            ward=ward, full_name=f"Patient {bed}", admitted_at=now - timedelta(days=3)
        )
        Stay.objects.filter(patient=patient).update(bed=f"{bed:02d}")
        points.append(
            make_entry_point(
                patient, "piv", body_site="Left forearm", started_at=now - timedelta(days=2)
            )
        )
    make_entry_point(patient, "iuc", body_site="Urethral", started_at=now - timedelta(days=2))
    user = make_user("nurse", wards=[ward], username="ines", first_name="Ines")
    user.set_password(PASSWORD)
    user.save()
    return points


def _overflow(page) -> int:
    """How far the page is wider than the screen, in px (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _small_targets(page) -> list[str]:
    """The form's controls a finger would tap that are smaller than TAP px either way."""
    return page.evaluate(
        """(tap) => {
          const small = [];
          const controls = document.querySelectorAll(
            'main form .segmented label, main form button, main form select, main form textarea, '
            + 'main form input:not([type=hidden]):not(.btn-check)');
          for (const el of controls) {
            const box = el.getBoundingClientRect();
            if (box.width < tap || box.height < tap) {
              const name = (el.textContent || el.name).trim().slice(0, 30);
              small.push(`${el.tagName.toLowerCase()} "${name}" `
                + `${Math.round(box.width)}x${Math.round(box.height)}`);
            }
          }
          return small;
        }""",
        TAP,
    )


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _tap(page, selector: str) -> None:
    page.click(f"label[for={page.get_attribute(selector, 'id')}]")


def _open_check(page, point) -> None:
    row = page.locator(f"#entry-{point.public_id}")
    row.get_by_role("link", name="Check").click()
    page.wait_for_url(f"**/entry-points/{point.public_id}/check/")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_routine_and_the_failed_item_check_work_at_every_size(
    live_server, chromium, ward, ward_round, width, height
):
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    size = f"{width}x{height}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{live_server.url}/wards/{ward.code}/")
        page.fill("input[name=username]", "ines")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/wards/{ward.code}/")
        assert _overflow(page) <= 0, f"the board scrolls sideways at {size}"
        # The menu: behind the toggler on a phone, but Log out is always reachable.
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        if toggler.is_visible():
            toggler.click()
        page.screenshot(path=str(SCREENSHOTS / f"bedside_board_{size}.png"))

        # The routine check: Check, then All as expected.
        routine = ward_round[0]
        _open_check(page, routine)
        assert _overflow(page) <= 0, f"the check form scrolls sideways at {size}"
        assert _small_targets(page) == [], f"tap targets under {TAP} px at {size}"
        fast = page.get_by_role("button", name="All as expected").first
        assert _in_view(page, fast), f"All as expected needs scrolling at {size}"
        page.screenshot(path=str(SCREENSHOTS / f"bedside_check_form_{size}.png"), full_page=True)
        fast.click()
        page.wait_for_url(f"**/wards/{ward.code}/**#entry-{routine.public_id}")
        row = page.locator(f"#entry-{routine.public_id}")
        expect(row.locator("[data-status]")).to_have_attribute("data-status", "done")
        expect(row, f"the saved row is out of view at {size}").to_be_in_viewport(ratio=1)
        message = page.locator(".messages .alert").first
        expect(message).to_be_visible()
        expect(message, f"the confirmation is out of view at {size}").to_be_in_viewport(ratio=1)
        assert _overflow(page) <= 0
        page.screenshot(path=str(SCREENSHOTS / f"bedside_board_after_check_{size}.png"))

        # A failed item: the dressing is not clean and intact, the rest as usual.
        failed = ward_round[4]
        _open_check(page, failed)
        _tap(page, "input[name=item_site_inspected][value=no]")
        page.get_by_role("button", name="All as expected").first.click()
        page.wait_for_url(f"**/wards/{ward.code}/**#entry-{failed.public_id}")
        row = page.locator(f"#entry-{failed.public_id}")
        expect(row.locator("[data-status]")).to_have_attribute("data-status", "failed")
        expect(row).to_contain_text("Site looked at and felt through the dressing")
        expect(row, f"the saved row is out of view at {size}").to_be_in_viewport(ratio=1)
        assert _overflow(page) <= 0

        checks = Check.objects.order_by("recorded_at")
        assert [c.entry_point_id for c in checks] == [routine.pk, failed.pk]
        assert [c.is_compliant for c in checks] == [True, False]
    finally:
        context.close()
