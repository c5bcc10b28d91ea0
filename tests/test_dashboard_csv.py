"""CSV exports carry the very figures of the page they come from, are safe to open in a
spreadsheet, and refuse a period the page would refuse.

The page's tables are read from its HTML (`<section id="table-<slug>">`), the CSV with
the csv module, and the two compared cell by cell. The period ends two days ago so
that nothing in it is still open while the tests run.
"""

from __future__ import annotations

import csv
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.utils import timezone

from checklists import services
from checklists.dashboards.tables import Cell, Table
from checklists.measures import month_of
from checklists.models import Stay

from .factories import (
    day_back,
    failing_answers,
    local_time,
    make_entry_point,
    make_patient,
    make_unchecked_pivs,
    record_on,
)

pytestmark = pytest.mark.django_db

WARD_TABLES = [
    "by_kind",
    "items",
    "weekly",
    "monthly",
    "dwell",
    "overdue",
    "past_review",
    "flags",
    "sign_offs",
    "corrections_after_sign_off",
]
# Today's tables depend on the hour the tests run at (a check turns overdue at 14:00).
MAY_BE_EMPTY = {"overdue"}


def _period(first: int = 20, last: int = 2) -> str:
    return f"period=custom&start={day_back(first).isoformat()}&end={day_back(last).isoformat()}"


@pytest.fixture
def scene(ward, nurse, manager):
    """Ward One over the last three weeks, with something in every table."""
    ada = make_patient(ward, admitted_at=local_time(day_back(30), "09:00"), full_name="Ada Byron")
    piv = make_entry_point(ada, "piv", started_at=local_time(day_back(25), "05:00"))
    for back in range(20, 1, -1):
        day = day_back(back)
        if back in (17, 11):
            continue  # missed
        if back == 15:
            record_on(piv, nurse, day, recorded="02:00", next_day=True)  # late, within the grace
        elif back == 13:
            record_on(piv, nurse, day, recorded="08:00", next_day=True)  # after it: missed
        elif back in (9, 6):
            record_on(piv, nurse, day, failing_answers("piv", dressing_intact="no"))
        elif back == 8:
            check = record_on(piv, nurse, day, failing_answers("piv", hub_scrubbed="no"))
            services.correct_check(
                nurse=nurse,
                original=check,
                answers=failing_answers("piv", hub_scrubbed="na"),
                reason="Not accessed that day",
                now=local_time(day, "16:00"),
            )
        elif back == 2:
            record_on(piv, nurse, day, failing_answers("piv", vip_score="2"))  # an open flag
        else:
            record_on(piv, nurse, day)
    iuc = make_entry_point(ada, "iuc", started_at=local_time(day_back(10), "05:00"))
    for back in range(10, 1, -1):
        answers = failing_answers("iuc", indication="none") if back == 2 else None
        record_on(iuc, nurse, day_back(back), answers)
    bao = make_patient(ward, admitted_at=local_time(day_back(9), "09:00"), full_name="Bảo Nguyễn")
    bao_piv = make_entry_point(bao, "piv", started_at=local_time(day_back(8), "05:00"))
    for back in range(8, 1, -1):
        if back != 5:
            record_on(bao_piv, nurse, day_back(back))
    _last_month_signed_off(ward, nurse, manager)


def _last_month_signed_off(ward, nurse, manager):
    """A patient of last month, signed off, with one check corrected afterwards."""
    month = month_of(timezone.localdate().replace(day=1) - timedelta(days=1))
    first = month.start
    old = make_patient(ward, admitted_at=local_time(first, "09:00"), full_name="Cai Old")
    point = make_entry_point(old, "piv", started_at=local_time(first, "09:30"))
    checks = [record_on(point, nurse, first + timedelta(days=n)) for n in (1, 2, 3)]
    Stay.objects.filter(patient=old).update(
        ended_at=local_time(first + timedelta(days=4), "12:00"), end_reason="discharge"
    )
    services.sign_off_month(manager=manager, ward=ward, month=first, comment="All reviewed")
    services.correct_check(
        nurse=nurse,
        original=checks[1],
        answers=failing_answers("piv", dressing_intact="no"),
        reason="Dressing was found lifting",
    )


