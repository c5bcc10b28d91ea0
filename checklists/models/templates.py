from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models

from .entry_points import EntryPointKind


class ChecklistTemplateQuerySet(models.QuerySet["ChecklistTemplate"]):
    def current_for(self, kind: str) -> ChecklistTemplate | None:
        """The newest version of a kind that has items: a draft an administrator has
        saved without items yet must not become live (one query)."""
        has_items = ChecklistItem.objects.filter(template=models.OuterRef("pk"))
        return self.filter(kind=kind).filter(models.Exists(has_items)).order_by("-version").first()


class ChecklistTemplate(models.Model):
    """One version of a kind's daily checklist. Never edited once used:
    a change is a new version, and old checks keep the version they answered."""

    kind = models.CharField(max_length=10, choices=EntryPointKind.choices)
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=100)
    source_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Answers that cannot all be true at once: [{"when": {code: [values]}, "message": ...}]
    # (clinical_defaults.WOUND_CONFLICTS). Part of the version, like the items.
    conflicts = models.JSONField(default=list, blank=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def conflicts_in(self, answers: Mapping[str, str]) -> list[Conflict]:
        """The rules of `conflicts` that these answers (item code -> value) break."""
        found = []
        for rule in self.conflicts:
            when: dict[str, list[str]] = rule["when"]
            if all(str(answers.get(code) or "").strip() in values for code, values in when.items()):
                found.append(Conflict(tuple(when), str(rule["message"])))
        return found


@dataclass(frozen=True)
class Conflict:
    """Answers of a check that contradict each other: the items, and what to say."""

    codes: tuple[str, ...]
    message: str


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", "Yes / no"
    YES_NO_NA = "yes_no_na", "Yes / no / not applicable"
    SCORE = "score", "Score"
    NUMBER = "number", "Measured number"
    CHOICE = "choice", "Choice"


YES, NO, NA = "yes", "no", "na"
ELEMENT, FINDING, SCORE = "element", "finding", "score"  # ChecklistItem.role


# Plain decimals with at most one decimal place: no exponents ("1e-30"), no NaN,
# and nothing longer than the answer column can hold.
NUMBER_PATTERN = re.compile(r"-?\d{1,5}(\.\d)?")


def _plain(number: Decimal) -> str:
    """120.0 -> "120", 22.5 -> "22.5"."""
    return format(number.normalize(), "f")


@dataclass(frozen=True)
class Evaluation:
    applicable: bool
    compliant: bool | None  # None when not applicable
    infection_sign: bool


class ChecklistItem(models.Model):
    """One question of a checklist, with the rule that says which answers are compliant.

    - yes/no and choice items: `compliant_values` lists the compliant answers; an
      empty list marks a finding (e.g. "erythema?"), compliant whenever answered.
    - score and number items: `min_value`..`max_value` is the valid range;
      `compliant_min`..`compliant_max` the compliant one (blank = any valid value).
    - `alert_values` / `alert_min` mark answers that are signs of infection.
    """

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="items")
    code = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)
    help_text = models.TextField(blank=True)
    answer_type = models.CharField(max_length=10, choices=AnswerType.choices)
    choices = models.JSONField(default=list, blank=True, help_text="[[value, label], ...]")
    unit = models.CharField(max_length=20, blank=True)
    min_value = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    max_value = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    compliant_values = models.JSONField(default=list, blank=True)
    compliant_min = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    compliant_max = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    alert_values = models.JSONField(default=list, blank=True)
    alert_min = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    # The usual answer, used by "all as expected"; blank for measurements that
    # must be taken each time (cuff pressure, Braden subscales).
    expected_value = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_item_code_per_template")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_numeric(self) -> bool:
        return self.answer_type in (AnswerType.SCORE, AnswerType.NUMBER)

    @property
    def role(self) -> str:
        """ELEMENT: a step of the bundle, with answers that comply or not. FINDING: what
        the nurse saw (redness, pus, a wound grade), any answer complying; reported as how
        often it was not the usual answer. SCORE: a measure with neither (a Braden
        subscale), reported through its total."""
        if (
            self.compliant_values
            or self.compliant_min is not None
            or self.compliant_max is not None
        ):
            return ELEMENT
        return FINDING if self.expected_value else SCORE

    def valid_values(self) -> list[str]:
        if self.answer_type == AnswerType.YES_NO:
            return [YES, NO]
        if self.answer_type == AnswerType.YES_NO_NA:
            return [YES, NO, NA]
        if self.answer_type == AnswerType.CHOICE:
            return [value for value, _label in self.choices]
        return []

    def parse_number(self, value: str) -> Decimal:
        """The numeric value of an answer; ValueError if it is not a number in range."""
        if not NUMBER_PATTERN.fullmatch(str(value).strip()):
            raise ValueError(f"{self.text}: enter a number such as 24 or 24.5.")
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, TypeError) as exc:
            raise ValueError(f"{self.text}: enter a number.") from exc
        if self.answer_type == AnswerType.SCORE and number != number.to_integral_value():
            raise ValueError(f"{self.text}: enter a whole number.")
        too_low = self.min_value is not None and number < self.min_value
        too_high = self.max_value is not None and number > self.max_value
        if too_low or too_high:
            raise ValueError(f"{self.text}: {_plain(number)} is {self._range_text()}.")
        return number

    def _range_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        low, high = self.min_value, self.max_value
        if low is not None and high is not None:
            return f"outside the range {_plain(low)} to {_plain(high)}{unit}"
        if low is not None:
            return f"below the lowest possible value, {_plain(low)}{unit}"
        if high is not None:
            return f"above the highest possible value, {_plain(high)}{unit}"
        # Not reached: parse_number asks only once a number has crossed a bound.
        return "outside the valid range"

    def evaluate(self, value: str) -> Evaluation:
        """Whether an answer applies, complies and signals infection.

        Raises ValueError for an answer this item cannot take."""
        if self.is_numeric:
            number = self.parse_number(value)
            low_ok = self.compliant_min is None or number >= self.compliant_min
            high_ok = self.compliant_max is None or number <= self.compliant_max
            alert = self.alert_min is not None and number >= self.alert_min
            return Evaluation(True, low_ok and high_ok, alert)
        if value not in self.valid_values():
            raise ValueError(f"{self.text}: choose one of the answers offered.")
        if value == NA:
            return Evaluation(False, None, False)
        compliant = not self.compliant_values or value in self.compliant_values
        return Evaluation(True, compliant, value in self.alert_values)

    def label_for(self, value: str) -> str:
        labels: dict[str, str] = {YES: "Yes", NO: "No", NA: "N/A"}
        labels |= {str(v): lbl for v, lbl in self.choices}
        text = labels.get(value, value)
        if self.answer_type == AnswerType.NUMBER and self.unit:
            return f"{value} {self.unit}"
        return text
