"""Forms validate and normalise input; the rules that protect records are in services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import days
from .models import (
    AnswerType,
    ChecklistItem,
    ChecklistTemplate,
    EntryPoint,
    Patient,
    Ward,
)
from .models.entry_points import KIND_DETAIL_FIELDS
from .models.patients import RISK_FACTORS
from .models.templates import NA, NO, YES
from .services import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
OLDEST_AGE = 125


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time on the ward, including the repeated hour when the clocks go
    back, which Django's own field refuses as ambiguous (night nurses still work then)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            if exc.code != "ambiguous_timezone":
                raise
        naive = self._naive(value)
        try:
            return days.resolve_local(naive, timezone.now())
        except ValueError:
            raise forms.ValidationError(
                f"{naive:%H:%M} did not happen on {naive:%d %b %Y}: the clocks went forward. "
                "Enter the time the clock showed.",
                code="nonexistent_time",
            ) from None

    def _naive(self, value) -> datetime:
        # The same readings Django tried (ISO, then the locale's input formats), without
        # the time-zone step that refused the time.
        text = str(value).strip()
        return parse_datetime(text) or forms.fields.BaseTemporalField.to_python(self, text)


def moment_field(label: str) -> forms.DateTimeField:
    return LocalDateTimeField(
        label=label,
        widget=LocalDateTimeInput(),
        error_messages={
            "required": "Enter the date and time.",
            "invalid": "Enter a date and time such as 2026-01-31 08:30.",
        },
    )


def local_now() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


def _no_tag_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


# --- Daily check --------------------------------------------------------------------

YES_NO = [(YES, "Yes"), (NO, "No")]
YES_NO_NA = [*YES_NO, (NA, "N/A")]


def item_field_name(item: ChecklistItem) -> str:
    return f"item_{item.code}"


class ItemField(forms.Field):
    """The field of one checklist item. On the "All as expected" path CheckForm sets
    `usual_answer`, and a blank is then judged as that answer; the page still shows the
    blank, so a refused form comes back with only what the nurse entered."""

    usual_answer = ""

    def clean(self, value: Any) -> Any:
        if not value and self.usual_answer:
            value = self.usual_answer
        return super().clean(value)


class ItemChoiceField(ItemField, forms.ChoiceField):
    pass


class ItemNumberField(ItemField, forms.CharField):
    pass


def item_field(item: ChecklistItem) -> ItemField:
    """The form field that asks one checklist item."""
    common = {"label": item.text, "help_text": item.help_text, "required": True}
    required_msg = {"required": f"Answer this item: {item.text}."}
    if item.answer_type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        choices = YES_NO if item.answer_type == AnswerType.YES_NO else YES_NO_NA
        return ItemChoiceField(
            choices=choices, widget=forms.RadioSelect, error_messages=required_msg, **common
        )
    if item.answer_type == AnswerType.CHOICE or (item.choices and item.is_numeric):
        return ItemChoiceField(
            choices=[(str(v), label) for v, label in item.choices],
            widget=forms.RadioSelect,
            error_messages=required_msg
            | {"invalid_choice": f"{item.text}: %(value)s is not one of the answers offered."},
            **common,
        )
    if item.answer_type == AnswerType.SCORE:
        low, high = int(item.min_value), int(item.max_value)
        return ItemChoiceField(
            choices=[(str(v), str(v)) for v in range(low, high + 1)],
            widget=forms.RadioSelect,
            error_messages=required_msg
            | {"invalid_choice": f"{item.text}: %(value)s is outside the range {low} to {high}."},
            **common,
        )
    return ItemNumberField(
        max_length=20,
        widget=forms.NumberInput(
            attrs={"step": "0.5", "min": item.min_value, "max": item.max_value, "class": "w-auto"}
        ),
        error_messages=required_msg,
        **common | {"label": f"{item.text} ({item.unit})" if item.unit else item.text},
    )


class CheckForm(forms.Form):
    """One field per item of a template, plus when it was observed and a note.

    With `all_expected` (the "All as expected" button), every item left blank takes its
    usual answer. Items the nurse answered keep her answer; measurements with no usual
    answer (cuff pressure, Braden) must still be entered."""

    def __init__(
        self,
        *args: Any,
        template: ChecklistTemplate,
        items: list[ChecklistItem],
        all_expected: bool = False,
        **kwargs: Any,
    ) -> None:
        self.template = template
        self.items = items
        super().__init__(*args, **kwargs)
        # Items "All as expected" leaves blank, with why: their usual answer would
        # contradict an answer the nurse has entered (the template's conflicts).
        self.not_filled: dict[str, str] = {}
        entered = self._entered() if all_expected else {}
        for item in items:
            field = item_field(item)
            if all_expected and item.code not in entered:
                clash = _clash(template, entered, item)
                if clash is None:
                    field.usual_answer = item.expected_value
                else:
                    self.not_filled[item_field_name(item)] = clash
            self.fields[item_field_name(item)] = field
        self.fields["observed_at"] = moment_field("Observed at")
        self.fields["note"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=NOTE_MAX_LENGTH,
            error_messages={
                "max_length": f"Keep the note under {NOTE_MAX_LENGTH} characters "
                "(it has %(show_value)d)."
            },
        )
        self.helper = _no_tag_helper()
        # Label beside the answers: a whole checklist fits a 1024x768 screen.
        self.helper.form_class = "form-horizontal"
        self.helper.label_class = "col-md-5 fw-semibold"
        self.helper.field_class = "col-md-7"
        self.helper.layout = Layout(
            Fieldset("", *[self._item_layout(item) for item in items]),
            Field("observed_at", css_class="w-auto"),
            "note",
        )

    def _item_layout(self, item: ChecklistItem):
        name = item_field_name(item)
        if isinstance(self.fields[name].widget, forms.RadioSelect):
            return InlineRadios(name)
        return Field(name)

    def clean(self):
        cleaned = super().clean()
        # Numbers are checked against the item's own range here so the message
        # names the item; services check again for every other caller.
        for item in self.items:
            name = item_field_name(item)
            value = cleaned.get(name)
            if item.answer_type == AnswerType.NUMBER and value not in (None, ""):
                try:
                    item.parse_number(value)
                except ValueError as exc:
                    self.add_error(name, str(exc))
        for name, clash in self.not_filled.items():
            if name in self.errors:  # blank, so refused as required: say why it was left
                self.errors[name] = self.error_class(
                    [f"Not filled in by All as expected: {clash} Answer it yourself."]
                )
        if not self.errors:
            for conflict in self.template.conflicts_in(self.answers()):
                for item in self.items:
                    if item.code in conflict.codes:
                        self.add_error(item_field_name(item), conflict.message)
        return cleaned

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[item_field_name(item)] for item in self.items}

    def _entered(self) -> dict[str, str]:
        """The answers the nurse gave herself, before any usual answer fills a blank."""
        entered = {}
        for item in self.items:
            value = str(self.data.get(self.add_prefix(item_field_name(item))) or "").strip()
            if value:
                entered[item.code] = value
        return entered


def _clash(template: ChecklistTemplate, entered: dict[str, str], item: ChecklistItem) -> str | None:
    """What `item`'s usual answer would contradict among the answers entered, if anything."""
    if not item.expected_value:
        return None
    for conflict in template.conflicts_in(entered | {item.code: item.expected_value}):
        if item.code in conflict.codes:
            return conflict.message
    return None


