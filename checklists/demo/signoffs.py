"""Month sign-offs: the ICU manager has signed off every whole month of the history,
early in the month after, so the dashboard shows sign-offs (and 5A one still to do)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .. import services
from ..days import local_moment
from ..measures import month_of
from ..models import User, Ward

SIGNED_WARDS = ("ICU",)
COMMENT = "Reviewed with the ward team; actions on missed PIV checks agreed at huddle."


def sign_off_whole_months(wards: dict[str, Ward], first_day: date, now: datetime) -> int:
    manager = User.objects.get(username="manager")
    count = 0
    month = month_of(first_day)
    if month.start < first_day:
        month = month_of(month.end + timedelta(days=1))
    while month.end < timezone.localdate(now):
        signed_at = min(local_moment(month.end + timedelta(days=2), time(9, 30)), now)
        for code in SIGNED_WARDS:
            services.sign_off_month(
                manager=manager, ward=wards[code], month=month.start, comment=COMMENT, now=signed_at
            )
            count += 1
        month = month_of(month.end + timedelta(days=1))
    return count
