"""Scenes shared by the dashboard and report tests: small wards worked out by hand."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from checklists import services
from checklists.measures import month_of
from checklists.models import Stay

from .factories import (
    day_back,
    failing_answers,
    local_time,
    make_entry_point,
    make_patient,
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
