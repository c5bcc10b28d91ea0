"""Hostile input: forged cross-site POSTs. Every URL that writes something (a test fails
when a new one is neither listed as read-only nor given a valid POST here) answers a POST
without a valid CSRF token, from any persona and any Origin, with 403 and saves nothing,
and a forged log-out or log-in changes no session; with the page's own token the same
POSTs pass, so the 403 is CSRF's doing. Strategies and bookkeeping come from
tests/hostile.py, the shared `hostile_records` fixture from tests/hostile_fixtures.py."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from .factories import PASSWORD
from .hostile import (
    _write_posts,
    counts,
    growth,
    hostile_settings,
    hostile_text,
    rolled_back,
)

pytestmark = pytest.mark.django_db


def _forger(user=None) -> Client:
    """A browser that checks CSRF the way a real one is checked: the test client skips
    the check unless asked."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def forgers(nurse, manager, auditor, admin_user):
    return {
        "nurse": _forger(nurse),
        "admin": _forger(admin_user),
        "manager": _forger(manager),
        "auditor": _forger(auditor),
        "anonymous": _forger(),
    }


def _every_write(records, ward, other_ward) -> list[tuple[str, str, dict]]:
    """(persona, URL, valid POST) for every URL that writes something."""
    posts = _write_posts(records)
    posts[next(p for p in posts if p.endswith("/transfer/"))]["to_ward"] = str(other_ward.pk)
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    writes = [("nurse", path, post) for path, post in posts.items()]
    admit = {"hospital_number": "H424242", "full_name": "New Person", "date_of_birth": "1950-01-01"}
    admit["admitted_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    writes += [
        ("nurse", f"/wards/{ward.code}/admit/", admit),
        ("manager", f"/wards/{ward.code}/sign-off/", {"month": last_month, "comment": "Seen"}),
        ("auditor", "/reports/ward.pdf", {"ward-wards": ["W1"], "ward-month": last_month}),
        (
            "auditor",
            "/reports/patient.pdf",
            {
                "patient-hospital_number": records["patient"].hospital_number,
                "patient-month": f"{timezone.localdate():%Y-%m}",
            },
        ),
        ("auditor", "/reports/verify/", {}),
        (
            "nurse",
            f"/wards/{ward.code}/my-patients/",
            {"patients": [str(records["patient"].public_id)]},
        ),
        ("manager", f"/wards/{ward.code}/my-patients/", {"clear": "1"}),
        (
            "admin",
            f"/patients/{records['patient'].public_id}/infections/new/",
            _infection_post(records) | {"event_public_id": str(uuid.uuid4())},
        ),
        (
            "admin",
            f"/infections/{records['infection'].event_id}/correct/",
            _infection_post(records)
            | {
                "version": str(records["infection"].public_id),
                "decision": "confirmed",
                "reason": "Organism confirmed",
            },
        ),
        ("nurse", "/session/renew/", {}),
        ("nurse", "/accounts/logout/", {}),
        ("anonymous", "/accounts/login/", {"username": "nina", "password": PASSWORD}),
    ]
    return writes


def _infection_post(records) -> dict:
    day = timezone.localdate().isoformat()
    return {
        "infection_type": "hapi",
        "harm_stage": "3",
        "first_positive_on": day,
        "date_of_event": day,
        "evidence": "Stage 3 on the sacrum",
    }


def _with_pdf(path: str, post: dict) -> dict:
    if path != "/reports/verify/":
        return post
    return post | {"pdf": SimpleUploadedFile("r.pdf", b"%PDF-1.7\n", "application/pdf")}


# Pages that only read: a forged POST to them has nothing to save. The Django admin is
# Django's own, CSRF-protected by Django and for Django staff only.
READ_ONLY = {
    "admin",
    "checklists:home",
    "checklists:health",
    "checklists:ward-board",
    "checklists:ward-handover",
    "checklists:patient-detail",
    "checklists:check-detail",
    "checklists:screen-detail",
    "checklists:dashboard-overview",
    "checklists:dashboard-overview-csv",
    "checklists:ward-dashboard",
    "checklists:ward-dashboard-csv",
    "checklists:check-list",
    "checklists:check-list-csv",
    "checklists:sepsis-list",
    "checklists:sepsis-list-csv",
    "checklists:reports",
    "checklists:report-register",
    "checklists:infection-list",
    "checklists:infection-detail",
    "checklists:denominators-csv",
}


def _url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                names.add("admin")
            else:
                inner = f"{entry.namespace}:" if entry.namespace else namespace
                names |= _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_that_writes_is_in_the_forgery_test(hostile_records, ward, other_ward):
    # A new URL pattern fails here until it is either listed as read-only or given a
    # valid POST in _every_write, so no write ships without a forgery test.
    covered = {
        resolve(path).view_name for _, path, _ in _every_write(hostile_records, ward, other_ward)
    }
    assert covered | READ_ONLY == _url_names(get_resolver().url_patterns)
    assert not covered & READ_ONLY


@hostile_settings(30)
@given(
    data=st.data(),
    token=st.one_of(st.none(), hostile_text, st.from_regex(r"[a-zA-Z0-9]{64}", fullmatch=True)),
    origin=st.sampled_from([None, "https://evil.example", "null"]),
)
def test_a_forged_post_without_a_valid_csrf_token_is_403_and_saves_nothing(
    forgers, hostile_records, ward, other_ward, data, token, origin
):
    persona, path, post = data.draw(
        st.sampled_from(_every_write(hostile_records, ward, other_ward)), label="write"
    )
    post = dict(post)
    if token is not None:
        # A token the attacker made up: it matches no CSRF cookie of this browser.
        post["csrfmiddlewaretoken"] = token
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    with rolled_back():
        before = counts()
        response = forgers[persona].post(path, _with_pdf(path, post), **headers)
        assert response.status_code == 403
        assert growth(before) == {}
        # The forged log-out did not log anyone out (nor the log-in anyone in).
        still_in = forgers[persona].get("/dashboard/").status_code
        assert still_in == (302 if persona == "anonymous" else 200)


def test_the_same_posts_with_the_real_token_pass_csrf(forgers, hostile_records, ward, other_ward):
    # The other side of the forgery test: with the page's own token each of the same
    # POSTs gets past CSRF, so the 403 above is CSRF's doing and not the view's.
    for persona, path, post in _every_write(hostile_records, ward, other_ward):
        client = forgers[persona]
        pages = {
            "manager": f"/wards/{ward.code}/dashboard/",
            "auditor": "/reports/",
            "admin": "/infections/",
        }
        pages["anonymous"] = path  # the log-in page
        # Log-out and "stay signed in" take POST only: their token comes from the home page.
        post_only = path in ("/accounts/logout/", "/session/renew/")
        client.get(pages.get(persona) or ("/" if post_only else path))
        token = client.cookies["csrftoken"].value
        with rolled_back():
            response = client.post(path, _with_pdf(path, post | {"csrfmiddlewaretoken": token}))
            assert response.status_code in (200, 302), (path, response.status_code)
