"""WCAG 2.1 AA in a real Chromium: axe-core on every page each persona may open.

The pages come from the permission matrix: for each persona, every case whose GET it
answers with 200, at the URL the matrix's `urls` fixture builds from real records
(pages that are not HTML, such as the CSV downloads, are left out). Each persona has
one browser context and logs in once through the login form.

axe-core (node_modules/axe-core, pinned in package.json) is evaluated in the page
through the DevTools protocol, which the app's CSP does not govern; the CSP stays as
it is. Only serious and critical violations fail: 0 of them are allowed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from . import test_permission_matrix as matrix
from .conftest import skip_or_fail
from .factories import PASSWORD
from .test_permission_matrix import CASES, MATRIX, PERSONAS, USER_FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The matrix's own fixture: the URL of every case, built from real records.
urls = matrix.urls

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        skip_or_fail(f"{AXE_JS} is missing; `make node_modules` installs axe-core")
    return AXE_JS.read_text(encoding="utf-8")


def pages_for(persona: str, urls: dict[str, str]) -> list[str]:
    """Every URL the matrix lets this persona GET (200), in the matrix's order."""
    column = PERSONAS.index(persona)
    return [urls[case] for case in CASES if MATRIX[case, "GET"][column] == 200]


def html_only(request, persona: str, pages: list[str]) -> list[str]:
    """The pages among these that answer with HTML (not a CSV, not the health check)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(USER_FIXTURES[persona]))
    return [url for url in pages if client.get(url)["Content-Type"].startswith("text/html")]


def axe_problems(page, axe_source: str, where: str) -> list[str]:
    """The serious and critical WCAG A/AA violations on the page as it is now."""
    page.evaluate(axe_source)
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_AA)
    return [
        f"{where}: {v['impact']} {v['id']} ({v['help']}) on {len(v['targets'])}: "
        + ", ".join(v["targets"][:4])
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("form[action='/accounts/logout/']")


def _new_context(chromium):
    return chromium.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")


def _everyone(request) -> None:
    # Every persona exists, so "another ward" has its staff, as in the matrix test.
    for fixture in USER_FIXTURES.values():
        request.getfixturevalue(fixture)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_may_open_has_no_serious_axe_violations(
    request, persona, urls, live_server, chromium, axe_source
):
    _everyone(request)
    pages = html_only(request, persona, pages_for(persona, urls))
    assert pages, f"{persona} may open no page at all?"
    viewports = [DESKTOP, PHONE] if persona == "nurse" else [DESKTOP]
    context = _new_context(chromium)
    page = context.new_page()
    problems: list[str] = []
    try:
        if persona != "anonymous":
            _log_in(page, live_server.url, request.getfixturevalue(USER_FIXTURES[persona]).username)
        for viewport in viewports:
            page.set_viewport_size(viewport)
            for url in pages:
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.status == 200, url
                where = f"{url} at {viewport['width']}x{viewport['height']}"
                problems += axe_problems(page, axe_source, where)
    finally:
        context.close()
    assert not problems, f"{persona}: {len(problems)} violations\n  " + "\n  ".join(problems)


def test_forms_showing_their_errors_have_no_serious_axe_violations(
    request, urls, live_server, chromium, axe_source, nurse
):
    _everyone(request)
    context = _new_context(chromium)
    page = context.new_page()
    problems: list[str] = []
    base = live_server.url
    try:
        # The login form after three wrong passwords: its error and the warning that two
        # attempts are left before the lock.
        page.goto(f"{base}/accounts/login/")
        for _ in range(3):
            page.fill("input[name=username]", nurse.username)
            page.fill("input[name=password]", "not-the-password")
            page.click("main button[type=submit]")
            page.wait_for_selector(".alert-danger, .invalid-feedback, .errorlist")
        assert page.locator("[data-attempts-left='2']").count() == 1
        problems += axe_problems(page, axe_source, "login, three wrong passwords")

        _log_in(page, base, nurse.username)
        forms = {
            "check form, nothing answered": (
                urls["checklists:check-record"],
                "main form button[type=submit]:not([name])",
            ),
            "admit form, empty": (urls["checklists:patient-admit"], "main form .btn-primary"),
            "entry point add form, empty": (
                urls["checklists:entry-point-add ?kind=piv"],
                "main form .btn-primary",
            ),
        }
        for name, (url, submit) in forms.items():
            page.goto(f"{base}{url}")
            page.locator(submit).first.click()
            page.wait_for_selector(".invalid-feedback, .alert-danger")
            problems += axe_problems(page, axe_source, f"{name} ({url})")
    finally:
        context.close()
    assert not problems, f"{len(problems)} violations\n  " + "\n  ".join(problems)


def test_the_violation_report_names_page_rule_and_targets(live_server, chromium, axe_source):
    """The harness itself: a page with a known failure is reported as such."""
    context = _new_context(chromium)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.evaluate("document.querySelector('input[name=username]').id = 'unlabelled'")
        page.evaluate("document.querySelector('label[for=id_username]').remove()")
        problems = axe_problems(page, axe_source, "/accounts/login/")
    finally:
        context.close()
    assert any("critical label" in p and "#unlabelled" in p for p in problems), json.dumps(problems)
