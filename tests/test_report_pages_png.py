"""A ward report of the demo hospital, rendered to PNG pages for people to look at
(docs/screenshots/report_ward_page*.png), and checked to fit its pages."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from checklists.measures import month_of
from checklists.models import User, Ward
from checklists.reports import pdf
from checklists.reports.spec import ReportSpec
from checklists.services import issue_report

from .conftest import skip_or_fail

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {1: "cover", 2: "trend", 5: "exceptions"}


def test_a_demo_ward_report_renders_to_pages_that_fit(tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        skip_or_fail("pdftoppm is not installed (make browser installs poppler-utils, as root)")
    call_command("seed_demo", "--weeks", "16", stdout=_Quiet())
    last_month = month_of(timezone.localdate().replace(day=1) - timedelta(days=1))
    spec = ReportSpec.for_wards([Ward.objects.get(code="ICU")], last_month)
    issued, content = issue_report(spec, by=User.objects.get(username="auditor"))
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) >= max(PAGES)
    # Every line of text starts inside the margins.
    width = float(reader.pages[0].mediabox.width)
    for page in reader.pages:
        for x in _text_starts(page):
            assert pdf.MARGIN - 1 <= x < width - pdf.MARGIN
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for number, name in PAGES.items():
        target = SCREENSHOTS / f"report_ward_{name}"
        # Our own file, through the pdftoppm found on PATH.
        subprocess.run(  # noqa: S603
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(path),
                str(target),
            ],
            check=True,
        )
        assert target.with_suffix(".png").stat().st_size > 10_000


def _text_starts(page) -> list[float]:
    starts: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.append(cm[4] + tm[4] * cm[0])

    page.extract_text(visitor_text=visit)
    return starts


class _Quiet:
    def write(self, *args) -> None:
        pass

    def flush(self) -> None:
        pass
