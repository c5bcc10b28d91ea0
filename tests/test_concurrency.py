"""Two nurses submitting the same check at the same moment (PostgreSQL, real threads)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
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
