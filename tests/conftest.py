"""Personas, logged-in clients and the browser, shared by every test module.

Wards: `ward` (W1) and `other_ward` (W2). Staff: a nurse and a manager on each,
an auditor and an administrator who see every ward.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection
from django.test import Client

from checklists.clinical_defaults import install_default_templates
from checklists.models import ChecklistItem, ChecklistTemplate, Role
from tests.factories import (
    days_ago,
    make_check,
    make_entry_point,
    make_patient,
    make_user,
    make_ward,
)

# Playwright's sync API runs an event loop in the test thread, and Django refuses
# ORM calls from a thread with a running loop unless told this is safe. Here it
# is: the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing dependency skips the test; in CI it must fail loudly."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Factories write rows directly, without the audit events that tell
    checklists.page_cache a page may have changed; tests/test_page_cache.py turns it on."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked `postgres` need PostgreSQL (DATABASE_URL=postgres://...)."""
    if request.node.get_closest_marker("postgres") is None:
        return
    if connection.vendor != "postgresql":
        skip_or_fail(
            f"needs PostgreSQL but the database is {connection.vendor}; "
            "run `make test-postgres` or `CI=true make test`"
        )


@pytest.fixture(autouse=True)
def _shipped_templates(request):
    """Put back the checklist templates that migration 0002 ships.

    Transactional tests (`live_server`, `transaction=True`) end by emptying every
    table, data migrations included, so without this a later one finds no template."""
    marker = request.node.get_closest_marker("django_db")
    asked = marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    transactional = bool(asked) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        install_default_templates(ChecklistTemplate, ChecklistItem)


# --- Wards and people -----------------------------------------------------------------


@pytest.fixture
def ward(db):
    return make_ward(code="W1", name="Ward One")


@pytest.fixture
def other_ward(db):
    return make_ward(code="W2", name="Ward Two")


@pytest.fixture
def nurse(ward):
    return make_user(Role.NURSE, wards=[ward], username="nina", first_name="Nina")


@pytest.fixture
def other_nurse(other_ward):
    return make_user(Role.NURSE, wards=[other_ward], username="oscar", first_name="Oscar")


@pytest.fixture
def manager(ward):
    return make_user(Role.MANAGER, wards=[ward], username="maria", first_name="Maria")


@pytest.fixture
def other_manager(other_ward):
    return make_user(Role.MANAGER, wards=[other_ward], username="otto", first_name="Otto")


@pytest.fixture
def auditor(db):
    return make_user(Role.AUDITOR, username="audrey", first_name="Audrey")


@pytest.fixture
def admin_user(db):
    return make_user(
        Role.ADMIN, username="adam", first_name="Adam", is_staff=True, is_superuser=True
    )


# --- A patient on the ward with a peripheral IV, for service tests -------------------


@pytest.fixture
def patient(ward):
    return make_patient(ward=ward, admitted_at=days_ago(10, "09:00"))


@pytest.fixture
def piv(patient, nurse):
    return make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"), created_by=nurse)


@pytest.fixture
def stay(patient, piv, nurse):
    """The patient on Ward One for the last ten days, their peripheral IV checked yesterday."""
    make_check(piv, nurse, observed_at=days_ago(1, "10:00"), now=days_ago(1, "11:00"))
    return patient


def _logged_in(user) -> Client:
    # A client of its own per persona, so two of them can be used in one test.
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nurse_client(nurse):
    return _logged_in(nurse)


@pytest.fixture
def other_nurse_client(other_nurse):
    return _logged_in(other_nurse)


@pytest.fixture
def manager_client(manager):
    return _logged_in(manager)


@pytest.fixture
def other_manager_client(other_manager):
    return _logged_in(other_manager)


@pytest.fixture
def auditor_client(auditor):
    return _logged_in(auditor)


# --- Browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; one browser for the whole session.

    Browser tests also need `live_server` (and so `transactional_db`): the page is
    served by a real server thread that must see the test's rows."""
    if shutil.which(CHROMIUM) is None:
        skip_or_fail(f"{CHROMIUM} is missing; `make browser` installs it (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(
        viewport={"width": 1024, "height": 768}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    yield page
    context.close()
