"""PDF report timings, run in its own process per database (bench/run.py starts it with
DATABASE_URL set), so that its peak memory is the reports' alone:

    python -m bench.pdfs REPEATS       prints the figures as JSON

Two reports, built in-process with the app's own code (reports.build.build_report, then
reports.pdf.render: what services.issue_report does, less registering the PDF):
- a ward month: ward 5A, the last whole calendar month;
- a hospital quarter: every ward, the last three whole calendar months.

The first build of each is the warm-up, and gives the report's content: every table's
rows as strings. The floor is a bare ReportLab script that lays the same tables out
from those in-memory rows, with nothing but platypus (SimpleDocTemplate, Table,
Paragraph), on the same page (A4 landscape) in the same TrueType font: what drawing
these tables costs at least. Each is then timed REPEATS times; medians are quoted.

Peak memory: the peak resident set (VmHWM) of a process of its own, started by the
timing run, that builds and renders the hospital quarter once with Django loaded and
nothing built before it; its figures join the hospital quarter's:

    python -m bench.pdfs peak          prints {"peak_rss_mb": ..., "rss_before_build_mb": ...}
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from io import BytesIO
from xml.sax.saxutils import escape

WARD = "5A"
# Rows per Table the floor hands ReportLab at a time: one Table of thousands of rows
# lays out in time growing with the square of its rows, which would be no floor.
FLOOR_CHUNK = 40


def main() -> None:
    peak_only = len(sys.argv) > 1 and sys.argv[1] == "peak"
    repeats = 1 if peak_only else int(sys.argv[1]) if len(sys.argv) > 1 else 3
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    from django.utils import timezone

    from checklists.models import Ward
    from checklists.reports.spec import ReportSpec

    today = timezone.localdate()
    last_month = _month_before(today.replace(day=1))
    quarter_start = _month_before(_month_before(last_month[0])[0])[0]
    ward = Ward.objects.get(code=WARD)
    wards = list(Ward.objects.all())
    from checklists.measures import Period

    quarter = ReportSpec.for_wards(wards, Period(quarter_start, last_month[1]), hospital=True)
    if peak_only:
        print(json.dumps(one_build_peak(quarter)))
        return
    results = {"repeats": repeats}
    ward_month = ReportSpec.for_wards([ward], Period(*last_month))
    results["ward_month"] = time_report(ward_month, repeats)
    results["hospital_quarter"] = time_report(quarter, repeats)
    # The timing runs hold a warm-up report while building the next; the peak of one
    # build, as a worker makes it, comes from a process of its own.
    child = subprocess.run(  # noqa: S603 (this module, fixed arguments)
        [sys.executable, "-m", "bench.pdfs", "peak"], capture_output=True, text=True, check=True
    )
    results["hospital_quarter"] |= json.loads(child.stdout.strip().splitlines()[-1])
    results["ru_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results))


def one_build_peak(spec) -> dict:
    """Peak resident memory of this process (Django loaded) while it builds and renders
    one report, and before."""
    from django.utils import timezone

    from checklists.reports.build import build_report
    from checklists.reports.numbers import new_number
    from checklists.reports.pdf import render

    before = _current_mb()
    now = timezone.now()
    report = build_report(spec, number=new_number(now), now=now, issued_by="make bench")
    render(report)
    return {"peak_rss_mb": _peak_mb(), "rss_before_build_mb": before}


def _current_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _month_before(first: date) -> tuple[date, date]:
    """The calendar month before the one starting on `first`: (first day, last day)."""
    last = first - timedelta(days=1)
    return last.replace(day=1), last


def time_report(spec, repeats: int) -> dict:
    from django.utils import timezone

    from checklists.reports.build import build_report
    from checklists.reports.numbers import new_number
    from checklists.reports.pdf import render

    def app() -> tuple[object, object, float, float]:
        now = timezone.now()
        started = time.perf_counter()
        report = build_report(spec, number=new_number(now), now=now, issued_by="make bench")
        built = time.perf_counter()
        rendered = render(report)
        return report, rendered, built - started, time.perf_counter() - built

    report, rendered, first_build, first_render = app()  # warm-up, and the content
    content = floor_content(report)
    builds, renders = [], []
    for _ in range(repeats):
        _, rendered, build_s, render_s = app()
        builds.append(build_s)
        renders.append(render_s)
    fonts = _floor_fonts()
    floor_pages, floor_bytes = render_floor(content, fonts)  # its warm-up
    floors = []
    for _ in range(repeats):
        started = time.perf_counter()
        floor_pages, floor_bytes = render_floor(content, fonts)
        floors.append(time.perf_counter() - started)
    totals = [b + r for b, r in zip(builds, renders, strict=True)]
    return {
        "period": [spec.period.start.isoformat(), spec.period.end.isoformat()],
        "wards": len(spec.wards),
        "pages": rendered.page_count,
        "bytes": len(rendered.content),
        "table_rows": sum(len(item[2]) for item in content if item[0] == "table"),
        "tables": sum(1 for item in content if item[0] == "table"),
        "warmup_s": round(first_build + first_render, 3),
        "build_s": round(statistics.median(builds), 3),
        "render_s": round(statistics.median(renders), 3),
        "app_s": round(statistics.median(totals), 3),
        "app_runs_s": [round(t, 3) for t in totals],
        "floor_s": round(statistics.median(floors), 3),
        "floor_runs_s": [round(t, 3) for t in floors],
        "floor_pages": floor_pages,
        "floor_bytes": floor_bytes,
    }


# --- The floor ---------------------------------------------------------------------------


def floor_content(report) -> list[tuple]:
    """The report as plain data: ("title" | "heading" | "text", str), ("table", header,
    rows) with every cell a string, ("page",) for a new page. Charts and the signature
    boxes are drawings, not tables: the floor leaves them out."""
    from checklists.reports.document import Printed

    content: list[tuple] = [("title", report.title)]
    content.append(("table", None, [[label, value] for label, value in report.cover]))
    for section in report.sections:
        if section.new_page:
            content.append(("page",))
        content.append(("heading", section.title))
        for block in section.blocks:
            if isinstance(block, str):
                content.append(("text", block))
            elif isinstance(block, Printed):
                table = block.table
                names = list(block.columns or table.columns)
                wanted = [table.columns.index(name) for name in names]
                rows = [[row[i].text for i in wanted] for row in table.rows]
                content.append(("text", table.title))
                content.append(("table", names, rows) if rows else ("text", table.empty))
    return content


def _floor_fonts() -> tuple[str, str]:
    """The app's TrueType files, registered under the floor's own names."""
    from django.conf import settings
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = ("BenchFloorSans", "BenchFloorSans-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(names[0], settings.REPORT_FONTS["regular"]))
        pdfmetrics.registerFont(TTFont(names[1], settings.REPORT_FONTS["bold"]))
    return names


def render_floor(content: list[tuple], fonts: tuple[str, str]) -> tuple[int, int]:
    """Lay the content out with bare platypus; returns (pages, bytes)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    regular, bold = fonts
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    styles = {
        "title": ParagraphStyle("title", body, fontName=bold, fontSize=17, leading=22),
        "heading": ParagraphStyle("heading", body, fontName=bold, fontSize=12, leading=16),
        "text": body,
    }
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("LEADING", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ]
    )
    page = landscape(A4)
    margin = 14 * mm
    width = page[0] - 2 * margin
    story = []
    for item in content:
        if item[0] == "page":
            story.append(PageBreak())
        elif item[0] == "table":
            header, rows = item[1], item[2]
            columns = len(header) if header else len(rows[0])
            for start in range(0, len(rows), FLOOR_CHUNK):
                data = ([header] if header else []) + rows[start : start + FLOOR_CHUNK]
                table = Table(data, colWidths=[width / columns] * columns, repeatRows=1)
                table.setStyle(grid)
                story.append(table)
        else:
            story.append(Paragraph(escape(item[1]), styles[item[0]]))
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        initialFontName=regular,
    )
    doc.build(story)
    return doc.page, len(out.getvalue())


# --- Memory ------------------------------------------------------------------------------


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    main()
