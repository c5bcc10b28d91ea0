from __future__ import annotations

from django.db import models

from .staff import Ward


class DayTally(models.Model):
    """The measures' counts of one ward on one settled clinical day, for one entry-point
    kind ("" for all kinds together), so dashboards and reports over months read a few
    rows a day instead of every check. A cache, not a record: it is derived from the
    clinical records by `measures.rollup`, thrown away when a late write touches its day,
    and ignored when `basis` (the settings it was counted under) no longer matches."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20, blank=True)
    basis = models.CharField(max_length=16)
    due = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    compliant = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    infection_flags = models.PositiveIntegerField(default=0)
    past_review = models.PositiveIntegerField(default=0)
    # Patients counted on the ward that day: on the all-kinds row only.
    patient_days = models.PositiveIntegerField(default=0)
    device_days = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "day", "kind"], name="one_tally_per_ward_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward_id} {self.day} {self.kind or 'all'}"
