"""The audit trail is hash-chained: changing or removing an event directly in the
database is caught by `manage.py verify_audit_trail`, at the first broken link."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from checklists import audit
from checklists.audit import GENESIS, BreakKind, event_hash
from checklists.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(nurse, ward) -> list[AuditEvent]:
    return [
        audit.log(nurse, "check.recorded", ward, {"n": n, "ward": ward.code, "score": 1.5})
        for n in range(5)
    ]


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_trail", stdout=out)
    return out.getvalue()


def _raw(sql: str, params) -> None:
    """Change the table behind the application's back, as someone with database access
    could. On PostgreSQL that first means switching the append-only trigger off."""
    trigger = "TRIGGER checklists_auditevent_append_only"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's own inserts leave deferred key checks pending; settle them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE checklists_auditevent DISABLE {trigger}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE checklists_auditevent ENABLE {trigger}")


def test_each_event_carries_the_hash_of_the_one_before(trail):
    assert trail[0].previous_hash == GENESIS or AuditEvent.objects.filter(pk__lt=trail[0].pk)
    for earlier, later in zip(trail, trail[1:], strict=False):
        assert later.previous_hash == earlier.hash
    stored = AuditEvent.objects.get(pk=trail[2].pk)  # as read back from the database
    assert stored.hash == event_hash(
        stored.previous_hash,
        stored.at,
        stored.actor_id,
        stored.action,
        stored.object_type,
        stored.object_id,
        stored.data,
    )


def test_an_intact_trail_verifies_and_names_its_head(trail):
    output = _verify()
    assert f"Audit trail intact: {AuditEvent.objects.count()} events" in output
    assert trail[-1].hash in output


def test_an_event_changed_in_the_database_is_caught(trail):
    _raw(
        "UPDATE checklists_auditevent SET data = %s WHERE id = %s",
        ['{"n": 2, "ward": "W9", "score": 1.5}', trail[2].pk],
    )
    with pytest.raises(CommandError, match=f"Broken link at event #{trail[2].pk} .*changed"):
        _verify()


def test_an_event_removed_from_the_middle_is_caught(trail):
    _raw("DELETE FROM checklists_auditevent WHERE id = %s", [trail[1].pk])
    with pytest.raises(
        CommandError,
        match=f"Broken link at event #{trail[2].pk} .*does not follow event #{trail[0].pk}",
    ):
        _verify()


def test_a_rehashed_event_still_breaks_the_link_after_it(trail):
    """Someone who rewrites an event and its hash must rewrite every later event too."""
    forged = event_hash(trail[1].previous_hash, trail[1].at, None, "nothing.happened", "", "", {})
    _raw(
        "UPDATE checklists_auditevent SET action = %s, object_type = '', object_id = '', "
        "data = '{}', actor_id = NULL, hash = %s WHERE id = %s",
        ["nothing.happened", forged, trail[1].pk],
    )
    with pytest.raises(CommandError, match=f"Broken link at event #{trail[2].pk}"):
        _verify()


# --- verify(): what the command and a web page show ------------------------------------


def test_verify_describes_an_intact_trail_by_its_length_and_head(
    trail: list[AuditEvent],
) -> None:
    result = audit.verify()
    assert result.intact and result.broken is None
    assert result.count == AuditEvent.objects.count()
    assert (result.head_hash, result.head_event_id) == (trail[-1].hash, trail[-1].pk)


def test_verify_of_an_empty_trail_is_intact_with_the_genesis_head(db: None) -> None:
    result = audit.verify()
    assert result.intact
    assert (result.count, result.head_hash, result.head_event_id) == (0, GENESIS, None)


def test_verify_names_an_event_removed_and_the_intact_part_before_it(
    trail: list[AuditEvent],
) -> None:
    _raw("DELETE FROM checklists_auditevent WHERE id = %s", [trail[1].pk])
    result = audit.verify()
    broken = result.broken
    assert broken is not None and not result.intact
    assert broken.kind == BreakKind.DOES_NOT_FOLLOW
    assert (broken.event_id, broken.after_event_id) == (trail[2].pk, trail[0].pk)
    assert (broken.at, broken.action) == (trail[2].at, "check.recorded")
    assert result.count == AuditEvent.objects.filter(pk__lte=trail[0].pk).count()
    assert (result.head_hash, result.head_event_id) == (trail[0].hash, trail[0].pk)


def test_verify_names_an_event_changed_in_place(trail: list[AuditEvent]) -> None:
    _raw(
        "UPDATE checklists_auditevent SET data = %s WHERE id = %s",
        ['{"n": 2, "ward": "W9", "score": 1.5}', trail[2].pk],
    )
    result = audit.verify()
    broken = result.broken
    assert broken is not None
    assert broken.kind == BreakKind.CONTENTS_CHANGED
    assert (broken.event_id, broken.after_event_id) == (trail[2].pk, trail[1].pk)
    assert (result.head_hash, result.head_event_id) == (trail[1].hash, trail[1].pk)


def test_verify_breaks_at_the_start_when_the_first_event_is_removed(
    trail: list[AuditEvent],
) -> None:
    first = AuditEvent.objects.order_by("pk")[0]
    _raw("DELETE FROM checklists_auditevent WHERE id = %s", [first.pk])
    result = audit.verify()
    broken = result.broken
    assert broken is not None
    assert broken.kind == BreakKind.DOES_NOT_FOLLOW
    assert (broken.event_id, broken.after_event_id) == (
        AuditEvent.objects.order_by("pk")[0].pk,
        None,
    )
    assert (result.count, result.head_hash, result.head_event_id) == (0, GENESIS, None)
    assert "does not follow the start of the trail" in result.message
