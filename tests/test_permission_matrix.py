"""The permission matrix: every URL pattern, every persona, GET and POST.

Each URL pattern of the project has rows in MATRIX giving the status every persona gets
for a GET and for a POST. A URL pattern with no row, or a row missing a persona, fails
`test_every_url_pattern_has_a_matrix_row`, so a new page can never ship unguarded.

The expectations are written from the rules in checklists/permissions.py and the views:

- everything needs a login: an anonymous user is sent to log in (LOGIN) everywhere but
  the login page;
- READ pages (a ward, a patient, a check, a ward's dashboard): the ward's nurse and
  manager, the auditor and the admin read them; another ward's nurse or manager gets a
  404 from the scoped loaders (their records do not exist for them);
- NURSE pages (admit, transfer, discharge, entry points, record and correct a check):
  only a nurse writes clinical data, so every other role gets a 403 before anything is
  looked up; another ward's nurse gets the loaders' 404;
- pages for any user (home, overview, the list of checks without a ward) show each user
  only the wards they may read; asking the list of checks for a ward you may not read
  is a 404;
- sign-off (POST only): only the ward's managers; another ward's staff get a 404;
- REPORTS (pages, register, verify, downloads; downloads are POST only): auditors and
  managers (a manager of another ward too: what goes in a report is the reports
  tests' business); nurses and administrators get a 403;
- the Django admin is for Django staff: others are sent to the admin's log-in page.

POSTs carry an empty body, except where a minimal body is needed to reach the rule
(`_post_body`). No POST may change the clinical tables, except the ones EXPECTED_WRITES
names (a manager's valid sign-off); an empty body is a form error for those allowed.
The test client skips CSRF checks; forged POSTs are tested elsewhere.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from django.utils import timezone

from checklists.models import (
    Answer,
    Check,
    EntryPoint,
    Escalation,
    InfectionEvent,
    IssuedReport,
    MonthSignOff,
    Patient,
    Role,
    SepsisScreen,
    Stay,
)

from .factories import (
    expected_answers,
    make_check,
    make_entry_point,
    make_patient,
    make_screen,
    make_user,
    row_counts,
)

PERSONAS = ("anonymous", "nurse", "other_nurse", "manager", "other_manager", "auditor", "admin")

# The user fixture of each persona (conftest.py); the anonymous one has none.
USER_FIXTURES = {
    "nurse": "nurse",
    "other_nurse": "other_nurse",
    "manager": "manager",
    "other_manager": "other_manager",
    "auditor": "auditor",
    "admin": "admin_user",
}

CLINICAL_TABLES = (
    Check,
    Answer,
    EntryPoint,
    Stay,
    Patient,
    MonthSignOff,
    IssuedReport,
    SepsisScreen,
    Escalation,
    InfectionEvent,
)

# Codes besides plain statuses (an int is the status; 302 is a redirect that is neither
# of these two):
LOGIN = "login"  # 302 to /accounts/login/?next=<the URL asked for>
ADMIN_LOGIN = "admin login"  # 302 to /admin/login/?next=<the URL asked for>
L, AL = LOGIN, ADMIN_LOGIN

# Cases: a URL name, or a URL name and a variant of its URL (after a space), e.g. with a
# query string. `urls` below builds the URL of each case.
#
# fmt: off
MATRIX: dict[tuple[str, str], tuple[int | str, ...]] = {
    # (case, method)                                   anon  nurse o_nrs mgr   o_mgr aud   admin
    # The login page is public; an empty POST is a form error.
    ("login", "GET"):                                 (200,  200,  200,  200,  200,  200,  200),
    ("login", "POST"):                                (200,  200,  200,  200,  200,  200,  200),
    # LogoutView takes POST only, and then goes to the login page.
    ("logout", "GET"):                                (L,    405,  405,  405,  405,  405,  405),
    ("logout", "POST"):                               (L,    302,  302,  302,  302,  302,  302),
    # Django staff only (the admin persona). The admin has its own log-in page, for the
    # anonymous user too; its index takes a POST as a GET.
    ("admin", "GET"):                                 (AL,   AL,   AL,   AL,   AL,   AL,   200),
    ("admin", "POST"):                                (AL,   AL,   AL,   AL,   AL,   AL,   200),
    # Liveness: public, reads nothing, GET only.
    ("checklists:health", "GET"):                     (200,  200,  200,  200,  200,  200,  200),
    ("checklists:health", "POST"):                    (405,  405,  405,  405,  405,  405,  405),
    # "Stay signed in": POST only, renews the user's own session; after the time-out it
    # answers 401 to the page's script instead of sending it to log in.
    ("checklists:session-renew", "GET"):              (405,  405,  405,  405,  405,  405,  405),
    ("checklists:session-renew", "POST"):             (401,  200,  200,  200,  200,  200,  200),
    # Any user; a nurse of one ward goes straight to its board. Read-only pages answer a
    # POST as they answer a GET (they write nothing): so do the other read pages below.
    ("checklists:home", "GET"):                       (L,    302,  302,  200,  200,  200,  200),
    ("checklists:home", "POST"):                      (L,    302,  302,  200,  200,  200,  200),
    # READ
    ("checklists:ward-board", "GET"):                 (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-board", "POST"):                (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-board ?filter", "GET"):         (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-board ?filter", "POST"):        (L,    200,  404,  200,  404,  200,  200),
    # The handover sheet: the board's patients printed, for who reads the ward.
    ("checklists:ward-handover", "GET"):              (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-handover", "POST"):             (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-handover ?filter", "GET"):      (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-handover ?filter", "POST"):     (L,    200,  404,  200,  404,  200,  200),
    # "My patients": whoever reads the ward keeps her own list in her session (no
    # record); an empty POST clears it and goes back to the board.
    ("checklists:my-patients", "GET"):                (L,    200,  404,  200,  404,  200,  200),
    ("checklists:my-patients", "POST"):               (L,    302,  404,  302,  404,  302,  302),
    ("checklists:patient-detail", "GET"):             (L,    200,  404,  200,  404,  200,  200),
    ("checklists:patient-detail", "POST"):            (L,    200,  404,  200,  404,  200,  200),
    ("checklists:check-detail", "GET"):               (L,    200,  404,  200,  404,  200,  200),
    ("checklists:check-detail", "POST"):              (L,    200,  404,  200,  404,  200,  200),
    # NURSE: an empty POST from the ward's nurse is a form error (200, nothing saved).
    ("checklists:patient-admit", "GET"):              (L,    200,  404,  403,  403,  403,  403),
    ("checklists:patient-admit", "POST"):             (L,    200,  404,  403,  403,  403,  403),
    ("checklists:patient-transfer", "GET"):           (L,    200,  404,  403,  403,  403,  403),
    ("checklists:patient-transfer", "POST"):          (L,    200,  404,  403,  403,  403,  403),
    ("checklists:patient-discharge", "GET"):          (L,    200,  404,  403,  403,  403,  403),
    ("checklists:patient-discharge", "POST"):         (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-add", "GET"):            (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-add", "POST"):           (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-add ?kind=piv", "GET"):  (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-add ?kind=piv", "POST"): (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-remove", "GET"):         (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-remove", "POST"):        (L,    200,  404,  403,  403,  403,  403),
    # From the board (`?next=` the board): the same rule, the same form.
    ("checklists:entry-point-remove ?next", "GET"):   (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-remove ?next", "POST"):  (L,    200,  404,  403,  403,  403,  403),
    # Re-siting is a removal and an insertion: the same rule as removal.
    ("checklists:entry-point-resite", "GET"):         (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-resite", "POST"):        (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-resite ?next", "GET"):   (L,    200,  404,  403,  403,  403,  403),
    ("checklists:entry-point-resite ?next", "POST"):  (L,    200,  404,  403,  403,  403,  403),
    ("checklists:check-record", "GET"):               (L,    200,  404,  403,  403,  403,  403),
    ("checklists:check-record", "POST"):              (L,    200,  404,  403,  403,  403,  403),
    ("checklists:check-correct", "GET"):              (L,    200,  404,  403,  403,  403,  403),
    ("checklists:check-correct", "POST"):             (L,    200,  404,  403,  403,  403,  403),
    ("checklists:screen-record", "GET"):              (L,    200,  404,  403,  403,  403,  403),
    ("checklists:screen-record", "POST"):             (L,    200,  404,  403,  403,  403,  403),
    ("checklists:screen-record ?check", "GET"):       (L,    200,  404,  403,  403,  403,  403),
    ("checklists:screen-record ?check", "POST"):      (L,    200,  404,  403,  403,  403,  403),
    # Correcting a screen: the nurse of the ward it was taken on; an empty POST is a
    # form error.
    ("checklists:screen-correct", "GET"):             (L,    200,  404,  403,  403,  403,  403),
    ("checklists:screen-correct", "POST"):            (L,    200,  404,  403,  403,  403,  403),
    # READ, like the patient's page.
    ("checklists:screen-detail", "GET"):              (L,    200,  404,  200,  404,  200,  200),
    ("checklists:screen-detail", "POST"):             (L,    200,  404,  200,  404,  200,  200),
    # The form is on the screen's page, where a GET goes; an empty POST is a form error.
    ("checklists:escalation-record", "GET"):          (L,    302,  404,  403,  403,  403,  403),
    ("checklists:escalation-record", "POST"):         (L,    200,  404,  403,  403,  403,  403),
    # Closing a flag on a decision: the form for the ward's nurse (it asks for a screen
    # first when there is none); an empty POST is a form error.
    ("checklists:flag-close", "GET"):                 (L,    200,  404,  403,  403,  403,  403),
    ("checklists:flag-close", "POST"):                (L,    200,  404,  403,  403,  403,  403),
    # Dashboards: the overview for any user (their own wards), a ward's for who reads it.
    ("checklists:dashboard-overview", "GET"):         (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview", "POST"):        (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview ?month", "GET"):  (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview ?month", "POST"): (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview-csv", "GET"):     (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview-csv", "POST"):    (L,    200,  200,  200,  200,  200,  200),
    ("checklists:dashboard-overview-csv ?week", "GET"):(L,   200, 200, 200, 200, 200, 200),
    ("checklists:dashboard-overview-csv ?week", "POST"):(L,   200, 200, 200, 200, 200, 200),
    ("checklists:ward-dashboard", "GET"):             (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard", "POST"):            (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard ?week", "GET"):       (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard ?week", "POST"):      (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard-csv", "GET"):         (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard-csv", "POST"):        (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard-csv ?month", "GET"):  (L,    200,  404,  200,  404,  200,  200),
    ("checklists:ward-dashboard-csv ?month", "POST"): (L,    200,  404,  200,  404,  200,  200),
    # The checks behind a figure: any user; for a named ward, those who read it.
    ("checklists:check-list", "GET"):                 (L,    200,  200,  200,  200,  200,  200),
    ("checklists:check-list", "POST"):                (L,    200,  200,  200,  200,  200,  200),
    ("checklists:check-list ?ward", "GET"):           (L,    200,  404,  200,  404,  200,  200),
    ("checklists:check-list ?ward", "POST"):          (L,    200,  404,  200,  404,  200,  200),
    ("checklists:check-list-csv", "GET"):             (L,    200,  200,  200,  200,  200,  200),
    ("checklists:check-list-csv", "POST"):            (L,    200,  200,  200,  200,  200,  200),
    ("checklists:check-list-csv ?ward", "GET"):       (L,    200,  404,  200,  404,  200,  200),
    ("checklists:check-list-csv ?ward", "POST"):      (L,    200,  404,  200,  404,  200,  200),
    # The flags or screens behind a signs-of-infection figure: the same rule.
    ("checklists:sepsis-list", "GET"):                (L,    200,  200,  200,  200,  200,  200),
    ("checklists:sepsis-list", "POST"):               (L,    200,  200,  200,  200,  200,  200),
    ("checklists:sepsis-list ?ward", "GET"):          (L,    200,  404,  200,  404,  200,  200),
    ("checklists:sepsis-list ?ward", "POST"):         (L,    200,  404,  200,  404,  200,  200),
    ("checklists:sepsis-list-csv", "GET"):            (L,    200,  200,  200,  200,  200,  200),
    ("checklists:sepsis-list-csv", "POST"):           (L,    200,  200,  200,  200,  200,  200),
    ("checklists:sepsis-list-csv ?ward", "GET"):      (L,    200,  404,  200,  404,  200,  200),
    ("checklists:sepsis-list-csv ?ward", "POST"):     (L,    200,  404,  200,  404,  200,  200),
    # Sign-off: POST only, with a valid body (`_post_body`): the ward's manager signs last
    # month off (302 back to the dashboard, one MonthSignOff); other roles who read the
    # ward get 403, other wards' staff 404, whatever the body (see the test below).
    ("checklists:month-sign-off", "GET"):             (L,    405,  405,  405,  405,  405,  405),
    ("checklists:month-sign-off", "POST"):            (L,    403,  404,  302,  404,  403,  403),
    # REPORTS: auditors and managers. An empty POST is their form error (400).
    ("checklists:reports", "GET"):                    (L,    403,  403,  200,  200,  200,  403),
    ("checklists:reports", "POST"):                   (L,    403,  403,  200,  200,  200,  403),
    ("checklists:reports ?patient", "GET"):           (L,    403,  403,  200,  200,  200,  403),
    ("checklists:reports ?patient", "POST"):          (L,    403,  403,  200,  200,  200,  403),
    # Downloads are POST only; require_POST answers a GET before the role is asked.
    ("checklists:report-download", "GET"):            (L,    405,  405,  405,  405,  405,  405),
    ("checklists:report-download", "POST"):           (L,    403,  403,  400,  400,  400,  403),
    ("checklists:patient-report-download", "GET"):    (L,    405,  405,  405,  405,  405,  405),
    ("checklists:patient-report-download", "POST"):   (L,    403,  403,  400,  400,  400,  403),
    ("checklists:report-register", "GET"):            (L,    403,  403,  200,  200,  200,  403),
    ("checklists:report-register", "POST"):           (L,    403,  403,  200,  200,  200,  403),
    ("checklists:report-verify", "GET"):              (L,    403,  403,  200,  200,  200,  403),
    ("checklists:report-verify", "POST"):             (L,    403,  403,  400,  400,  400,  403),
    # INFECTION EVENTS: read by managers (their wards' events: another ward's is a 404),
    # auditors and administrators, never nurses (403). Recorded and corrected by the
    # infection-prevention lead (a hospital-wide manager, not a persona here: see
    # test_infection_events.py) or an administrator; an empty POST is a form error.
    ("checklists:infection-list", "GET"):             (L,    403,  403,  200,  200,  200,  200),
    ("checklists:infection-list", "POST"):            (L,    403,  403,  200,  200,  200,  200),
    ("checklists:infection-detail", "GET"):           (L,    403,  403,  200,  404,  200,  200),
    ("checklists:infection-detail", "POST"):          (L,    403,  403,  200,  404,  200,  200),
    # The monthly denominators (CSV): the same readers, each her wards.
    ("checklists:denominators-csv", "GET"):           (L,    403,  403,  200,  200,  200,  200),
    ("checklists:denominators-csv", "POST"):          (L,    403,  403,  200,  200,  200,  200),
    ("checklists:infection-record", "GET"):           (L,    403,  403,  403,  403,  403,  200),
    ("checklists:infection-record", "POST"):          (L,    403,  403,  403,  403,  403,  200),
    ("checklists:infection-correct", "GET"):          (L,    403,  403,  403,  403,  403,  200),
    ("checklists:infection-correct", "POST"):         (L,    403,  403,  403,  403,  403,  200),
}
# fmt: on

METHODS = ("GET", "POST")
CASES = sorted({case for case, _method in MATRIX})

# What each persona's POST may add to the clinical tables; everything else: nothing.
EXPECTED_WRITES = {("checklists:month-sign-off", "manager"): {"MonthSignOff": 1}}

SIGN_OFF_COMMENT = "Reviewed with the ward team."


def _last_month() -> str:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def _post_body(case: str) -> dict[str, str]:
    if case == "checklists:month-sign-off":
        # An empty body is refused by the form before the sign-off rule is asked.
        return {"month": _last_month(), "comment": SIGN_OFF_COMMENT}
    return {}


def url_name(case: str) -> str:
    return case.split(" ", 1)[0]


# --- Every URL pattern has its rows -----------------------------------------------------


def named_patterns(patterns, namespace: str = "") -> set[str]:
    """The names of every URL pattern, with their namespaces; the admin is one: "admin"."""
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                names.add("admin")
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so no matrix row"
            names.add(f"{namespace}{entry.name}")
    return names


def matrix_problems(patterns, matrix=MATRIX) -> list[str]:
    """What is missing from (or stale in) the matrix for these URL patterns."""
    problems = []
    names = named_patterns(patterns)
    for name in sorted(names):
        for method in METHODS:
            if not any(url_name(c) == name and m == method for c, m in matrix):
                problems.append(f"{name}: no {method} row")
    for (case, method), codes in sorted(matrix.items()):
        if url_name(case) not in names:
            problems.append(f"{case} {method}: no such URL pattern")
        if method not in METHODS:
            problems.append(f"{case} {method}: unknown method")
        if len(codes) != len(PERSONAS):
            problems.append(f"{case} {method}: {len(codes)} codes for {len(PERSONAS)} personas")
    return problems


def test_every_url_pattern_has_a_matrix_row():
    assert matrix_problems(get_resolver().url_patterns) == []


def _a_view(request):
    return HttpResponse("new")


def test_a_new_unlisted_url_pattern_fails_the_matrix():
    new = [
        path("new-page/", _a_view, name="new-page"),
        path("extra/", include(([path("x/", _a_view, name="x")], "extra"))),
    ]
    problems = matrix_problems([*get_resolver().url_patterns, *new])
    assert problems == [
        "extra:x: no GET row",
        "extra:x: no POST row",
        "new-page: no GET row",
        "new-page: no POST row",
    ]


def test_a_row_missing_a_persona_fails_the_matrix():
    short = dict(MATRIX)
    short["checklists:home", "GET"] = MATRIX["checklists:home", "GET"][:-1]
    assert matrix_problems(get_resolver().url_patterns, short) == [
        "checklists:home GET: 6 codes for 7 personas"
    ]


def test_an_unnamed_url_pattern_fails_the_matrix():
    with pytest.raises(AssertionError, match="has no name"):
        matrix_problems([path("nameless/", _a_view)])


# --- Each persona gets what the matrix says ---------------------------------------------


@pytest.fixture
def urls(ward, nurse) -> dict[str, str]:
    """The URL of every case: Ward One with a patient, a peripheral IV and its check."""
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse)
    screen = make_screen(patient, nurse)
    flagged = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    flag = make_check(flagged, nurse, answers=expected_answers("piv") | {"vip_score": "2"})
    week = "period=week"
    month = f"period=month&month={_last_month()}"
    infection = InfectionEvent.objects.create(
        patient=patient,
        infection_type="hapi",
        harm_stage="2",
        first_positive_on=timezone.localdate(),
        date_of_event=timezone.localdate(),
        evidence="Stage 2 on the sacrum",
        first_recorded_at=timezone.now(),
        recorded_at=timezone.now(),
        recorded_by=make_user(Role.ADMIN),
    )
    return {
        "login": "/accounts/login/",
        "logout": "/accounts/logout/",
        "admin": "/admin/",
        "checklists:home": "/",
        "checklists:health": "/health/",
        "checklists:session-renew": "/session/renew/",
        "checklists:ward-board": f"/wards/{ward.code}/",
        "checklists:ward-board ?filter": f"/wards/{ward.code}/?status=due&kind=piv&q=a&mine=1",
        "checklists:ward-handover": f"/wards/{ward.code}/handover/",
        "checklists:ward-handover ?filter": f"/wards/{ward.code}/handover/?status=done&mine=1",
        "checklists:my-patients": f"/wards/{ward.code}/my-patients/",
        "checklists:patient-admit": f"/wards/{ward.code}/admit/",
        "checklists:patient-detail": f"/patients/{patient.public_id}/",
        "checklists:patient-transfer": f"/patients/{patient.public_id}/transfer/",
        "checklists:patient-discharge": f"/patients/{patient.public_id}/discharge/",
        "checklists:entry-point-add": f"/patients/{patient.public_id}/entry-points/add/",
        "checklists:entry-point-add ?kind=piv": (
            f"/patients/{patient.public_id}/entry-points/add/?kind=piv"
        ),
        "checklists:entry-point-remove": f"/entry-points/{piv.public_id}/remove/",
        "checklists:entry-point-remove ?next": (
            f"/entry-points/{piv.public_id}/remove/?next=/wards/{ward.code}/"
        ),
        "checklists:entry-point-resite": f"/entry-points/{piv.public_id}/resite/",
        "checklists:entry-point-resite ?next": (
            f"/entry-points/{piv.public_id}/resite/?next=/wards/{ward.code}/"
        ),
        "checklists:check-record": f"/entry-points/{piv.public_id}/check/",
        "checklists:check-detail": f"/checks/{check.public_id}/",
        "checklists:check-correct": f"/checks/{check.public_id}/correct/",
        "checklists:screen-record": f"/patients/{patient.public_id}/screen/",
        "checklists:screen-record ?check": (
            f"/patients/{patient.public_id}/screen/?check={check.public_id}"
        ),
        "checklists:screen-detail": f"/screens/{screen.public_id}/",
        "checklists:screen-correct": f"/screens/{screen.public_id}/correct/",
        "checklists:escalation-record": f"/screens/{screen.public_id}/escalation/",
        "checklists:flag-close": f"/flags/{flag.opened_flag.public_id}/close/",
        "checklists:dashboard-overview": "/dashboard/",
        "checklists:dashboard-overview ?month": f"/dashboard/?{month}",
        "checklists:dashboard-overview-csv": "/dashboard/overview.csv",
        "checklists:dashboard-overview-csv ?week": f"/dashboard/overview.csv?{week}",
        "checklists:ward-dashboard": f"/wards/{ward.code}/dashboard/",
        "checklists:ward-dashboard ?week": f"/wards/{ward.code}/dashboard/?{week}",
        "checklists:ward-dashboard-csv": f"/wards/{ward.code}/dashboard/by_kind.csv",
        "checklists:ward-dashboard-csv ?month": f"/wards/{ward.code}/dashboard/by_kind.csv?{month}",
        "checklists:check-list": "/dashboard/checks/",
        "checklists:check-list ?ward": f"/dashboard/checks/?ward={ward.code}",
        "checklists:check-list-csv": "/dashboard/checks.csv",
        "checklists:check-list-csv ?ward": f"/dashboard/checks.csv?ward={ward.code}",
        "checklists:sepsis-list": "/dashboard/signs-of-infection/",
        "checklists:sepsis-list ?ward": f"/dashboard/signs-of-infection/?ward={ward.code}",
        "checklists:sepsis-list-csv": "/dashboard/signs-of-infection.csv",
        "checklists:sepsis-list-csv ?ward": f"/dashboard/signs-of-infection.csv?ward={ward.code}",
        "checklists:month-sign-off": f"/wards/{ward.code}/sign-off/",
        "checklists:reports": "/reports/",
        "checklists:reports ?patient": f"/reports/?patient={patient.hospital_number}",
        "checklists:report-download": "/reports/ward.pdf",
        "checklists:patient-report-download": "/reports/patient.pdf",
        "checklists:report-register": "/reports/register/",
        "checklists:report-verify": "/reports/verify/",
        "checklists:infection-list": "/infections/",
        "checklists:denominators-csv": "/infections/denominators.csv",
        "checklists:infection-detail": f"/infections/{infection.event_id}/",
        "checklists:infection-record": f"/patients/{patient.public_id}/infections/new/",
        "checklists:infection-correct": f"/infections/{infection.event_id}/correct/",
    }


def test_every_case_has_a_url(urls):
    assert sorted(urls) == CASES


def _client_for(request, persona: str) -> Client:
    """A fresh client per case: a logout POST must not log out the next case."""
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(USER_FIXTURES[persona]))
    return client


def _mismatch(response, expected: int | str, url: str) -> str | None:
    """What is wrong with the response, or None if it is what `expected` says."""
    location = response.get("Location", "")
    target = urlsplit(location)
    next_url = parse_qs(target.query).get("next")
    to_login = target.path == "/accounts/login/" and next_url is not None
    to_admin_login = target.path == "/admin/login/" and next_url is not None
    if expected == LOGIN:
        ok = response.status_code == 302 and to_login and next_url == [url]
    elif expected == ADMIN_LOGIN:
        ok = response.status_code == 302 and to_admin_login and next_url == [url]
    elif expected == 302:
        ok = response.status_code == 302 and not (to_login or to_admin_login)
    else:
        ok = response.status_code == expected
    if ok:
        return None
    got = f"{response.status_code} to {location}" if location else str(response.status_code)
    return f"expected {expected}, got {got}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_matrix_says(request, persona, urls, ward, other_ward):
    # Every persona exists in every run, so that "another ward" always has its staff.
    for fixture in USER_FIXTURES.values():
        request.getfixturevalue(fixture)
    column = PERSONAS.index(persona)
    mismatches = []
    for case in CASES:
        url = urls[case]
        client = _client_for(request, persona)
        for method in METHODS:
            expected = MATRIX[case, method][column]
            before = row_counts(*CLINICAL_TABLES)
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, _post_body(case))
            where = f"{method} {url} ({case})"
            if (problem := _mismatch(response, expected, url)) is not None:
                mismatches.append(f"{where}: {problem}")
            grown = {
                table: count - before[table]
                for table, count in row_counts(*CLINICAL_TABLES).items()
                if count != before[table]
            }
            allowed = EXPECTED_WRITES.get((case, persona), {}) if method == "POST" else {}
            if grown != allowed:
                mismatches.append(f"{where}: changed {grown}, expected {allowed or 'nothing'}")
    assert not mismatches, f"{persona}:\n  " + "\n  ".join(mismatches)


# --- Beyond statuses ----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_django_staff_reach_the_admin(nurse_client, admin_client, ward):
    assert nurse_client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/").status_code == 200
    # The administrator role is not enough: the admin needs Django's staff flag.
    not_staff = Client()
    not_staff.force_login(make_user(Role.ADMIN, username="adele"))
    response = not_staff.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


SIGN_OFF_REFUSED_EMPTY = ["nurse", "auditor", "admin"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", SIGN_OFF_REFUSED_EMPTY)
def test_an_empty_sign_off_post_from_a_non_manager_is_forbidden(request, persona, ward):
    client = _client_for(request, persona)
    before = row_counts(*CLINICAL_TABLES)
    response = client.post(f"/wards/{ward.code}/sign-off/", {})
    assert row_counts(*CLINICAL_TABLES) == before
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_empty_sign_off_post_from_the_manager_is_a_form_error(manager_client, ward):
    before = row_counts(*CLINICAL_TABLES)
    response = manager_client.post(f"/wards/{ward.code}/sign-off/", {}, follow=True)
    assert response.redirect_chain == [(f"/wards/{ward.code}/dashboard/", 302)]
    assert "Add a comment: what you reviewed, and any actions." in response.content.decode()
    assert row_counts(*CLINICAL_TABLES) == before
