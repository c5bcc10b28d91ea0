from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .append_only import AppendOnlyModel, AppendOnlyQuerySet


class AuditEvent(AppendOnlyModel):
    """Who did what, when. Written explicitly by services (checklists.audit.log), never
    changed; each event carries the hash of the one before (checklists.audit.chain)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Set before the hash is computed, so the hash covers the stored moment.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
