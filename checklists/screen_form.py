"""The bedside sepsis screen's form: the observations NEWS2 needs, as a nurse reads
them off the patient and the monitor. The form only parses: what is plausible, and what
the readings score, is decided by checklists.sepsis through the service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms

from .forms import moment_field
from .sepsis import (
    SCALE_2_WARNING,
    AirOrOxygen,
    Consciousness,
    Observations,
    RedFlag,
    Reply,
    SpO2Scale,
    Told,
)
from .services import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from .widgets import SegmentedChoice, SegmentedMultiple


def _whole(label: str, unit: str) -> forms.IntegerField:
    wanted = f"{label}: enter a whole number of {unit}."
    return forms.IntegerField(
        label=f"{label} ({unit})",
        widget=forms.NumberInput({"inputmode": "numeric", "class": "w-auto"}),
        error_messages={"required": f"Enter the {label.lower()}.", "invalid": wanted},
    )


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


def _note() -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
        label="Note (optional)",
    )


class _OnThePagesForm(forms.Form):
    """Drawn by crispy inside the page's own <form>, which holds the buttons."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ScreenForm(_OnThePagesForm):
    # Given when the form is shown, so the same form sent twice saves one screen.
    screen_id = forms.UUIDField(widget=forms.HiddenInput)
    observed_at = moment_field("Observed at")
    respiratory_rate = _whole("Respiratory rate", "breaths per minute")
    spo2 = _whole("SpO2", "per cent")
    spo2_scale = forms.ChoiceField(
        label="SpO2 scale",
        choices=_choices(SpO2Scale),
        initial=SpO2Scale.SCALE_1.value,
        widget=SegmentedChoice("SpO2 scale"),
        help_text=SCALE_2_WARNING,
    )
    air_or_oxygen = forms.ChoiceField(
        label="Air or oxygen",
        choices=_choices(AirOrOxygen),
        widget=SegmentedChoice("Air or oxygen"),
        error_messages={"required": "Say whether the patient is on room air or oxygen."},
    )
    systolic_bp = _whole("Systolic blood pressure", "mmHg")
    pulse = _whole("Pulse", "beats per minute")
    consciousness = forms.ChoiceField(
        label="Consciousness (ACVPU)",
        choices=_choices(Consciousness),
        widget=SegmentedChoice("Consciousness (ACVPU)"),
        error_messages={"required": "Choose the patient's level of consciousness."},
    )
    temperature = forms.DecimalField(
        label="Temperature (°C)",
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput({"step": "0.1", "inputmode": "decimal", "class": "w-auto"}),
        error_messages={
            "required": "Enter the temperature.",
            "invalid": "Temperature: enter degrees Celsius, such as 37.2.",
            "max_decimal_places": "Temperature: give it to one decimal place, such as 37.2.",
            "max_digits": "Temperature: enter degrees Celsius, such as 37.2.",
            "max_whole_digits": "Temperature: enter degrees Celsius, such as 37.2.",
        },
    )
    red_flags = forms.MultipleChoiceField(
        label="NICE red flags (tick any that apply)",
        choices=_choices(RedFlag),
        required=False,
        widget=SegmentedMultiple("NICE red flags (tick any that apply)"),
    )
    note = _note()

    def observations(self) -> Observations:
        """The readings, once the form is valid."""
        data = self.cleaned_data
        return Observations(
            respiratory_rate=data["respiratory_rate"],
            spo2=data["spo2"],
            scale=SpO2Scale(data["spo2_scale"]),
            air_or_oxygen=AirOrOxygen(data["air_or_oxygen"]),
            systolic_bp=data["systolic_bp"],
            pulse=data["pulse"],
            consciousness=Consciousness(data["consciousness"]),
            temperature=Decimal(data["temperature"]),
        )


class ScreenCorrectionForm(ScreenForm):
    """The readings again, as the screen should have had them, and why. The time stays
    the original's: a screen at another time is a new screen."""

    screen_id = None  # type: ignore[assignment]  (the original is the correction's key)
    observed_at = None  # type: ignore[assignment]
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": "Say why you are correcting this screen."},
    )

    @classmethod
    def initial_from(cls, screen: Any) -> dict[str, Any]:
        """The screen's readings and note, to start the correction from."""
        fields = [f for f in cls.base_fields if f != "reason"]
        return {name: getattr(screen, name) for name in fields}


class EscalationForm(_OnThePagesForm):
    told_role = forms.ChoiceField(
        label="Who did you tell?",
        choices=_choices(Told),
        widget=SegmentedChoice("Who did you tell?"),
        error_messages={"required": "Choose who you told."},
    )
    told_name = forms.CharField(
        label="Their name",
        max_length=100,
        error_messages={"required": "Give the name of the person you told."},
    )
    told_at = moment_field("When did you tell them?")
    reply = forms.ChoiceField(
        label="What came of it?",
        choices=_choices(Reply),
        widget=SegmentedChoice("What came of it?"),
        error_messages={"required": "Choose what came of it."},
    )
    note = _note()


class FlagCloseForm(_OnThePagesForm):
    decided_by_role = forms.ChoiceField(
        label="Who decided?",
        choices=_choices(Told),
        widget=SegmentedChoice("Who decided?"),
        error_messages={"required": "Choose who decided."},
    )
    decided_by_name = forms.CharField(
        label="Their name",
        max_length=100,
        error_messages={"required": "Give the name of the clinician who decided."},
    )
    note = _note()
