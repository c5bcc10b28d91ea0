"""An infection flag's whole life: a check with a sign of infection opens it, the board
shows what it still asks for, and it closes with a reason (the device removed, a later
check with no sign, or a clinician's decision after a screen). Nothing is deleted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from checklists import board, services
from checklists.models import (
    AuditEvent,
    CloseReason,
    FlagClosure,
    FlagStep,
    InfectionFlag,
)
from checklists.models.append_only import AppendOnlyError

from .factories import (
    days_ago,
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

SIGN = {"vip_score": "2"}  # a peripheral IV's phlebitis score of 2: signs of infection


@pytest.fixture
def line(patient, nurse):
    return make_entry_point(patient, "piv", started_at=days_ago(4, "09:00"), created_by=nurse)


def _check(point, nurse, observed_at=None, sign: bool = False):
    answers = expected_answers(point.kind) | (SIGN if sign else {})
    return make_check(point, nurse, observed_at=observed_at, answers=answers)


def _close(nurse, flag, **kw):
    kw = {"decided_by_role": "doctor", "decided_by_name": "Dr Ade"} | kw
    return services.close_flag(nurse=nurse, flag=flag, **kw)


# --- Opening and closing with the checks -------------------------------------------------


def test_a_check_with_a_sign_of_infection_opens_one_flag_until_a_clear_check_closes_it(nurse, line):
    first = _check(line, nurse, days_ago(2), sign=True)
    flag = InfectionFlag.objects.get()
    assert (flag.opened_by, flag.opened_at, flag.entry_point) == (first, first.observed_at, line)
    _check(line, nurse, days_ago(1), sign=True)  # still a sign: the same flag stays open
    assert InfectionFlag.objects.open().get() == flag
    clear = _check(line, nurse)
    closure = FlagClosure.objects.get()
    assert (closure.flag, closure.reason, closure.check_record) == (
        flag,
        CloseReason.CLEAR_CHECK,
        clear,
    )
    assert closure.closed_at == clear.observed_at
    assert not InfectionFlag.objects.open().exists()


def test_a_check_entered_late_for_an_earlier_day_leaves_the_flag_as_the_latest_says(nurse, line):
    _check(line, nurse, days_ago(1), sign=True)
    _check(line, nurse, days_ago(2))  # the day before, with no sign, entered afterwards
    assert InfectionFlag.objects.open().count() == 1


def test_correcting_the_sign_away_closes_the_flag_and_correcting_it_in_opens_one(nurse, line):
    check = _check(line, nurse, sign=True)
    correction = services.correct_check(
        nurse=nurse, original=check, answers=expected_answers("piv"), reason="Misread the score"
    )
    assert FlagClosure.objects.get().check_record == correction
    services.correct_check(
        nurse=nurse, original=correction, answers=expected_answers("piv") | SIGN, reason="Re-read"
    )
    assert InfectionFlag.objects.count() == 2 and InfectionFlag.objects.open().count() == 1


def test_removing_the_device_or_discharging_the_patient_closes_its_flag(nurse, patient, line):
    _check(line, nurse, sign=True)
    services.remove_entry_point(nurse=nurse, entry_point=line, at=timezone.now(), reason="Other")
    assert FlagClosure.objects.get().reason == CloseReason.DEVICE_REMOVED
    second = make_entry_point(patient, "cvc", started_at=days_ago(2))
    make_check(second, nurse, answers=expected_answers("cvc") | {"site_signs": "yes"})
    services.discharge_patient(nurse=nurse, patient=patient, at=timezone.now())
    assert not InfectionFlag.objects.open().exists()
    assert FlagClosure.objects.filter(reason=CloseReason.DEVICE_REMOVED).count() == 2


def test_opening_and_closing_go_in_the_audit_event_of_the_write_that_caused_them(nurse, line):
    _check(line, nurse, sign=True)
    flag = InfectionFlag.objects.get()
    recorded = AuditEvent.objects.get(action="check.recorded")
    assert recorded.data["flag_opened"] == str(flag.public_id)
    services.remove_entry_point(nurse=nurse, entry_point=line, at=timezone.now(), reason="Other")
    assert AuditEvent.objects.get(action="entry_point.removed").data["flag_closed"] == str(
        flag.public_id
    )


# --- A clinician's decision ---------------------------------------------------------------


def test_a_flag_closes_on_a_decision_only_after_a_screen_that_owes_nothing(nurse, patient, line):
    _check(line, nurse, sign=True)
    flag = InfectionFlag.objects.get()
    with pytest.raises(ValidationError, match="Screen the patient for sepsis first"):
        _close(nurse, flag)
    # A respiratory rate of 25 scores 3: the screen calls for an escalation.
    screen = make_screen(patient, nurse, observations=observations(respiratory_rate=25))
    with pytest.raises(ValidationError, match="Record the escalation of the screen"):
        _close(nurse, flag)
    assert not FlagClosure.objects.exists()
    make_escalation(screen, nurse, reply="ruled_out")
    closure = _close(nurse, flag, note="Reviewed: phlebitis, not sepsis")
    assert (closure.reason, closure.screen, closure.decided_by_name) == (
        CloseReason.DECISION,
        screen,
        "Dr Ade",
    )
    assert AuditEvent.objects.filter(action="flag.closed").count() == 1
    with pytest.raises(ValidationError, match="already closed"):
        _close(nurse, flag)


def test_a_screen_from_before_the_flag_opened_does_not_count(nurse, patient, line):
    make_screen(patient, nurse, observed_at=timezone.now() - timedelta(hours=2))
    _check(line, nurse, sign=True)
    with pytest.raises(ValidationError, match="Screen the patient for sepsis first"):
        _close(nurse, InfectionFlag.objects.get())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"decided_by_role": "porter"}, "Choose who decided"),
        ({"decided_by_name": "  "}, "Give the name"),
        ({"note": "x" * 1001}, "under 1000 characters"),
    ],
)
def test_a_decision_without_who_decided_is_refused(nurse, patient, line, changes, message):
    _check(line, nurse, sign=True)
    make_screen(patient, nurse)
    with pytest.raises(ValidationError, match=message):
        _close(nurse, InfectionFlag.objects.get(), **changes)
    assert not FlagClosure.objects.exists()


def test_only_a_nurse_of_the_patients_ward_records_a_decision(
    nurse, other_nurse, manager, patient, line
):
    _check(line, nurse, sign=True)
    make_screen(patient, nurse)
    flag = InfectionFlag.objects.get()
    for someone in (other_nurse, manager):
        with pytest.raises(PermissionDenied):
            _close(someone, flag)
    assert not FlagClosure.objects.exists()


def test_flags_and_closures_are_never_changed_or_deleted(nurse, line):
    _check(line, nurse, sign=True)
    services.remove_entry_point(nurse=nurse, entry_point=line, at=timezone.now(), reason="Other")
    flag, closure = InfectionFlag.objects.get(), FlagClosure.objects.get()
    for record in (flag, closure):
        with pytest.raises(AppendOnlyError):
            record.save()
        with pytest.raises(AppendOnlyError):
            record.delete()
    with pytest.raises(AppendOnlyError):
        InfectionFlag.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_refuses_changing_flags_and_closures_by_any_sql(nurse, line):
    _check(line, nurse, sign=True)
    services.remove_entry_point(nurse=nurse, entry_point=line, at=timezone.now(), reason="Other")
    for table in ("checklists_infectionflag", "checklists_flagclosure"):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
    assert FlagClosure.objects.get().flag == InfectionFlag.objects.get()


# --- What an open flag asks for ---------------------------------------------------------


def _steps(ward, at) -> dict[str, FlagStep]:
    (row,) = board.build_ward_board(ward, at).open_flags
    return {step.code: step for step in row.steps}


def test_an_unscreened_flag_asks_for_a_screen_within_the_hour_then_shows_it_overdue(
    nurse, ward, line, settings
):
    check = _check(line, nurse, sign=True)
    due = check.observed_at + timedelta(minutes=settings.SEPSIS_SCREEN_MINUTES)
    steps = _steps(ward, check.observed_at + timedelta(minutes=5))
    assert list(steps) == [FlagStep.SCREEN, FlagStep.REVIEW]
    assert (steps[FlagStep.SCREEN].due_at, steps[FlagStep.SCREEN].overdue) == (due, False)
    assert _steps(ward, due)[FlagStep.SCREEN].overdue


def test_after_a_screen_the_flag_asks_for_the_escalation_and_the_next_screen(
    nurse, ward, patient, line, settings
):
    _check(line, nurse, sign=True)
    screen = make_screen(patient, nurse, observations=observations(respiratory_rate=25))
    steps = _steps(ward, screen.observed_at + timedelta(minutes=1))
    assert list(steps) == [FlagStep.ESCALATE, FlagStep.RESCREEN, FlagStep.REVIEW]
    escalation_by = screen.observed_at + timedelta(minutes=settings.SEPSIS_ESCALATION_MINUTES)
    assert steps[FlagStep.ESCALATE].due_at == escalation_by
    # A single parameter scoring 3 (NEWS2 3): observations at least every hour.
    assert steps[FlagStep.RESCREEN].due_at == screen.observed_at + timedelta(hours=1)
    make_escalation(screen, nurse)
    steps = _steps(ward, screen.observed_at + timedelta(minutes=2))
    assert list(steps) == [FlagStep.RESCREEN, FlagStep.REVIEW, FlagStep.DECIDE]


def test_the_board_lists_open_flags_at_the_top_with_one_step_actions(
    nurse_client, auditor_client, nurse, ward, patient, line
):
    check = _check(line, nurse, sign=True)
    flag = InfectionFlag.objects.get()
    html = nurse_client.get(f"/wards/{ward.code}/").content.decode()
    flags_at, table_at = html.index('id="flags"'), html.index("board-table")
    assert flags_at < table_at
    panel = html[flags_at:table_at]
    assert f'data-flag="{flag.public_id}"' in panel
    assert f'href="/patients/{patient.public_id}/screen/?check={check.public_id}"' in panel
    assert (
        f'href="/entry-points/{line.public_id}/remove/"' in panel and "Remove or re-site" in panel
    )
    # An auditor reads the steps but gets no buttons.
    panel = auditor_client.get(f"/wards/{ward.code}/").content.decode()
    assert "Screen for sepsis" in panel and "/remove/" not in panel


def test_removing_the_device_from_the_flag_takes_it_off_the_board(nurse_client, nurse, ward, line):
    _check(line, nurse, sign=True)
    response = nurse_client.post(
        f"/entry-points/{line.public_id}/remove/",
        {
            "removed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reason": "Routine re-site",
        },
    )
    assert response.status_code == 302
    assert 'id="flags"' not in nurse_client.get(f"/wards/{ward.code}/").content.decode()
    page = nurse_client.get(response["Location"]).content.decode()
    assert 'data-flag-history="closed"' in page and 'data-closure="removed"' in page


# --- The close page, and the history on the patient and check pages ----------------------


def test_the_close_page_asks_for_a_screen_first_then_records_the_decision(
    nurse_client, nurse, ward, patient, line
):
    _check(line, nurse, sign=True)
    flag = InfectionFlag.objects.get()
    url = f"/flags/{flag.public_id}/close/"
    page = nurse_client.get(url).content.decode()
    assert "data-needs-screen" in page and f"/patients/{patient.public_id}/screen/" in page
    before = row_counts(FlagClosure, AuditEvent)
    refused = nurse_client.post(url, {"decided_by_role": "doctor", "decided_by_name": "Dr Ade"})
    assert refused.status_code == 200 and "Screen the patient for sepsis first" in (
        refused.content.decode()
    )
    assert row_counts(FlagClosure, AuditEvent) == before
    make_screen(patient, nurse)
    done = nurse_client.post(url, {"decided_by_role": "doctor", "decided_by_name": "Dr Ade"})
    assert done.status_code == 302 and done["Location"].startswith(f"/wards/{ward.code}/")
    # Sent again (a double tap): told it is closed, nothing more saved.
    again = nurse_client.post(url, {"decided_by_role": "doctor", "decided_by_name": "Dr Ade"})
    assert again.status_code == 302 and FlagClosure.objects.count() == 1


def test_the_patient_page_and_the_check_page_tell_the_flags_whole_life(
    nurse_client, nurse, patient, line
):
    opening = _check(line, nurse, days_ago(1), sign=True)
    screen = make_screen(patient, nurse, observations=observations(respiratory_rate=25))
    make_escalation(screen, nurse, told_role="outreach", told_name="Sam Reid", reply="ruled_out")
    clear = _check(line, nurse)
    for url in (f"/patients/{patient.public_id}/", f"/checks/{opening.public_id}/"):
        page = nurse_client.get(url).content.decode()
        assert 'data-flag-history="closed"' in page
        assert f'href="/checks/{opening.public_id}/"' in page
        assert f'href="/screens/{screen.public_id}/"' in page and "Sam Reid" in page
        assert 'data-closure="clear_check"' in page and f'href="/checks/{clear.public_id}/"' in page


# --- Upgrading a database that already holds checks --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_opens_and_closes_the_flags_the_history_calls_for(ward, nurse):
    """Migration 0009 walks the checks already recorded by the same rule as the services:
    the flags it writes are those the services wrote for the same history."""
    patient = make_patient(ward=ward, admitted_at=days_ago(6))
    piv, cvc, iuc = (
        make_entry_point(patient, kind, started_at=days_ago(5)) for kind in ("piv", "cvc", "iuc")
    )
    _check(piv, nurse, days_ago(3), sign=True)
    _check(piv, nurse, days_ago(2))  # closes it
    _check(piv, nurse, days_ago(1), sign=True)  # opens a second one, still open
    make_check(cvc, nurse, days_ago(2), answers=expected_answers("cvc") | {"site_signs": "yes"})
    services.remove_entry_point(nurse=nurse, entry_point=cvc, at=days_ago(1), reason="Other")
    make_check(iuc, nurse, days_ago(1))

    def flags() -> list[tuple]:
        return sorted(
            (
                f.entry_point_id,
                f.opened_by_id,
                getattr(getattr(f, "closure", None), "reason", None),
                getattr(getattr(f, "closure", None), "check_record_id", None),
            )
            for f in InfectionFlag.objects.select_related("closure")
        )

    written = flags()
    assert len(written) == 3
    executor = MigrationExecutor(connection)
    executor.migrate([("checklists", "0008_escalation")])
    executor = MigrationExecutor(connection)  # a fresh graph after the move back
    executor.migrate([("checklists", "0009_infection_flag")])
    assert flags() == written
