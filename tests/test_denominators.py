"""The monthly denominators of NHSN form 57.118 (patient days and central-line,
urinary-catheter and ventilator days per ward and month), as CSV: counted at the count
time from the same daily counts the compliance figures use, and for whom."""

from __future__ import annotations

import csv
from datetime import time, timedelta
from io import StringIO

import pytest
from django.utils import timezone

from checklists.measures import by_ward_and_kind, collect, month_of
from checklists.models import Stay

from .factories import local_time, make_entry_point, make_patient


def last_month():
    return month_of(timezone.localdate().replace(day=1) - timedelta(days=1))


def on(day: int, hhmm: str):
    return local_time(last_month().start + timedelta(days=day - 1), hhmm)


@pytest.fixture
def counted_ward(ward, nurse):
    """Last month, counted at 06:00: a patient from the 3rd 09:00 to the 8th 09:00 is
    found on the 4th to the 8th (5 patient days). Two central lines, the 5th 09:00 to
    the 7th 12:00 and the 6th 10:00 onwards, are found on the 6th, 7th and 8th: 3
    central-line days (two lines on the 7th are one day). A catheter from the 3rd 10:00
    to the 4th 05:00 is never found at a count: 0 catheter days."""
    ward.nhsn_location = "IN:ACUTE:MS"
    ward.save()
    patient = make_patient(ward=None)
    Stay.objects.create(
        patient=patient,
        ward=ward,
        started_at=on(3, "09:00"),
        ended_at=on(8, "09:00"),
        end_reason=Stay.EndReason.DISCHARGE,
    )
    for start, end in ((on(5, "09:00"), on(7, "12:00")), (on(6, "10:00"), on(8, "09:00"))):
        make_entry_point(patient, "cvc", started_at=start, removed_at=end, created_by=nurse)
    make_entry_point(
        patient, "iuc", started_at=on(3, "10:00"), removed_at=on(4, "05:00"), created_by=nurse
    )
    return ward


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_counts_each_day_at_the_count_time(auditor_client, counted_ward, settings):
    settings.HOSPITAL_COUNT_TIME = time(6, 0)
    month = f"{last_month().start:%Y-%m}"
    found = rows(auditor_client.get(f"/infections/denominators.csv?start={month}&end={month}"))
    mine = [r for r in found if r["Ward"] == counted_ward.code]
    assert mine == [
        {
            "Ward": counted_ward.code,
            "Ward name": counted_ward.name,
            "NHSN location": "IN:ACUTE:MS",
            "Month": month,
            "Count time": "06:00",
            "Patient days": "5",
            "Central-line days": "3",
            "Urinary-catheter days": "0",
            "Ventilator days": "0",
        }
    ]


def test_the_device_days_are_the_compliance_figures_own(auditor_client, counted_ward):
    period = last_month()
    measures = by_ward_and_kind(collect([counted_ward], period, timezone.now()))
    found = rows(auditor_client.get("/infections/denominators.csv"))  # last month by default
    mine = next(r for r in found if r["Ward"] == counted_ward.code)
    assert int(mine["Central-line days"]) == measures[(counted_ward.pk, "cvc")].device_days
    assert int(mine["Patient days"]) == measures[(counted_ward.pk, None)].patient_days


def test_a_range_of_months_gives_a_row_per_ward_and_month(auditor_client, counted_ward, other_ward):
    end = last_month().start
    start = month_of(end - timedelta(days=1)).start
    found = rows(
        auditor_client.get(f"/infections/denominators.csv?start={start:%Y-%m}&end={end:%Y-%m}")
    )
    assert [(r["Ward"], r["Month"]) for r in found] == [
        (w, f"{m:%Y-%m}") for w in ("W1", "W2") for m in (start, end)
    ]


def test_a_manager_gets_only_her_wards_and_a_nurse_nothing(
    manager_client, other_manager_client, nurse_client, counted_ward
):
    assert {r["Ward"] for r in rows(manager_client.get("/infections/denominators.csv"))} == {"W1"}
    assert {r["Ward"] for r in rows(other_manager_client.get("/infections/denominators.csv"))} == {
        "W2"
    }
    assert nurse_client.get("/infections/denominators.csv").status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-13", "YYYY-MM"),
        ("start=2099-01&end=2099-01", "not started yet"),
        ("start=2020-05&end=2020-04", "must not be after"),
        ("start=2020-01&end=2024-01", "at most 36 months"),
    ],
)
def test_a_bad_month_is_a_400_that_says_why(auditor_client, query, message):
    response = auditor_client.get(f"/infections/denominators.csv?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
