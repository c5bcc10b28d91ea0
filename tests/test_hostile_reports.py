"""Hostile input (3 of 3): report requests, dashboard query strings, and whether the
dashboard's compliance figure stays right.

A report request is a PDF (200) that is registered, or the reports page again (400)
with its reasons, registering nothing. A dashboard asked for anything answers 200, 400
(a CSV of an invalid period) or 404 (a ward or table that is not there), never 500.

Strategies, bookkeeping and the Hypothesis settings come from tests/hostile.py."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from checklists.dashboards.forms import SHOW_CHOICES
from checklists.models import EntryPointKind, IssuedReport
from checklists.services import correct_check

from .factories import (
    day_back,
    days_ago,
    expected_answers,
    failing_answers,
    local_time,
    make_check,
    make_entry_point,
    make_patient,
    record_on,
)
from .hostile import (
    assert_refusal_shown,
    counts,
    growth,
    hostile_settings,
    hostile_text,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def _months() -> st.SearchStrategy[str]:
    """Months as the month input sends them: some valid, some not over, some too early,
    some not months at all."""
    today = timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)
    return st.sampled_from(
        [
            _month(last),
            _month(today),
            _month(today + timedelta(days=40)),
            "2000-01",
            "1999-12",
            "0001-01",
            "9999-12",
            "2026-13",
            "2026-00",
            "2026-1",
            "+2026-01",
            "2026-01-01",
            "2026",
            "-",
            "99999999999999999999-01",
        ]
    )


def _dates() -> st.SearchStrategy[str]:
    today = timezone.localdate()
    near = st.integers(min_value=-400, max_value=30).map(lambda n: today + timedelta(days=n))
    far = st.dates(min_value=date(1, 1, 1))
    return st.one_of(
        near.map(date.isoformat),
        far.map(lambda d: f"{d.year:04d}-{d:%m-%d}"),
        st.sampled_from(["2026-02-30", "31/12/2025", "12/31/2025", "2026-1-1", "0000-01-01"]),
    )


@pytest.fixture
def reported(ward, other_ward, nurse, other_nurse):
    """A checked peripheral IV on each ward, so reports and dashboards have rows."""
    patients = {}
    for w, n in ((ward, nurse), (other_ward, other_nurse)):
        patient = make_patient(w, admitted_at=days_ago(10, "09:00"))
        piv = make_entry_point(patient, "piv", started_at=days_ago(3, "09:00"), created_by=n)
        make_check(piv, n, observed_at=days_ago(1, "10:00"), now=days_ago(1, "11:00"))
        patients[w.code] = patient
    return patients


def _assert_download_or_refusal(response, before: dict, form_key: str) -> None:
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert_refusal_shown(response, form_key)
        assert growth(before) == {}
        return
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert growth(before) == {"IssuedReport": 1, "AuditEvent": 1}
    assert IssuedReport.objects.filter(number=response["X-Report-Number"]).exists()


def _valid_period(data: st.DataObject, prefix: str) -> dict:
    """Last month, or from and to dates that end by today and span at most 60 days."""
    today = timezone.localdate()
    if data.draw(st.booleans(), label="as a month"):
        return {f"{prefix}-month": _month(today.replace(day=1) - timedelta(days=1))}
    end = today - timedelta(days=data.draw(st.integers(0, 30), label="end days back"))
    start = end - timedelta(days=data.draw(st.integers(0, 60), label="length"))
    return {f"{prefix}-start": start.isoformat(), f"{prefix}-end": end.isoformat()}


def _hostile_period(prefix: str) -> dict:
    return {
        f"{prefix}-month": st.one_of(_months(), hostile_text),
        f"{prefix}-start": st.one_of(_dates(), hostile_text),
        f"{prefix}-end": st.one_of(_dates(), hostile_text),
    }


@hostile_settings(30)
@given(data=st.data())
def test_a_ward_report_request_is_a_registered_pdf_or_a_refusal_that_registers_nothing(
    auditor_client, manager_client, reported, data
):
    who = data.draw(st.sampled_from(["auditor", "manager"]), label="who")
    client = {"auditor": auditor_client, "manager": manager_client}[who]
    if who == "auditor" and data.draw(st.booleans(), label="whole hospital"):
        post = {"ward-hospital": "on"}
    else:
        post = {"ward-wards": ["W1"]}
    post |= _valid_period(data, "ward")
    codes = st.one_of(st.sampled_from(["W1", "W2", "w1", "W9"]), hostile_text)
    hostile = _hostile_period("ward") | {
        "ward-wards": st.lists(codes, max_size=3),
        "ward-hospital": st.one_of(st.sampled_from(["", "on", "false"]), hostile_text),
    }
    spoil(data, post, hostile, most=2)
    with rolled_back():
        before = counts()
        response = client.post("/reports/ward.pdf", post)
        _assert_download_or_refusal(response, before, "ward_form")


@hostile_settings(30)
@given(data=st.data())
def test_a_patient_report_request_is_a_registered_pdf_or_a_refusal_that_registers_nothing(
    auditor_client, manager_client, reported, data
):
    client = data.draw(st.sampled_from([auditor_client, manager_client]), label="who")
    # The patient on Ward One was admitted ten days ago: this month always covers them.
    post = {
        "patient-hospital_number": reported["W1"].hospital_number,
        "patient-month": _month(timezone.localdate()),
    }
    numbers = [p.hospital_number for p in reported.values()]
    numbers += [f"  {n.lower()} " for n in numbers] + ["H%", "H_00001", "%", "*"]
    hostile = _hostile_period("patient") | {
        "patient-hospital_number": st.one_of(st.sampled_from(numbers), hostile_text)
    }
    spoil(data, post, hostile, most=2)
    with rolled_back():
        before = counts()
        response = client.post("/reports/patient.pdf", post)
        _assert_download_or_refusal(response, before, "patient_form")


# --- Dashboards --------------------------------------------------------------------------

WARD_TABLES = [
    "by_kind",
    "weekly",
    "monthly",
    "items",
    "overdue",
    "past_review",
    "flags",
    "dwell",
    "sign_offs",
    "corrections_after_sign_off",
]


def _query() -> st.SearchStrategy[dict]:
    """A dashboard query string: each parameter left out, plausible, or hostile."""
    periods = st.sampled_from(["week", "4weeks", "month", "custom", ""])
    pages = st.sampled_from(["1", "2", "0", "-1", "1.5", "1e3", "9" * 30, "9" * 5000])
    return st.fixed_dictionaries(
        {},
        optional={
            "period": st.one_of(periods, hostile_text),
            "month": st.one_of(_months(), hostile_text),
            "start": st.one_of(_dates(), hostile_text),
            "end": st.one_of(_dates(), hostile_text),
            "ward": st.one_of(st.sampled_from(["W1", "W2", "w1", "W9", ""]), hostile_text),
            "kind": st.one_of(st.sampled_from(EntryPointKind.values), hostile_text),
            "show": st.one_of(st.sampled_from([v for v, _ in SHOW_CHOICES]), hostile_text),
            "item": st.one_of(st.sampled_from(["dressing_intact", "vip_score"]), hostile_text),
            "page": st.one_of(pages, hostile_text),
        },
    )


def _dashboard_paths() -> st.SearchStrategy[str]:
    tables = st.one_of(
        st.sampled_from(WARD_TABLES), st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True)
    )
    return st.one_of(
        st.sampled_from(
            [
                "/dashboard/",
                "/dashboard/overview.csv",
                "/dashboard/checks/",
                "/dashboard/checks.csv",
            ]
        ),
        st.sampled_from(["/wards/W1/dashboard/", "/wards/W2/dashboard/"]),
        tables.map(lambda t: f"/wards/W1/dashboard/{t}.csv"),
    )


@hostile_settings(60)
@given(data=st.data(), query=_query(), path=_dashboard_paths())
def test_a_dashboard_asked_anything_answers_without_a_server_error(
    nurse_client, manager_client, auditor_client, reported, data, query, path
):
    client = data.draw(st.sampled_from([nurse_client, manager_client, auditor_client]), label="who")
    with rolled_back():
        before = counts()
        response = client.get(path, query)
        assert response.status_code in (200, 400, 404)
        assert growth(before) == {}
        if response.status_code == 404:
            return
        form = response.context["form"] if response.context else None
        if path.endswith(".csv") and response.status_code == 200:
            assert response["Content-Type"] == "text/csv; charset=utf-8"
        elif response.status_code == 400 or (form is not None and form.errors):
            # A bad period or filter is explained on the page, not silently replaced.
            assert_refusal_shown(response)


# --- Measures stay right ------------------------------------------------------------------

# What became of one day's check: each is valid input, some of it awkward.
DAY_OUTCOMES = {
    # outcome: (counts as compliant, how it is recorded)
    "missed": (False, None),
    "compliant": (True, "on time"),
    "failing": (False, "on time"),
    "late but in the grace": (True, "03:00 next day"),
    "after the grace": (False, "09:00 next day"),
    "failing, then corrected": (True, "corrected"),
}


@hostile_settings(25)
@given(outcomes=st.lists(st.sampled_from(sorted(DAY_OUTCOMES)), min_size=1, max_size=6))
def test_the_dashboard_compliance_is_compliant_over_settled_due_checks(
    nurse, manager_client, ward, settings, outcomes
):
    # Fixed here, so that "in the grace" and "after it" mean what the outcomes say even
    # on a clock-change night (03:00 is at most 4 h after midnight, 09:00 at least 8 h).
    settings.CHECK_GRACE_HOURS = 6
    settings.HOSPITAL_COUNT_TIME = time(6, 0)
    first = len(outcomes) + 1  # the first due day, that many days back; the last is 2
    with rolled_back():
        patient = make_patient(ward, admitted_at=local_time(day_back(first + 2), "09:00"))
        # Inserted the day before the first count, removed in the evening of the last due
        # day: due exactly on the drawn days, all of them settled by now.
        piv = make_entry_point(
            patient,
            "piv",
            started_at=local_time(day_back(first + 1), "10:00"),
            removed_at=local_time(day_back(2), "20:00"),
            created_by=nurse,
        )
        for offset, outcome in enumerate(outcomes):
            day = day_back(first - offset)
            _record(piv, nurse, day, outcome)
        compliant = sum(DAY_OUTCOMES[o][0] for o in outcomes)
        settled = len(outcomes)

        page = manager_client.get(f"/wards/{ward.code}/dashboard/").content.decode()
        shown = re.search(r'data-headline="compliance">([^<]*)<', page).group(1)
        assert shown == f"{100 * compliant / settled:.1f}%"
        assert f"{compliant} compliant of {settled} due" in page


def _record(piv, nurse, day: date, outcome: str) -> None:
    how = DAY_OUTCOMES[outcome][1]
    if how is None:
        return
    answers = expected_answers("piv") if outcome != "failing" else None
    if outcome in ("failing", "failing, then corrected"):
        answers = failing_answers("piv", dressing_intact="no")
    if how == "03:00 next day":
        record_on(piv, nurse, day, answers, recorded="03:00", next_day=True)
    elif how == "09:00 next day":
        record_on(piv, nurse, day, answers, recorded="09:00", next_day=True)
    else:
        check = record_on(piv, nurse, day, answers)
        if how == "corrected":
            correct_check(
                nurse=nurse,
                original=check,
                answers=expected_answers("piv"),
                reason="Ticked the wrong box",
                now=local_time(day, "15:00"),
            )


# --- Verifying a PDF ----------------------------------------------------------------------


@hostile_settings(25)
@given(
    content=st.one_of(
        st.binary(max_size=2_000),
        st.binary(max_size=2_000).map(lambda b: b"%PDF-1.7\n" + b),
        st.sampled_from([b"", b"IPC-20261124-ABCDEF" * 20, b"%PDF-1.4\n/Subject (IPC-"]),
    ),
    name=st.one_of(st.sampled_from(["report.pdf", "a\x00.pdf", "../../x.pdf"]), hostile_text),
)
def test_any_file_to_verify_gets_a_verdict_or_a_message_and_registers_nothing(
    auditor_client, content, name
):
    upload = SimpleUploadedFile(name or "x", content, "application/pdf")
    with rolled_back():
        before = counts()
        response = auditor_client.post("/reports/verify/", {"pdf": upload})
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert_refusal_shown(response)
            assert growth(before) == {}
        else:
            # Every file checked is in the audit trail; the register itself is untouched.
            assert growth(before) == {"AuditEvent": 1}
            assert response.context["verdict"].result == "unknown"
