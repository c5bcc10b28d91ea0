"""A period the dashboards cannot show is refused with the reason on the page, and with
400 from a CSV export, and nothing is counted for it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists.measures import month_of

pytestmark = pytest.mark.django_db


def _bad_periods() -> list[tuple[str, str]]:
    today = timezone.localdate()
    return [
        (
            "period=custom&start=2026-11-10&end=2026-11-01",
            "The period cannot end before it starts.",
        ),
        ("period=month&month=garbage", "Give the month as YYYY-MM"),
        (
            f"period=custom&start={today - timedelta(days=3)}&end={today + timedelta(days=1)}",
            "The period cannot end after today.",
        ),
        (
            f"period=custom&start={today - timedelta(days=366)}&end={today}",
            "Choose at most 366 days.",
        ),
        (f"period=custom&start={today - timedelta(days=3)}", "Give both a from and a to date."),
        (
            f"period=month&month={month_of(today).end + timedelta(days=1):%Y-%m}",
            "That month has not started yet.",
        ),
    ]


BAD_PERIODS = [
    "ends before it starts",
    "month not YYYY-MM",
    "ends tomorrow",
    "367 days",
    "no end",
    "next month",
]


def _urls(ward) -> dict[str, str]:
    return {
        "overview": "/dashboard/",
        "ward dashboard": f"/wards/{ward.code}/dashboard/",
        "check list": f"/dashboard/checks/?ward={ward.code}&",
    }


def _join(url: str, query: str) -> str:
    return f"{url}{'' if url.endswith('&') else '?'}{query}"


@pytest.mark.parametrize("bad", range(len(BAD_PERIODS)), ids=BAD_PERIODS)
@pytest.mark.parametrize("page", ["overview", "ward dashboard", "check list"])
def test_a_page_shows_why_it_refuses_a_period(manager_client, ward, page, bad):
    query, message = _bad_periods()[bad]
    response = manager_client.get(_join(_urls(ward)[page], query))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="alert alert-danger"' in html
    assert "dash-table" not in html  # no figures for a period that is not one


CSV_URLS = {
    "overview": "/dashboard/overview.csv",
    "ward table": "/wards/{code}/dashboard/by_kind.csv",
    "check list": "/dashboard/checks.csv?ward={code}&",
}


@pytest.mark.parametrize("bad", range(len(BAD_PERIODS)), ids=BAD_PERIODS)
@pytest.mark.parametrize("export", sorted(CSV_URLS))
def test_a_csv_refuses_a_period_with_400(manager_client, ward, export, bad):
    query, message = _bad_periods()[bad]
    response = manager_client.get(_join(CSV_URLS[export].format(code=ward.code), query))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not response["Content-Type"].startswith("text/csv")


def test_a_period_of_exactly_366_days_is_accepted(manager_client, ward):
    today = timezone.localdate()
    query = f"period=custom&start={today - timedelta(days=365)}&end={today}"
    assert manager_client.get(f"/dashboard/overview.csv?{query}").status_code == 200
