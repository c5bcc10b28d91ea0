"""The dashboard pages: who sees which wards, how a figure is coloured, and how a figure
leads to exactly the checks it counted.

Days are counted back from today; the scenes use days that are settled (two or more days
ago) so that nothing in them is still open whatever the hour the tests run at.
"""

from __future__ import annotations

import re

import pytest

from checklists.models import Role, Stay

from .factories import (
    day_back,
    failing_answers,
    local_time,
    make_entry_point,
    make_patient,
    make_unchecked_pivs,
    make_user,
    record_on,
)
from .pages import period_query

pytestmark = pytest.mark.django_db


def _piv(ward, first: int, last: int, **kw):
    """A patient whose peripheral IV was in place at the count from `first` days ago to
    `last` days ago (removed at noon that day)."""
    patient = make_patient(ward, admitted_at=local_time(day_back(first + 1), "09:00"), **kw)
    return make_entry_point(
        patient,
        "piv",
        started_at=local_time(day_back(first), "05:00"),
        removed_at=local_time(day_back(last), "12:00"),
    )


def _cell_classes(html: str, ward_code: str, kind: str) -> list[str]:
    tag = re.search(rf'<td class="([^"]*)" data-ward="{ward_code}" data-kind="{kind}">', html)
    assert tag, f"no overview cell for {ward_code}/{kind}"
    return tag.group(1).split()


# --- Which wards ----------------------------------------------------------------------


def _shows(html: str, ward) -> bool:
    return f'data-ward="{ward.code}"' in html or ward.name in html


def test_the_overview_shows_a_manager_only_their_own_wards(manager_client, ward, other_ward):
    html = manager_client.get("/dashboard/").content.decode()
    assert _shows(html, ward)
    assert not _shows(html, other_ward)
    assert f"/wards/{other_ward.code}/" not in html


def test_the_overview_csv_shows_a_manager_only_their_own_wards(manager_client, ward, other_ward):
    text = manager_client.get("/dashboard/overview.csv").content.decode()
    assert ward.name in text
    assert other_ward.name not in text


def test_the_overview_shows_an_auditor_every_ward(auditor_client, ward, other_ward):
    html = auditor_client.get("/dashboard/").content.decode()
    assert _shows(html, ward) and _shows(html, other_ward)


def test_the_overview_shows_a_hospital_wide_manager_every_ward(client, ward, other_ward):
    lead = make_user(Role.MANAGER, hospital_wide=True, username="ipclead")
    assert list(lead.wards.all()) == []
    client.force_login(lead)
    html = client.get("/dashboard/").content.decode()
    assert _shows(html, ward) and _shows(html, other_ward)
    assert client.get(f"/wards/{other_ward.code}/dashboard/").status_code == 200


def test_a_nurse_sees_her_own_wards_dashboard(nurse_client, ward):
    response = nurse_client.get(f"/wards/{ward.code}/dashboard/")
    assert response.status_code == 200
    assert "Ward One dashboard" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/wards/{code}/dashboard/",
        "/wards/{code}/dashboard/by_kind.csv",
        "/dashboard/checks/?ward={code}",
        "/dashboard/checks.csv?ward={code}",
    ],
)
def test_another_wards_dashboard_is_not_found_for_a_nurse(nurse_client, other_ward, url):
    assert nurse_client.get(url.format(code=other_ward.code)).status_code == 404


def test_the_check_list_of_all_my_wards_leaves_out_other_wards(
    manager_client, ward, other_ward, other_nurse
):
    point = _piv(other_ward, 3, 2, full_name="Elsewhere Patient")
    record_on(point, other_nurse, day_back(3))
    response = manager_client.get("/dashboard/checks/")
    assert response.context["result"].rows == []
    assert "Elsewhere Patient" not in response.content.decode()


# --- Colour against the target ----------------------------------------------------------


