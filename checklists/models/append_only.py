"""Records that are written once and never changed or deleted by any code path.

A correction is a new record pointing at the one it replaces (design.md); an entry
point's removal is the one change an entry point ever gets. On PostgreSQL, triggers
(migration 0005) refuse the same at the database, for code that bypasses the ORM."""

from __future__ import annotations

from django.db import models


class AppendOnlyError(Exception):
    """A write that would change or delete a record that must stay as it was."""


def _refuse(model: type[models.Model], what: str) -> AppendOnlyError:
    instead = getattr(model, "append_only_instead", "record a correction instead")
    return AppendOnlyError(
        f"{model._meta.verbose_name_plural.capitalize()} are never {what}: {instead}."
    )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse(self.model, "changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise _refuse(self.model, "changed")

    def delete(self):
        raise _refuse(self.model, "deleted")

    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise _refuse(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self), "deleted")
