from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from .append_only import AppendOnlyModel, AppendOnlyQuerySet
from .entry_points import EntryPoint
from .staff import User, Ward
from .templates import AnswerType, ChecklistItem, ChecklistTemplate


class CheckQuerySet(AppendOnlyQuerySet["Check"]):
    def current(self) -> CheckQuerySet:
        """Checks that no later correction replaces: the version that counts."""
        replaced = Check.objects.filter(corrects=OuterRef("pk"))
        return self.filter(~Exists(replaced))


class Check(AppendOnlyModel):
    """A nurse's daily check of one entry point. Append-only.

    A correction is a new Check whose `corrects` points at the record it
    replaces, with its own author, time and reason; the original stays as it was.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entry_point = models.ForeignKey(EntryPoint, on_delete=models.PROTECT, related_name="checks")
    # The ward the patient was on when checked: transfers must not move history.
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="checks")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    clinical_date = models.DateField()
    observed_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checks"
    )
    is_late = models.BooleanField(default=False)
    is_compliant = models.BooleanField()
    infection_sign = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=1000)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    correction_reason = models.TextField(blank=True, max_length=500)

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["clinical_date", "recorded_at"]
        constraints = [
            # One original check per entry point per clinical day; corrections
            # form a chain behind it (OneToOne on `corrects` keeps it linear).
            models.UniqueConstraint(
                fields=["entry_point", "clinical_date"],
                condition=Q(corrects__isnull=True),
                name="one_check_per_entry_point_per_day",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="correction_needs_reason",
            ),
        ]
        indexes = [
            # Ward board, dashboards and reports: a ward's checks over a period.
            models.Index(fields=["ward", "clinical_date"]),
            models.Index(fields=["entry_point", "clinical_date"]),
        ]

    def __str__(self) -> str:
        return f"Check of {self.entry_point_id} on {self.clinical_date}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    def judge(self, answers: Iterable[Answer]) -> None:
        """Set the verdict from the answers: IHI all-or-none (the check complies only if
        every applicable item does), and whether any answer is a sign of infection."""
        answers = list(answers)
        self.is_compliant = all(a.is_compliant for a in answers if a.is_applicable)
        self.infection_sign = any(a.infection_sign for a in answers)

    def new_correction(
        self, *, recorded_by: User, recorded_at: datetime, reason: str, note: str = ""
    ) -> Check:
        """An unsaved correction of this check. It answers for the same entry point, ward,
        template, day and observation, and keeps the original's lateness: being late
        belongs to the first entry, not to the fixing of it."""
        return Check(
            entry_point=self.entry_point,
            ward=self.ward,
            template=self.template,
            clinical_date=self.clinical_date,
            observed_at=self.observed_at,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            is_late=self.is_late,
            note=note,
            corrects=self,
            correction_reason=reason,
        )


class AnswerQuerySet(AppendOnlyQuerySet["Answer"]):
    def failed_items(self, checks: Iterable[int] | QuerySet[Check, Any]) -> dict[int, list[str]]:
        """The text of each non-compliant item, in checklist order, by check id; with
        the score or reading where the item has one ("VIP score: 2"), since the number
        says how far from the bundle it is. `checks`: check ids or a query (one query)."""
        rows = (
            self.filter(check_record__in=checks, is_compliant=False)
            .order_by("item__position")
            .values_list(
                "check_record_id", "item__text", "item__answer_type", "item__unit", "value"
            )
        )
        failed: dict[int, list[str]] = {}
        for check_id, text, answer_type, unit, value in rows:
            if answer_type in (AnswerType.SCORE, AnswerType.NUMBER):
                text = f"{text}: {value}{f' {unit}' if unit else ''}"
            failed.setdefault(check_id, []).append(text)
        return failed


class Answer(AppendOnlyModel):
    check_record = models.ForeignKey(Check, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(max_length=20)
    is_applicable = models.BooleanField()
    is_compliant = models.BooleanField(null=True)
    infection_sign = models.BooleanField(default=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        # No default ordering: it would join the item table on every answer query.
        constraints = [
            models.UniqueConstraint(fields=["check_record", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=Q(is_applicable=False, is_compliant__isnull=True)
                | Q(is_applicable=True, is_compliant__isnull=False),
                name="answer_compliance_only_when_applicable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}={self.value}"

    @classmethod
    def for_item(cls, item: ChecklistItem, value: str) -> Answer:
        """An unsaved answer judged by its item's rule; ValueError if the item cannot take it."""
        result = item.evaluate(value)
        if item.is_numeric:
            value = format(item.parse_number(value).normalize(), "f")
        return cls(
            item=item,
            value=value,
            is_applicable=result.applicable,
            is_compliant=result.compliant,
            infection_sign=result.infection_sign,
        )

    @property
    def label(self) -> str:
        """Reads self.item: select or prefetch it in lists."""
        return self.item.label_for(self.value)
