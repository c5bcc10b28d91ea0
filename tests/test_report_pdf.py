"""What a PDF audit report says, read back from the PDF with pypdf.

The figures are compared with the dashboards' own pages for the same wards and period:
the report and the dashboards count with the same functions, and these tests hold them to
it. The period ends two days ago so that nothing in it is still open."""

from __future__ import annotations

import gc
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from checklists import services
from checklists.measures import Period
from checklists.models import EntryPoint, Stay, Ward
from checklists.reports import fonts, pdf, pdf_table
from checklists.reports.build import build_report
from checklists.reports.document import Printed, Report, Section
from checklists.reports.pdf_chart import GRID
from checklists.reports.spec import ReportSpec, patient_spec
from checklists.tables.cells import Cell, Table

from .conftest import skip_or_fail
from .factories import (
    day_back,
    expected_answers,
    failing_answers,
    local_time,
    make_entry_point,
    make_patient,
    make_ward,
    record_on,
)
from .pages import csv_rows, page_table, period_query
from .pdfs import fonts_drawn, full_text, page_texts, row_text
from .scenes import ward_one_scene

pytestmark = pytest.mark.django_db

PERIOD = Period(day_back(20), day_back(2))


def issue(spec: ReportSpec, user) -> bytes:
    return services.issue_report(spec, by=user)[1]


@pytest.fixture
def scene(ward, nurse, manager):
    ward_one_scene(ward, nurse, manager)


def test_a_ward_report_prints_the_figures_of_the_ward_dashboard(
    scene, ward, auditor, auditor_client
):
    text = full_text(issue(ReportSpec.for_wards([ward], PERIOD), auditor))
    page = auditor_client.get(f"/wards/{ward.code}/dashboard/?{period_query()}")
    for slug in ("by_kind", "items", "monthly", "dwell"):
        rows = page_table(page, slug)["rows"]
        assert rows, slug
        for row in rows:
            assert row_text(row) in text, (slug, row)
    # The headline with its numerator and denominator, worked out in the scene:
    # Ada's and Bảo's PIVs (26 due), Ada's catheter (9).
    by_kind = {row[0]: row for row in page_table(page, "by_kind")["rows"]}
    assert by_kind["All kinds"][1] == "35"
    assert "of 35 checks due and past their deadline" in text


def test_a_ward_report_lists_every_exception_the_drill_down_lists(
    scene, ward, auditor, auditor_client
):
    text = full_text(issue(ReportSpec.for_wards([ward], PERIOD), auditor))
    query = f"{period_query()}&ward={ward.code}&show=not_compliant"
    header, *rows = csv_rows(auditor_client.get(f"/dashboard/checks.csv?{query}"))
    # Ada's PIV: 3 missed (one entered after the grace), 3 failing; Bảo's PIV: 1 missed;
    # Ada's catheter: 1 failing (no indication).
    assert len(rows) == 8
    assert f"{len(rows)} checks." in text
    wanted = ("Day", "Ward", "Patient", "Hospital number", "Entry point", "Outcome")
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        assert row_text([cells[c] for c in wanted]) in text, row
    assert "Dressing clean, dry and intact" in text  # a failed item


def test_corrections_in_the_period_are_listed_with_their_reasons(scene, ward, auditor):
    text = full_text(issue(ReportSpec.for_wards([ward], PERIOD), auditor))
    assert "Corrections made in the period" in text
    # The correction of day 8 turned "hub scrubbed: no" into "not applicable".
    assert "Not compliant Compliant Not accessed that day" in text


def test_a_month_signed_off_in_the_period_is_listed(scene, ward, auditor, manager):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    period = Period(last_month, last_month + timedelta(days=27))
    text = full_text(issue(ReportSpec.for_wards([ward], period), auditor))
    assert f"{last_month:%B %Y} {manager.display_name}" in text
    assert "All reviewed" in text
    # The correction made after the sign-off is in the corrections of today's period only.
    assert "Dressing was found lifting" not in text


def test_every_page_says_which_page_of_how_many(scene, ward, auditor):
    pages = page_texts(issue(ReportSpec.for_wards([ward], PERIOD), auditor))
    total = len(pages)
    assert total >= 3
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {total}" in text
    assert f"Page {total} of {total}" in pages[-1]


