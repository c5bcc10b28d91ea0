"""What a report is asked for on the reports page: wards or a patient, and a period
given as a calendar month or as from and to dates (one or the other, never both)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django import forms

from ..measures import Period, periods
from ..models import Patient, User
from ..permissions import can_report_on, report_wards
from .spec import ReportSpec, patient_spec


class ReportPeriodForm(forms.Form):
    month = forms.CharField(
        required=False,
        label="Calendar month",
        widget=forms.TextInput({"type": "month"}),
        help_text="NHSN reports by calendar month.",
    )
    start = forms.DateField(
        required=False, label="or from", widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(required=False, label="to", widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        month, start, end = (data.get(k) for k in ("month", "start", "end"))
        if month and (start or end):
            raise forms.ValidationError(
                "Choose a calendar month, or from and to dates, not both: clear one of them."
            )
        if not (month or start or end):
            raise forms.ValidationError("Choose a calendar month, or from and to dates.")
        # The dashboards' own rules for a period, so a report covers what a dashboard can.
        try:
            data["period"] = self._period(month, start, end)
        except periods.PeriodRefused as refused:
            raise forms.ValidationError(refused.reasons) from None
        return data

    def _period(self, month: str | None, start: date | None, end: date | None) -> Period:
        if month:
            first = periods.first_of_month(month)
            if first is None:
                raise periods.PeriodRefused([periods.MONTH_FORMAT])
            return periods.month_so_far(first, self.today)
        if start is None or end is None:
            raise periods.PeriodRefused(["Give both a from and a to date."])
        return periods.chosen_days(start, end, self.today)


class WardReportForm(ReportPeriodForm):
    wards = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Wards"
    )
    hospital = forms.BooleanField(
        required=False,
        label="Whole hospital: a summary of every ward, then one page per ward",
    )

    field_order = ["wards", "hospital", "month", "start", "end"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = {w.code: w for w in report_wards(user)}
        cast(forms.MultipleChoiceField, self.fields["wards"]).choices = [
            (w.code, f"{w.code} - {w.name}") for w in self.available.values()
        ]
        if not user.sees_all_wards:
            del self.fields["hospital"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        codes, hospital = data.get("wards") or [], data.get("hospital", False)
        if codes and hospital:
            self.add_error(None, "Choose some wards or the whole hospital, not both.")
        elif not codes and not hospital:
            offered = ", or the whole hospital" if "hospital" in self.fields else ""
            self.add_error("wards", f"Choose at least one ward{offered}.")
        elif "period" in data:
            # A ward ticked twice (a forged form) is still one ward.
            chosen = [self.available[c] for c in dict.fromkeys(codes)]
            wards = list(self.available.values()) if hospital else chosen
            data["spec"] = ReportSpec.for_wards(wards, data["period"], hospital=hospital)
        return data


class PatientReportForm(ReportPeriodForm):
    hospital_number = forms.CharField(max_length=20, label="Hospital number")

    field_order = ["hospital_number", "month", "start", "end"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number = (data.get("hospital_number") or "").strip()
        if not number or "period" not in data:
            return data
        patient = Patient.objects.filter(hospital_number__iexact=number).first()
        mine = None if self.user.sees_all_wards else report_wards(self.user)
        spec = patient_spec(patient, data["period"], mine) if patient else None
        if spec is None or not spec.wards or not can_report_on(self.user, spec):
            # The same words whether the patient does not exist or is not yours to see:
            # the form must not tell a manager who is in another ward's beds.
            self.add_error(
                "hospital_number",
                f"No patient with hospital number {number} was on "
                f"{'any ward' if self.user.sees_all_wards else 'your wards'} "
                "between the dates chosen.",
            )
            return data
        data["spec"] = spec
        return data


def last_month_initial(today: date) -> dict[str, str]:
    """Reports are usually of the last whole month."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return {"month": f"{last_month:%Y-%m}"}
