"""The patient page and the check page cost the same queries however long the history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checklists import services

from .factories import expected_answers, make_check, make_entry_point, make_patient, make_screen

pytestmark = pytest.mark.django_db


def _history(patient, nurse, days: int) -> list:
    """A PIV and a catheter checked every day for `days` days, each check corrected once."""
    now = timezone.now()
    checks = []
    for kind in ("piv", "iuc"):
        point = make_entry_point(patient, kind, started_at=now - timedelta(days=days + 1))
        for ago in range(days):
            check = make_check(point, nurse, observed_at=now - timedelta(days=ago))
            checks.append(
                services.correct_check(
                    nurse=nurse,
                    original=check,
                    answers=expected_answers(kind),
                    reason="Re-read the chart",
                )
            )
    return checks


def _count(client, url, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# session, user, patient (scoped), stays, entry points, check records, sepsis screens
# with their escalations, infection flags with their closures, the nurse's wards (read
# once for can-write, can-open-ward and the navigation).
PATIENT_PAGE_QUERIES = 9


def test_the_patient_page_does_not_grow_with_history(
    nurse_client, nurse, ward, django_assert_num_queries
):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=20))
    url = f"/patients/{patient.public_id}/"
    _history(patient, nurse, 1)
    _count(nurse_client, url, django_assert_num_queries, PATIENT_PAGE_QUERIES)
    _history(patient, nurse, 6)
    _count(nurse_client, url, django_assert_num_queries, PATIENT_PAGE_QUERIES)
    for hours in (3, 2, 1):
        make_screen(patient, nurse, observed_at=timezone.now() - timedelta(hours=hours))
    _count(nurse_client, url, django_assert_num_queries, PATIENT_PAGE_QUERIES)
    _flags(patient, nurse, 4)
    _count(nurse_client, url, django_assert_num_queries, PATIENT_PAGE_QUERIES)


def _flags(patient, nurse, n: int) -> None:
    """`n` central lines whose check today found a sign of infection: an open flag each,
    the first two closed (one by removal, one on a decision after a screen)."""
    now = timezone.now()
    lines = [make_entry_point(patient, "cvc", started_at=now - timedelta(days=2)) for _ in range(n)]
    for line in lines:
        make_check(line, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
    services.remove_entry_point(
        nurse=nurse, entry_point=lines[0], at=timezone.now(), reason="Other"
    )
    make_screen(patient, nurse)
    services.close_flag(
        nurse=nurse,
        flag=lines[1].flags.get(),
        decided_by_role="doctor",
        decided_by_name="Dr Ade",
    )


# session, user, check (scoped), its versions, their answers with items, the entry
# point's infection flags, can-open-patient check, the nurse's wards (read once for
# can-correct and the navigation).
CHECK_PAGE_QUERIES = 8
# With a flag, the patient's screens since it opened as well.
CHECK_PAGE_WITH_FLAGS_QUERIES = 9


def test_the_check_page_does_not_grow_with_corrections(
    nurse_client, nurse, ward, django_assert_num_queries
):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=5))
    (first, *_) = _history(patient, nurse, 1)
    url = f"/checks/{first.public_id}/"
    _count(nurse_client, url, django_assert_num_queries, CHECK_PAGE_QUERIES)
    for round_ in range(4):
        first = services.correct_check(
            nurse=nurse, original=first, answers=expected_answers("piv"), reason=f"Round {round_}"
        )
    _count(nurse_client, url, django_assert_num_queries, CHECK_PAGE_QUERIES)


def test_the_check_page_does_not_grow_with_flags_and_screens(
    nurse_client, nurse, ward, django_assert_num_queries
):
    patient = make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=5))
    line = make_entry_point(patient, "cvc", started_at=timezone.now() - timedelta(days=3))
    sign = expected_answers("cvc") | {"site_signs": "yes"}
    check = make_check(line, nurse, observed_at=timezone.now() - timedelta(days=1), answers=sign)
    url = f"/checks/{check.public_id}/"
    make_screen(patient, nurse)
    _count(nurse_client, url, django_assert_num_queries, CHECK_PAGE_WITH_FLAGS_QUERIES)
    # Closed by today's clear check, then more screens: the same cost.
    make_check(line, nurse)
    for hours in (3, 2, 1):
        make_screen(patient, nurse, observed_at=timezone.now() - timedelta(minutes=hours))
    _count(nurse_client, url, django_assert_num_queries, CHECK_PAGE_WITH_FLAGS_QUERIES)