def test_the_cover_names_facility_ward_period_author_cut_off_and_number(
    scene, ward, auditor, settings
):
    issued, content = services.issue_report(ReportSpec.for_wards([ward], PERIOD), by=auditor)
    cover = page_texts(content)[0]
    cut_off = timezone.localtime(issued.data_cutoff)
    for expected in (
        settings.HOSPITAL_NAME,
        f"{ward.code} - {ward.name}",
        f"{PERIOD.start:%d %b %Y} to {PERIOD.end:%d %b %Y} ({PERIOD.length} days)",
        f"by {auditor.display_name}",
        f"Data cut-off {cut_off:%d %b %Y %H:%M}",
        f"Report number {issued.number}",
        f"Infection-prevention checklist tracker {settings.APP_VERSION}",
    ):
        assert expected in cover
    # On every page's footer too.
    assert all(issued.number in text for text in page_texts(content))


NAMES = ["Zoë Brown", "Nguyễn Văn Minh", "Łukasz Wójcik", "王芳", "Ольга Иванова", "Þóra Jónsson"]
# Arabic is drawn right to left and Devanagari with its conjuncts formed, so their text
# does not read back letter for letter; they are checked by the fonts that draw them.
SHAPED = ["فاطمة السيد", "सुनीता शर्मा"]


def test_names_in_any_script_print_in_embedded_truetype_fonts(ward, nurse, auditor):
    for name in NAMES + SHAPED:
        patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"), full_name=name)
        make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    content = issue(ReportSpec.for_wards([ward], Period(day_back(4), day_back(2))), auditor)
    text = full_text(content)
    for name in NAMES:
        assert name in text
    fonts = fonts_drawn(content)
    assert {subtype for subtype, _ in fonts} == {"/TrueType"}, fonts
    names = " ".join(base for _, base in fonts)
    assert "DejaVuSans" in names  # Latin, Greek, Cyrillic, Arabic
    assert "WenQuanYi" in names  # 王芳
    assert "Lohit-Devanagari" in names  # सुनीता


def test_text_from_the_records_is_printed_as_written_not_as_markup(ward, nurse, auditor):
    patient = make_patient(
        ward, admitted_at=local_time(day_back(6), "09:00"), full_name="<b>Bold</b> & <i>co"
    )
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    check = record_on(point, nurse, day_back(3), failing_answers("piv", dressing_intact="no"))
    services.correct_check(
        nurse=nurse,
        original=check,
        answers=failing_answers("piv", dressing_intact="no"),
        reason="<script>alert(1)</script> & wrong < right",
        now=local_time(day_back(3), "15:00"),
    )
    text = full_text(issue(ReportSpec.for_wards([ward], Period(day_back(4), day_back(2))), auditor))
    assert "<b>Bold</b> & <i>co" in text
    assert "<script>alert(1)</script> & wrong < right" in text


def test_an_empty_ward_gets_a_report_that_says_so(auditor):
    empty = make_ward(code="EMPTY", name="Empty Ward")
    content = issue(ReportSpec.for_wards([empty], PERIOD), auditor)
    text = full_text(content)
    assert "No check was due in this period." in text
    assert "0 checks." in text
    assert "No correction was made in this period." in text
    assert "No month of this period has been signed off." in text
    assert "Sign-off of this report" in text
    total = len(page_texts(content))
    assert f"Page {total} of {total}" in text


def test_a_period_before_any_data_gets_a_report_with_no_figures(scene, ward, auditor):
    long_ago = Period(day_back(800), day_back(790))
    text = full_text(issue(ReportSpec.for_wards([ward], long_ago), auditor))
    assert "No check was due in this period." in text
    assert "No item was answered in this period." in text


def test_a_hospital_report_prints_the_overview_figures_and_a_page_per_ward(
    scene, ward, other_ward, auditor, auditor_client
):
    wards = list(Ward.objects.all())
    content = issue(ReportSpec.for_wards(wards, PERIOD, hospital=True), auditor)
    text, pages = full_text(content), page_texts(content)
    overview = page_table(
        auditor_client.get(f"/dashboard/?{period_query()}&figures=table"), "overview"
    )
    for row in overview["rows"]:
        if row[1] == "All kinds":  # the "Measures by ward" table
            assert row_text([row[0], *row[2:]]) in text, row
        if row[0] == "All wards":  # the "Measures by entry point, all wards" table
            assert row_text(row[1:]) in text, row
    for w in wards:
        assert sum(page.startswith(f"{w.code} - {w.name}") for page in pages) == 1
    assert f"Whole hospital ({len(wards)} wards)" in pages[0]


