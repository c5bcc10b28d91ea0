"""Hostile input: admission, transfer and discharge, posted as a ward nurse. Each example
starts from a valid POST and spoils some of its fields (`spoil`): hospital numbers that
belong to someone else or are typed oddly, dates of birth from year 1 to 9999, ward ids
that are not wards, beds already taken, times from year 1 to 9999, and forged fields. An
admission saves the patient and the stay together (or only a new stay for a returning
patient) and takes over no one else's record; a transfer ends one stay and starts the
next with the devices going along; a discharge ends the stay and closes every device. Or
the form comes back with its reasons and nothing changed.

Strategies, bookkeeping and the Hypothesis settings come from tests/hostile.py, the
`hostile_points` fixture from tests/hostile_fixtures.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checklists.models import Patient, Stay

from .factories import days_ago, make_patient
from .hostile import (
    assert_refusal_shown,
    counts,
    forged,
    growth,
    hostile_moment,
    hostile_settings,
    hostile_text,
    recent_moment,
    rolled_back,
    spoil,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admissions(ward, other_ward, patient):
    """Who a hospital number might belong to: a patient on Ward One (with bed 12 taken),
    one on Ward Two, and one discharged last week who may come back."""
    Stay.objects.filter(patient=patient).update(bed="12")
    elsewhere = make_patient(other_ward, admitted_at=days_ago(4, "09:00"))
    gone = make_patient(ward, admitted_at=days_ago(20, "09:00"), full_name="Ada Gone")
    Stay.objects.filter(patient=gone).update(ended_at=days_ago(7, "12:00"), end_reason="discharge")
    return {"here": patient, "elsewhere": elsewhere, "gone": gone}


@hostile_settings(60)
@given(data=st.data())
def test_an_admission_saves_the_patient_and_the_stay_together_or_nothing(
    nurse_client, nurse, ward, admissions, data
):
    gone = admissions["gone"]
    returning = data.draw(st.booleans(), label="returning patient")
    post = {
        "hospital_number": gone.hospital_number if returning else "H900001",
        "full_name": gone.full_name if returning else "Zoë Łukasiewicz",
        "date_of_birth": f"{gone.date_of_birth:%Y-%m-%d}" if returning else "1948-02-29",
        "admitted_at": data.draw(recent_moment(timedelta(days=5)), label="admitted_at"),
        "bed": data.draw(st.sampled_from(["", "3", "12B"]), label="bed"),
        "diabetes": "on",
    }
    numbers = st.sampled_from(
        [p.hospital_number for p in admissions.values()]
        + [p.hospital_number.lower() for p in admissions.values()]
        + [" h900001 ", "ß" * 20, "H" * 21]
    )
    births = st.one_of(
        st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "1948-02-29", "31/12/1950"]),
        st.dates(min_value=date(1, 1, 1)).map(lambda d: f"{d.year:04d}-{d:%m-%d}"),
    )
    hostile = {
        "hospital_number": st.one_of(numbers, hostile_text),
        "full_name": hostile_text,
        "date_of_birth": st.one_of(births, hostile_text),
        "admitted_at": hostile_moment,
        "bed": st.one_of(st.sampled_from(["12", " 12 ", "1" * 11]), hostile_text),
        "diabetes": hostile_text,
        "pregnant": hostile_text,
    }
    spoil(data, post, hostile, most=4)
    post |= data.draw(forged, label="forged")
    # Mostly the nurse's own ward; sometimes another ward's code (404 for her).
    code = data.draw(st.sampled_from(["W1", "W1", "W1", "W1", "W2"]), label="ward code")

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/wards/{code}/admit/", post)
        assert response.status_code in (200, 302, 404)
        assert (response.status_code == 404) == (code != ward.code)
        if response.status_code != 302:
            if response.status_code == 200:
                assert_refusal_shown(response)
            assert growth(before) == {}
            return
        stay = Stay.objects.latest("pk")
        new = stay.patient_id != gone.pk
        assert (
            growth(before) == {"Patient": 1, "Stay": 1, "AuditEvent": 1}
            if new
            else {
                "Stay": 1,
                "AuditEvent": 1,
            }
        )
        assert (stay.ward, stay.ended_at) == (ward, None)
        assert response["Location"] == f"/patients/{stay.patient.public_id}/"
        # The number is kept as typed, tidied: no one else's record was taken over.
        assert stay.patient.hospital_number == post["hospital_number"].strip().upper()


@hostile_settings(50)
@given(data=st.data())
def test_a_transfer_moves_the_patient_whole_or_not_at_all(
    nurse_client, ward, other_ward, hostile_points, patient, data
):
    post = {
        "to_ward": str(other_ward.pk),
        "at": data.draw(recent_moment(timedelta(days=2)), label="at"),
        "bed": data.draw(st.sampled_from(["", "7"]), label="bed"),
    }
    wards = st.sampled_from(
        [str(ward.pk), "W2", "0", "-1", "1.5", "999999", "99999999999999999999999", "1e1"]
    )
    hostile = {"to_ward": st.one_of(wards, hostile_text), "at": hostile_moment, "bed": hostile_text}
    spoil(data, post, hostile)
    post |= data.draw(forged, label="forged")
    stay = patient.current_stay()

    with rolled_back():
        before = counts()
        response = nurse_client.post(f"/patients/{patient.public_id}/transfer/", post)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert Stay.objects.get(pk=stay.pk).ended_at is None
            return
        assert growth(before) == {"Stay": 1, "AuditEvent": 1}
        ended, new = Stay.objects.get(pk=stay.pk), patient.current_stay()
        assert (ended.end_reason, ended.ended_at) == ("transfer", new.started_at)
        assert new.ward == other_ward
        # The devices go with the patient.
        assert patient.entry_points.filter(removed_at__isnull=True).count() == len(hostile_points)


@hostile_settings(40)
@given(at=st.one_of(recent_moment(timedelta(days=2)), hostile_moment), extra=forged)
def test_a_discharge_ends_the_stay_and_closes_every_device_or_nothing(
    nurse_client, patient, hostile_points, at, extra
):
    stay = patient.current_stay()
    with rolled_back():
        before = counts()
        response = nurse_client.post(
            f"/patients/{patient.public_id}/discharge/", {"at": at} | extra
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert_refusal_shown(response)
            assert growth(before) == {}
            assert patient.entry_points.filter(removed_at__isnull=True).count() == len(
                hostile_points
            )
            return
        assert growth(before) == {"AuditEvent": 1}
        ended = Stay.objects.get(pk=stay.pk)
        assert ended.end_reason == "discharge"
        closed = patient.entry_points.values_list("removed_at", flat=True)
        assert set(closed) == {ended.ended_at}
        assert Patient.objects.filter(pk=patient.pk).exists()
