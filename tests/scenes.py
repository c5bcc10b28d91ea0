"""Scenes shared by the dashboard and report tests: small wards worked out by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from checklists import services
from checklists.measures import Period, month_of
from checklists.models import Stay

from .factories import (
    day_back,
    days_ago,
    expected_answers,
    failing_answers,
    local_time,
    make_check,
    make_entry_point,
    make_escalation,
    make_patient,
    make_screen,
    observations,
    record_on,
)


def ward_one_scene(ward, nurse, manager) -> None:
    """Ward One over the last three weeks, with something in every table: the dashboard
    tests and the report tests read the same figures from it."""
    ada = make_patient(ward, admitted_at=local_time(day_back(30), "09:00"), full_name="Ada Byron")
    piv = make_entry_point(ada, "piv", started_at=local_time(day_back(25), "05:00"))
    for back in range(20, 1, -1):
        day = day_back(back)
        if back in (17, 11):
            continue  # missed
        if back == 15:
            record_on(piv, nurse, day, recorded="02:00", next_day=True)  # late, within the grace
        elif back == 13:
            record_on(piv, nurse, day, recorded="08:00", next_day=True)  # after it: missed
        elif back in (9, 6):
            record_on(piv, nurse, day, failing_answers("piv", dressing_intact="no"))
        elif back == 8:
            check = record_on(piv, nurse, day, failing_answers("piv", hub_scrubbed="no"))
            services.correct_check(
                nurse=nurse,
                original=check,
                answers=failing_answers("piv", hub_scrubbed="na"),
                reason="Not accessed that day",
                now=local_time(day, "16:00"),
            )
        elif back == 2:
            record_on(piv, nurse, day, failing_answers("piv", vip_score="2"))  # an open flag
        else:
            record_on(piv, nurse, day)
    iuc = make_entry_point(ada, "iuc", started_at=local_time(day_back(10), "05:00"))
    for back in range(10, 1, -1):
        answers = failing_answers("iuc", indication="none") if back == 2 else None
        record_on(iuc, nurse, day_back(back), answers)
    bao = make_patient(ward, admitted_at=local_time(day_back(9), "09:00"), full_name="Bảo Nguyễn")
    bao_piv = make_entry_point(bao, "piv", started_at=local_time(day_back(8), "05:00"))
    for back in range(8, 1, -1):
        if back != 5:
            record_on(bao_piv, nurse, day_back(back))
    _last_month_signed_off(ward, nurse, manager)


def _last_month_signed_off(ward, nurse, manager):
    """A patient of last month, signed off, with one check corrected afterwards."""
    month = month_of(timezone.localdate().replace(day=1) - timedelta(days=1))
    first = month.start
    old = make_patient(ward, admitted_at=local_time(first, "09:00"), full_name="Cai Old")
    point = make_entry_point(old, "piv", started_at=local_time(first, "09:30"))
    checks = [record_on(point, nurse, first + timedelta(days=n)) for n in (1, 2, 3)]
    Stay.objects.filter(patient=old).update(
        ended_at=local_time(first + timedelta(days=4), "12:00"), end_reason="discharge"
    )
    services.sign_off_month(manager=manager, ward=ward, month=first, comment="All reviewed")
    services.correct_check(
        nurse=nurse,
        original=checks[1],
        answers=failing_answers("piv", dressing_intact="no"),
        reason="Dressing was found lifting",
    )


NEWS2_6 = {
    "respiratory_rate": 22,
    "spo2": 95,
    "systolic_bp": 105,
    "pulse": 105,
    "temperature": Decimal("38.5"),
}


def _later(moment, minutes: int = 5):
    return moment + timedelta(minutes=minutes)


def three_flags_scene(ward, nurse) -> Period:
    """A: a PIV flag screened 30 minutes later, then the line removed. B: a central line
    flag screened two hours later (a single 3: escalated within ten minutes). C: a wound
    flag never screened, on a patient whose earlier NEWS2 6 screen was never escalated.
    A's and B's screens were prompted by their flags' checks; C's by no check."""
    patients = [make_patient(ward, admitted_at=days_ago(5, "09:00")) for _ in range(3)]
    kinds = ("piv", "cvc", "wound")
    points = [
        make_entry_point(p, kind, started_at=days_ago(4, "09:00"), created_by=nurse)
        for p, kind in zip(patients, kinds, strict=True)
    ]
    signs = ({"vip_score": "2"}, {"site_signs": "yes"}, {"purulent": "yes", "southampton": "4"})
    opened = (days_ago(2, "10:00"), days_ago(1, "10:00"), days_ago(1, "14:00"))
    checks = [
        make_check(
            point,
            nurse,
            observed_at=at,
            answers=expected_answers(point.kind) | sign,
            now=_later(at),
        )
        for point, sign, at in zip(points, signs, opened, strict=True)
    ]
    make_screen(
        patients[0],
        nurse,
        observed_at=days_ago(2, "10:30"),
        prompted_by=checks[0],
        now=days_ago(2, "10:31"),
    )
    services.remove_entry_point(
        nurse=nurse,
        entry_point=points[0],
        at=days_ago(1, "09:00"),
        reason="Signs of infection or phlebitis",
        now=days_ago(1, "09:01"),
    )
    single_3 = make_screen(
        patients[1],
        nurse,
        observed_at=days_ago(1, "12:00"),
        observations=observations(respiratory_rate=25),
        prompted_by=checks[1],
        now=days_ago(1, "12:01"),
    )
    make_escalation(single_3, nurse, told_at=days_ago(1, "12:10"), now=days_ago(1, "12:11"))
    make_screen(
        patients[2],
        nurse,
        observed_at=days_ago(1, "13:00"),
        observations=observations(**NEWS2_6),
        now=days_ago(1, "13:01"),
    )
    return Period(day_back(3), day_back(0))
