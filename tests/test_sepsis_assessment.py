"""A whole screen worked out by assess(), and the physiological limits that refuse a typo
before anything is scored (checklists/sepsis/assessment.py, limits.py, observations.py).
Pure Python: no database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from checklists.sepsis import (
    SCALE_2_WARNING,
    AirOrOxygen,
    Consciousness,
    ImplausibleObservations,
    Monitoring,
    Observations,
    Parameter,
    RedFlag,
    ResponseBand,
    RiskLevel,
    SpO2Scale,
    assess,
    problems,
)

from .sepsis_readings import AIR, OXYGEN, SCALE_1, WELL, obs

# --- The whole screen -----------------------------------------------------------------


def test_a_well_patient_needs_nothing_more_than_routine_observations():
    result = assess(WELL)
    assert result.band == ResponseBand.ZERO
    assert result.monitoring == Monitoring(timedelta(hours=12))
    assert result.qsofa.score == 0
    assert result.risk_level == RiskLevel.VERY_LOW
    assert result.antimicrobials_within is None
    assert not result.escalate


def test_a_septic_patient_gets_every_warning_at_once():
    result = assess(
        obs(
            respiratory_rate=26,
            spo2=92,
            air_or_oxygen=OXYGEN,
            systolic_bp=88,
            pulse=124,
            consciousness=Consciousness.NEW_CONFUSION,
            temperature="38.9",
        )
    )
    assert result.news2.total == 3 + 2 + 2 + 3 + 2 + 3 + 1
    assert result.band == ResponseBand.HIGH
    assert result.monitoring.continuous
    assert (result.qsofa.score, result.qsofa.high_risk) == (3, True)
    assert result.risk_level == RiskLevel.HIGH
    assert result.antimicrobials_within == timedelta(hours=1)
    assert result.escalate


@pytest.mark.parametrize(
    ("changes", "band", "level"),
    [
        ({"pulse": 95}, ResponseBand.LOW, RiskLevel.LOW),
        (
            {"pulse": 115, "respiratory_rate": 22, "temperature": "38.2"},
            ResponseBand.MEDIUM,
            RiskLevel.MODERATE,
        ),
        ({"respiratory_rate": 25, "pulse": 91}, ResponseBand.LOW_MEDIUM, RiskLevel.LOW),
    ],
)
def test_the_response_band_and_the_ng51_level_come_from_the_same_total(changes, band, level):
    result = assess(obs(**changes))
    assert (result.band, result.risk_level) == (band, level)


def test_scale_1_is_the_default_and_scale_2_carries_a_warning():
    given = Observations(
        respiratory_rate=16,
        spo2=97,
        air_or_oxygen=AIR,
        systolic_bp=120,
        pulse=72,
        consciousness=Consciousness.ALERT,
        temperature=Decimal("37.0"),
    )
    assert given.scale == SCALE_1
    assert "hypercapnic respiratory failure" in SCALE_2_WARNING
    assert "competent clinician" in SCALE_2_WARNING


def test_observations_are_given_by_name_only():
    with pytest.raises(TypeError):
        Observations(16, 97)  # positional readings could be swapped unseen


def test_every_choice_has_a_label_a_nurse_reads():
    for enum in (SpO2Scale, AirOrOxygen, Consciousness, Parameter, ResponseBand, RiskLevel):
        for member in enum:
            assert member.label
    for flag in RedFlag:
        assert flag.label


# --- Physiological limits --------------------------------------------------------------

EXTREMES = [
    ("respiratory_rate", 1, 80),
    ("spo2", 40, 100),
    ("systolic_bp", 30, 300),
    ("pulse", 20, 300),
    ("temperature", Decimal("25.0"), Decimal("45.0")),
]


@pytest.mark.parametrize(("field", "low", "high"), EXTREMES)
def test_the_most_extreme_plausible_readings_are_accepted(field, low, high):
    assert problems(obs(**{field: low})) == []
    assert problems(obs(**{field: high})) == []


@pytest.mark.parametrize(
    ("field", "value", "shown", "accepted"),
    [
        ("respiratory_rate", 0, "Respiratory rate 0 breaths/min", "1–80 breaths/min"),
        ("respiratory_rate", 81, "Respiratory rate 81 breaths/min", "1–80 breaths/min"),
        ("spo2", 39, "SpO2 39%", "40–100%"),
        ("spo2", 101, "SpO2 101%", "40–100%"),
        ("systolic_bp", 29, "Systolic blood pressure 29 mmHg", "30–300 mmHg"),
        ("systolic_bp", 301, "Systolic blood pressure 301 mmHg", "30–300 mmHg"),
        ("pulse", 19, "Pulse 19 beats/min", "20–300 beats/min"),
        ("pulse", 301, "Pulse 301 beats/min", "20–300 beats/min"),
        ("pulse", 900, "Pulse 900 beats/min", "20–300 beats/min"),
        ("temperature", Decimal("24.9"), "Temperature 24.9 °C", "25.0–45.0 °C"),
        ("temperature", Decimal("45.1"), "Temperature 45.1 °C", "25.0–45.0 °C"),
        ("temperature", Decimal("3.7"), "Temperature 3.7 °C", "25.0–45.0 °C"),
        ("temperature", Decimal("98.6"), "Temperature 98.6 °C", "25.0–45.0 °C"),
    ],
)
def test_one_beyond_each_extreme_is_refused_naming_the_reading_and_the_range(
    field, value, shown, accepted
):
    assert problems(obs(**{field: value})) == [
        f"{shown} is outside the accepted range {accepted}: check the reading."
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pulse", 72.5, "Pulse must be a whole number, not 72.5"),
        ("respiratory_rate", True, "Respiratory rate must be a whole number, not True"),
        ("spo2", "97", "SpO2 must be a whole number, not '97'"),
        (
            "temperature",
            37.2,
            "Temperature must be a finite Decimal to one decimal place, not 37.2",
        ),
        ("temperature", Decimal("NaN"), "Temperature must be a finite Decimal"),
        ("temperature", Decimal("Infinity"), "Temperature must be a finite Decimal"),
        ("temperature", Decimal("37.25"), "Temperature 37.25 °C must be given to one decimal"),
    ],
)
def test_a_reading_of_the_wrong_kind_is_refused(field, value, message):
    found = problems(obs(**{field: value}))
    assert len(found) == 1
    assert found[0].startswith(message)


def test_every_typo_is_reported_at_once_in_the_charts_order():
    with pytest.raises(ImplausibleObservations) as refused:
        assess(obs(respiratory_rate=0, spo2=101, pulse=900, temperature="3.7"))
    assert [reason.split()[0] for reason in refused.value.reasons] == [
        "Respiratory",
        "SpO2",
        "Pulse",
        "Temperature",
    ]
    assert "Pulse 900 beats/min" in str(refused.value)


def test_an_implausible_reading_gets_no_score():
    with pytest.raises(ImplausibleObservations):
        assess(obs(systolic_bp=1200))
