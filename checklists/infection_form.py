"""The infection pages' forms: the list's filter, the denominators' months, and the
infection-prevention lead's forms to record an infection event and correct it. They
only parse: the dates' rules and what NHSN would conclude are the service's
(services/infections.py), which says what it refuses in its own words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from .measures import Period, periods
from .measures.periods import first_of_month, months_between
from .models import Decision, HarmStage, Ward
from .models.infections import INFECTION_TYPE_CHOICES
from .services import REASON_MAX_LENGTH, EventDetails, Review
from .services.infections import EVIDENCE_MAX_LENGTH, ORGANISM_MAX_LENGTH
from .widgets import SegmentedChoice

AS_THE_RULES_SAY = ""
OVERRIDE_CHOICES = [
    (AS_THE_RULES_SAY, "As the rules conclude"),
    ("counted", "Counted in the ward's rate"),
    ("not_counted", "Not counted"),
]


def _date_input() -> forms.DateInput:
    """A browser date picker; its value must be an ISO date whatever the locale's format,
    or a date the form is given (a correction's, a flag's) shows as empty."""
    return forms.DateInput({"type": "date", "class": "w-auto"}, format="%Y-%m-%d")


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=_date_input(),
        error_messages={"required": f"Enter the {label.lower()}.", "invalid": "Enter a date."},
    )


class InfectionEventForm(forms.Form):
    # Given when the form is shown, so the same form sent twice records one event.
    event_public_id = forms.UUIDField(widget=forms.HiddenInput)
    infection_type = forms.ChoiceField(
        label="Infection", choices=INFECTION_TYPE_CHOICES, widget=SegmentedChoice("Infection")
    )
    harm_stage = forms.ChoiceField(
        label="Pressure injury stage",
        choices=[("", "Not a pressure injury"), *HarmStage.choices],
        required=False,
        help_text="Only for a pressure injury: stage 2 or worse, unstageable or deep tissue.",
    )
    first_positive_on = _date(
        "First positive test or finding", "The day the specimen was taken, or the day found."
    )
    date_of_event = _date(
        "Date of event",
        "The day the first element of the definition was first met (within 3 days of the "
        "first positive test).",
    )
    organism = forms.CharField(
        label="Organism (optional)", required=False, max_length=ORGANISM_MAX_LENGTH
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=EVIDENCE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
        help_text="The test, finding or criterion this rests on.",
        error_messages={"required": "Write the evidence: the test, finding or criterion."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def details(self) -> EventDetails:
        c = self.cleaned_data
        return EventDetails(
            infection_type=c["infection_type"],
            first_positive_on=c["first_positive_on"],
            date_of_event=c["date_of_event"],
            evidence=c["evidence"],
            organism=c["organism"],
            harm_stage=c["harm_stage"],
        )


class InfectionCorrectionForm(InfectionEventForm):
    # The version shown: a correction saved meanwhile by someone else is not overwritten.
    version = forms.UUIDField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Decision", choices=Decision.choices, widget=SegmentedChoice("Decision")
    )
    counted = forms.ChoiceField(label="Counted in a rate", choices=OVERRIDE_CHOICES, required=False)
    override_ward = forms.ModelChoiceField(
        label="Ward it is attributed to",
        queryset=Ward.objects.all(),
        required=False,
        empty_label="As the rules conclude",
    )
    override_reason = forms.CharField(
        label="Why you override the rules",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
        help_text="Needed when you choose a ward or whether it is counted.",
    )
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": "Say why you are correcting this infection event."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["event_public_id"]

    def review(self) -> Review:
        c = self.cleaned_data
        counted = {"counted": True, "not_counted": False}.get(c["counted"])
        return Review(
            reason=c["reason"],
            decision=c["decision"],
            override_counted=counted,
            override_ward=c["override_ward"],
            override_reason=c["override_reason"],
        )

    @staticmethod
    def initial_from(event: Any) -> dict[str, Any]:
        counted = {True: "counted", False: "not_counted"}.get(event.override_counted, "")
        return {
            "version": event.public_id,
            "infection_type": event.infection_type,
            "harm_stage": event.harm_stage,
            "first_positive_on": event.first_positive_on,
            "date_of_event": event.date_of_event,
            "organism": event.organism,
            "evidence": event.evidence,
            "decision": event.decision,
            "counted": counted,
            "override_ward": event.override_ward_id,
            "override_reason": event.override_reason,
        }


class InfectionFilter(forms.Form):
    ward = forms.ChoiceField(required=False, label="Ward")
    infection_type = forms.ChoiceField(
        required=False, label="Infection", choices=[("", "All"), *INFECTION_TYPE_CHOICES]
    )
    month = forms.CharField(
        required=False,
        label="Month of the date of event",
        widget=forms.DateInput({"type": "month", "class": "w-auto"}),
    )
    # A rate's drill-down: its period and only the events in its numerator.
    start = forms.DateField(required=False, label="From", widget=_date_input())
    end = forms.DateField(required=False, label="To", widget=_date_input())
    counted = forms.BooleanField(required=False, label="Only those counted in a rate")

    def __init__(self, *args, wards, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", "All my wards"), *((w.code, w.name) for w in wards)]
        # Rendered field by field in a row that wraps: each keeps to the screen's width.
        for field in self.fields.values():
            kind = {"select": "form-select w-auto mw-100", "checkbox": "form-check-input"}
            field.widget.attrs["class"] = kind.get(field.widget.input_type, "form-control w-auto")

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError("Give the month as YYYY-MM.") from None
        if not 1 <= month <= 12:
            raise forms.ValidationError("Give the month as YYYY-MM.")
        return year, month

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The last day comes before the first.")
        return data


# A download of up to three years of months: a hospital's year is the usual ask.
MOST_MONTHS = 36


class DenominatorsForm(forms.Form):
    """Calendar months from `start` to `end` (YYYY-MM, both included); both default to
    the last month that is over."""

    start = forms.CharField(required=False)
    end = forms.CharField(required=False)

    def __init__(self, data, *, today: date) -> None:
        super().__init__(data)
        self.today = today

    def _month(self, name: str) -> date:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return (self.today.replace(day=1) - timedelta(days=1)).replace(day=1)
        first = first_of_month(text)
        if first is None:
            raise forms.ValidationError(periods.MONTH_FORMAT)
        if first > self.today:
            raise forms.ValidationError("That month has not started yet.")
        return first

    def clean_start(self) -> date:
        return self._month("start")

    def clean_end(self) -> date:
        return self._month("end")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            months = months_between(start, end)
            if not months:
                raise forms.ValidationError("The first month must not be after the last.")
            if len(months) > MOST_MONTHS:
                raise forms.ValidationError(f"Ask for at most {MOST_MONTHS} months at a time.")
            data["months"] = [Period(m.start, min(m.end, self.today)) for m in months]
        return data
