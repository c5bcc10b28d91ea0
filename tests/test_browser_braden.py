"""In a real Chromium: the pressure-injury form adds up the Braden total and names its
risk band as the nurse scores the six subscales (static/js/braden.js, under the Content
Security Policy). Leaves a screenshot in docs/screenshots/."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .factories import make_entry_point, make_patient, make_user


def _tap(page, selector: str) -> None:
    """Tap an answer's button as a nurse does: the radio itself is hidden behind it."""
    page.click(f"label[for={page.get_attribute(selector, 'id')}]")


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_the_form_shows_the_braden_total_as_it_is_filled(live_server, browser_page, ward):
    nurse = make_user("nurse", wards=[ward], username="ines")
    nurse.set_password("a-long-ward-password")
    nurse.save()
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=3))
    sore = make_entry_point(patient, "pressure", started_at=now - timedelta(days=1))
    page = browser_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/entry-points/{sore.public_id}/check/")
    page.fill("input[name=username]", "ines")
    page.fill("input[name=password]", "a-long-ward-password")
    page.click("button[type=submit]")
    total = page.locator("[data-braden-total]")
    expect(total).to_have_text("Braden total: 6 of 6 subscales still to score.")
    scores = {"sensory": 2, "moisture": 2, "activity": 3, "mobility": 2, "nutrition": 3}
    for name, value in scores.items():
        _tap(page, f"input[name=item_braden_{name}][value='{value}']")
    expect(total).to_have_text("Braden total: 1 of 6 subscales still to score.")
    _tap(page, "input[name=item_braden_friction][value='2']")
    expect(total).to_have_text("Braden total 14 of 23: moderate risk")
    _tap(page, "input[name=item_braden_sensory][value='1']")
    expect(total).to_have_text("Braden total 13 of 23: moderate risk")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "braden_total.png"), full_page=True)
    assert refused == []
