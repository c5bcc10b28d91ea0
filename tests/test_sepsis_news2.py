"""NEWS2 as the RCP 2017 chart scores it: each parameter at both sides of every cut-off,
on both SpO2 scales, the aggregate and the single-parameter-3 rule (checklists/sepsis/news2.py).
Pure Python: no database. The tables are in the chart's order, to be held against it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from checklists.sepsis import (
    LIMITS,
    Consciousness,
    Monitoring,
    Parameter,
    ResponseBand,
    assess,
    score_news2,
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

from .sepsis_readings import AIR, OXYGEN, SCALE_1, SCALE_2, WELL, obs, points

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
