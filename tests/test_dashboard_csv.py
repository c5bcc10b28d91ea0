"""CSV exports carry the very figures of the page they come from.

The page's tables are read from its HTML (`<section id="table-<slug>">`), the CSV with
the csv module, and the two compared cell by cell. The period ends two days ago so
that nothing in it is still open while the tests run.
"""

from __future__ import annotations

import re

import pytest

from .factories import (
    make_unchecked_pivs,
)
from .pages import csv_rows, page_table, period_query
from .scenes import ward_one_scene

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


@pytest.fixture
def scene(ward, nurse, manager):
    ward_one_scene(ward, nurse, manager)


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
    query = period_query()
    response = auditor_client.get(f"/dashboard/?{query}&figures=table")
    page = page_table(response, "overview")
    rows = csv_rows(auditor_client.get(f"/dashboard/overview.csv?{query}"))
    _assert_same(page, rows, response.context["overview"].table.columns)
    # Two wards and all wards, each by every kind and all kinds.
    wards_column = [row[0] for row in rows[1:]]
    assert {"Ward One", "Ward Two", "All wards"} == set(wards_column)
    ward_one_all = dict(
        zip(rows[0], next(r for r in rows[1:] if r[:2] == ["Ward One", "All kinds"]), strict=True)
    )
    assert (ward_one_all["Due"], ward_one_all["Done"]) == ("35", "31")  # see the scene


def test_the_overview_links_to_its_csv_for_the_sameperiod_query(manager_client, scene):
    response = manager_client.get(f"/dashboard/?{period_query()}")
    html = response.content.decode()
    link = re.search(r'href="([^"]*)" data-csv="overview"', html).group(1).replace("&amp;", "&")
    assert link == f"/dashboard/overview.csv?{period_query()}"
    # The grid's page links to the same figures as one table, for the same period.
    figures = re.search(r'href="([^"]*)" data-figures="overview"', html).group(1)
    table_page = manager_client.get("/dashboard/" + figures.replace("&amp;", "&"))
    _assert_same(
        page_table(table_page, "overview"),
        csv_rows(manager_client.get(link)),
        table_page.context["overview"].table.columns,
    )


# --- The ward dashboard -------------------------------------------------------------


@pytest.mark.parametrize("slug", WARD_TABLES)
def test_each_ward_dashboard_csv_has_the_cells_of_its_table_on_the_page(
    manager_client, scene, ward, slug
):
    response = manager_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    page = page_table(response, slug)
    csv_url = response.context["csv"][slug]  # the page's own CSV link, period and all
    assert f'href="{csv_url.replace("&", "&amp;")}"' in response.content.decode()
    rows = csv_rows(manager_client.get(csv_url))
    _assert_same(page, rows, response.context["dashboard"].tables[slug].columns)
    if slug not in MAY_BE_EMPTY:
        assert len(rows) > 1, f"the scene left {slug} empty"


def test_the_ward_dashboard_tables_have_the_scenes_figures(manager_client, scene, ward):
    """A spot check that the comparison above compares something worked out by hand."""

    def table(slug):
        return csv_rows(
            manager_client.get(f"/wards/{ward.code}/dashboard/{slug}.csv?{period_query()}")
        )

    header, *rows = table("by_kind")
    by_kind = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    # Peripheral IVs: Ada 19 days (2 missed, 1 entered after the grace), Bảo 7 (1 missed).
    piv = by_kind["Peripheral IV"]
    assert [piv[c] for c in ("Due", "Done", "Missed", "Late")] == ["26", "22", "4", "1"]
    assert [by_kind["Urinary catheter"][c] for c in ("Due", "Done")] == ["9", "9"]
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
    query = f"ward={ward.code}&show={show}&{period_query()}"
    response = manager_client.get(f"/dashboard/checks/?{query}")
    result = response.context["result"]
    assert result.page.paginator.num_pages == 1
    rows = csv_rows(manager_client.get(f"/dashboard/checks.csv?{query}"))
    _assert_same(page_table(response, "checks"), rows, result.table.columns)
    assert len(rows) - 1 == len(result.rows) > 0


def test_the_check_list_csv_has_the_rows_of_both_pages(manager_client, ward):
    """Six peripheral IVs due for ten days and never checked: 60 missed checks."""
    make_unchecked_pivs(ward)
    query = f"ward={ward.code}&show=missed&{period_query(11, 2)}"
    first = manager_client.get(f"/dashboard/checks/?{query}")
    assert first.context["result"].page.paginator.num_pages == 2
    second = manager_client.get(f"/dashboard/checks/?{query}&page=2")
    both = page_table(first, "checks")["rows"] + page_table(second, "checks")["rows"]
    rows = csv_rows(manager_client.get(f"/dashboard/checks.csv?{query}"))
    assert len(both) == 60
    assert rows[1:] == both
