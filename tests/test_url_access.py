"""Every URL pattern has an access rule, and each persona gets what the rule says.

A new page with no entry in ACCESS fails this test, so nothing ships unguarded.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from .factories import make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db

PUBLIC, ANY_USER, READ, NURSE, STAFF = "public", "any user", "read", "nurse", "django staff"
MANAGER_POST = "manager, POST only"
REPORTS = "auditor or manager"

# Who may open each named URL:
# - READ: anyone who may see the ward or patient (nurse and manager of the ward, auditor,
#   admin); another ward's nurse or manager gets a 404;
# - NURSE: only a nurse of the patient's ward; other roles get 403, other wards 404;
# - ANY_USER pages show each user only the wards they may read;
# - MANAGER_POST: a form action for the ward's managers (see the sign-off test below);
# - REPORTS: auditors and managers (any ward's); nurses and administrators get 403. What
#   a manager may put in a report is the reports tests' business.
ACCESS = {
    "login": PUBLIC,
    "logout": ANY_USER,
    "admin": STAFF,
    "checklists:home": ANY_USER,
    "checklists:ward-board": READ,
    "checklists:patient-admit": NURSE,
    "checklists:patient-detail": READ,
    "checklists:patient-transfer": NURSE,
    "checklists:patient-discharge": NURSE,
    "checklists:entry-point-add": NURSE,
    "checklists:entry-point-remove": NURSE,
    "checklists:check-record": NURSE,
    "checklists:check-detail": READ,
    "checklists:check-correct": NURSE,
    "checklists:dashboard-overview": ANY_USER,
    "checklists:dashboard-overview-csv": ANY_USER,
    "checklists:ward-dashboard": READ,
    "checklists:ward-dashboard-csv": READ,
    "checklists:check-list": READ,
    "checklists:check-list-csv": READ,
    "checklists:month-sign-off": MANAGER_POST,
    "checklists:reports": REPORTS,
    "checklists:report-download": REPORTS,
    "checklists:patient-report-download": REPORTS,
    "checklists:report-register": REPORTS,
    "checklists:report-verify": REPORTS,
}


def _named_patterns(patterns, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                names.add("admin")
                continue
            inner = f"{entry.namespace}:" if entry.namespace else namespace
            names |= _named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so no access rule"
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_pattern_has_an_access_rule():
    assert _named_patterns(get_resolver().url_patterns) == set(ACCESS)


@pytest.fixture
def urls(ward, nurse) -> dict[str, str]:
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    check = make_check(piv, nurse)
    return {
        "checklists:ward-board": f"/wards/{ward.code}/",
        "checklists:patient-admit": f"/wards/{ward.code}/admit/",
        "checklists:patient-detail": f"/patients/{patient.public_id}/",
        "checklists:patient-transfer": f"/patients/{patient.public_id}/transfer/",
        "checklists:patient-discharge": f"/patients/{patient.public_id}/discharge/",
        "checklists:entry-point-add": f"/patients/{patient.public_id}/entry-points/add/",
        "checklists:entry-point-remove": f"/entry-points/{piv.public_id}/remove/",
        "checklists:check-record": f"/entry-points/{piv.public_id}/check/",
        "checklists:check-detail": f"/checks/{check.public_id}/",
        "checklists:check-correct": f"/checks/{check.public_id}/correct/",
        "checklists:ward-dashboard": f"/wards/{ward.code}/dashboard/",
        "checklists:ward-dashboard-csv": f"/wards/{ward.code}/dashboard/by_kind.csv",
        "checklists:check-list": f"/dashboard/checks/?ward={ward.code}",
        "checklists:check-list-csv": f"/dashboard/checks.csv?ward={ward.code}",
    }


EXPECTED = {
    # persona: (status for READ urls, status for NURSE urls)
    "nurse_client": (200, 200),
    "manager_client": (200, 403),
    "auditor_client": (200, 403),
    "admin_client": (200, 403),
    "other_nurse_client": (404, 404),
    "other_manager_client": (404, 403),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_gets_the_status_its_rule_gives(request, persona, urls):
    client = request.getfixturevalue(persona)
    read_status, nurse_status = EXPECTED[persona]
    for name, url in urls.items():
        expected = read_status if ACCESS[name] == READ else nurse_status
        assert client.get(url).status_code == expected, (persona, url)


SIGN_OFF_POST = {
    # persona: status of a valid sign-off POST for Ward One
    "manager_client": 302,
    "nurse_client": 403,
    "auditor_client": 403,
    "admin_client": 403,
    "other_nurse_client": 404,
    "other_manager_client": 404,
}


@pytest.mark.parametrize("persona", sorted(SIGN_OFF_POST))
def test_only_the_wards_manager_can_sign_off_its_month(request, persona, ward):
    client = request.getfixturevalue(persona)
    url = f"/wards/{ward.code}/sign-off/"
    assert client.get(url).status_code == 405
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    response = client.post(url, {"month": last_month, "comment": "Reviewed"})
    assert response.status_code == SIGN_OFF_POST[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_every_user_reaches_the_overview(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/overview.csv").status_code == 200


REPORT_PAGES = ["/reports/", "/reports/register/", "/reports/verify/"]
REPORT_DOWNLOADS = ["/reports/ward.pdf", "/reports/patient.pdf"]

REPORTS_GET = {
    # persona: status of a GET on each report page
    "auditor_client": 200,
    "manager_client": 200,
    "other_manager_client": 200,
    "nurse_client": 403,
    "other_nurse_client": 403,
    "admin_client": 403,
}


@pytest.mark.parametrize("persona", sorted(REPORTS_GET))
def test_only_auditors_and_managers_open_the_report_pages(request, persona):
    client = request.getfixturevalue(persona)
    for url in REPORT_PAGES:
        assert client.get(url).status_code == REPORTS_GET[persona], (persona, url)


@pytest.mark.parametrize("persona", sorted(REPORTS_GET))
def test_report_downloads_refuse_get_before_asking_who_you_are(request, persona):
    # require_POST wraps the role check, so a GET is 405 for every logged-in user.
    client = request.getfixturevalue(persona)
    for url in REPORT_DOWNLOADS:
        assert client.get(url).status_code == 405, (persona, url)


@pytest.mark.parametrize("persona", ["nurse_client", "other_nurse_client", "admin_client"])
def test_report_downloads_refuse_a_post_from_nurses_and_administrators(request, persona):
    client = request.getfixturevalue(persona)
    for url in REPORT_DOWNLOADS:
        assert client.post(url, {}).status_code == 403, (persona, url)


def test_anonymous_users_are_sent_to_log_in_everywhere(client, urls, ward):
    extra = ["/", "/dashboard/", "/dashboard/overview.csv", f"/wards/{ward.code}/sign-off/"]
    for url in [*urls.values(), *extra, *REPORT_PAGES, *REPORT_DOWNLOADS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url in REPORT_DOWNLOADS:
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert client.get("/accounts/login/").status_code == 200


def test_only_django_staff_reach_the_admin(nurse_client, admin_client):
    assert nurse_client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/").status_code == 200
