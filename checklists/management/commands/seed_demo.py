"""manage.py seed_demo: load the demo hospital and print one login per role."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from checklists import demo


class Command(BaseCommand):
    help = "Create demo wards, staff, patients and weeks of daily checks; print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) if the database already has wards.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="Random seed; the same seed gives the same data (default %(default)s).",
        )
        history = parser.add_mutually_exclusive_group()
        history.add_argument(
            "--weeks",
            type=int,
            help=f"Weeks of history up to now (default {demo.DEFAULT_WEEKS}; "
            f"{demo.HOSPITAL_WEEKS} with --scale hospital).",
        )
        history.add_argument("--days", type=int, help="Days of history up to now, instead.")
        parser.add_argument(
            "--scale",
            choices=demo.SCALES,
            default="demo",
            help="demo: 4 wards, 96 beds (default); hospital: 40 wards, 1,200 beds, "
            "for benchmarks.",
        )

    def handle(
        self,
        *args,
        if_empty: bool,
        seed: int,
        weeks: int | None,
        days: int | None,
        scale: str,
        **options,
    ) -> None:
        if days is None:
            if weeks is None:
                weeks = demo.HOSPITAL_WEEKS if scale == "hospital" else demo.DEFAULT_WEEKS
            days = weeks * 7
        if days < 1:
            raise CommandError("The history must be at least 1 day (--days) or week (--weeks).")
        if if_empty and demo.has_wards():
            self._write(["The database already has wards: no demo data added."])
            self._write(demo.login_lines(demo.existing_logins()))
            return
        started = time.monotonic()
        try:
            summary = demo.seed(
                now=timezone.now(), seed=seed, days=days, scale=scale, progress=self._progress
            )
        except demo.DemoError as exc:
            raise CommandError(f"{exc} Use --if-empty to skip, or `manage.py flush`.") from exc
        # Fresh statistics for the query planner after a bulk load: without them
        # PostgreSQL chose plans 15 times slower for the year-long hospital (and its
        # autovacuum, which would gather them later, may be off).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self._write(demo.summary_lines(summary))
        self._write([f"  Done in {time.monotonic() - started:.1f} s.", ""])
        self._write(demo.login_lines())

    def _progress(self, done: int, total: int) -> None:
        """A bar redrawn in place on a terminal; a line per tenth otherwise (CI logs)."""
        if total <= demo.PATIENTS_PER_SLICE:
            return  # the small demo takes seconds
        share = done / total
        bar = "#" * round(30 * share)
        line = f"Writing checks [{bar:<30}] {share:4.0%} ({done:,} of {total:,} patients)"
        if self.stderr.isatty():
            self.stderr.write("\r" + line, ending="\n" if done == total else "")
            self.stderr.flush()
        elif int(10 * share) != int(10 * (done - demo.PATIENTS_PER_SLICE) / total):
            self.stderr.write(line)

    def _write(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(line)