def test_a_patients_report_lists_stays_entry_points_checks_and_corrections(scene, ward, auditor):
    from checklists.models import Patient

    ada = Patient.objects.get(full_name="Ada Byron")
    content = issue(patient_spec(ada, PERIOD), auditor)
    text = full_text(content)
    assert "Ada Byron" in page_texts(content)[0]
    assert f"{ward.code} - {ward.name}" in text  # her stay
    assert "Peripheral IV" in text and "Urinary catheter" in text
    assert "Every due check" in text
    assert "Not accessed that day" in text  # her correction
    assert "Bảo Nguyễn" not in text  # another patient of the same ward


def test_qpdf_finds_no_structural_error_in_ward_and_hospital_reports(
    scene, ward, auditor, tmp_path
):
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        skip_or_fail("qpdf is not installed (make browser installs it, as root)")
    specs = {
        "ward": ReportSpec.for_wards([ward], PERIOD),
        "hospital": ReportSpec.for_wards(list(Ward.objects.all()), PERIOD, hospital=True),
    }
    for name, spec in specs.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(issue(spec, auditor))
        # Our own file, through the qpdf found on PATH.
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)  # noqa: S603
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert "No syntax or stream encoding errors found" in result.stdout


def test_tables_are_never_wider_than_the_page():
    columns = [f"Column number {n}" for n in range(14)]
    rows = [[Cell("A long text that would like a line of its own " * 3)] * 14 for _ in range(5)]
    widths = pdf._widths(columns, rows)
    assert sum(widths) <= pdf.FRAME_WIDTH + 0.01
    few = pdf._widths(["Day", "Due"], [[Cell("01 Oct 2026"), Cell("12", numeric=True)]])
    assert sum(few) < pdf.FRAME_WIDTH / 4  # a narrow table stays narrow


def _long_report(rows: list[list[Cell]], lead: int = 0) -> Report:
    """A report of one table, after `lead` paragraphs of filler (to start it lower down)."""
    table = Table("long", "Long table", ["Day", "Patient", "Entry point", "Due", "Outcome"])
    table.rows = rows
    filler = ["Filler text. " * 40] * lead
    return Report(
        "IPC-20261124-TEST00",
        "Long",
        [("Facility", "Test")],
        [Section("Rows", [*filler, Printed(table)])],
        footer="王芳 · Test",
    )


def _reference_table(layout: pdf_table.Layout) -> RLTable:
    """The report's table as ReportLab's own Table draws it, with the style pdf.py laid
    out tables with before it drew them itself: what pdf_table.Grid must look like."""
    styles = pdf._styles()

    def cell(c: Cell, width: float, bold: bool = False) -> str | Paragraph:
        font = fonts.BOLD if bold else fonts.REGULAR
        if (
            fonts.is_plain(c.text)
            and pdf_table.text_width(c.text, font) <= width - 2 * pdf_table.PADDING
        ):
            return c.text
        return pdf_table.paragraph(
            c.text, styles["header" if bold else "number" if c.numeric else "cell"]
        )

    widths = layout.widths
    data = [[cell(Cell(name), widths[c], bold=True) for c, name in enumerate(layout.columns)]]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), pdf_table.HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), pdf_table.CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, row in enumerate(layout.rows, start=1):
        data.append([cell(one, widths[c]) for c, one in enumerate(row)])
        for c, one in enumerate(row):
            if one.numeric:
                commands.append(("ALIGN", (c, r), (c, r), "RIGHT"))
            if one.tone:
                commands.append(("BACKGROUND", (c, r), (c, r), pdf_table.TONES[one.tone]))
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _mixed_rows(count: int) -> list[list[Cell]]:
    """Rows that wrap, split long words, right-align figures, tone cells, escape markup,
    and need other fonts and shaping."""
    names = [
        "Zoë Brown",
        "王芳",
        "सुनीता शर्मा",
        "فاطمة السيد",
        "<b>Bold</b> & co",
        "",
        "W" + "olfe" * 12,
    ]
    sites = [
        "Peripheral IV (Right antecubital fossa)",
        "Dressing clean, dry and intact; hub scrubbed before each access; " * 3,
        "X" * 60,
        "Site looked at and felt through the dressing, iiii lll ffff mmmm WWWW " * 4,
    ]
    outcomes = [("Compliant", "good"), ("Not compliant", "bad"), ("Missed (late)", "warn")]
    return [
        [
            Cell(f"{n % 28 + 1:02d} Oct 2026"),
            Cell(names[n % len(names)] + " Llewelyn-Jones" * (n % 3)),
            Cell(sites[n % len(sites)] + " (left)" * (n % 7)),
            Cell(str(n * 37), numeric=True),
            Cell(*outcomes[n % len(outcomes)]),
        ]
        for n in range(count)
    ]


