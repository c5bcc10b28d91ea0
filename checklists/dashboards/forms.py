"""What a dashboard is asked for: a period, and for the lists of checks and of signs of
infection, what to show."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from ..links import period_params
from ..measures import Period, periods
from ..measures.periods import EARLIEST, first_of_month
from ..measures.sepsis import FIGURES
from ..models import EntryPointKind


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        choices=[
            ("week", "This week"),
            ("4weeks", "Last 4 weeks"),
            ("month", "Calendar month"),
            ("custom", "From … to …"),
        ],
        required=False,
    )
    month = forms.CharField(required=False, help_text="YYYY-MM")
    start = forms.DateField(required=False, label="From", widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(required=False, label="To", widget=forms.DateInput({"type": "date"}))

    def __init__(self, data, *, today: date, **kw):
        super().__init__(data, **kw)
        self.today = today

    def clean_month(self) -> date | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        first = first_of_month(text)
        if first is None:
            raise forms.ValidationError(periods.MONTH_FORMAT)
        return first

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        data["range"] = self._period(data)
        return data

    def _period(self, data: dict) -> Period | None:
        kind = data.get("period") or "4weeks"
        if kind == "week":
            return periods.this_week(self.today)
        if kind == "4weeks":
            return periods.last_four_weeks(self.today)
        if kind == "month":
            try:
                first = data.get("month") or self.today.replace(day=1)
                return periods.month_so_far(first, self.today)
            except periods.PeriodRefused as refused:
                self.add_error("month", refused.reasons)
                return None
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            self.add_error(None, "Give both a from and a to date.")
            return None
        try:
            return periods.chosen_days(start, end, self.today)
        except periods.PeriodRefused as refused:
            self.add_error(None, refused.reasons)
            return None

    @property
    def chosen(self) -> Period:
        """The chosen period; call after is_valid()."""
        return self.cleaned_data["range"]

    def query(self) -> dict[str, str]:
        """The period as query parameters, for links that keep it."""
        return period_params(self.chosen)


SHOW_CHOICES = [
    ("due", "All due checks"),
    ("done", "Done in time"),
    ("compliant", "Compliant"),
    ("not_compliant", "Not compliant (failed or missed)"),
    ("failed", "Done but not compliant"),
    ("missed", "Missed"),
    ("late", "Late entries"),
    ("open", "Still open"),
    ("flagged", "Signs of infection"),
    ("past_review", "Past review"),
    ("corrected", "Corrected"),
]


class CheckListForm(PeriodForm):
    ward = forms.CharField(required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *EntryPointKind.choices], required=False)
    show = forms.ChoiceField(choices=SHOW_CHOICES, required=False)
    item = forms.CharField(required=False, help_text="An item code: only checks that failed it")
    page = forms.IntegerField(required=False, min_value=1)

    def clean_show(self) -> str:
        return self.cleaned_data.get("show") or "due"


class SepsisListForm(PeriodForm):
    ward = forms.CharField(required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *EntryPointKind.choices], required=False)
    show = forms.ChoiceField(choices=list(FIGURES.items()), required=False)

    def clean_show(self) -> str:
        return self.cleaned_data.get("show") or "flags"


class SignOffForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        widget=forms.Textarea({"rows": 2}),
        max_length=1000,
        help_text="What you reviewed, and any actions agreed.",
        error_messages={"required": "Add a comment: what you reviewed, and any actions."},
    )

    def clean_month(self) -> date:
        first = first_of_month(self.cleaned_data["month"])
        if first is None:
            raise forms.ValidationError("Choose a month.")
        if first < EARLIEST or first > timezone.localdate():
            raise forms.ValidationError("Choose a month that is over.")
        return first
