"""The board's filters in a real Chromium, on a phone, a tablet and a desktop: the page is
never wider than the screen, every action is at least 44 px tall, and the filters and the
search show what they say. Screenshots in docs/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest

from .board_scene import AFTERNOON, at, board_clock_at, make_scene
from .factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [(390, 844), (820, 1180), (1024, 768), (360, 740)]
PASSWORD = "a-long-ward-password"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture
def scene(ward, monkeypatch):
    nurse = make_user("nurse", wards=[ward], username="zoe", first_name="Zoë")
    nurse.set_password(PASSWORD)
    nurse.save()
    board_clock_at(monkeypatch, at(AFTERNOON))
    return make_scene(ward, nurse)


def _shown_rows(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "tr[data-entry-point]", "rows => rows.map(r => r.dataset.entryPoint)"
        )
    )


def _no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), width


def _actions_tall_enough(page) -> None:
    heights = page.eval_on_selector_all(
        "main a.btn, main button, main .board-count, main select, main input[type=search]",
        "els => els.filter(e => e.offsetParent)"
        ".map(e => [e.innerText || e.name, e.getBoundingClientRect().height])",
    )
    assert heights
    small = [(name, h) for name, h in heights if h < 44]
    assert small == []


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=lambda v: str(v))
def test_the_filters_work_and_fit_the_screen(live_server, chromium, scene, width, height):
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    ids = {
        name: str(getattr(scene, name).public_id)
        for name in ("ann_piv", "ann_iuc", "bob_cvc", "bob_wound", "cat_piv")
    }
    board = f"{live_server.url}/wards/{scene.ward.code}/"
    try:
        page.goto(board)
        page.fill("input[name=username]", "zoe")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("table.board-table")
        assert _shown_rows(page) == set(ids.values())
        _no_overflow(page)
        _actions_tall_enough(page)
        is_table = page.evaluate(
            "getComputedStyle(document.querySelector('tr[data-entry-point]')).display"
        )
        assert is_table == ("table-row" if width >= 768 else "flex")

        # The form: a status, Apply.
        page.select_option("select[name=status]", "overdue")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**status=overdue**")
        assert _shown_rows(page) == {ids["ann_iuc"], ids["bob_wound"]}
        assert page.locator("[data-shown]").inner_text() == "Showing 2 of 4 patients"
        _no_overflow(page)

        # The search, by hospital number, with the status cleared.
        page.select_option("select[name=status]", "")
        page.fill("input[name=q]", "hb2002")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**q=hb2002**")
        assert _shown_rows(page) == {ids["bob_cvc"], ids["bob_wound"]}
        _no_overflow(page)

        # A header count is a link to its filter, marked once chosen.
        page.locator("[data-summary=flagged]").click()
        page.wait_for_url("**status=flagged")
        assert _shown_rows(page) == {ids["bob_cvc"], ids["cat_piv"]}
        assert page.locator("[data-summary=flagged]").get_attribute("aria-current") == "true"
        _no_overflow(page)
        _actions_tall_enough(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"bedside_board_flagged_{width}x{height}.png"), full_page=True
        )

        # Nothing found: a message and a way back.
        page.fill("input[name=q]", "nobody here")
        page.get_by_role("button", name="Apply").click()
        page.wait_for_selector("[data-board-empty]")
        page.get_by_role("link", name="Clear the filter").click()
        page.wait_for_selector("table.board-table")
        assert _shown_rows(page) == set(ids.values())
        _no_overflow(page)
    finally:
        context.close()