def test_tables_are_drawn_as_reportlabs_table_draws_them(monkeypatch, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        skip_or_fail("pdftoppm is not installed (make browser installs poppler-utils, as root)")
    report = _long_report(_mixed_rows(130), lead=3)
    ours = pdf.render(report)
    monkeypatch.setattr(pdf, "Grid", _reference_table)
    theirs = pdf.render(report)
    assert ours.page_count == theirs.page_count >= 4
    for name, rendered in (("ours", ours), ("theirs", theirs)):
        (tmp_path / f"{name}.pdf").write_bytes(rendered.content)
        # Our own files, through the pdftoppm found on PATH; PPM images, byte for byte.
        subprocess.run(  # noqa: S603
            [pdftoppm, "-r", "100", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )
    ours_pages, theirs_pages = sorted(tmp_path.glob("ours-*")), sorted(tmp_path.glob("theirs-*"))
    assert len(ours_pages) == ours.page_count
    for ours_page, theirs_page in zip(ours_pages, theirs_pages, strict=True):
        assert ours_page.read_bytes() == theirs_page.read_bytes(), ours_page.name


def test_coordinates_are_written_as_reportlab_writes_them():
    values = [0, 1e-8, -0.25, 0.1234567, 1, 3, 9.9999999, 39.68503937007874, 99.99999, 100]
    values += [n * 0.37 - 400 for n in range(3000)]
    assert [pdf_table.number(v) for v in values] == [fp_str(v) for v in values]


def test_a_long_table_fills_each_page_under_one_header():
    rows = [
        [Cell(f"{n:03d} Oct"), Cell(f"Patient {n}"), Cell("PIV"), Cell("1"), Cell("Missed")]
        for n in range(150)
    ]
    for lead in (0, 3, 6):  # the table starts at the top, in the middle, near the bottom
        pages = page_texts(pdf.render(_long_report(rows, lead)).content)
        with_rows = [page for page in pages if " Oct Patient " in page]
        assert all(page.count("Day Patient Entry point") == 1 for page in with_rows), lead
        between = [page.count(" Oct Patient ") for page in with_rows[1:-1]]
        assert len(set(between)) == 1, (lead, between)  # each page between is full


def test_building_a_report_leaves_the_garbage_collector_as_it_found_it(scene, ward):
    spec = ReportSpec.for_wards([ward], PERIOD)
    now = timezone.now()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            build_report(spec, number="IPC-20261124-TEST00", now=now, issued_by="test")
            assert gc.isenabled() == enabled
    finally:
        gc.enable()


def test_a_patients_name_in_the_footer_prints_in_a_font_that_has_its_letters(ward, nurse, auditor):
    patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"), full_name="王芳")
    make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    content = issue(patient_spec(patient, Period(day_back(4), day_back(2))), auditor)
    pages = page_texts(content)
    measures_page = next(n for n, text in enumerate(pages, start=1) if "Measures" in text[:40])
    assert "王芳" in pages[measures_page - 1]  # only in its footer
    fonts = " ".join(base for _, base in fonts_drawn(content, [measures_page]))
    assert "WenQuanYi" in fonts


def test_records_made_after_the_cut_off_are_left_out(ward, nurse, auditor, manager):
    patient = make_patient(ward, admitted_at=local_time(day_back(6), "09:00"))
    point = make_entry_point(patient, "piv", started_at=local_time(day_back(5), "05:00"))
    check = record_on(point, nurse, day_back(3))
    services.correct_check(
        nurse=nurse,
        original=check,
        answers=failing_answers("piv", dressing_intact="no"),
        reason="Found lifting at the evening round",
        now=local_time(day_back(3), "20:00"),
    )
    spec = ReportSpec.for_wards([ward], Period(day_back(4), day_back(2)))
    before = services.issue_report(spec, by=auditor, now=local_time(day_back(3), "19:00"))[1]
    after = services.issue_report(spec, by=auditor, now=local_time(day_back(3), "21:00"))[1]
    assert "Found lifting at the evening round" not in full_text(before)
    assert "Found lifting at the evening round" in full_text(after)


def test_a_managers_patient_report_keeps_to_their_wards_within_the_period(
    ward, other_ward, nurse, other_nurse, manager, auditor
):
    patient = make_patient(ward, admitted_at=local_time(day_back(10), "09:00"))
    make_entry_point(patient, "piv", started_at=local_time(day_back(9), "10:00"), body_site="Here")
    Stay.objects.filter(patient=patient).update(
        ended_at=local_time(day_back(6), "12:00"), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(
        patient=patient, ward=other_ward, started_at=local_time(day_back(6), "12:00")
    )
    make_entry_point(
        patient, "cvc", started_at=local_time(day_back(4), "10:00"), body_site="Elsewhere"
    )
    period = Period(day_back(10), day_back(2))
    mine = patient_spec(patient, period, Ward.objects.filter(pk=ward.pk))
    text = full_text(issue(mine, manager))
    assert f"Wards {ward.code} - {ward.name}" in text  # the cover says whose wards
    assert "Here" in text
    assert "Elsewhere" not in text and other_ward.name not in text
    everything = patient_spec(patient, period)
    assert "Elsewhere" in full_text(issue(everything, auditor))  # every ward: the auditor's
    with pytest.raises(PermissionDenied):
        issue(everything, manager)


def test_a_managers_patient_report_prints_no_removal_made_after_the_patient_left_her_ward(
    ward, other_ward, manager, auditor
):
    """Moved from her ward to another with a catheter in, removed there: her report says
    the catheter was still in when the patient left, never when or why it came out."""
    patient = make_patient(ward, admitted_at=local_time(day_back(10), "09:00"))
    catheter = make_entry_point(
        patient, "iuc", started_at=local_time(day_back(9), "10:00"), body_site="Urethral"
    )
    Stay.objects.filter(patient=patient).update(
        ended_at=local_time(day_back(6), "12:00"), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(
        patient=patient, ward=other_ward, started_at=local_time(day_back(6), "12:00")
    )
    EntryPoint.objects.record_removal(
        catheter.pk,
        at=local_time(day_back(4), "15:00"),
        reason="Trial without catheter",
        by=auditor,
    )
    period = Period(day_back(10), day_back(2))
    mine = full_text(issue(patient_spec(patient, period, Ward.objects.filter(pk=ward.pk)), manager))
    assert "Trial without catheter" not in mine
    assert f"{local_time(day_back(4), '15:00'):%d %b %Y} 15:00" not in mine
    assert f"still in place when the patient left {ward.code}" in mine
    everything = full_text(issue(patient_spec(patient, period), auditor))
    assert "Trial without catheter" in everything


def test_every_section_of_a_managers_patient_report_keeps_to_her_ward(
    ward, other_ward, nurse, other_nurse, manager, auditor
):
    """A patient moved from her ward to another: what was recorded on the other ward
    (checks, a correction's reason, a new line, Braden scores) is in the all-ward report
    and in no section of hers."""
    patient = make_patient(ward, admitted_at=local_time(day_back(10), "09:00"))
    piv = make_entry_point(patient, "piv", started_at=local_time(day_back(9), "05:00"))
    for back in (9, 8, 7):
        record_on(piv, nurse, day_back(back))
    Stay.objects.filter(patient=patient).update(
        ended_at=local_time(day_back(6), "12:00"), end_reason=Stay.EndReason.TRANSFER
    )
    Stay.objects.create(
        patient=patient, ward=other_ward, started_at=local_time(day_back(6), "12:00")
    )
    there = {
        "line": make_entry_point(
            patient, "cvc", started_at=local_time(day_back(5), "05:00"), body_site="Ward Two line"
        ),
        "skin": make_entry_point(patient, "pressure", started_at=local_time(day_back(5), "05:00")),
    }
    for back in (5, 4, 3):
        for point in (piv, *there.values()):
            record_on(point, other_nurse, day_back(back))
    failed = record_on(piv, other_nurse, day_back(2), failing_answers("piv", dressing_intact="no"))
    services.correct_check(
        nurse=other_nurse,
        original=failed,
        answers=expected_answers("piv"),
        reason="Ward Two correction",
        now=local_time(day_back(2), "16:00"),
    )
    period = Period(day_back(10), day_back(2))
    markers = ("Ward Two line", "Ward Two correction", "Braden scores", other_ward.name)
    everything = full_text(issue(patient_spec(patient, period), auditor))
    for marker in markers:
        assert marker in everything, marker
    mine = issue(patient_spec(patient, period, Ward.objects.filter(pk=ward.pk)), manager)
    for n, page in enumerate(page_texts(mine), start=1):
        for marker in markers:
            assert marker not in page, (marker, n)
    # Her figures count her ward's days only: the PIV's 4 due days there (9 to 6 days ago,
    # counted at 06:00 before the noon transfer), 3 of them checked.
    assert "of 4 checks due and past their deadline" in full_text(mine)
