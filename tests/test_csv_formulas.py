"""CSV exports are safe to open in a spreadsheet: text that a spreadsheet would run as a
formula is written with a leading apostrophe, numbers are written as they are."""

from __future__ import annotations

import csv
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from checklists import services
from checklists.measures import month_of
from checklists.tables.cells import Cell, Table

from .factories import day_back, local_time, make_entry_point, make_patient, record_on
from .pages import csv_rows, page_table, period_query

pytestmark = pytest.mark.django_db


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
    query = f"ward={ward.code}&{period_query(5, 3)}"
    rows = csv_rows(manager_client.get(f"/dashboard/checks.csv?{query}"))
    header, *body = rows
    patients = {row[header.index("Patient")] for row in body}
    assert patients == {"'" + name}
    page = page_table(manager_client.get(f"/dashboard/checks/?{query}"), "checks")
    assert {row[header.index("Patient")] for row in page["rows"]} == {name}


def test_numbers_are_written_as_numbers(manager_client, ward, nurse):
    patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"))
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    record_on(point, nurse, day_back(4))
    rows = csv_rows(
        manager_client.get(f"/wards/{ward.code}/dashboard/by_kind.csv?{period_query(5, 3)}")
    )
    header = rows[0]
    piv = dict(zip(header, next(row for row in rows if row[0] == "Peripheral IV"), strict=True))
    wanted = ("Due", "Done", "Missed", "Late", "Completion %", "Compliance %")
    assert [piv[c] for c in wanted] == ["3", "1", "2", "0", "33.3", "33.3"]
    assert rows[-1][0] == "All kinds"
    no_denominator = dict(
        zip(header, next(row for row in rows if row[0] == "Central line"), strict=True)
    )
    assert no_denominator["Completion %"] == "–"  # no apostrophe before "no figure"


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
    rows = csv_rows(manager_client.get(f"/wards/{ward.code}/dashboard/sign_offs.csv"))
    assert rows[1][-1] == "'=1+1 reviewed"
