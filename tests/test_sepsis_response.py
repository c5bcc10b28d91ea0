"""What a score asks for: the RCP Chart 4 response bands and their monitoring, qSOFA, and
the NICE NG51 levels with their antimicrobial deadlines and red flags
(checklists/sepsis/response.py, qsofa.py, ng51.py). Pure Python: no database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from checklists.sepsis import (
    CONTINUOUS,
    RESPONSES,
    Consciousness,
    Monitoring,
    RedFlag,
    ResponseBand,
    RiskLevel,
    assess,
    level_from_news2,
    ng51_risk,
    response_for,
    score_qsofa,
)

from .sepsis_readings import WELL, obs

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
