"""The keyboard alone, in a real Chromium: a nurse completes the daily check without the
mouse (Tab to each answer group, arrow keys and Space to choose, Tab to Save, Enter),
every control shows where the focus is, and the board's Check links are reached by Tab."""

from __future__ import annotations

from typing import Any

import pytest

from checklists.models import Check

from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What has the focus, and how it is shown: a radio of a btn-check group is hidden, so
# its ring is drawn on its label.
FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.classList.contains('btn-check')
    ? document.querySelector(`label[for="${e.id}"]`) : null;
  const shown = getComputedStyle(label || e);
  return {
    tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '', id: e.id || '',
    text: (label || e).innerText ? (label || e).innerText.trim() : '',
    href: e.getAttribute('href') || '', checked: !!e.checked,
    outline: shown.outlineStyle, outlineWidth: parseFloat(shown.outlineWidth) || 0,
  };
}"""


def _log_in(page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("form[action='/accounts/logout/']")


def _not_visibly_focused(focused: dict[str, Any]) -> str | None:
    if focused["outline"] != "none" and focused["outlineWidth"] >= 2:
        return None
    return f"{focused['tag']} {focused['id'] or focused['href'] or focused['text']!r}"


def test_a_nurse_completes_the_check_form_by_keyboard_alone(live_server, browser_page, nurse, piv):
    page = browser_page
    base = live_server.url
    _log_in(page, base, nurse)
    page.goto(f"{base}/entry-points/{piv.public_id}/check/")
    groups = page.eval_on_selector_all(
        "[role=radiogroup] input.btn-check", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(groups) == 6
    answered: list[str] = []
    unringed: list[str] = []
    saved = False
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            continue
        if (problem := _not_visibly_focused(focused)) is not None:
            unringed.append(problem)
        if focused["type"] == "radio" and focused["name"] not in answered:
            if not answered:
                # The arrow keys move along a group and choose as they go.
                page.keyboard.press("ArrowRight")
                assert page.evaluate(FOCUSED)["text"] == "No"
                page.keyboard.press("ArrowLeft")
                assert page.evaluate(FOCUSED)["text"] == "Yes"
            else:
                page.keyboard.press("Space")
            assert page.evaluate(FOCUSED)["checked"], focused
            answered.append(focused["name"])
        elif focused["text"] == "Save check" and len(answered) == len(groups):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            saved = True
            break
    assert answered == groups, "a group was never reached by Tab, or reached twice"
    assert saved, "Save check was never reached by Tab after the last answer"
    assert not unringed, f"focused without a visible outline: {unringed}"
    page.wait_for_selector("text=saved")
    check = Check.objects.get()
    assert check.recorded_by == nurse and check.is_compliant
    assert page.url.startswith(f"{base}/wards/")


def test_every_check_link_on_the_board_is_reached_by_tab(
    live_server, browser_page, ward, nurse, piv
):
    page = browser_page
    base = live_server.url
    _log_in(page, base, nurse)
    page.goto(f"{base}/wards/{ward.code}/")
    links = page.eval_on_selector_all(
        "main a.btn",
        "els => els.filter(e => e.innerText.trim() === 'Check').map(e => e.getAttribute('href'))",
    )
    assert links == [f"/entry-points/{piv.public_id}/check/"]
    reached: list[str] = []
    unringed: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            break
        if (problem := _not_visibly_focused(focused)) is not None:
            unringed.append(problem)
        reached.append(focused["href"])
    assert set(links) <= set(reached)
    assert not unringed, f"focused without a visible outline: {unringed}"
