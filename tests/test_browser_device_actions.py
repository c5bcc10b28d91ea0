"""Removing and re-siting a device from its row on the ward board, in a real Chromium on a
phone, a tablet and a desktop: back on the board the rows say what was done, the pages are
never wider than the screen and every control of the two forms is at least 44 px tall.
Screenshots in docs/screenshots/."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from checklists.models import EntryPoint

from .factories import days_ago, make_entry_point, make_patient, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(390, 844), (820, 1180), (1024, 768)]
PASSWORD = "a-long-ward-password"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture
def scene(ward):
    # Counted at midnight, so that a device removed now was counted this morning and
    # stays on the board marked removed, whatever the hour the test runs at (with the
    # usual 06:00 count, one removed in the night owes no check today and leaves it).
    ward.count_time = time(0, 0)
    ward.save()
    nurse = make_user("nurse", wards=[ward], username="zoe", first_name="Zoë")
    nurse.set_password(PASSWORD)
    nurse.save()
    patient = make_patient(ward=ward, admitted_at=days_ago(5, "09:00"), full_name="Ann Lee")
    old = make_entry_point(
        patient, "piv", started_at=days_ago(3, "09:00"), body_site="Left hand", created_by=nurse
    )
    other = make_entry_point(
        patient, "piv", started_at=days_ago(2, "09:00"), body_site="Left forearm", created_by=nurse
    )
    return ward, old, other


def _overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), width


def _controls_tall_enough(page) -> None:
    heights = page.eval_on_selector_all(
        "main form button, main form select, main form input:not([type=hidden]), main form a.btn",
        "els => els.filter(e => e.offsetParent)"
        ".map(e => [e.name || e.innerText, e.getBoundingClientRect().height])",
    )
    assert heights
    assert [(name, h) for name, h in heights if h < 44] == []


def _row(page, public_id) -> str:
    return page.locator(f"tr#entry-{public_id}").inner_text()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=lambda v: str(v))
def test_remove_and_resite_from_the_board(live_server, chromium, scene, width, height):
    ward, old, other = scene
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    board = f"{live_server.url}/wards/{ward.code}/"
    size = f"{width}x{height}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(board)
        page.fill("input[name=username]", "zoe")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("table.board-table")
        _overflow(page)

        # Remove: one click on the row, one on the form.
        page.click(f"tr#entry-{other.public_id} a[data-action=remove]")
        page.wait_for_selector("select[name=reason]")
        _overflow(page)
        _controls_tall_enough(page)
        page.screenshot(path=str(SCREENSHOTS / f"bedside_remove_{size}.png"), full_page=True)
        page.select_option("select[name=reason]", "No longer needed")
        page.get_by_role("button", name="Record removal").click()
        page.wait_for_url(f"**/wards/{ward.code}/?saved={other.public_id}#entry-{other.public_id}")
        assert "removed" in _row(page, other.public_id)
        assert "Just saved" in _row(page, other.public_id)
        assert "recorded as removed." in page.inner_text("body")

        # Re-site: one click on the row, then reason and new site, one click to save.
        page.click(f"tr#entry-{old.public_id} a[data-action=resite]")
        page.wait_for_selector("select[name=site]")
        _overflow(page)
        _controls_tall_enough(page)
        page.screenshot(path=str(SCREENSHOTS / f"bedside_resite_{size}.png"), full_page=True)
        page.select_option("select[name=reason]", "Routine re-site")
        page.select_option("select[name=site]", "Right forearm")
        page.get_by_role("button", name="Re-site").click()
        page.wait_for_selector("text=re-sited: removed from")
        new = EntryPoint.objects.get(patient=old.patient, removed_at__isnull=True)
        assert page.url == f"{board}?saved={new.public_id}#entry-{new.public_id}"
        assert "Just saved" in _row(page, new.public_id)
        assert "Right forearm" in _row(page, new.public_id)
        assert "removed" in _row(page, old.public_id)
        assert (
            "Peripheral IV re-sited: removed from Left hand, new one in Right forearm."
            in page.inner_text("body")
        )
        _overflow(page)
        page.screenshot(
            path=str(SCREENSHOTS / f"bedside_board_after_resite_{size}.png"), full_page=True
        )
    finally:
        context.close()
