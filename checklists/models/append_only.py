"""Records that are written once and never changed or deleted by any code path.

A correction is a new record pointing at the one it replaces (design.md); an entry
point's removal is the one change an entry point ever gets. On PostgreSQL, triggers
(migration 0005) refuse the same at the database, for code that bypasses the ORM."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


class AppendOnlyError(Exception):
    """A write that would change or delete a record that must stay as it was."""


def _refuse(model: type[models.Model], what: str) -> AppendOnlyError:
    instead = getattr(model, "append_only_instead", "record a correction instead")
    # Django fills in verbose_name_plural when the class is made; the stubs allow None.
    plural = str(model._meta.verbose_name_plural)
    return AppendOnlyError(f"{plural.capitalize()} are never {what}: {instead}.")


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise _refuse(self.model, "changed")

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        raise _refuse(self.model, "changed")

    def delete(self) -> NoReturn:
        raise _refuse(self.model, "deleted")

    # Keeps delete() off the manager, as Django's own QuerySet.delete does. mypy cannot
    # type an attribute set on a function.
    delete.queryset_only = True  # type: ignore[attr-defined]


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise _refuse(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise _refuse(type(self), "deleted")
