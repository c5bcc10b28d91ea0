"""Write an audit report PDF from the command line, registered like a download, for
batch archiving: audit_report --ward ICU --from 2026-10-01 --to 2026-10-31 --out icu.pdf"""

from __future__ import annotations

import getpass
import os
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ...measures import periods
from ...models import Patient, Ward
from ...reports.spec import ReportSpec, patient_spec
from ...services import issue_report


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r} is not a date: give it as YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Write a registered PDF audit report of wards, the whole hospital or a patient."

    def add_arguments(self, parser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--ward", action="append", metavar="CODE", help="a ward code; repeat for several"
        )
        scope.add_argument("--hospital", action="store_true", help="every ward")
        scope.add_argument("--patient", metavar="NUMBER", help="a patient's hospital number")
        parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--out", required=True, metavar="FILE.pdf")

    def handle(self, *args, ward, hospital, patient, start, end, out, **options) -> None:
        try:
            period = periods.chosen_days(_day(start), _day(end), timezone.localdate())
        except periods.PeriodRefused as refused:
            raise CommandError(" ".join(refused.reasons)) from None
        if patient:
            found = Patient.objects.filter(hospital_number__iexact=patient.strip()).first()
            if found is None:
                raise CommandError(f"No patient has hospital number {patient}.")
            spec = patient_spec(found, period)
            if not spec.wards:
                raise CommandError(f"{patient} was not on any ward between {start} and {end}.")
        elif hospital:
            spec = ReportSpec.for_wards(list(Ward.objects.all()), period, hospital=True)
        else:
            by_code = {w.code.lower(): w for w in Ward.objects.all()}
            unknown = [c for c in ward if c.lower() not in by_code]
            if unknown:
                known = ", ".join(w.code for w in by_code.values())
                raise CommandError(f"No ward {', '.join(unknown)}. Wards: {known}.")
            chosen = dict.fromkeys(by_code[c.lower()] for c in ward)
            spec = ReportSpec.for_wards(list(chosen), period)
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"Folder {path.parent} does not exist.")
        if path.exists() and not path.is_file():
            raise CommandError(f"{path} is not a file that can be written.")
        # A report is registered only if it reaches its file: the register row and the
        # audit event roll back when the write fails, and no half-written file is left.
        partial = path.with_name(f".{path.name}.part")
        with transaction.atomic():
            issued, content = issue_report(spec, by=None, via=f"command line ({getpass.getuser()})")
            try:
                partial.write_bytes(content)
                os.replace(partial, path)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
        self.stdout.write(
            f"Wrote {path} ({issued.page_count} pages, {issued.size_bytes} bytes). "
            f"Registered as {issued.number}, SHA-256 {issued.sha256}."
        )