class _PageTables(HTMLParser):
    """The header and body cells of each `<section id="table-...">` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self._slug: str | None = None
        self._part = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("table-"):
            self._slug = attrs["id"].removeprefix("table-")
            self.tables[self._slug] = {"columns": [], "rows": [], "table": False}
        elif self._slug is None:
            return
        elif tag == "table":
            self.tables[self._slug]["table"] = True
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if self._slug is None:
            return
        if tag == "section":
            self._slug = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[self._slug]
            if self._part == "thead":
                table["columns"] = self._row
            else:
                table["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _page_table(response, slug: str) -> dict[str, list]:
    assert response.status_code == 200
    parser = _PageTables()
    parser.feed(response.content.decode())
    assert slug in parser.tables, f"no table {slug} on the page"
    return parser.tables[slug]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    # Starts with a byte-order mark so that Excel reads it as UTF-8.
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))


def _assert_same(page: dict[str, list], rows: list[list[str]], columns: list[str]) -> None:
    header, *body = rows
    assert header == columns
    if page["table"]:
        assert page["columns"] == header
    assert body == page["rows"]


# --- The overview -------------------------------------------------------------------


def test_the_overview_csv_has_the_figures_of_the_overview_table(
    auditor_client, scene, ward, other_ward
):
    query = _period()
    response = auditor_client.get(f"/dashboard/?{query}")
    page = _page_table(response, "overview")
    rows = _csv(auditor_client.get(f"/dashboard/overview.csv?{query}"))
    _assert_same(page, rows, response.context["overview"].table.columns)
    # Two wards and all wards, each by every kind and all kinds.
    wards_column = [row[0] for row in rows[1:]]
    assert {"Ward One", "Ward Two", "All wards"} == set(wards_column)
    ward_one_all = next(r for r in rows[1:] if r[:2] == ["Ward One", "All kinds"])
    assert ward_one_all[2:4] == ["35", "31"]  # due, done: see the scene


def test_the_overview_links_to_its_csv_for_the_same_period(manager_client, scene):
    response = manager_client.get(f"/dashboard/?{_period()}")
    html = response.content.decode()
    link = re.search(r'href="([^"]*)" data-csv="overview"', html).group(1).replace("&amp;", "&")
    assert link == f"/dashboard/overview.csv?{_period()}"
    _assert_same(
        _page_table(response, "overview"),
        _csv(manager_client.get(link)),
        response.context["overview"].table.columns,
    )


# --- The ward dashboard -------------------------------------------------------------


@pytest.mark.parametrize("slug", WARD_TABLES)
def test_each_ward_dashboard_csv_has_the_cells_of_its_table_on_the_page(
    manager_client, scene, ward, slug
):
    response = manager_client.get(f"/wards/{ward.code}/dashboard/?{_period()}")
    page = _page_table(response, slug)
    csv_url = response.context["csv"][slug]  # the page's own CSV link, period and all
    assert f'href="{csv_url.replace("&", "&amp;")}"' in response.content.decode()
    rows = _csv(manager_client.get(csv_url))
    _assert_same(page, rows, response.context["dashboard"].tables[slug].columns)
    if slug not in MAY_BE_EMPTY:
        assert len(rows) > 1, f"the scene left {slug} empty"


def test_the_ward_dashboard_tables_have_the_scenes_figures(manager_client, scene, ward):
    """A spot check that the comparison above compares something worked out by hand."""

    def table(slug):
        return _csv(manager_client.get(f"/wards/{ward.code}/dashboard/{slug}.csv?{_period()}"))

    by_kind = {row[0]: row for row in table("by_kind")[1:]}
    # Peripheral IVs: Ada 19 days (2 missed, 1 entered after the grace), Bảo 7 (1 missed).
    piv = by_kind["Peripheral IV"]
    assert piv[1:5] == ["26", "22", "4", "1"]  # due, done, missed, late
    assert by_kind["Urinary catheter"][1:3] == ["9", "9"]
    items = {(row[0], row[1]): row for row in table("items")[1:]}
    dressing = items[("Peripheral IV", "Dressing clean, dry and intact")]
    assert dressing[2:5] == ["22", "20", "2"]  # answered, compliant, failed
    corrected = table("corrections_after_sign_off")[1:]
    assert [row[2] for row in corrected] == ["Cai Old"]
    assert corrected[0][4] == "Dressing was found lifting"


def test_an_unknown_table_is_not_found(manager_client, ward):
    assert manager_client.get(f"/wards/{ward.code}/dashboard/no_such_table.csv").status_code == 404


def test_another_wards_table_is_not_found(manager_client, other_ward):
    url = f"/wards/{other_ward.code}/dashboard/by_kind.csv"
    assert manager_client.get(url).status_code == 404


# --- The check list -----------------------------------------------------------------


@pytest.mark.parametrize("show", ["due", "missed", "late", "failed", "corrected", "flagged"])
def test_the_check_list_csv_has_the_rows_of_the_page(manager_client, scene, ward, show):
    query = f"ward={ward.code}&show={show}&{_period()}"
    response = manager_client.get(f"/dashboard/checks/?{query}")
    result = response.context["result"]
    assert result.page.paginator.num_pages == 1
    rows = _csv(manager_client.get(f"/dashboard/checks.csv?{query}"))
    _assert_same(_page_table(response, "checks"), rows, result.table.columns)
    assert len(rows) - 1 == len(result.rows) > 0


def test_the_check_list_csv_has_the_rows_of_both_pages(manager_client, ward):
    """Six peripheral IVs due for ten days and never checked: 60 missed checks."""
    make_unchecked_pivs(ward)
    query = f"ward={ward.code}&show=missed&{_period(11, 2)}"
    first = manager_client.get(f"/dashboard/checks/?{query}")
    assert first.context["result"].page.paginator.num_pages == 2
    second = manager_client.get(f"/dashboard/checks/?{query}&page=2")
    both = _page_table(first, "checks")["rows"] + _page_table(second, "checks")["rows"]
    rows = _csv(manager_client.get(f"/dashboard/checks.csv?{query}"))
    assert len(both) == 60
    assert rows[1:] == both


# --- Formulas -----------------------------------------------------------------------

DANGEROUS_NAMES = [
    '=HYPERLINK("http://evil.example/","Open")',
    "+44 20 7946 0000",
    "-1+2",
    "@SUM(A1:A9)",
]


@pytest.mark.parametrize("name", DANGEROUS_NAMES)
def test_a_name_a_spreadsheet_would_run_is_written_with_a_leading_apostrophe(
    manager_client, ward, nurse, name
):
    patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"), full_name=name)
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    record_on(point, nurse, day_back(4))
    query = f"ward={ward.code}&{_period(5, 3)}"
    rows = _csv(manager_client.get(f"/dashboard/checks.csv?{query}"))
    header, *body = rows
    patients = {row[header.index("Patient")] for row in body}
    assert patients == {"'" + name}
    page = _page_table(manager_client.get(f"/dashboard/checks/?{query}"), "checks")
    assert {row[header.index("Patient")] for row in page["rows"]} == {name}


def test_numbers_are_written_as_numbers(manager_client, ward, nurse):
    patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"))
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    record_on(point, nurse, day_back(4))
    rows = _csv(manager_client.get(f"/wards/{ward.code}/dashboard/by_kind.csv?{_period(5, 3)}"))
    piv = next(row for row in rows if row[0] == "Peripheral IV")
    assert piv[1:7] == ["3", "1", "2", "0", "33.3", "33.3"]
    assert rows[-1][0] == "All kinds"
    no_denominator = next(row for row in rows if row[0] == "Central line")
    assert no_denominator[5] == "–"  # no apostrophe before the dash of "no figure"


def test_only_text_cells_are_guarded_not_numbers():
    table = Table("t", "T", ["Text", "Number"])
    table.rows.append([Cell("-5"), Cell("-5", numeric=True)])
    table.rows.append([Cell("\tTab"), Cell("12.5", numeric=True)])
    assert list(csv.reader(StringIO(table.to_csv())))[1:] == [["'-5", "-5"], ["'\tTab", "12.5"]]


def test_a_sign_off_comment_a_spreadsheet_would_run_is_guarded_too(manager_client, ward, manager):
    last_month = month_of(timezone.localdate().replace(day=1) - timedelta(days=1))
    services.sign_off_month(
        manager=manager, ward=ward, month=last_month.start, comment="=1+1 reviewed"
    )
    rows = _csv(manager_client.get(f"/wards/{ward.code}/dashboard/sign_offs.csv"))
    assert rows[1][-1] == "'=1+1 reviewed"


# --- Periods ------------------------------------------------------------------------


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
