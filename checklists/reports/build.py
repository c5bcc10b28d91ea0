"""Audit reports built from the measures, with the very tables the dashboards show, so a
figure in a PDF is the figure on the screen (design.md: PDF audit report)."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .. import days, measures
from ..dashboards.checklist import CHECK_COLUMNS, checks_table, select
from ..dashboards.tables import MEASURE_COLUMNS, Cell, Table, measure_cells, percentage
from ..dashboards.ward import (
    TREND_MONTHS,
    by_kind_table,
    dwell_table,
    items_table,
    trend_chart,
    trend_table,
    trend_window,
)
from ..measures import Facts, Measures, Period
from ..models import Check, EntryPointKind, MonthSignOff, ReportScope, Stay
from .document import SOFTWARE, Printed, Report, Section, Signatures
from .request import ReportRequest

KIND_LABELS = dict(EntryPointKind.choices)
# The drill-down's columns, less its links and the count of corrections (listed apart).
EXCEPTION_COLUMNS = tuple(c for c in CHECK_COLUMNS if c not in ("Corrections", "Check"))
DEFINITIONS = (
    "Due: entry points in place at the ward's daily count time. Open: due today and not yet "
    f"past the deadline (end of day + {settings.CHECK_GRACE_HOURS} h), so left out of the "
    "percentages. Completion % = Done / (Due - Open). Compliance % (all-or-none) = Compliant "
    "/ (Due - Open): a missed check counts as not compliant. Utilisation = device days / "
    "patient days, both counted once a day at the count time (NHSN)."
)


def _no_link(show: str) -> str:
    return ""


def build_report(request: ReportRequest, *, number: str, now: datetime, issued_by: str) -> Report:
    """The report as data; `now` is the data cut-off."""
    if request.scope == ReportScope.PATIENT:
        sections = _patient_sections(request, now)
        title = "Patient record of entry points and checks"
    elif request.scope == ReportScope.WARD:
        sections = _ward_sections(request, now)
        title = "Ward infection-prevention audit report"
    else:
        sections = _hospital_sections(request, now)
        title = (
            "Hospital infection-prevention audit report"
            if request.scope == ReportScope.HOSPITAL
            else "Infection-prevention audit report: several wards"
        )
    period = request.period
    cut_off = f"{timezone.localtime(now):%d %b %Y %H:%M}"
    return Report(
        number=number,
        title=title,
        cover=[
            ("Facility", settings.HOSPITAL_NAME),
            ("Patient" if request.patient else "Ward", request.subject),
            ("Period", _period_text(period)),
            ("Generated", f"{cut_off} by {issued_by}"),
            ("Data cut-off", f"{cut_off}: records made after this moment are not included"),
            ("Report number", number),
            ("Software", f"{SOFTWARE} {settings.APP_VERSION}"),
            ("Compliance target", f"{settings.COMPLIANCE_TARGET}%"),
        ],
        sections=sections,
        footer=f"{settings.HOSPITAL_NAME} · Report {number} · {request.subject} · "
        f"{_period_text(period)}",
    )


def _period_text(period: Period) -> str:
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y} ({period.length} days)"


# --- One ward ------------------------------------------------------------------------


def _ward_sections(request: ReportRequest, now: datetime) -> list[Section]:
    (ward,) = request.wards
    all_facts = measures.collect([ward], trend_window(request.period), now)
    facts = all_facts.within(request.period)
    by_key = measures.by_ward_and_kind(facts)
    items = measures.item_compliance(facts)
    return [
        _summary(by_key[(None, None)], by_kind_table(by_key, facts, ward)),
        _trend(all_facts, request.period, now, ward.pk),
        Section(
            "Per-item compliance",
            [Printed(items_table(items, facts.period, ward, complete=True))],
        ),
        Section("Dwell time", [Printed(dwell_table(measures.dwell(facts)))]),
        *_records(request, facts),
    ]


def _summary(headline: Measures, table: Table) -> Section:
    return Section("Measures", [_headline(headline), Printed(table), DEFINITIONS])


def _headline(m: Measures) -> str:
    if not m.due:
        return "No check was due in this period."

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}%"

    return (
        f"All-or-none compliance {pct(m.compliance)}: {m.compliant} compliant of "
        f"{m.settled} checks due and past their deadline. Completion {pct(m.completion)}: "
        f"{m.done} done in time of {m.settled}. {m.missed} missed, {m.late} entered late, "
        f"{m.open} still open at the cut-off. {m.patient_days} patient days, "
        f"{m.device_days} device days."
    )


def _trend(all_facts: Facts, period: Period, now: datetime, ward_id: int | None) -> Section:
    months = measures.last_months(period.end, TREND_MONTHS)
    values = measures.trend(all_facts, months, ward_id)
    today = timezone.localdate(now)
    chart = trend_chart("Compliance by month", months, values, period, "%b %Y")
    table = trend_table(
        "monthly", "Monthly trend", months, values, None, "Month", period.end, today
    )
    return Section(f"Trend: the {TREND_MONTHS} months to the period's end", [chart, Printed(table)])


# --- Several wards or the whole hospital -------------------------------------------


def _hospital_sections(request: ReportRequest, now: datetime) -> list[Section]:
    wards = list(request.wards)
    all_facts = measures.collect(wards, trend_window(request.period), now)
    facts = all_facts.within(request.period)
    by_key = measures.by_ward_and_kind(facts)
    items = measures.item_compliance_by_ward(facts)
    months = measures.last_months(request.period.end, TREND_MONTHS)
    trends = measures.trend_by_ward(all_facts, months)
    by_ward = Table("wards", "Measures by ward", ["Ward", *MEASURE_COLUMNS])
    for ward in [*wards, None]:
        m = by_key[(ward.pk if ward else None, None)]
        by_ward.rows.append([Cell(ward.name if ward else "All wards"), *_cells(m)])
    by_kind = Table(
        "kinds", "Measures by entry point, all wards", ["Entry point", *MEASURE_COLUMNS]
    )
    for kind in (*facts.kinds, None):
        label = KIND_LABELS[kind] if kind else "All kinds"
        by_kind.rows.append([Cell(label), *_cells(by_key[(None, kind)])])
    summary = _summary(by_key[(None, None)], by_ward)
    summary.blocks.insert(2, Printed(by_kind))
    period, today = request.period, timezone.localdate(now)
    sections = [
        summary,
        Section(
            f"Trend: the {TREND_MONTHS} months to the period's end",
            [
                trend_chart(
                    "Compliance by month, all wards", months, trends[None], period, "%b %Y"
                ),
                Printed(
                    trend_table(
                        "monthly",
                        "Monthly trend",
                        months,
                        trends[None],
                        None,
                        "Month",
                        period.end,
                        today,
                    )
                ),
            ],
        ),
        Section(
            "Per-item compliance, all wards",
            [Printed(items_table(items[None], period, None, complete=True))],
        ),
        Section("Dwell time, all wards", [Printed(dwell_table(measures.dwell(facts)))]),
    ]
    for ward in wards:
        sections.append(
            Section(
                f"{ward.code} - {ward.name}",
                [
                    _headline(by_key[(ward.pk, None)]),
                    Printed(by_kind_table(by_key, facts, ward), _SUMMARY_COLUMNS),
                    trend_chart(
                        f"{ward.code}: compliance by month",
                        months,
                        trends[ward.pk],
                        period,
                        "%b %Y",
                    ),
                    Printed(_top(items_table(items[ward.pk], period, ward), 6)),
                ],
                new_page=True,
            )
        )
    sections.extend(_records(request, facts))
    return sections


# A ward's summary page leaves out what the hospital tables already give.
_SUMMARY_COLUMNS = (
    "Entry point",
    *(c for c in MEASURE_COLUMNS if c not in ("Patient days", "Infection flags", "Past review")),
)


def _cells(m: Measures) -> list[Cell]:
    return measure_cells(m, _no_link)


def _top(table: Table, n: int) -> Table:
    if len(table.rows) > n:
        table.note = f"The {n} items that failed most of {len(table.rows)} that failed."
        table.rows = table.rows[:n]
    return table


# --- One patient ---------------------------------------------------------------------


def _patient_sections(request: ReportRequest, now: datetime) -> list[Section]:
    patient, period = request.patient, request.period
    facts = measures.collect(request.wards, period, now).for_patient(patient.pk)
    by_key = measures.by_ward_and_kind(facts)
    weeks = [
        w for w in measures.last_weeks(period.end, period.length // 7 + 2) if w.end >= period.start
    ]
    weekly = measures.trend(facts, weeks)
    today = timezone.localdate(now)
    return [
        _stays(request),
        _entry_points(request),
        _summary(by_key[(None, None)], by_kind_table(by_key, facts, None)),
        Section(
            "Trend by week",
            [
                trend_chart("Compliance by week", weeks, weekly, period, "%d %b"),
                Printed(
                    trend_table(
                        "weekly", "Weekly trend", weeks, weekly, None, "Week of", period.end, today
                    )
                ),
            ],
        ),
        Section(
            "Per-item compliance",
            [Printed(items_table(measures.item_compliance(facts), period, None, complete=True))],
        ),
        Section(
            "Every due check",
            [Printed(_checks(request, facts, "due", "Every due check"), EXCEPTION_COLUMNS)],
        ),
        *_records(request, facts),
    ]


def _stays(request: ReportRequest) -> Section:
    """The patient's stays on the report's wards that overlap its period, and nothing
    after: where the patient went next is not this report's reader's business."""
    table = Table("stays", "Stays in the period", ["Ward", "Bed", "From", "To", "Why it ended"])
    start, end = _bounds(request.period)
    stays = (
        Stay.objects.overlapping(start, end)
        .filter(patient=request.patient, ward__in=request.wards)
        .select_related("ward")
        .order_by("started_at")
    )
    for stay in stays:
        left = stay.ended_at if stay.ended_at and stay.ended_at < end else None
        table.rows.append(
            [
                Cell(f"{stay.ward.code} - {stay.ward.name}"),
                Cell(stay.bed),
                Cell(_moment(stay.started_at)),
                Cell(_moment(left) if left else "after the period"),
                Cell(stay.get_end_reason_display() if left else ""),
            ]
        )
    patient = request.patient
    about = (
        f"Born {patient.date_of_birth:%d %b %Y}. Risk factors: "
        + (", ".join(patient.risk_factor_labels(request.period.end)) or "none recorded")
        + "."
    )
    return Section("Patient and stays", [about, Printed(table)])


def _entry_points(request: ReportRequest) -> Section:
    table = Table(
        "entry_points",
        "Entry points in place during the period",
        ["Entry point", "Site", "Inserted or found", "Removed", "Why removed", "Details"],
        empty="No entry point was in place during the period.",
    )
    start, end = _bounds(request.period)
    points = (
        request.patient.entry_points.filter(started_at__lt=end)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=start))
        .order_by("started_at")
    )
    for point in points:
        removed = point.removed_at if point.removed_at and point.removed_at < end else None
        table.rows.append(
            [
                Cell(KIND_LABELS[point.kind]),
                Cell(point.body_site),
                Cell(_moment(point.started_at)),
                Cell(_moment(removed) if removed else "in place at the period's end"),
                Cell(point.removal_reason if removed else ""),
                Cell("; ".join(f"{label}: {value}" for label, value in point.details())),
            ]
        )
    return Section("Entry points", [Printed(table)])


# --- Records every report lists ------------------------------------------------------


def _records(request: ReportRequest, facts: Facts) -> list[Section]:
    exceptions = _checks(request, facts, "not_compliant", "Exceptions")
    return [
        Section(
            "Exceptions: checks not compliant or missed",
            [
                f"{len(exceptions.rows)} checks. A missed check is one not recorded by the "
                "deadline; failed items are those answered against the bundle.",
                Printed(exceptions, EXCEPTION_COLUMNS),
            ],
        ),
        Section("Corrections made in the period", [Printed(_corrections(request))]),
        Section("Month sign-offs", [Printed(_sign_offs(request))]),
        Section("Sign-off of this report", [Signatures()]),
    ]


def _checks(request: ReportRequest, facts: Facts, show: str, title: str) -> Table:
    order = {w.pk: n for n, w in enumerate(request.wards)}
    rows = select(facts, show)
    rows.sort(key=lambda d: (order.get(d.ward_id, 0), d.day, d.patient_id, d.entry_point_id))
    table = checks_table(list(request.wards), facts, rows)
    table.title, table.empty = title, "None in this period."
    return table


def _bounds(period: Period) -> tuple[datetime, datetime]:
    return days.local_moment(period.start, time.min), days.end_of_day(period.end)


def _corrections(request: ReportRequest) -> Table:
    """Corrections recorded during the period, of checks recorded on these wards (and of
    this patient), whatever day the corrected check was for."""
    start, end = _bounds(request.period)
    corrections = Check.objects.filter(
        corrects__isnull=False, recorded_at__gte=start, recorded_at__lt=end, ward__in=request.wards
    )
    if request.patient is not None:
        corrections = corrections.filter(entry_point__patient=request.patient)
    table = Table(
        "corrections",
        "Corrections",
        [
            "Corrected at",
            "Ward",
            "Day checked",
            "Patient",
            "Hospital number",
            "Entry point",
            "Was",
            "Now",
            "Reason",
            "Corrected by",
        ],
        empty="No correction was made in this period.",
    )
    rows = corrections.select_related(
        "ward", "recorded_by", "corrects", "entry_point__patient"
    ).order_by("recorded_at", "pk")
    for c in rows:
        table.rows.append(
            [
                Cell(_moment(c.recorded_at)),
                Cell(c.ward.code),
                Cell(f"{c.clinical_date:%d %b %Y}"),
                Cell(c.entry_point.patient.full_name),
                Cell(c.entry_point.patient.hospital_number),
                Cell(f"{KIND_LABELS[c.entry_point.kind]} ({c.entry_point.body_site})"),
                Cell(_verdict(c.corrects.is_compliant)),
                Cell(_verdict(c.is_compliant)),
                Cell(c.correction_reason),
                Cell(c.recorded_by.display_name),
            ]
        )
    return table


def _verdict(compliant: bool) -> str:
    return "Compliant" if compliant else "Not compliant"


def _sign_offs(request: ReportRequest) -> Table:
    period = request.period
    table = Table(
        "sign_offs",
        "Month sign-offs",
        ["Ward", "Month", "Signed by", "Signed at", "Compliance % then", "Comment"],
        empty="No month of this period has been signed off.",
    )
    sign_offs = (
        MonthSignOff.objects.filter(
            ward__in=request.wards, month__gte=period.start.replace(day=1), month__lte=period.end
        )
        .select_related("ward", "signed_by")
        .order_by("ward__name", "month", "signed_at")
    )
    for s in sign_offs:
        table.rows.append(
            [
                Cell(s.ward.code),
                Cell(f"{s.month:%B %Y}"),
                Cell(s.signed_by.display_name),
                Cell(_moment(s.signed_at)),
                percentage(s.figures.get("compliance")),
                Cell(s.comment),
            ]
        )
    return table


def _moment(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d %b %Y %H:%M}"
