"""Two nurses submitting the same check at the same moment (PostgreSQL, real threads)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from checklists import services
from checklists.models import Answer, Check

from .factories import expected_answers, make_entry_point, make_patient, make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_submits_leave_exactly_one_check(ward):
    nurses = [make_user("nurse", wards=[ward]) for _ in range(2)]
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=1))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(nurse) -> None:
        try:
            start.wait()
            services.record_check(
                nurse=nurse, entry_point=piv, observed_at=now, answers=expected_answers("piv")
            )
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in nurses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[-1] == "saved"
    assert "already recorded" in sorted(outcomes)[0]
    assert Check.objects.count() == 1
    assert Answer.objects.count() == len(expected_answers("piv"))


def _form_data(observed_at) -> dict:
    data = {f"item_{code}": value for code, value in expected_answers("piv").items()}
    data["observed_at"] = timezone.localtime(observed_at).strftime("%Y-%m-%dT%H:%M")
    return data


def _submit_together(clients, url: str, data: dict) -> list:
    """POST the same check form from each client at the same moment (real threads, so
    each request has its own database connection and transaction)."""
    start = threading.Barrier(len(clients))
    responses: list = []

    def submit(client) -> None:
        try:
            start.wait()
            responses.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


@pytest.mark.parametrize("who", ["two nurses", "a double click"])
def test_simultaneous_form_posts_save_one_check_and_tell_the_other_why(ward, who):
    nurses = [make_user("nurse", wards=[ward]) for _ in range(2)]
    if who == "a double click":
        nurses = [nurses[0], nurses[0]]
    clients = []
    for nurse in nurses:
        client = Client()
        client.force_login(nurse)
        clients.append(client)
    now = timezone.now()
    patient = make_patient(ward=ward, admitted_at=now - timedelta(days=2))
    piv = make_entry_point(patient, "piv", started_at=now - timedelta(days=1))
    url = f"/entry-points/{piv.public_id}/check/"

    responses = _submit_together(clients, url, _form_data(now))

    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "already recorded" in refused.content.decode()
    assert Check.objects.count() == 1
    assert Answer.objects.count() == len(expected_answers("piv"))
