from __future__ import annotations

from django.conf import settings
from django.db import models

from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .staff import Ward


class MonthSignOff(AppendOnlyModel):
    """A manager's sign-off of a ward's month. It does not freeze anything: corrections
    made later to that month are listed against it on the dashboard. Append-only; signing
    the same month again adds a new sign-off."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="sign_offs")
    month = models.DateField(help_text="First day of the month signed off")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    comment = models.TextField(max_length=1000)
    # The month's headline figures as the manager saw them, so that later changes show.
    figures = models.JSONField(default=dict)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["month", "signed_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="sign_off_month_start"),
        ]
        indexes = [models.Index(fields=["ward", "month"])]

    def __str__(self) -> str:
        return f"{self.ward_id} {self.month:%Y-%m} signed off"
