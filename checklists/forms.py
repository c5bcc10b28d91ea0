"""Forms validate and normalise input; the rules that protect records are in services."""

from __future__ import annotations

from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import days
from .body_sites import BodySiteMixin
from .models import (
    EntryPoint,
    Patient,
    Stay,
    Ward,
)
from .models.entry_points import KIND_DETAIL_FIELDS
from .models.patients import RISK_FACTORS

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


def no_tag_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


# --- Entry points -------------------------------------------------------------------

REMOVAL_REASONS = [
    ("", "Choose a reason"),
    ("No longer needed", "No longer needed"),
    ("Routine re-site", "Routine re-site"),
    ("Signs of infection or phlebitis", "Signs of infection or phlebitis"),
    ("Blocked, dislodged or leaking", "Blocked, dislodged or leaking"),
    ("Infiltration or extravasation", "Infiltration or extravasation"),
    ("Healed", "Healed (wound or pressure injury)"),
    ("Other", "Other"),
]


# Why a device is taken out to be put in elsewhere: the removal's reasons that fit.
RESITE_REASONS = [
    choice for choice in REMOVAL_REASONS if choice[0] not in ("No longer needed", "Healed")
]


class EntryPointForm(BodySiteMixin, forms.ModelForm):
    """Adds one entry point of a chosen kind; only that kind's details are asked, and the
    body site from that kind's list (or Other, written out)."""

    started_at = moment_field("Inserted or found at")

    class Meta:
        model = EntryPoint
        fields = ["started_at"] + sorted(
            {name for names in KIND_DETAIL_FIELDS.values() for name in names}
        )
        labels = {
            "insertion_bundle_done": "Insertion bundle checklist completed",
            "present_on_admission": "Present on admission",
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        wanted = KIND_DETAIL_FIELDS[kind]
        for name in list(self.fields):
            if name != "started_at" and name not in wanted:
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
        self.add_site_fields(kind)
        self.order_fields(["site", "site_other", "started_at"])
        self.helper = no_tag_helper()

    def clean(self):
        cleaned = super().clean()
        site = self.clean_body_site()
        if site is not None:
            self.instance.body_site = site
        return cleaned


class RemoveEntryPointForm(forms.Form):
    removed_at = moment_field("Removed or ended at")
    reason = forms.ChoiceField(
        choices=REMOVAL_REASONS, error_messages={"required": "Choose why it was removed."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = no_tag_helper()


def yes_no_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), ("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        error_messages={"required": "This detail is needed for this kind."},
    )


class ResiteForm(BodySiteMixin, forms.Form):
    """Take a device out and put a new one in elsewhere: why, when, and the new site."""

    reason = forms.ChoiceField(
        choices=RESITE_REASONS,
        label="Why it was re-sited",
        error_messages={"required": "Choose why it was re-sited."},
    )
    at = moment_field("Re-sited at")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_site_fields(kind)
        self.fields["site"].label = "New body site"
        if "insertion_bundle_done" in KIND_DETAIL_FIELDS[kind]:
            self.fields["insertion_bundle_done"] = yes_no_field(
                "Insertion bundle checklist completed for the new one"
            )
        self.helper = no_tag_helper()

    def clean(self):
        cleaned = super().clean()
        site = self.clean_body_site()
        if site is not None:
            cleaned["body_site"] = site
        return cleaned

    def details(self) -> dict[str, object]:
        """The new device's own answers (not copied from the old one)."""
        return {
            name: self.cleaned_data[name]
            for name in ("insertion_bundle_done",)
            if name in self.cleaned_data
        }


# --- Admission, transfer, discharge ---------------------------------------------------

NO_BED = "No bed yet"


def ward_beds(ward: Ward) -> list[str]:
    """The ward's beds as the board shows them: "01" to its number of beds."""
    return [f"{n:02d}" for n in range(1, ward.beds + 1)]


def free_beds(ward: Ward) -> list[str]:
    """The ward's beds no current stay holds (a free-text bed typed before the list
    existed holds only itself, and is never offered)."""
    taken = set(Stay.objects.current().filter(ward=ward).values_list("bed", flat=True))
    return [bed for bed in ward_beds(ward) if bed not in taken]


def bed_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Bed",
        required=False,
        choices=[("", NO_BED)],
        error_messages={
            "invalid_choice": "Bed %(value)s is not free on this ward; choose another."
        },
    )


def offer_beds(field: forms.Field, ward: Ward | None) -> None:
    beds = free_beds(ward) if ward is not None else []
    field.choices = [("", NO_BED), *((bed, f"Bed {bed}") for bed in beds)]  # type: ignore[attr-defined]


class AdmitForm(forms.ModelForm):
    admitted_at = moment_field("Admitted at")
    bed = bed_field()

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

    def __init__(self, *args, ward: Ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing: Patient | None = None
        offer_beds(self.fields["bed"], ward)
        self.helper = no_tag_helper()

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
    bed = forms.CharField(
        max_length=10,
        required=False,
        label="Bed",
        widget=forms.Select(choices=[("", NO_BED)]),
        help_text="The free beds of the ward chosen.",
    )

    def __init__(self, *args, current_ward: Ward, **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.exclude(pk=current_ward.pk)
        self.fields["to_ward"].queryset = wards
        # Every other ward's free beds, a group per ward; the one chosen is checked below.
        groups: list[tuple[str, object]] = [("", NO_BED)]
        for ward in wards:
            groups.append((ward.name, [(b, f"Bed {b}") for b in free_beds(ward)]))
        self.fields["bed"].widget.choices = groups  # type: ignore[attr-defined]
        self.helper = no_tag_helper()

    def clean(self):
        cleaned = super().clean()
        ward, bed = cleaned.get("to_ward"), cleaned.get("bed")
        if ward is not None and bed and bed not in free_beds(ward):
            self.add_error("bed", f"Bed {bed} is not free on {ward.name}; choose another.")
        return cleaned


class DischargeForm(forms.Form):
    at = moment_field("Discharged at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = no_tag_helper()