@pytest.fixture
def half_and_full(ward, other_ward, nurse, other_nurse):
    """Ward One: a check compliant, the next failing (50%); Ward Two: both compliant."""
    half = _piv(ward, 3, 2)
    record_on(half, nurse, day_back(3))
    record_on(half, nurse, day_back(2), failing_answers(half.kind, dressing_intact="no"))
    full = _piv(other_ward, 3, 2)
    record_on(full, other_nurse, day_back(3))
    record_on(full, other_nurse, day_back(2))


@pytest.mark.parametrize(
    ("target", "half_tone", "full_tone"),
    [(95, "tone-bad", "tone-good"), (55, "tone-warn", "tone-good"), (40, "tone-good", "tone-good")],
)
def test_the_overview_colours_compliance_against_the_target(
    auditor_client, ward, other_ward, half_and_full, settings, target, half_tone, full_tone
):
    settings.COMPLIANCE_TARGET = target
    html = auditor_client.get("/dashboard/").content.decode()
    assert ">50.0%</a>" in html and ">100.0%</a>" in html
    for kind in ("piv", "all"):
        assert half_tone in _cell_classes(html, ward.code, kind)
        assert full_tone in _cell_classes(html, other_ward.code, kind)
    assert "tone-" not in " ".join(_cell_classes(html, ward.code, "iuc"))  # nothing due


def _headline_tone(html: str) -> str:
    tone = re.search(r'tone-(\w+)"><div class="small text-muted">All-or-none compliance', html)
    assert tone, "no headline compliance card"
    return tone.group(1)


def test_the_ward_dashboards_headline_follows_the_target(
    manager_client, ward, half_and_full, settings
):
    assert (
        _headline_tone(manager_client.get(f"/wards/{ward.code}/dashboard/").content.decode())
        == "bad"
    )
    settings.COMPLIANCE_TARGET = 40
    assert (
        _headline_tone(manager_client.get(f"/wards/{ward.code}/dashboard/").content.decode())
        == "good"
    )


def test_the_overview_says_which_target_it_colours_against(auditor_client, settings):
    settings.COMPLIANCE_TARGET = 90
    html = auditor_client.get("/dashboard/").content.decode()
    assert "against the 90% target" in html


def test_a_wards_link_on_the_overview_keeps_the_period(manager_client, ward):
    start, end = day_back(20), day_back(10)
    response = manager_client.get(f"/dashboard/?period=custom&start={start}&end={end}")
    html = response.content.decode()
    assert f"/wards/{ward.code}/dashboard/?period=custom&amp;start={start}&amp;end={end}" in html


# --- From a figure to its checks --------------------------------------------------------


@pytest.fixture
def week_of_checks(ward, nurse):
    """One PIV due 6 to 2 days ago: compliant; dressing failed; missed; hub not scrubbed;
    missed."""
    point = _piv(ward, 6, 2, full_name="Fatima Khan")
    record_on(point, nurse, day_back(6))
    record_on(point, nurse, day_back(5), failing_answers(point.kind, dressing_intact="no"))
    record_on(point, nurse, day_back(3), failing_answers(point.kind, hub_scrubbed="no"))
    return point


def _listed_days(response) -> list:
    assert response.status_code == 200
    return [d.day for d in response.context["result"].rows]


def _overview_cell(response, ward, kind):
    (row,) = [r for r in response.context["overview"].grid if r.ward == ward]
    (cell,) = [c for c in row.cells if c.kind == kind]
    return cell


def test_the_missed_figure_leads_to_the_missed_days(manager_client, ward, week_of_checks):
    cell = _overview_cell(manager_client.get("/dashboard/"), ward, "piv")
    assert cell.measures.missed == 2
    response = manager_client.get(cell.missed_href)
    assert _listed_days(response) == [day_back(4), day_back(2)]
    outcomes = [row[5].text for row in response.context["result"].table.rows]
    assert outcomes == ["Missed", "Missed"]
    assert 'data-count="2"' in response.content.decode()


