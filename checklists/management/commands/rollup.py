"""manage.py rollup: count and store every settled day not yet in the daily roll-up."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Min
from django.utils import timezone

from checklists.measures import Period, rollup
from checklists.models import DayTally, Stay, Ward


class Command(BaseCommand):
    help = (
        "Fill the daily roll-up the dashboards and reports read (it also fills itself on "
        "first read). Run it after loading history, or nightly, so no page waits for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, help="Only the last DAYS days (default: the whole history)."
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="Throw the stored days away and count all again."
        )

    def handle(self, *args, days: int | None, rebuild: bool, **options) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        if days is not None:
            first = today - timedelta(days=days - 1)
        else:
            earliest = Stay.objects.aggregate(first=Min("started_at"))["first"]
            first = timezone.localdate(earliest) if earliest else today
        started = time.monotonic()
        if rebuild:
            DayTally.objects.filter(day__gte=first).delete()
        wards = list(Ward.objects.order_by("code"))
        counted = rollup.fill(wards, Period(first, today), now)
        self.stdout.write(
            f"Roll-up: {counted:,} ward-days counted ({len(wards)} wards, {first:%d %b %Y} "
            f"to {today:%d %b %Y}) in {time.monotonic() - started:.1f} s."
        )
