from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models

from ..sepsis import AirOrOxygen, Consciousness, Observations, RiskLevel, SpO2Scale
from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .checks import Check
from .patients import Patient
from .staff import Ward


class SepsisScreen(AppendOnlyModel):
    """A bedside sepsis screen: the observations NEWS2 needs, and what they scored when
    they were recorded (checklists.sepsis.assess). The scores are kept with the record,
    so that the screen reads later as the nurse saw it, whatever the rules become.
    Append-only, like every clinical record."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="screens")
    # The ward the patient was on when screened: a transfer must not move history.
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="screens")
    # The check whose sign of infection asked for this screen, if one did.
    prompted_by = models.ForeignKey(
        Check, on_delete=models.PROTECT, null=True, blank=True, related_name="screens"
    )
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screens"
    )
    respiratory_rate = models.PositiveSmallIntegerField()
    spo2 = models.PositiveSmallIntegerField()
    spo2_scale = models.CharField(
        max_length=1,
        choices=[(s.value, s.label) for s in SpO2Scale],
        default=SpO2Scale.SCALE_1.value,
    )
    air_or_oxygen = models.CharField(
        max_length=10, choices=[(a.value, a.label) for a in AirOrOxygen]
    )
    systolic_bp = models.PositiveSmallIntegerField()
    pulse = models.PositiveSmallIntegerField()
    consciousness = models.CharField(
        max_length=15, choices=[(c.value, c.label) for c in Consciousness]
    )
    temperature = models.DecimalField(max_digits=3, decimal_places=1)
    red_flags = models.JSONField(default=list, blank=True)  # checklists.sepsis.RedFlag values
    note = models.TextField(blank=True, max_length=1000)
    # What the observations scored, as shown when the screen was saved.
    news2 = models.PositiveSmallIntegerField()
    single_parameter_3 = models.BooleanField()
    qsofa = models.PositiveSmallIntegerField()
    risk_level = models.CharField(
        max_length=10, choices=[(level.value, level.label) for level in RiskLevel]
    )
    escalate = models.BooleanField()

    objects = AppendOnlyQuerySet["SepsisScreen"].as_manager()
    append_only_instead = "record a new screen instead"

    class Meta:
        ordering = ["observed_at", "pk"]
        indexes = [
            # The patient page and the board: a patient's latest screens.
            models.Index(fields=["patient", "observed_at"]),
            models.Index(fields=["ward", "observed_at"]),
        ]

    def __str__(self) -> str:
        return f"Sepsis screen of {self.patient_id} at {self.observed_at:%Y-%m-%d %H:%M}"

    @property
    def observations(self) -> Observations:
        return Observations(
            respiratory_rate=self.respiratory_rate,
            spo2=self.spo2,
            scale=SpO2Scale(self.spo2_scale),
            air_or_oxygen=AirOrOxygen(self.air_or_oxygen),
            systolic_bp=self.systolic_bp,
            pulse=self.pulse,
            consciousness=Consciousness(self.consciousness),
            temperature=Decimal(self.temperature),
        )