class CorrectionForm(CheckForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["observed_at"]
        self.fields["reason"] = forms.CharField(
            label="Reason for the correction",
            max_length=REASON_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": "Say why you are correcting this check."},
        )
        self.helper.layout = Layout(
            Fieldset("", *[self._item_layout(item) for item in self.items]), "note", "reason"
        )


# --- Entry points -------------------------------------------------------------------

REMOVAL_REASONS = [
    ("", "Choose a reason"),
    ("No longer needed", "No longer needed"),
    ("Routine re-site", "Routine re-site"),
    ("Signs of infection or phlebitis", "Signs of infection or phlebitis"),
    ("Blocked, dislodged or leaking", "Blocked, dislodged or leaking"),
    ("Healed", "Healed (wound or pressure injury)"),
    ("Other", "Other"),
]


class EntryPointForm(forms.ModelForm):
    """Adds one entry point of a chosen kind; only that kind's details are asked."""

    started_at = moment_field("Inserted or found at")

    class Meta:
        model = EntryPoint
        fields = ["body_site", "started_at"] + sorted(
            {name for names in KIND_DETAIL_FIELDS.values() for name in names}
        )
        labels = {
            "body_site": "Body site",
            "insertion_bundle_done": "Insertion bundle checklist completed",
            "present_on_admission": "Present on admission",
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        wanted = KIND_DETAIL_FIELDS[kind]
        for name in list(self.fields):
            if name not in ("body_site", "started_at") and name not in wanted:
                del self.fields[name]
        for name in wanted:
            self.fields[name].required = True
            if isinstance(self.fields[name], forms.NullBooleanField):
                self.fields[name] = forms.TypedChoiceField(
                    label=self.fields[name].label,
                    choices=[("", "---------"), ("true", "Yes"), ("false", "No")],
                    coerce=lambda v: v == "true",
                )
            self.fields[name].error_messages["required"] = "This detail is needed for this kind."
        self.helper = _no_tag_helper()


class RemoveEntryPointForm(forms.Form):
    removed_at = moment_field("Removed or ended at")
    reason = forms.ChoiceField(
        choices=REMOVAL_REASONS, error_messages={"required": "Choose why it was removed."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_tag_helper()


# --- Admission, transfer, discharge ---------------------------------------------------


class AdmitForm(forms.ModelForm):
    admitted_at = moment_field("Admitted at")
    bed = forms.CharField(max_length=10, required=False)

    class Meta:
        model = Patient
        fields = [
            "hospital_number",
            "full_name",
            "date_of_birth",
            "immunosuppressed",
            "pregnant",
            "diabetes",
            "recent_surgery",
            "serious_illness",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing: Patient | None = None
        self.helper = _no_tag_helper()

    def validate_unique(self):
        # A known hospital number is a returning patient, not an error.
        pass

    def clean_hospital_number(self) -> str:
        number = self.cleaned_data["hospital_number"].strip().upper()
        self.existing = Patient.objects.filter(hospital_number=number).first()
        return number

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        # Nobody on record has lived past 122: an earlier year is a typing slip (0194).
        if born.year < timezone.localdate().year - OLDEST_AGE:
            raise forms.ValidationError(
                f"The date of birth is more than {OLDEST_AGE} years ago. Check the year."
            )
        return born

    def clean(self):
        cleaned = super().clean()
        if self.existing and not self._same_person(cleaned):
            raise forms.ValidationError(
                f"Hospital number {self.existing.hospital_number} is on file with a different "
                "name or date of birth. Check the number; if the record itself is wrong, "
                "ask an administrator to correct it."
            )
        return cleaned

    def _same_person(self, cleaned) -> bool:
        def folded(name: str) -> str:
            return " ".join(name.casefold().split())

        return folded(cleaned.get("full_name", "")) == folded(self.existing.full_name) and (
            cleaned.get("date_of_birth") == self.existing.date_of_birth
        )

    def patient(self) -> Patient:
        """The patient to admit: new, or the returning one with today's risk factors."""
        if self.existing is None:
            return self.instance
        for name in RISK_FACTORS:
            setattr(self.existing, name, self.cleaned_data[name])
        return self.existing


class TransferForm(forms.Form):
    to_ward = forms.ModelChoiceField(queryset=Ward.objects.none(), label="To ward")
    at = moment_field("Transferred at")
    bed = forms.CharField(max_length=10, required=False)

    def __init__(self, *args, current_ward: Ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_ward"].queryset = Ward.objects.exclude(pk=current_ward.pk)
        self.helper = _no_tag_helper()


class DischargeForm(forms.Form):
    at = moment_field("Discharged at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _no_tag_helper()
