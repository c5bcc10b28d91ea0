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


# session, user, patient (scoped), stays, entry points, check records, sepsis screens,
# can-write check, can-open-ward check, navigation wards.
PATIENT_PAGE_QUERIES = 10


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


# session, user, check (scoped), its versions, their answers with items,
# can-correct check, can-open-patient check, navigation wards.
CHECK_PAGE_QUERIES = 8


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
