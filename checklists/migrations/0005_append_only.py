"""Clinical records and the audit trail become append-only, and the trail hash-chained.

1. The audit event's moment is set before saving (its hash covers it), and each event
   gets the hash of the one before and its own; existing events are chained in order.
2. On PostgreSQL, triggers refuse UPDATE and DELETE of checks, answers, audit events,
   month sign-offs and issued reports, and allow an entry point one change only: its
   removal, set once. Code that bypasses the ORM is refused too."""

import hashlib
import json
from datetime import UTC
from typing import Any

import django.utils.timezone
from django.db import migrations, models

APPEND_ONLY_TABLES = [
    "checklists_check",
    "checklists_answer",
    "checklists_auditevent",
    "checklists_monthsignoff",
    "checklists_issuedreport",
]
REMOVAL_FIELDS = "'removed_at', 'removed_by_id', 'removal_reason'"

# A frozen copy of the hash chain as it was when this migration was written. It must
# equal the live definition in checklists/audit/chain.py (GENESIS and hash_of), which
# tests/test_migrations.py checks: a migration imports no application code, so that
# a later edit of that code cannot change what this migration does.
GENESIS = "0" * 64


def hash_of(event: Any, previous: str) -> str:
    content = json.dumps(
        [
            previous,
            event.at.astimezone(UTC).isoformat(),
            event.actor_id,
            event.action,
            event.object_type,
            event.object_id,
            event.data,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("checklists", "AuditEvent")
    previous = GENESIS
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        event.previous_hash = previous
        event.hash = hash_of(event, previous)
        AuditEvent.objects.filter(pk=event.pk).update(
            previous_hash=event.previous_hash, hash=event.hash
        )
        previous = event.hash


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [
        """
        CREATE OR REPLACE FUNCTION checklists_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% of % refused: these records are append-only',
                TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE OR REPLACE FUNCTION checklists_entry_point_removal_only() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL
               AND (to_jsonb(NEW) - ARRAY[{REMOVAL_FIELDS}])
                 = (to_jsonb(OLD) - ARRAY[{REMOVAL_FIELDS}]) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '% of % refused: an entry point only gets its removal, once',
                TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER checklists_entrypoint_append_only
        BEFORE UPDATE OR DELETE ON checklists_entrypoint
        FOR EACH ROW EXECUTE FUNCTION checklists_entry_point_removal_only()
        """,
    ]
    statements += [
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION checklists_refuse_change()
        """
        for table in APPEND_ONLY_TABLES
    ]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in [*APPEND_ONLY_TABLES, "checklists_entrypoint"]:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        cursor.execute("DROP FUNCTION IF EXISTS checklists_refuse_change()")
        cursor.execute("DROP FUNCTION IF EXISTS checklists_entry_point_removal_only()")


class Migration(migrations.Migration):
    dependencies = [("checklists", "0004_reports")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
