"""After a screen: the escalation its band asks for (who was told, when, what came of it),
its deadline, and the next screen at the band's monitoring interval, on the screen's page
and on the ward board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from checklists import board
from checklists.models import AuditEvent, Escalation
from checklists.sepsis import follow_up

from .factories import (
    expected_answers,
    make_check,
    make_entry_point,
    make_escalation,
    make_patient,
    make_screen,
    observations,
    row_counts,
)

pytestmark = pytest.mark.django_db

# A respiratory rate of 25 scores 3 on its own: an urgent review, observations hourly.
SINGLE_3 = {"respiratory_rate": 25}


@pytest.fixture
def patient(ward):
    return make_patient(ward=ward, admitted_at=timezone.now() - timedelta(days=2))


def _now_field(moment=None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_follow_up_of_a_screen_owing_an_escalation():
    seen = timezone.now()
    within = timedelta(minutes=30)
    owed = follow_up(
        observed_at=seen,
        escalate=True,
        escalated=False,
        monitoring_every=timedelta(hours=1),
        escalation_within=within,
        now=seen + timedelta(minutes=29),
    )
    assert owed.escalation_due_at == seen + within and not owed.escalation_overdue
    assert owed.next_screen_at == seen + timedelta(hours=1) and not owed.next_screen_overdue
    assert owed.changes_at() == seen + within
    late = follow_up(
        observed_at=seen,
        escalate=True,
        escalated=False,
        monitoring_every=None,
        escalation_within=within,
        now=seen + within,
    )
    assert late.escalation_overdue and late.next_screen_at is None and late.changes_at() is None
    done = follow_up(
        observed_at=seen,
        escalate=True,
        escalated=True,
        monitoring_every=timedelta(hours=12),
        escalation_within=within,
        now=seen,
    )
    assert done.escalation_due_at is None and not done.escalation_overdue


def test_the_page_of_a_screen_owing_an_escalation_asks_for_it(nurse_client, nurse, patient):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    page = nurse_client.get(f"/screens/{screen.public_id}/").content.decode()
    assert "Escalation due by" in page and "Record the escalation" in page
    assert "Next screen due by" in page


def test_a_nurse_records_the_escalation_from_the_screens_page(
    nurse_client, nurse, settings, patient
):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    post = {
        "told_role": "outreach",
        "told_name": "Sam Patel",
        "told_at": _now_field(),
        "reply": "antimicrobials",
    }
    response = nurse_client.post(f"/screens/{screen.public_id}/escalation/", post)
    assert response["Location"] == f"/screens/{screen.public_id}/"
    escalation = Escalation.objects.get()
    assert (escalation.screen, escalation.recorded_by, escalation.told_name) == (
        screen,
        nurse,
        "Sam Patel",
    )
    event = AuditEvent.objects.get(action="escalation.recorded")
    assert event.data == {
        "screen": str(screen.public_id),
        "told_role": "outreach",
        "reply": "antimicrobials",
    }
    page = nurse_client.get(response["Location"]).content.decode()
    assert "Escalated: Critical care outreach" in page and "Record the escalation" not in page


def test_a_refused_escalation_says_why_and_saves_nothing(nurse_client, nurse, patient):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    before = row_counts(Escalation, AuditEvent)
    response = nurse_client.post(
        f"/screens/{screen.public_id}/escalation/",
        {"told_role": "doctor", "told_name": "", "told_at": _now_field(), "reply": "reviewed"},
    )
    assert response.status_code == 200
    assert "Give the name of the person you told." in response.content.decode()
    assert row_counts(Escalation, AuditEvent) == before


def test_a_screen_that_does_not_call_for_it_cannot_be_escalated(nurse, patient):
    screen = make_screen(patient, nurse)  # NEWS2 0
    with pytest.raises(ValidationError, match="does not call for an escalation"):
        make_escalation(screen, nurse)


def test_a_screen_is_escalated_once(nurse, patient):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    make_escalation(screen, nurse)
    with pytest.raises(ValidationError, match="already recorded"):
        make_escalation(screen, nurse)
    assert Escalation.objects.count() == 1


def test_they_cannot_be_told_before_the_screen_nor_in_the_future(nurse, patient):
    seen = timezone.now() - timedelta(hours=1)
    screen = make_screen(patient, nurse, observed_at=seen, observations=observations(**SINGLE_3))
    with pytest.raises(ValidationError, match="before the screen"):
        make_escalation(screen, nurse, told_at=seen - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        make_escalation(screen, nurse, told_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="from the lists"):
        make_escalation(screen, nurse, told_role="the porter")
    assert not Escalation.objects.exists()


def test_only_a_nurse_of_the_ward_records_an_escalation(nurse, manager, patient):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    with pytest.raises(PermissionDenied):
        make_escalation(screen, manager)


def test_a_red_flag_calls_for_an_escalation_and_hourly_screens(nurse, patient):
    screen = make_screen(patient, nurse, red_flags=["no_urine"])  # NEWS2 0
    follow = screen.follow_up(screen.observed_at)
    assert screen.escalate and follow.escalation_due_at is not None
    assert follow.next_screen_at == screen.observed_at + timedelta(hours=1)


def test_the_board_shows_an_escalation_due_then_overdue_then_done(nurse, ward, patient, settings):
    settings.SEPSIS_ESCALATION_MINUTES = 30
    seen = timezone.now() - timedelta(minutes=10)
    screen = make_screen(patient, nurse, observed_at=seen, observations=observations(**SINGLE_3))

    def row_at(moment):
        return next(r for r in board.build_ward_board(ward, moment).patients if r.screen)

    due = row_at(seen + timedelta(minutes=20))
    assert due.screen.follow_up.escalation_due_at == seen + timedelta(minutes=30)
    assert not due.screen.overdue
    later = board.build_ward_board(ward, seen + timedelta(minutes=20))
    assert later.changes_at <= seen + timedelta(minutes=30)  # the kept board turns overdue
    assert row_at(seen + timedelta(minutes=31)).screen.follow_up.escalation_overdue
    make_escalation(screen, nurse, told_at=seen + timedelta(minutes=5))
    # Escalated, and no sign of infection on the board: the screen leaves the board.
    assert all(r.screen is None for r in board.build_ward_board(ward, timezone.now()).patients)


def test_the_board_shows_the_next_screen_while_a_sign_of_infection_is_open(
    nurse_client, nurse, ward, patient
):
    piv = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    make_check(piv, nurse, answers=expected_answers("piv") | {"vip_score": "2"})
    screen = make_screen(patient, nurse, observed_at=timezone.now() - timedelta(hours=13))
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    # NEWS2 0 asks for a screen every 12 hours: this one's successor is overdue.
    assert f'href="/screens/{screen.public_id}/"' in html
    assert 'data-next-screen="overdue"' in html


@pytest.mark.postgres
def test_postgresql_refuses_changing_screens_and_escalations_by_any_sql(nurse, patient):
    screen = make_screen(patient, nurse, observations=observations(**SINGLE_3))
    make_escalation(screen, nurse)
    for table in ("checklists_sepsisscreen", "checklists_escalation"):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
    assert Escalation.objects.get().screen == screen
