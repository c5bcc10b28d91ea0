"""The NHSN rules of clinical.md §2.1, scenario by scenario, each expectation worked out
by hand in the comment beside it. Plain dates: no database."""

from __future__ import annotations

from datetime import date

import pytest

from checklists.models import EntryPointKind
from checklists.surveillance import DEVICE_KIND, InfectionType, assess
from checklists.surveillance.attribution import (
    Device,
    NotAttributable,
    Override,
    PriorEvent,
    StayDays,
)

ICU, A5, B6 = 1, 2, 3


def nov(day: int) -> date:
    return date(2026, 11, day)


def on_icu_from_1_nov() -> list[StayDays]:
    return [StayDays(ICU, "ICU", nov(1))]


def line(start: date, removed: date | None = None, kind: str = "cvc") -> Device:
    return Device(kind, f"{kind} from {start.day}", start, removed)


def infection(day: int, *, order: int = 0, kind: InfectionType = InfectionType.CLABSI):
    return PriorEvent(f"event {day}", kind, nov(day), order, f"event of {day} Nov")


def test_device_kinds_are_entry_point_kinds():
    assert set(DEVICE_KIND.values()) <= set(EntryPointKind.values)


# Present on admission or healthcare-associated: admission day is day 1.


def test_date_of_event_on_day_2_is_present_on_admission():
    # Admitted 1 Nov (day 1): 2 Nov is day 2.
    result = assess(InfectionType.PRESSURE_INJURY, nov(2), on_icu_from_1_nov(), [])
    assert (result.hospital_day, result.present_on_admission) == (2, True)
    assert not result.counted
    assert "day 2 of the admission" in result.reasons[0]


def test_date_of_event_on_day_3_is_healthcare_associated():
    result = assess(InfectionType.PRESSURE_INJURY, nov(3), on_icu_from_1_nov(), [])
    assert (result.hospital_day, result.present_on_admission) == (3, False)
    assert result.counted and result.ward_id == ICU


def test_two_days_before_admission_is_the_admission_day_and_present_on_admission():
    # 30 Oct is 2 days before 1 Nov: NHSN moves the date of event to 1 Nov.
    result = assess(InfectionType.PRESSURE_INJURY, date(2026, 10, 30), on_icu_from_1_nov(), [])
    assert result.surveillance_date == nov(1)
    assert result.present_on_admission and result.hospital_day == 1


def test_three_days_before_admission_is_refused_with_the_reason():
    with pytest.raises(NotAttributable, match="before the patient's admission on 1 Nov"):
        assess(InfectionType.PRESSURE_INJURY, date(2026, 10, 29), on_icu_from_1_nov(), [])


# Device association: placement day 1, more than 2 consecutive days.


def test_central_line_on_its_day_2_is_not_device_associated():
    # Placed 4 Nov (day 1), date of event 5 Nov = line day 2; hospital day 5 (HAI).
    result = assess(InfectionType.CLABSI, nov(5), on_icu_from_1_nov(), [line(nov(4))])
    assert (result.device_day, result.device_associated) == (2, False)
    assert not result.counted
    assert "in place 2 days or fewer" in result.reasons[-1]


def test_central_line_on_its_day_3_is_device_associated():
    result = assess(InfectionType.CLABSI, nov(6), on_icu_from_1_nov(), [line(nov(4))])
    assert (result.device_day, result.device_associated) == (3, True)
    assert result.counted and result.device_name == "cvc from 4"


def test_line_removed_the_day_before_after_3_days_is_device_associated():
    # In 2-4 Nov (days 1-3), out on 4 Nov; date of event 5 Nov is the day after.
    result = assess(InfectionType.CLABSI, nov(5), on_icu_from_1_nov(), [line(nov(2), nov(4))])
    assert (result.device_day, result.device_associated) == (3, True)
    assert "removed 4 Nov, the day before the date of event" in result.reasons[-1]


def test_line_removed_two_days_before_is_not_device_associated():
    # In 1-4 Nov, out on 4 Nov: the date of event 6 Nov is 2 days after, however long
    # it was in.
    result = assess(InfectionType.CLABSI, nov(6), on_icu_from_1_nov(), [line(nov(1), nov(4))])
    assert not result.device_associated and result.device_day is None
    assert "last central line out on 4 Nov, 2 or more days before" in result.reasons[-1]


