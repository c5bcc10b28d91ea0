"""manage.py seed_demo: load the demo hospital and print one login per role."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
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
        parser.add_argument(
            "--weeks",
            type=int,
            default=demo.DEFAULT_WEEKS,
            help="Weeks of history up to now (default %(default)s).",
        )

    def handle(self, *args, if_empty: bool, seed: int, weeks: int, **options) -> None:
        if weeks < 1:
            raise CommandError("--weeks must be at least 1.")
        if if_empty and demo.has_wards():
            self._write(["The database already has wards: no demo data added."])
            self._write(demo.login_lines(demo.existing_logins()))
            return
        started = time.monotonic()
        try:
            summary = demo.seed(now=timezone.now(), seed=seed, weeks=weeks)
        except demo.DemoError as exc:
            raise CommandError(f"{exc} Use --if-empty to skip, or `manage.py flush`.") from exc
        self._write(demo.summary_lines(summary))
        self._write([f"  Done in {time.monotonic() - started:.1f} s.", ""])
        self._write(demo.login_lines())

    def _write(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(line)
