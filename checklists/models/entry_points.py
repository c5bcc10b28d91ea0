from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .patients import Patient
from .staff import User


class EntryPointKind(models.TextChoices):
    PERIPHERAL_IV = "piv", "Peripheral IV"
    CENTRAL_LINE = "cvc", "Central line"
    URINARY_CATHETER = "iuc", "Urinary catheter"
    SURGICAL_WOUND = "wound", "Surgical wound"
    PRESSURE_INJURY = "pressure", "Pressure injury"
    BREATHING_TUBE = "airway", "Breathing tube / ventilator"


class CentralLineType(models.TextChoices):
    CVC = "cvc", "Non-tunnelled CVC"
    TUNNELLED = "tunnelled", "Tunnelled CVC"
    PICC = "picc", "PICC"
    PORT = "port", "Implanted port (accessed)"


class WoundClass(models.TextChoices):
    CLEAN = "I", "I Clean"
    CLEAN_CONTAMINATED = "II", "II Clean-contaminated"
    CONTAMINATED = "III", "III Contaminated"
    DIRTY = "IV", "IV Dirty-infected"


class PressureStage(models.TextChoices):
    STAGE_1 = "1", "Stage 1"
    STAGE_2 = "2", "Stage 2"
    STAGE_3 = "3", "Stage 3"
    STAGE_4 = "4", "Stage 4"
    UNSTAGEABLE = "unstageable", "Unstageable"
    DEEP_TISSUE = "dti", "Deep tissue pressure injury"
    MUCOSAL = "mucosal", "Mucosal membrane (cannot be staged)"


class AirwayType(models.TextChoices):
    ENDOTRACHEAL = "ett", "Endotracheal tube"
    TRACHEOSTOMY = "trach", "Tracheostomy"


# Which detail fields each kind asks for when it is added.
KIND_DETAIL_FIELDS: dict[str, list[str]] = {
    EntryPointKind.PERIPHERAL_IV: ["gauge"],
    EntryPointKind.CENTRAL_LINE: ["line_type", "insertion_bundle_done"],
    EntryPointKind.URINARY_CATHETER: ["insertion_bundle_done"],
    EntryPointKind.SURGICAL_WOUND: ["procedure", "wound_class"],
    EntryPointKind.PRESSURE_INJURY: ["pressure_stage", "present_on_admission"],
    EntryPointKind.BREATHING_TUBE: ["airway_type"],
}


# Kinds that are re-sited (taken out and put back in somewhere else). A wound or a
# pressure injury heals where it is: it is only ever recorded as removed.
RESITED_KINDS = frozenset(
    {
        EntryPointKind.PERIPHERAL_IV,
        EntryPointKind.CENTRAL_LINE,
        EntryPointKind.URINARY_CATHETER,
        EntryPointKind.BREATHING_TUBE,
    }
)


class EntryPointQuerySet(AppendOnlyQuerySet["EntryPoint"]):
    def record_removal(self, pk: int, *, at: datetime, reason: str, by: User) -> bool:
        """The one change an entry point ever gets: its removal, set once. False if it
        was already removed (someone else got there first)."""
        still_in = self.filter(pk=pk, removed_at__isnull=True)
        return (
            # The plain update, past the append-only refusal, for this one field set.
            models.QuerySet.update(still_in, removed_at=at, removal_reason=reason, removed_by=by)
            == 1
        )

    def in_place_during(self, start: datetime, end: datetime) -> EntryPointQuerySet:
        """Entry points in place at some moment between `start` and `end`."""
        return self.filter(started_at__lt=end).filter(
            Q(removed_at__isnull=True) | Q(removed_at__gt=start)
        )


class EntryPoint(AppendOnlyModel):
    """A device or wound through which germs can get past the skin.

    Never deleted; `removed_at` is set once, by services.remove_entry_point."""

    append_only_instead = "record their removal (EntryPoint.objects.record_removal)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="entry_points")
    kind = models.CharField(max_length=10, choices=EntryPointKind.choices)
    body_site = models.CharField(max_length=100)
    started_at = models.DateTimeField(
        help_text="Inserted, or first found for a wound or pressure injury"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(max_length=200, blank=True)
    # Kind-specific details; KIND_DETAIL_FIELDS says which apply.
    gauge = models.CharField(max_length=10, blank=True)
    line_type = models.CharField(max_length=10, choices=CentralLineType.choices, blank=True)
    insertion_bundle_done = models.BooleanField(null=True, blank=True)
    procedure = models.CharField(max_length=200, blank=True)
    wound_class = models.CharField(max_length=3, choices=WoundClass.choices, blank=True)
    pressure_stage = models.CharField(max_length=12, choices=PressureStage.choices, blank=True)
    present_on_admission = models.BooleanField(null=True, blank=True)
    airway_type = models.CharField(max_length=5, choices=AirwayType.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EntryPointQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | Q(removed_at__gte=models.F("started_at")),
                name="entry_point_removed_after_start",
            ),
        ]
        indexes = [models.Index(fields=["patient", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.body_site})"

    @property
    def is_resited(self) -> bool:
        """Whether this kind is re-sited rather than only removed (RESITED_KINDS)."""
        return self.kind in RESITED_KINDS

    @property
    def start_date(self) -> date:
        return timezone.localdate(self.started_at)

    @property
    def removal_date(self) -> date | None:
        return timezone.localdate(self.removed_at) if self.removed_at else None

    def dwell_day(self, today: date) -> int:
        """NHSN counting: the day of insertion is day 1."""
        end = self.removal_date or today
        return (end - self.start_date).days + 1

    def dwell_hours(self, now: datetime) -> float:
        end = self.removed_at or now
        return (end - self.started_at).total_seconds() / 3600

    def details(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the kind-specific details that are filled in."""
        pairs = []
        for name in KIND_DETAIL_FIELDS.get(self.kind, []):
            # KIND_DETAIL_FIELDS names only this model's own columns, never a relation.
            field = cast("models.Field[Any, Any]", self._meta.get_field(name))
            value = getattr(self, name)
            if value in (None, ""):
                continue
            if isinstance(value, bool):
                shown = "Yes" if value else "No"
            else:
                shown = getattr(self, f"get_{name}_display", lambda v=value: v)()
            pairs.append((str(field.verbose_name).capitalize(), shown))
        return pairs
