from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from ..sepsis import (
    AirOrOxygen,
    Assessment,
    Consciousness,
    FollowUp,
    Observations,
    Reply,
    RiskLevel,
    SpO2Scale,
    Told,
    follow_up,
    response_for,
)
from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .checks import Check
from .patients import Patient
from .staff import Ward


class ScreenQuerySet(AppendOnlyQuerySet["SepsisScreen"]):
    def current(self) -> ScreenQuerySet:
        """The screens that stand: those no correction has replaced."""
        return self.filter(correction__isnull=True)


class SepsisScreen(AppendOnlyModel):
    """A bedside sepsis screen: the observations NEWS2 needs, and what they scored when
    they were recorded (checklists.sepsis.assess). The scores are kept with the record,
    so that the screen reads later as the nurse saw it, whatever the rules become.
    Append-only, like every clinical record: a reading entered wrongly is put right by a
    correction, a new screen that `corrects` it, with the reason; the figures, the board
    and the flags read only the screens that stand (`current()`)."""

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
    # A correction: the screen it replaces (each at most once, so a correction of a
    # correction makes a chain), and why.
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    correction_reason = models.TextField(blank=True, max_length=500)

    objects = ScreenQuerySet.as_manager()
    append_only_instead = "correct the screen instead: a new screen with the reason"

    class Meta:
        ordering = ["observed_at", "pk"]
        indexes = [
            # The patient page and the board: a patient's latest screens.
            models.Index(fields=["patient", "observed_at"]),
            models.Index(fields=["ward", "observed_at"]),
        ]

    def __str__(self) -> str:
        return f"Sepsis screen of {self.patient_id} at {self.observed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def scored(cls, result: Assessment, **record: Any) -> SepsisScreen:
        """An unsaved screen holding the readings of `result` and what they scored;
        `record`: the rest of its fields (patient, ward, times, who). The service and
        the demo data both build screens here, so the two store the same things."""
        o = result.observations
        return cls(
            respiratory_rate=o.respiratory_rate,
            spo2=o.spo2,
            spo2_scale=o.scale.value,
            air_or_oxygen=o.air_or_oxygen.value,
            systolic_bp=o.systolic_bp,
            pulse=o.pulse,
            consciousness=o.consciousness.value,
            temperature=o.temperature,
            red_flags=[flag.value for flag in result.ng51.red_flags],
            news2=result.news2.total,
            single_parameter_3=result.news2.single_parameter_3,
            qsofa=result.qsofa.score,
            risk_level=result.risk_level.value,
            escalate=result.escalate,
            **record,
        )

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

    def follow_up(self, now: datetime) -> FollowUp:
        """What this screen still asks for at `now`. Reads its escalation: a query,
        unless the screen was loaded with select_related("escalation")."""
        every = response_for(self.news2, self.single_parameter_3).monitoring.every
        if self.red_flags and every is not None:
            # A red flag makes the patient high risk (NG51) whatever the score: at least
            # hourly, as the chart asks for a single parameter scoring 3.
            every = min(every, timedelta(hours=1))
        return follow_up(
            observed_at=self.observed_at,
            escalate=self.escalate,
            escalated=hasattr(self, "escalation"),
            monitoring_every=every,
            escalation_within=timedelta(minutes=settings.SEPSIS_ESCALATION_MINUTES),
            now=now,
        )


class Escalation(AppendOnlyModel):
    """Who a nurse told about a screen that called for it, when, and what came of it.
    One per screen; append-only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    screen = models.OneToOneField(SepsisScreen, on_delete=models.PROTECT, related_name="escalation")
    told_role = models.CharField(max_length=20, choices=[(t.value, t.label) for t in Told])
    told_name = models.CharField(max_length=100)
    told_at = models.DateTimeField()
    reply = models.CharField(max_length=20, choices=[(r.value, r.label) for r in Reply])
    note = models.TextField(blank=True, max_length=1000)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="escalations"
    )

    objects = AppendOnlyQuerySet["Escalation"].as_manager()
    append_only_instead = "record what happened next in a new screen"

    def __str__(self) -> str:
        return f"Escalation of screen {self.screen_id}"