def test_a_full_day_without_a_line_starts_the_count_again():
    # First line 1-4 Nov, none at all on 5 Nov, a new one on 6 Nov: on 7 Nov the new
    # line is on day 2 of a new count.
    devices = [line(nov(1), nov(4)), line(nov(6))]
    result = assess(InfectionType.CLABSI, nov(7), on_icu_from_1_nov(), devices)
    assert (result.device_day, result.device_associated) == (2, False)
    assert any("a full day without a central line (5 Nov)" in r for r in result.reasons)


def test_a_new_line_the_day_the_old_one_came_out_continues_the_count():
    # Out 4 Nov, new in 5 Nov: no full day without; 1-7 Nov is 7 line days.
    devices = [line(nov(1), nov(4)), line(nov(5))]
    result = assess(InfectionType.CLABSI, nov(7), on_icu_from_1_nov(), devices)
    assert (result.device_day, result.device_associated) == (7, True)


def test_a_catheter_placed_before_admission_counts_from_the_admission():
    # Placed 28 Oct elsewhere; admitted 1 Nov: 3 Nov is catheter day 3 and hospital day 3.
    devices = [line(date(2026, 10, 28), kind="iuc")]
    result = assess(InfectionType.CAUTI, nov(3), on_icu_from_1_nov(), devices)
    assert (result.device_day, result.device_associated, result.counted) == (3, True, True)
    assert "counted from the admission on 1 Nov" in result.reasons[2]


def test_a_type_with_no_matching_device_is_recorded_but_not_device_associated():
    # A CAUTI for a patient who only ever had a central line.
    result = assess(InfectionType.CAUTI, nov(6), on_icu_from_1_nov(), [line(nov(1))])
    assert not result.device_associated and not result.counted
    assert (
        result.reasons[-1]
        == "no urinary catheter recorded for this patient → not device-associated"
    )


# Location of attribution and the transfer rule.


def moved_icu_to_5a_on(day: int) -> list[StayDays]:
    return [StayDays(ICU, "ICU", nov(1), nov(day), "transfer"), StayDays(A5, "5A", nov(day))]


@pytest.mark.parametrize(
    ("moved", "expected"),
    [
        (8, ICU),  # moved on the date of event: the ward moved from
        (7, ICU),  # moved the day before: still the ward moved from
        (6, A5),  # moved two days before: the ward the patient is on
    ],
)
def test_transfer_rule(moved, expected):
    result = assess(InfectionType.PRESSURE_INJURY, nov(8), moved_icu_to_5a_on(moved), [])
    assert result.ward_id == expected


def test_transfer_rule_says_why_in_words():
    result = assess(InfectionType.PRESSURE_INJURY, nov(8), moved_icu_to_5a_on(7), [])
    assert result.reasons[1].startswith(
        "moved ICU → 5A on 7 Nov, the day before the date of event (8 Nov) → attributed to ICU"
    )


def test_two_transfers_on_the_date_of_event_go_to_the_first_ward_of_that_day():
    stays = [
        StayDays(ICU, "ICU", nov(1), nov(8), "transfer"),
        StayDays(A5, "5A", nov(8), nov(8), "transfer"),
        StayDays(B6, "6B", nov(8)),
    ]
    result = assess(InfectionType.PRESSURE_INJURY, nov(8), stays, [])
    assert result.ward_id == ICU
    assert "moved ICU → 5A → 6B on 8 Nov" in result.reasons[1]


def test_transfers_the_day_before_and_on_the_date_go_to_the_first_ward_of_the_day_before():
    # ICU → 5A on 7 Nov, 5A → 6B on 8 Nov; date of event 8 Nov: ICU, where 7 Nov began.
    stays = [
        StayDays(ICU, "ICU", nov(1), nov(7), "transfer"),
        StayDays(A5, "5A", nov(7), nov(8), "transfer"),
        StayDays(B6, "6B", nov(8)),
    ]
    result = assess(InfectionType.PRESSURE_INJURY, nov(8), stays, [])
    assert result.ward_id == ICU


