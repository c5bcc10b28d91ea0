"""What a dashboard is asked for: a period, and for the list of checks, what to show."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from ..measures import Period, month_of, week_of
from ..models import EntryPointKind
from .links import period_params

EARLIEST = date(2000, 1, 1)
LONGEST_DAYS = 366


def first_of_month(text: str) -> date | None:
    """The first day of a "YYYY-MM" month, or None if the text is not one."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


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
            raise forms.ValidationError("Give the month as YYYY-MM, e.g. 2026-10.")
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
            return Period(week_of(self.today).start, self.today)
        if kind == "4weeks":
            return Period(self.today - timedelta(days=27), self.today)
        if kind == "month":
            first = data.get("month") or self.today.replace(day=1)
            if first > self.today:
                self.add_error("month", "That month has not started yet.")
                return None
            if first < EARLIEST:
                self.add_error("month", f"Choose a month from {EARLIEST:%Y} on.")
                return None
            month = month_of(first)
            return Period(month.start, min(month.end, self.today))
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            self.add_error(None, "Give both a from and a to date.")
            return None
        problems = []
        if end < start:
            problems.append("The period cannot end before it starts.")
        if end > self.today:
            problems.append("The period cannot end after today.")
        if start < EARLIEST:
            problems.append(f"Choose dates from {EARLIEST:%Y} on.")
        if (end - start).days + 1 > LONGEST_DAYS:
            problems.append(f"Choose at most {LONGEST_DAYS} days.")
        for problem in problems:
            self.add_error(None, problem)
        return None if problems else Period(start, end)

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
