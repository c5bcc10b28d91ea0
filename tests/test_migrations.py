"""Migrations import no application code, so that a later edit of that code cannot
change what a migration does to a new database; the data and the hash they hold instead
are checked here against the live code, so the two are known equal today."""

from __future__ import annotations

import ast
import importlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from django.db import models

from checklists import audit
from checklists.clinical_defaults import REVISIONS, install_default_templates
from checklists.models import AuditEvent, ChecklistItem, ChecklistTemplate, User

MIGRATIONS = Path(__file__).resolve().parent.parent / "checklists" / "migrations"
APPLICATION_PACKAGES = {"checklists", "hospital", "tests"}


def _migration(name: str) -> ModuleType:
    # A migration's name starts with a digit, so it cannot be imported by a statement.
    return importlib.import_module(f"checklists.migrations.{name}")


def test_no_migration_imports_application_code() -> None:
    for path in sorted(MIGRATIONS.glob("[0-9]*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in APPLICATION_PACKAGES | {"."}, (path.name, name)


# --- 0002: the shipped checklist templates ---------------------------------------------


def _fields(row: models.Model, leave_out: set[str]) -> dict[str, Any]:
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.name not in leave_out
    }


def _templates_in_database() -> list[dict[str, Any]]:
    """Every template and its items, field by field, as read back from the database;
    without what two writes of the same data never share (ids, creation times)."""
    return [
        _fields(template, {"id", "created_at"})
        | {
            "items": [
                _fields(item, {"id", "template"})
                for item in ChecklistItem.objects.filter(template=template).order_by("position")
            ]
        }
        for template in ChecklistTemplate.objects.order_by("kind", "version")
    ]


def test_migrations_0002_and_0010_wrote_what_the_live_defaults_write_today(db: None) -> None:
    # Read before anything else writes: pytest-django runs the tests in a transaction
    # (like this one) before those that empty the tables, after which tests/conftest.py
    # puts the templates back with the live install_default_templates.
    migrated = _templates_in_database()
    assert len(migrated) == len(_migration("0002_default_templates").TEMPLATES) + len(
        _migration("0010_template_conflicts").REVISIONS
    )

    ChecklistItem.objects.all().delete()
    ChecklistTemplate.objects.all().delete()
    install_default_templates(ChecklistTemplate, ChecklistItem)

    assert migrated == _templates_in_database()


def test_migration_0010_holds_the_live_revisions() -> None:
    assert _migration("0010_template_conflicts").REVISIONS == REVISIONS


# --- 0005: the hash that chained the events written before it --------------------------

EVENTS = [
    SimpleNamespace(
        at=datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
        actor_id=None,
        action="auth.login_failed",
        object_type="",
        object_id="",
        data={"username": "Zoë Łukasiewicz 王芳 सुनीता \U0001f642"},
    ),
    SimpleNamespace(
        at=datetime(2026, 10, 25, 1, 30, tzinfo=timezone(timedelta(hours=1))),
        actor_id=7,
        action="check.recorded",
        object_type="check",
        object_id="5b2f8a4e-0c1d-4e9a-9f3b-2a7c6d8e1f00",
        data={"ward": "W1", "score": 1.5, "nested": {"b": [1, None, True], "a": "\"'\\\n"}},
    ),
    SimpleNamespace(
        at=datetime(2000, 1, 1, tzinfo=UTC),
        actor_id=1,
        action="demo.seeded",
        object_type="",
        object_id="",
        data={},
    ),
]


def test_migration_0005_has_the_live_chains_genesis() -> None:
    assert _migration("0005_append_only").GENESIS == audit.GENESIS


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.action)
def test_migration_0005_hashes_as_the_live_chain(event: SimpleNamespace) -> None:
    frozen = _migration("0005_append_only").hash_of
    for previous in (audit.GENESIS, "f" * 64):
        assert frozen(event, previous) == audit.hash_of(event, previous)


def test_migration_0005_hashes_stored_events_as_they_were_written(ward: Any, nurse: User) -> None:
    """Read back from the database, as the migration reads them: JSON and time zones
    come back in the database's own form."""
    audit.log(None, "auth.login_failed", data={"username": "Nguyễn Văn A"})
    audit.log(nurse, "check.recorded", ward, {"ward": ward.code, "note": "王芳 \x7f"})
    frozen = _migration("0005_append_only").hash_of
    for event in AuditEvent.objects.order_by("pk"):
        assert frozen(event, event.previous_hash) == event.hash