def test_the_day_after_discharge_belongs_to_the_discharging_ward():
    stays = [StayDays(A5, "5A", nov(1), nov(9), "discharge")]
    result = assess(InfectionType.PRESSURE_INJURY, nov(10), stays, [])
    assert result.ward_id == A5
    assert "discharged from 5A on 9 Nov" in result.reasons[1]


def test_two_days_after_discharge_is_refused():
    stays = [StayDays(A5, "5A", nov(1), nov(9), "discharge")]
    with pytest.raises(NotAttributable, match="not in hospital on 11 Nov"):
        assess(InfectionType.PRESSURE_INJURY, nov(11), stays, [])


def test_a_readmission_is_a_new_day_1():
    # Discharged 5 Nov, back 20 Nov: 21 Nov is day 2 of the new admission.
    stays = [
        StayDays(A5, "5A", nov(1), nov(5), "discharge"),
        StayDays(B6, "6B", nov(20)),
    ]
    result = assess(InfectionType.PRESSURE_INJURY, nov(21), stays, [])
    assert (result.hospital_day, result.present_on_admission, result.ward_id) == (2, True, B6)


# Repeat infection timeframe: 14 days, the date of event as day 1.


def test_a_second_event_on_day_14_is_added_to_the_first():
    # First on 1 Nov (day 1); 14 Nov is day 14.
    result = assess(
        InfectionType.CLABSI, nov(14), on_icu_from_1_nov(), [line(nov(1))], [infection(1)]
    )
    assert result.repeat_of == "event 1" and not result.counted
    assert "day 14 of the 14-day repeat infection timeframe" in result.reasons[-1]


def test_a_second_event_on_day_15_is_a_new_event():
    result = assess(
        InfectionType.CLABSI, nov(15), on_icu_from_1_nov(), [line(nov(1))], [infection(1)]
    )
    assert result.repeat_of is None and result.counted


def test_a_repeat_does_not_extend_the_timeframe():
    # 1 Nov opens it, 10 Nov is a repeat; 16 Nov is day 16 of the first: new.
    others = [infection(1), infection(10, order=1)]
    result = assess(InfectionType.CLABSI, nov(16), on_icu_from_1_nov(), [line(nov(1))], others, 2)
    assert result.repeat_of is None


def test_the_timeframe_is_per_type():
    others = [infection(5, kind=InfectionType.CAUTI)]
    result = assess(InfectionType.CLABSI, nov(8), on_icu_from_1_nov(), [line(nov(1))], others)
    assert result.repeat_of is None and result.counted


def test_an_earlier_event_recorded_later_opens_the_timeframe():
    # The 10 Nov event was recorded first (order 0); this one, dated 4 Nov, came later
    # (order 1) but is earlier: it opens the timeframe and is not a repeat.
    result = assess(
        InfectionType.CLABSI, nov(4), on_icu_from_1_nov(), [line(nov(1))], [infection(10)], 1
    )
    assert result.repeat_of is None


# The lead's override, and surgical sites.


def test_an_override_changes_what_is_counted_and_keeps_what_the_rules_said():
    result = assess(InfectionType.CLABSI, nov(6), on_icu_from_1_nov(), [line(nov(1))])
    overridden = result.overridden(Override(False, A5, "5A", "Line placed on 5A", "ipclead"))
    assert result.counted and overridden.counted_by_rules
    assert not overridden.counted and overridden.attributed_ward_id == A5


def test_a_surgical_site_infection_after_discharge_follows_the_procedure():
    # Operated on 3 Nov on 6B, discharged 8 Nov; 20 Nov is day 18 of the 30 days.
    stays = [StayDays(B6, "6B", nov(1), nov(8), "discharge")]
    wound = Device("wound", "Surgical wound, abdomen", nov(3))
    result = assess(InfectionType.SSI, nov(20), stays, [wound])
    assert (result.ward_id, result.device_day, result.counted) == (B6, 18, True)


def test_a_surgical_site_infection_on_day_31_has_no_procedure():
    stays = [StayDays(B6, "6B", nov(1), nov(8), "discharge")]
    wound = Device("wound", "Surgical wound, abdomen", nov(3))
    result = assess(InfectionType.SSI, date(2026, 12, 3), stays, [wound])
    assert not result.counted and result.ward_id is None
    assert "no surgical wound recorded in the 30 days" in result.reasons[0]
