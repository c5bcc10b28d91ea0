from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .staff import User, Ward

# Sepsis risk factors named in the seed article; age and devices are derived.
RISK_FACTORS: dict[str, str] = {
    "immunosuppressed": "Immunosuppressed",
    "pregnant": "Pregnant or recently pregnant",
    "diabetes": "Diabetes",
    "recent_surgery": "Recent surgery",
    "serious_illness": "Serious illness",
}


class PatientQuerySet(models.QuerySet["Patient"]):
    def visible_to(self, user: User) -> PatientQuerySet:
        """Patients a user may read: all for auditors and admins; for ward staff, those
        now on their wards, and those discharged from them within RECENT_STAY_DAYS (so
        recent entries can still be corrected). A patient now on another ward belongs to
        that ward alone."""
        if user.sees_all_wards:
            return self.all()
        since = timezone.now() - timedelta(days=settings.RECENT_STAY_DAYS)
        ward_ids = user.wards.values("pk")
        here_now = Stay.objects.current().filter(ward__in=ward_ids)
        left_recently = Stay.objects.filter(ward__in=ward_ids, ended_at__gte=since)
        elsewhere_now = Stay.objects.current().exclude(ward__in=ward_ids)
        return self.filter(
            Q(pk__in=here_now.values("patient_id"))
            | (
                Q(pk__in=left_recently.values("patient_id"))
                & ~Q(pk__in=elsewhere_now.values("patient_id"))
            )
        )


class Patient(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hospital_number = models.CharField(max_length=20, unique=True)
    # One name field: names in many scripts do not split into given/family.
    full_name = models.CharField(max_length=200)
    date_of_birth = models.DateField()
    immunosuppressed = models.BooleanField(default=False)
    pregnant = models.BooleanField(default=False)
    diabetes = models.BooleanField(default=False)
    recent_surgery = models.BooleanField(default=False)
    serious_illness = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.hospital_number})"

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    def current_stay(self) -> Stay | None:
        """The stay that has not ended, with its ward (one query), or None if discharged."""
        return self.stays.current().select_related("ward").first()

    def risk_factor_labels(self, today: date) -> list[str]:
        labels = [label for field, label in RISK_FACTORS.items() if getattr(self, field)]
        age = self.age_on(today)
        if age < 1:
            labels.append("Under 1 year")
        elif age >= 75:
            labels.append("Aged 75 or over")
        return labels


class StayQuerySet(models.QuerySet["Stay"]):
    def current(self) -> StayQuerySet:
        return self.filter(ended_at__isnull=True)

    def overlapping(self, start: datetime, end: datetime) -> StayQuerySet:
        """Stays that were under way at some moment between `start` and `end`."""
        return self.filter(started_at__lt=end).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=start)
        )

    def covering(self, moment: datetime) -> StayQuerySet:
        return self.filter(started_at__lte=moment).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=moment)
        )


class Stay(models.Model):
    """A patient's time on one ward. A transfer ends one stay and starts the next."""

    class EndReason(models.TextChoices):
        TRANSFER = "transfer", "Transferred"
        DISCHARGE = "discharge", "Discharged"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="stays")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="stays")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=EndReason.choices, blank=True)
    bed = models.CharField(max_length=10, blank=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            # A patient is on one ward at a time.
            models.UniqueConstraint(
                fields=["patient"], condition=Q(ended_at__isnull=True), name="one_current_stay"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="stay_ends_after_start",
            ),
            # One patient to a bed (a blank bed is "not yet assigned").
            models.UniqueConstraint(
                fields=["ward", "bed"],
                condition=Q(ended_at__isnull=True) & ~Q(bed=""),
                name="one_patient_per_bed",
            ),
        ]
        indexes = [
            # Ward board and patient-day counts: stays of a ward around a moment.
            models.Index(fields=["ward", "ended_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.patient_id} on {self.ward_id} from {self.started_at:%Y-%m-%d}"
