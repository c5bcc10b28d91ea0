from __future__ import annotations

from datetime import time

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


def effective_count_time(override: time | None) -> time:
    """When a ward counts its patient and device days: its own count time if it has
    one, else the hospital's. The ward board, the measures and the roll-up all ask here."""
    return override or settings.HOSPITAL_COUNT_TIME


class Ward(models.Model):
    code = models.SlugField(
        max_length=20, unique=True, help_text="Short code used in links, e.g. ICU"
    )
    name = models.CharField(max_length=100)
    is_icu = models.BooleanField(default=False)
    beds = models.PositiveSmallIntegerField(default=28)
    # NHSN wants one count time facility-wide; a ward may override it only
    # where the infection-prevention team has agreed a different one.
    count_time = models.TimeField(null=True, blank=True)
    # The CDC location code NHSN files this ward's denominators under (e.g.
    # "IN:ACUTE:CC:M" for a medical critical care unit); set by an administrator.
    nhsn_location = models.CharField(
        "NHSN location code", max_length=40, blank=True, help_text="e.g. IN:ACUTE:CC:M"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_count_time(self) -> time:
        return effective_count_time(self.count_time)


class Role(models.TextChoices):
    NURSE = "nurse", "Ward nurse"
    MANAGER = "manager", "Unit manager"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.NURSE)
    wards = models.ManyToManyField(Ward, blank=True, related_name="staff")
    # An infection-prevention lead or matron answers for every ward, not a list of them.
    hospital_wide = models.BooleanField(
        default=False, help_text="Manager responsible for every ward (e.g. infection prevention)"
    )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_wards(self) -> bool:
        if self.role == Role.MANAGER and self.hospital_wide:
            return True
        return self.role in (Role.AUDITOR, Role.ADMIN) or self.is_superuser
