"""Clinical records are never changed or deleted: not through the ORM, and on
PostgreSQL not even by SQL that bypasses it (triggers, migration 0005)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from checklists import audit, services
from checklists.models import Answer, AuditEvent, Check, EntryPoint, MonthSignOff
from checklists.models.append_only import AppendOnlyError

from .factories import make_check, make_entry_point, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(ward, nurse) -> Check:
    patient = make_patient(ward, admitted_at=timezone.now() - timedelta(days=2))
    point = make_entry_point(patient, "piv", started_at=timezone.now() - timedelta(days=1))
    return make_check(point, nurse)


def test_a_check_cannot_be_changed_or_deleted_through_the_orm(check):
    check.note = "changed afterwards"
    with pytest.raises(AppendOnlyError, match="record a correction"):
        check.save()
    with pytest.raises(AppendOnlyError):
        check.delete()
    with pytest.raises(AppendOnlyError):
        Check.objects.filter(pk=check.pk).update(is_compliant=False)
    with pytest.raises(AppendOnlyError):
        Check.objects.filter(pk=check.pk).delete()
    with pytest.raises(AppendOnlyError):
        Check.objects.bulk_update([check], ["note"])
    check.refresh_from_db()
    assert check.note == ""


def test_answers_audit_events_and_sign_offs_cannot_be_changed_or_deleted(check):
    answer = check.answers.first()
    with pytest.raises(AppendOnlyError):
        Answer.objects.filter(pk=answer.pk).update(value="no")
    with pytest.raises(AppendOnlyError):
        answer.delete()
    event = AuditEvent.objects.last()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.action = "nothing.happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        MonthSignOff.objects.all().update(comment="rewritten")


def test_an_entry_point_gets_its_removal_once_and_nothing_else(check, nurse):
    point = check.entry_point
    with pytest.raises(AppendOnlyError):
        EntryPoint.objects.filter(pk=point.pk).update(body_site="Somewhere else")
    point.body_site = "Somewhere else"
    with pytest.raises(AppendOnlyError):
        point.save()
    with pytest.raises(AppendOnlyError):
        point.delete()
    services.remove_entry_point(
        nurse=nurse,
        entry_point=EntryPoint.objects.get(pk=point.pk),
        at=timezone.now(),
        reason="No longer needed",
    )
    assert EntryPoint.objects.get(pk=point.pk).removal_reason == "No longer needed"
    assert not EntryPoint.objects.record_removal(
        point.pk, at=timezone.now(), reason="Again", by=nurse
    )


# --- PostgreSQL: the database itself refuses -------------------------------------------


def _sql_refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(refused.value)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "table", ["checklists_check", "checklists_answer", "checklists_auditevent"]
)
def test_postgresql_refuses_update_and_delete_of_clinical_rows_by_any_sql(check, table):
    assert "append-only" in _sql_refused(f"UPDATE {table} SET id = id")  # noqa: S608
    assert "append-only" in _sql_refused(f"DELETE FROM {table}")  # noqa: S608
    assert Check.objects.count() == 1 and Answer.objects.filter(check_record=check).exists()


@pytest.mark.postgres
def test_postgresql_lets_an_entry_point_be_removed_once_and_changed_never(check):
    pk = [check.entry_point_id]
    message = _sql_refused("UPDATE checklists_entrypoint SET body_site = 'x' WHERE id = %s", pk)
    assert "only gets its removal" in message
    _sql_refused("DELETE FROM checklists_entrypoint WHERE id = %s", pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE checklists_entrypoint SET removed_at = now(), removal_reason = 'Out' "
            "WHERE id = %s",
            pk,
        )
    _sql_refused("UPDATE checklists_entrypoint SET removed_at = now() WHERE id = %s", pk)
    _sql_refused(
        "UPDATE checklists_entrypoint SET removed_at = NULL, body_site = 'x' WHERE id = %s", pk
    )


def test_the_audit_trail_still_records_after_a_refused_change(check, nurse):
    before = AuditEvent.objects.count()
    with pytest.raises(AppendOnlyError):
        check.delete()
    audit.log(nurse, "test.after_refusal")
    assert AuditEvent.objects.count() == before + 1
