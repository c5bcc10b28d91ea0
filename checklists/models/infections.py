from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..surveillance import InfectionType
from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .patients import Patient
from .staff import Ward

INFECTION_TYPE_CHOICES = [(kind.value, kind.label) for kind in InfectionType]


class HarmStage(models.TextChoices):
    """The pressure injuries that count: stage 2 or worse, unstageable, deep tissue."""

    STAGE_2 = "2", "Stage 2"
    STAGE_3 = "3", "Stage 3"
    STAGE_4 = "4", "Stage 4"
    UNSTAGEABLE = "unstageable", "Unstageable"
    DEEP_TISSUE = "dti", "Deep tissue pressure injury"


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", "Meets the definition"
    RULED_OUT = "ruled_out", "Not an HAI after review"


class InfectionEventQuerySet(AppendOnlyQuerySet["InfectionEvent"]):
    def standing(self) -> InfectionEventQuerySet:
        """The versions no correction has replaced: one per event."""
        return self.filter(correction__isnull=True)


class InfectionEvent(AppendOnlyModel):
    """An infection the infection-prevention lead recorded, one version of it.

    Never changed: a correction is a new version pointing at the one it replaces, with
    the reason, and "not an HAI after review" is such a version with that decision.
    All versions of one event share `event_id` (the event page's address) and
    `first_recorded_at` (its place among the patient's events on the same date). What
    NHSN would conclude (present on admission, ward, device, repeat) is worked out when
    read, by `surveillance.assess`, from the stays and devices; only the lead's override
    of it is stored."""

    append_only_instead = "record a correction instead: a new version with the reason"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="infections")
    infection_type = models.CharField(max_length=8, choices=INFECTION_TYPE_CHOICES)
    harm_stage = models.CharField(max_length=12, choices=HarmStage.choices, blank=True)
    first_positive_on = models.DateField(help_text="Date of the first positive test or finding")
    date_of_event = models.DateField()
    organism = models.CharField(max_length=200, blank=True)
    evidence = models.TextField(max_length=2000)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.CONFIRMED)
    # The lead's decision over the rules': counted or not (None: as the rules say), and
    # the ward (None: as the rules say); the reason is required with either.
    override_counted = models.BooleanField(null=True, blank=True)
    override_ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(max_length=500, blank=True)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    correction_reason = models.TextField(max_length=500, blank=True)
    first_recorded_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = InfectionEventQuerySet.as_manager()

    class Meta:
        ordering = ["date_of_event", "first_recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="infection_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=(Q(override_counted__isnull=True) & Q(override_ward__isnull=True))
                | ~Q(override_reason=""),
                name="infection_override_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(infection_type="hapi") | ~Q(harm_stage=""),
                name="infection_pressure_injury_has_stage",
            ),
        ]
        indexes = [models.Index(fields=["patient", "infection_type"])]

    def __str__(self) -> str:
        return f"{self.get_infection_type_display()} of {self.date_of_event:%Y-%m-%d}"

    @property
    def kind(self) -> InfectionType:
        return InfectionType(self.infection_type)

    @property
    def short_name(self) -> str:
        """CLABSI of 3 Nov"""
        return f"{self.kind.short} of {self.date_of_event.day} {self.date_of_event:%b}"

    @property
    def ruled_out(self) -> bool:
        return self.decision == Decision.RULED_OUT
