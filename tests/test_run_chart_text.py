"""The run chart's text alternative: what a screen reader hears instead of the picture,
and the way from the chart to the table that holds every figure."""

from __future__ import annotations

import re

import pytest

from checklists.tables.charts import run_chart


def test_the_summary_names_the_span_the_latest_the_lowest_the_highest_and_the_target():
    chart = run_chart("Compliance by week", ["02 Nov", "09 Nov", "16 Nov"], [90.0, 75.5, 100.0], 95)
    assert chart.summary == (
        "Compliance by week, 3 figures from 02 Nov to 16 Nov: latest 100.0% (16 Nov); "
        "lowest 75.5% (09 Nov), highest 100.0% (16 Nov); target 95%."
    )


def test_the_summary_says_so_far_of_a_period_not_over_and_skips_a_gap():
    chart = run_chart("Compliance by month", ["Oct", "Nov", "Dec"], [80.0, None, 92.0], 95, True)
    assert chart.summary == (
        "Compliance by month, 2 figures from Oct to Dec: latest 92.0% so far (Dec); "
        "lowest 80.0% (Oct), highest 92.0% so far (Dec); target 95%."
    )


def test_a_single_figure_is_named_as_one():
    chart = run_chart("Compliance by month", ["Nov", "Dec"], [None, 97.5], 95)
    assert chart.summary == (
        "Compliance by month, one figure (Dec): latest 97.5% (Dec); "
        "lowest 97.5% (Dec), highest 97.5% (Dec); target 95%."
    )


def test_a_chart_with_no_settled_check_says_so():
    chart = run_chart("Compliance by week", ["02 Nov", "09 Nov"], [None, None], 95)
    assert chart.summary == "Compliance by week: no settled checks in the period; target 95%."


@pytest.mark.django_db
def test_each_dashboard_chart_is_an_image_named_by_its_summary_and_linked_to_its_table(
    manager_client, ward
):
    html = manager_client.get(f"/wards/{ward.code}/dashboard/").content.decode()
    charts = re.findall(r'<svg [^>]*role="img"[^>]*>\s*<title id="([^"]+)">([^<]+)</title>', html)
    titles = [title.split(",")[0].split(":")[0] for _id, title in charts]
    assert titles == ["Compliance by week", "Compliance by month"]
    for title_id, _title in charts:
        slug = title_id.removeprefix("chart-").removesuffix("-title")
        assert f'aria-labelledby="{title_id}"' in html
        assert f'aria-describedby="chart-{slug}-caption"' in html
        assert f'<figcaption class="small text-muted" id="chart-{slug}-caption">' in html
        # The caption's link leads to the table of the same figures, on the page.
        assert f'href="#figures-{slug}"' in html
        assert f'id="figures-{slug}"' in html
