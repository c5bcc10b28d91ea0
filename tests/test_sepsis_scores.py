"""The bedside sepsis screen's rules (checklists/sepsis, docs/sepsis.md): NEWS2 at both
sides of every cut-off of the RCP chart, the response chart's bands, qSOFA, the NICE NG51
levels with their antimicrobial deadlines and red flags, and the physiological limits.

Pure Python: no database, no client. The tables below are written in the chart's order
so that a reader can hold them against the chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from checklists.sepsis import (
    CONTINUOUS,
    LIMITS,
    RESPONSES,
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
    level_from_news2,
    ng51_risk,
    problems,
    response_for,
    score_news2,
    score_qsofa,
)
from checklists.sepsis.news2 import (
    PULSE,
    RESPIRATORY_RATE,
    SPO2_SCALE_1,
    SPO2_SCALE_2_ON_AIR,
    SPO2_SCALE_2_ON_OXYGEN,
    SYSTOLIC_BP,
    TEMPERATURE,
)

AIR = AirOrOxygen.AIR
OXYGEN = AirOrOxygen.OXYGEN
SCALE_1 = SpO2Scale.SCALE_1
SCALE_2 = SpO2Scale.SCALE_2

# Every parameter in its 0 band: NEWS2 0, qSOFA 0.
WELL = Observations(
    respiratory_rate=16,
    spo2=97,
    scale=SCALE_1,
    air_or_oxygen=AIR,
    systolic_bp=120,
    pulse=72,
    consciousness=Consciousness.ALERT,
    temperature=Decimal("37.0"),
)


def obs(**changes: object) -> Observations:
    """WELL with some readings changed; a temperature may be written as text."""
    if isinstance(changes.get("temperature"), str):
        changes["temperature"] = Decimal(str(changes["temperature"]))
    return replace(WELL, **changes)


def points(parameter: Parameter, **changes: object) -> int:
    return score_news2(obs(**changes)).points_for(parameter)


# --- NEWS2: each parameter, both sides of each cut-off ---------------------------------


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(1, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (80, 3)],
)
def test_respiratory_rate_scores_as_the_chart(rate, expected):
    assert points(Parameter.RESPIRATORY_RATE, respiratory_rate=rate) == expected


@pytest.mark.parametrize("air_or_oxygen", [AIR, OXYGEN])
@pytest.mark.parametrize(
    ("spo2", "expected"),
    [(40, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)],
)
def test_scale_1_spo2_scores_the_same_on_air_and_on_oxygen(spo2, expected, air_or_oxygen):
    assert points(Parameter.SPO2, spo2=spo2, scale=SCALE_1, air_or_oxygen=air_or_oxygen) == expected


@pytest.mark.parametrize(
    ("spo2", "expected"),
    [(83, 3), (84, 2), (85, 2), (86, 1), (87, 1), (88, 0), (92, 0), (93, 0), (97, 0), (100, 0)],
)
def test_scale_2_on_air_scores_nothing_from_88_up(spo2, expected):
    assert points(Parameter.SPO2, spo2=spo2, scale=SCALE_2, air_or_oxygen=AIR) == expected


@pytest.mark.parametrize(
    ("spo2", "expected"),
    [
        (40, 3),
        (83, 3),
        (84, 2),
        (85, 2),
        (86, 1),
        (87, 1),
        (88, 0),
        (92, 0),
        (93, 1),
        (94, 1),
        (95, 2),
        (96, 2),
        (97, 3),
        (100, 3),
    ],
)
def test_scale_2_on_oxygen_scores_too_high_a_saturation(spo2, expected):
    assert points(Parameter.SPO2, spo2=spo2, scale=SCALE_2, air_or_oxygen=OXYGEN) == expected


@pytest.mark.parametrize("scale", [SCALE_1, SCALE_2])
@pytest.mark.parametrize(("air_or_oxygen", "expected"), [(AIR, 0), (OXYGEN, 2)])
def test_oxygen_scores_2_on_either_scale(scale, air_or_oxygen, expected):
    assert points(Parameter.AIR_OR_OXYGEN, scale=scale, air_or_oxygen=air_or_oxygen) == expected


@pytest.mark.parametrize(
    ("systolic", "expected"),
    [(30, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)],
)
def test_systolic_pressure_scores_as_the_chart(systolic, expected):
    assert points(Parameter.SYSTOLIC_BP, systolic_bp=systolic) == expected


@pytest.mark.parametrize(
    ("pulse", "expected"),
    [
        (20, 3),
        (40, 3),
        (41, 1),
        (50, 1),
        (51, 0),
        (90, 0),
        (91, 1),
        (110, 1),
        (111, 2),
        (130, 2),
        (131, 3),
        (300, 3),
    ],
)
def test_pulse_scores_as_the_chart(pulse, expected):
    assert points(Parameter.PULSE, pulse=pulse) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (Consciousness.ALERT, 0),
        (Consciousness.NEW_CONFUSION, 3),
        (Consciousness.VOICE, 3),
        (Consciousness.PAIN, 3),
        (Consciousness.UNRESPONSIVE, 3),
    ],
)
def test_anything_but_alert_scores_3(level, expected):
    assert points(Parameter.CONSCIOUSNESS, consciousness=level) == expected


@pytest.mark.parametrize(
    ("temperature", "expected"),
    [
        ("25.0", 3),
        ("35.0", 3),
        ("35.1", 1),
        ("36.0", 1),
        ("36.1", 0),
        ("38.0", 0),
        ("38.1", 1),
        ("39.0", 1),
        ("39.1", 2),
        ("45.0", 2),
    ],
)
def test_temperature_scores_at_one_decimal(temperature, expected):
    assert points(Parameter.TEMPERATURE, temperature=temperature) == expected


def test_a_whole_degree_and_a_trailing_zero_score_as_their_one_decimal_value():
    assert points(Parameter.TEMPERATURE, temperature=Decimal("36")) == 1
    assert points(Parameter.TEMPERATURE, temperature=Decimal("36.10")) == 0


def _whole_range(parameter: Parameter) -> list[int | Decimal]:
    limit = next(limit for limit in LIMITS if limit.parameter == parameter)
    if limit.whole:
        return list(range(int(limit.low), int(limit.high) + 1))
    tenths = range(int(limit.low * 10), int(limit.high * 10) + 1)
    return [Decimal(n) / 10 for n in tenths]


@pytest.mark.parametrize(
    ("parameter", "table"),
    [
        (Parameter.RESPIRATORY_RATE, RESPIRATORY_RATE),
        (Parameter.SPO2, SPO2_SCALE_1),
        (Parameter.SPO2, SPO2_SCALE_2_ON_AIR),
        (Parameter.SPO2, SPO2_SCALE_2_ON_OXYGEN),
        (Parameter.SYSTOLIC_BP, SYSTOLIC_BP),
        (Parameter.PULSE, PULSE),
        (Parameter.TEMPERATURE, TEMPERATURE),
    ],
)
def test_every_accepted_value_falls_in_exactly_one_band(parameter, table):
    for value in _whole_range(parameter):
        assert sum(band.holds(value) for band in table) == 1, value


# --- NEWS2: the aggregate and the single-parameter-3 rule ------------------------------


def test_a_well_patient_scores_0():
    score = score_news2(WELL)
    assert score.total == 0
    assert not score.single_parameter_3


def test_the_worst_readings_add_up_to_20_on_either_scale():
    worst = obs(
        respiratory_rate=25,
        spo2=91,
        air_or_oxygen=OXYGEN,
        systolic_bp=90,
        pulse=131,
        consciousness=Consciousness.UNRESPONSIVE,
        temperature="35.0",
    )
    assert score_news2(worst).total == 20
    assert score_news2(replace(worst, scale=SCALE_2, spo2=97)).total == 20


def test_the_aggregate_is_the_sum_of_the_listed_points():
    score = score_news2(
        obs(respiratory_rate=22, spo2=95, pulse=112, temperature="38.4", systolic_bp=105)
    )
    assert [row.points for row in score.parameters] == [2, 1, 0, 1, 2, 0, 1]
    assert score.total == 7


def test_the_score_lists_each_parameter_in_the_charts_order_with_its_reading():
    score = score_news2(
        obs(
            respiratory_rate=24,
            spo2=93,
            air_or_oxygen=OXYGEN,
            consciousness=Consciousness.VOICE,
            temperature="38.5",
        )
    )
    assert [(row.label, row.value, row.points) for row in score.parameters] == [
        ("Respiratory rate", "24 breaths/min", 2),
        ("SpO2", "93%", 2),
        ("Air or oxygen", "Oxygen (any device, any flow)", 2),
        ("Systolic blood pressure", "120 mmHg", 0),
        ("Pulse", "72 beats/min", 0),
        ("Consciousness", "Responds only to voice", 3),
        ("Temperature", "38.5 °C", 1),
    ]


def test_a_total_of_3_from_one_parameter_asks_for_an_urgent_ward_review():
    result = assess(obs(respiratory_rate=25))
    assert result.news2.total == 3
    assert result.news2.single_parameter_3
    assert result.band == ResponseBand.LOW_MEDIUM
    assert result.monitoring == Monitoring(timedelta(hours=1))
    assert result.escalate


def test_a_total_of_3_from_three_parameters_is_low():
    result = assess(obs(respiratory_rate=9, pulse=91, temperature="38.1"))
    assert result.news2.total == 3
    assert not result.news2.single_parameter_3
    assert result.band == ResponseBand.LOW
    assert result.monitoring == Monitoring(timedelta(hours=4))
    assert not result.escalate


def test_a_single_3_in_a_total_of_5_or_more_takes_the_higher_band():
    result = assess(obs(respiratory_rate=25, pulse=111))
    assert (result.news2.total, result.news2.single_parameter_3) == (5, True)
    assert result.band == ResponseBand.MEDIUM


# --- The response chart (RCP Chart 4) --------------------------------------------------

HOURLY = Monitoring(timedelta(hours=1))


@pytest.mark.parametrize(
    ("total", "single_3", "band", "monitoring", "escalate"),
    [
        (0, False, ResponseBand.ZERO, Monitoring(timedelta(hours=12)), False),
        (1, False, ResponseBand.LOW, Monitoring(timedelta(hours=4)), False),
        (4, False, ResponseBand.LOW, Monitoring(timedelta(hours=4)), False),
        (3, True, ResponseBand.LOW_MEDIUM, HOURLY, True),
        (4, True, ResponseBand.LOW_MEDIUM, HOURLY, True),
        (5, False, ResponseBand.MEDIUM, HOURLY, True),
        (6, True, ResponseBand.MEDIUM, HOURLY, True),
        (7, False, ResponseBand.HIGH, CONTINUOUS, True),
        (20, True, ResponseBand.HIGH, CONTINUOUS, True),
    ],
)
def test_each_band_sets_its_monitoring_and_escalation(total, single_3, band, monitoring, escalate):
    response = response_for(total, single_3)
    assert response.band == band
    assert response.monitoring == monitoring
    assert response.escalate is escalate


def test_continuous_monitoring_has_no_interval():
    assert CONTINUOUS.every is None
    assert CONTINUOUS.continuous
    assert CONTINUOUS.label == "Continuous monitoring of vital signs"
    assert not Monitoring(timedelta(hours=12)).continuous


@pytest.mark.parametrize(
    ("every", "label"),
    [(timedelta(hours=12), "At least every 12 hours"), (timedelta(hours=1), "At least every hour")],
)
def test_an_interval_reads_in_hours(every, label):
    assert Monitoring(every).label == label


def test_an_interval_of_nothing_is_refused():
    with pytest.raises(ValueError, match="longer than nothing"):
        Monitoring(timedelta(0))


@pytest.mark.parametrize(("total", "single_3"), [(-1, False), (21, False), (2, True)])
def test_an_impossible_score_gets_no_response(total, single_3):
    with pytest.raises(ValueError):
        response_for(total, single_3)


def test_every_band_says_who_is_told_and_how_urgently():
    for band in ResponseBand:
        response = RESPONSES[band]
        assert response.band == band
        assert response.label == band.label
        assert response.who and response.urgency


def test_the_high_band_calls_for_critical_care_skills():
    who = RESPONSES[ResponseBand.HIGH].who
    assert "critical-care" in who
    assert "level 2 or 3" in who


# --- qSOFA ----------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "met"), [(21, False), (22, True)])
def test_qsofa_counts_a_respiratory_rate_from_22(rate, met):
    assert score_qsofa(obs(respiratory_rate=rate)).fast_breathing is met


@pytest.mark.parametrize(("systolic", "met"), [(100, True), (101, False)])
def test_qsofa_counts_a_systolic_pressure_up_to_100(systolic, met):
    assert score_qsofa(obs(systolic_bp=systolic)).low_systolic_bp is met


@pytest.mark.parametrize(
    ("level", "met"),
    [
        (Consciousness.ALERT, False),
        (Consciousness.NEW_CONFUSION, True),
        (Consciousness.VOICE, True),
        (Consciousness.PAIN, True),
        (Consciousness.UNRESPONSIVE, True),
    ],
)
def test_qsofa_counts_anything_but_alert_as_altered_mentation(level, met):
    assert score_qsofa(obs(consciousness=level)).altered_mentation is met


@pytest.mark.parametrize(
    ("changes", "score", "high_risk"),
    [
        ({}, 0, False),
        ({"respiratory_rate": 22}, 1, False),
        ({"respiratory_rate": 22, "systolic_bp": 100}, 2, True),
        ({"systolic_bp": 100, "consciousness": Consciousness.NEW_CONFUSION}, 2, True),
        (
            {"respiratory_rate": 30, "systolic_bp": 85, "consciousness": Consciousness.PAIN},
            3,
            True,
        ),
    ],
)
def test_qsofa_is_high_risk_from_2(changes, score, high_risk):
    result = score_qsofa(obs(**changes))
    assert result.score == score
    assert result.high_risk is high_risk
    assert sum(criterion.met for criterion in result.criteria) == score


# --- NICE NG51: levels, antimicrobial deadlines, red flags -----------------------------


@pytest.mark.parametrize(
    ("total", "level", "deadline"),
    [
        (0, RiskLevel.VERY_LOW, None),
        (1, RiskLevel.LOW, timedelta(hours=6)),
        (4, RiskLevel.LOW, timedelta(hours=6)),
        (5, RiskLevel.MODERATE, timedelta(hours=3)),
        (6, RiskLevel.MODERATE, timedelta(hours=3)),
        (7, RiskLevel.HIGH, timedelta(hours=1)),
        (20, RiskLevel.HIGH, timedelta(hours=1)),
    ],
)
def test_ng51_level_and_antimicrobial_deadline_follow_news2(total, level, deadline):
    assert level_from_news2(total) == level
    risk = ng51_risk(total)
    assert risk.level == level
    assert risk.antimicrobials_within == deadline
    assert not risk.raised_by_red_flags


def test_each_level_says_what_it_means():
    assert "1 hour" in RiskLevel.HIGH.meaning
    assert "3 hours" in RiskLevel.MODERATE.meaning
    assert "6 hours" in RiskLevel.LOW.meaning
    assert "no antimicrobial deadline" in RiskLevel.VERY_LOW.meaning


@pytest.mark.parametrize("flag", list(RedFlag))
@pytest.mark.parametrize("total", [0, 4, 6])
def test_any_red_flag_raises_the_level_to_high(flag, total):
    risk = ng51_risk(total, [flag])
    assert risk.level == RiskLevel.HIGH
    assert risk.raised_by_red_flags
    assert risk.antimicrobials_within == timedelta(hours=1)


def test_a_red_flag_on_a_high_score_is_not_counted_as_raising_it():
    risk = ng51_risk(7, [RedFlag.SKIN])
    assert risk.level == RiskLevel.HIGH
    assert not risk.raised_by_red_flags


def test_red_flags_come_in_checkbox_order_once_each_and_may_be_their_values():
    risk = ng51_risk(0, ["skin", RedFlag.HEART_RATE, "skin"])
    assert risk.red_flags == (RedFlag.HEART_RATE, RedFlag.SKIN)


def test_an_unknown_red_flag_is_refused():
    with pytest.raises(ValueError):
        ng51_risk(0, ["feels_unwell"])


def test_a_red_flag_escalates_but_leaves_news2_and_its_band_alone():
    result = assess(WELL, red_flags=[RedFlag.NO_URINE])
    assert result.news2.total == 0
    assert result.band == ResponseBand.ZERO
    assert result.monitoring == Monitoring(timedelta(hours=12))
    assert result.risk_level == RiskLevel.HIGH
    assert result.antimicrobials_within == timedelta(hours=1)
    assert result.escalate


def test_the_heart_rate_flag_reads_above_130():
    assert RedFlag.HEART_RATE.label == "Heart rate above 130/min"


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