def test_the_compliance_figure_leads_to_the_checks_that_failed_or_were_missed(
    manager_client, ward, week_of_checks
):
    cell = _overview_cell(manager_client.get("/dashboard/"), ward, "piv")
    assert (cell.measures.compliant, cell.measures.settled) == (1, 5)
    response = manager_client.get(cell.failing_href)
    assert _listed_days(response) == [day_back(5), day_back(4), day_back(3), day_back(2)]
    assert len(_listed_days(response)) == cell.measures.not_compliant


def test_an_items_failures_lead_to_the_checks_that_failed_that_item(
    manager_client, ward, week_of_checks
):
    dashboard = manager_client.get(f"/wards/{ward.code}/dashboard/")
    items = dashboard.context["dashboard"].tables["items"]
    (dressing,) = [r for r in items.rows if r[1].text == "Dressing clean, dry and intact"]
    failed = dressing[4]
    assert failed.text == "1"
    assert "show=failed" in failed.href and "item=dressing_intact" in failed.href
    response = manager_client.get(failed.href)
    assert _listed_days(response) == [day_back(5)]
    html = response.content.decode()
    assert "Dressing clean, dry and intact" in html
    assert "Hub scrubbed before each access" not in html


def test_show_failed_without_an_item_lists_every_failed_check(manager_client, ward, week_of_checks):
    query = f"ward={ward.code}&show=failed&{period_query(6, 2)}"
    assert _listed_days(manager_client.get(f"/dashboard/checks/?{query}")) == [
        day_back(5),
        day_back(3),
    ]


def test_each_figure_of_the_by_kind_table_leads_to_as_many_checks(
    manager_client, ward, week_of_checks
):
    dashboard = manager_client.get(f"/wards/{ward.code}/dashboard/")
    table = dashboard.context["dashboard"].tables["by_kind"]
    (piv,) = [r for r in table.rows if r[0].text == "Peripheral IV"]
    linked = [(table.columns[n + 1], c) for n, c in enumerate(piv[1:]) if c.href]
    assert {name for name, _ in linked} >= {"Due", "Done", "Missed", "Compliance %"}
    for name, cell in linked:
        if name == "Compliance %":
            continue  # a percentage: its link lists the checks that were not compliant
        response = manager_client.get(cell.href)
        assert len(response.context["result"].rows) == int(cell.text), name


def test_a_trend_figure_leads_to_as_many_checks_even_for_a_week_cut_short(
    manager_client, ward, week_of_checks
):
    """The period ends mid-week, with due checks after it in the same week and month."""
    end = day_back(4) if day_back(4).weekday() != 6 else day_back(3)
    query = f"period=custom&start={day_back(20)}&end={end}"
    dashboard = manager_client.get(f"/wards/{ward.code}/dashboard/?{query}")
    followed = 0
    for slug in ("weekly", "monthly"):
        table = dashboard.context["dashboard"].tables[slug]
        for row in table.rows:
            for name, cell in zip(
                table.columns[1:4], row[1:4], strict=True
            ):  # Due, Compliant, Missed
                if cell.href:
                    response = manager_client.get(cell.href)
                    assert len(response.context["result"].rows) == int(cell.text), (slug, name)
                    assert all(d.day <= end for d in response.context["result"].rows)
                    followed += 1
    assert followed >= 4


def test_a_check_counted_on_my_ward_but_recorded_after_a_transfer_opens_from_my_drill_down(
    other_manager_client, ward, other_ward, nurse
):
    day = day_back(3)
    patient = make_patient(other_ward, admitted_at=local_time(day_back(5), "09:00"))
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(4), "09:00"))
    moved_at = local_time(day, "08:00")  # after Ward Two counted the day
    Stay.objects.filter(patient=patient).update(ended_at=moved_at, end_reason="transfer")
    Stay.objects.create(patient=patient, ward=ward, started_at=moved_at)
    check = record_on(point, nurse, day_back(3))  # by Ward One's nurse, on Ward One
    query = f"ward={other_ward.code}&period=custom&start={day}&end={day}"
    response = other_manager_client.get(f"/dashboard/checks/?{query}")
    (row,) = response.context["result"].table.rows
    assert row[5].text == "Compliant"  # counted for Ward Two
    assert row[0].href == f"/checks/{check.public_id}/"
    assert other_manager_client.get(row[0].href).status_code == 200


