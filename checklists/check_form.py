"""The daily check's form: one field per item of the checklist, the "All as expected"
fast path, and the correction form. The rules that protect the record (one check a day,
contradicting answers) are also kept by services.record_check for every other caller."""

from __future__ import annotations

from typing import Any

from crispy_forms.layout import Field, Fieldset, Layout
from django import forms

from .forms import moment_field, no_tag_helper
from .models import AnswerType, ChecklistItem, ChecklistTemplate
from .models.templates import NA, NO, YES
from .services import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from .widgets import SegmentedChoice

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
            choices=choices,
            widget=SegmentedChoice(item.text),
            error_messages=required_msg,
            **common,
        )
    if item.answer_type == AnswerType.CHOICE or (item.choices and item.is_numeric):
        return ItemChoiceField(
            choices=[(str(v), label) for v, label in item.choices],
            widget=SegmentedChoice(item.text),
            error_messages=required_msg
            | {"invalid_choice": f"{item.text}: %(value)s is not one of the answers offered."},
            **common,
        )
    if item.answer_type == AnswerType.SCORE:
        low, high = int(item.min_value), int(item.max_value)
        return ItemChoiceField(
            choices=[(str(v), str(v)) for v in range(low, high + 1)],
            widget=SegmentedChoice(item.text),
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
        self.helper = no_tag_helper()
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
        return Field(item_field_name(item))

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
