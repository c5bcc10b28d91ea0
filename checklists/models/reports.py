from __future__ import annotations

from django.conf import settings
from django.db import models

from .append_only import AppendOnlyModel, AppendOnlyQuerySet


class ReportScope(models.TextChoices):
    WARD = "ward", "Ward"
    WARDS = "wards", "Several wards"
    HOSPITAL = "hospital", "Whole hospital"
    PATIENT = "patient", "Patient"


class IssuedReport(AppendOnlyModel):
    """The register of every PDF audit report issued, by the web or the command line.

    The SHA-256 of the exact bytes handed out lets an auditor prove later that a PDF is
    the one issued and unaltered. Append-only: a row is written once, after the PDF is
    built, and never changed."""

    number = models.CharField(max_length=32, unique=True)
    scope = models.CharField(max_length=10, choices=ReportScope.choices)
    # Ward codes, period and patient id: what to ask for to build the same report again.
    # No names: the register is read by people who may not read every patient.
    parameters = models.JSONField(default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when issued from the command line",
    )
    issued_via = models.CharField(max_length=100, help_text="web, or the command line and OS user")
    data_cutoff = models.DateTimeField(help_text="Records made after this are not in the report")
    issued_at = models.DateTimeField()
    page_count = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def issuer(self) -> str:
        return self.issued_by.display_name if self.issued_by else self.issued_via