# --- Paging -------------------------------------------------------------------------


def test_more_than_fifty_checks_make_a_second_page(manager_client, ward):
    make_unchecked_pivs(ward)
    query = f"ward={ward.code}&show=due&{period_query(11, 2)}"
    first = manager_client.get(f"/dashboard/checks/?{query}")
    assert first.context["result"].page.paginator.count == 60
    assert len(first.context["result"].table.rows) == 50
    html = first.content.decode()
    assert "Page 1 of 2" in html
    next_link = re.search(r'href="(\?[^"]*page=2)"', html).group(1).replace("&amp;", "&")
    second = manager_client.get(f"/dashboard/checks/{next_link}")
    assert second.status_code == 200
    assert len(second.context["result"].table.rows) == 10
    assert "Page 2 of 2" in second.content.decode()


def test_a_page_past_the_last_shows_the_last(manager_client, ward, week_of_checks):
    query = f"ward={ward.code}&{period_query(6, 2)}&page=9"
    response = manager_client.get(f"/dashboard/checks/?{query}")
    assert response.status_code == 200
    assert response.context["result"].page.number == 1


# --- A patient long gone --------------------------------------------------------------


@pytest.fixture
def long_gone(ward, nurse, settings):
    """A patient checked on Ward One and discharged more than RECENT_STAY_DAYS ago."""
    settings.RECENT_STAY_DAYS = 7
    point = _piv(ward, 20, 19, full_name="Gareth Long-Gone")
    check = record_on(point, nurse, day_back(20))
    Stay.objects.filter(patient=point.patient).update(
        ended_at=local_time(day_back(15), "12:00"), end_reason=Stay.EndReason.DISCHARGE
    )
    return check


def test_a_check_of_a_patient_long_gone_opens_from_the_managers_drill_down(
    manager_client, ward, long_gone
):
    query = f"ward={ward.code}&show=due&{period_query(21, 10)}"
    response = manager_client.get(f"/dashboard/checks/?{query}")
    rows = response.context["result"].table.rows
    day_cells = [row[0] for row in rows]
    assert [c.text for c in day_cells] == [f"{day_back(20):%d %b %Y}", f"{day_back(19):%d %b %Y}"]
    check_href = f"/checks/{long_gone.public_id}/"
    assert day_cells[0].href == check_href
    assert f'href="{check_href}"' in response.content.decode()
    detail = manager_client.get(check_href)
    assert detail.status_code == 200
    assert "Gareth Long-Gone" in detail.content.decode()


def test_the_patient_long_gone_is_not_a_link_in_the_drill_down(manager_client, ward, long_gone):
    query = f"ward={ward.code}&show=due&{period_query(21, 10)}"
    response = manager_client.get(f"/dashboard/checks/?{query}")
    patient = long_gone.entry_point.patient
    patient_url = f"/patients/{patient.public_id}/"
    assert manager_client.get(patient_url).status_code == 404
    html = response.content.decode()
    assert "Gareth Long-Gone" in html
    assert patient_url not in html
    assert all(row[2].href == "" for row in response.context["result"].table.rows)


def test_an_auditor_gets_the_patient_link_that_opens(auditor_client, ward, long_gone):
    query = f"ward={ward.code}&show=due&{period_query(21, 10)}"
    response = auditor_client.get(f"/dashboard/checks/?{query}")
    patient_url = f"/patients/{long_gone.entry_point.patient.public_id}/"
    assert f'href="{patient_url}"' in response.content.decode()
    assert auditor_client.get(patient_url).status_code == 200


def test_a_manager_with_no_wards_yet_gets_empty_pages_not_errors(client):
    lonely = make_user(Role.MANAGER)
    client.force_login(lonely)
    for url in (
        "/dashboard/",
        "/dashboard/overview.csv",
        "/dashboard/checks/",
        "/dashboard/checks/?item=dressing_intact",
        "/dashboard/checks.csv",
    ):
        assert client.get(url).status_code == 200, url
