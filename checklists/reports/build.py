"""Audit reports built from the measures, with the very tables the dashboards show
(checklists.tables), so a figure in a PDF is the figure on the screen (design.md: PDF
audit report)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from .. import days, measures
from ..measures import Facts, Measures, Period, rollup
from ..measures.denominators import monthly_denominators
from ..measures.outcomes import outcome_figures
from ..measures.periods import months_between
from ..measures.sepsis import combined, sepsis_measures, sepsis_measures_by_ward
from ..models import EntryPoint, ReportScope, Stay
from ..tables.braden import braden_table
from ..tables.cells import MEASURE_COLUMNS, Cell, Table, total_label
from ..tables.charts import trend_chart
from ..tables.denominators import denominators_table
from ..tables.outcomes import by_ward_outcomes_table, outcome_tables
from ..tables.sepsis import (
    escalations_table,
    sepsis_by_kind_table,
    sepsis_by_ward_table,
    sepsis_table,
    unscreened_table,
)
from ..tables.ward import (
    TREND_MONTHS,
    by_kind_table,
    by_ward_table,
    dwell_table,
    findings_table,
    items_table,
    top,
    trend_table,
)
from .document import SOFTWARE, Printed, Report, Section
from .records import EXCEPTION_COLUMNS, checks, moment, records
from .spec import ReportSpec

DEFINITIONS = (
    "Due: entry points in place at the ward's daily count time. Open: due today and not yet "
    f"past the deadline (end of day + {settings.CHECK_GRACE_HOURS} h), so left out of the "
    "percentages. Completion % = Done / (Due - Open). Compliance % (all-or-none) = Compliant "
    "/ (Due - Open): a missed check counts as not compliant. Utilisation = device days / "
    "patient days, both counted once a day at the count time (NHSN)."
)


def build_report(spec: ReportSpec, *, number: str, now: datetime, issued_by: str) -> Report:
    """The report as data; `now` is the data cut-off."""
    with _no_collection_passes():
        if spec.scope == ReportScope.PATIENT:
            sections = _patient_sections(spec, now)
            title = "Patient record of entry points and checks"
        elif spec.scope == ReportScope.WARD:
            sections = _ward_sections(spec, now)
            title = "Ward infection-prevention audit report"
        else:
            sections = _hospital_sections(spec, now)
            title = (
                "Hospital infection-prevention audit report"
                if spec.scope == ReportScope.HOSPITAL
                else "Infection-prevention audit report: several wards"
            )
    period = spec.period
    cut_off = f"{timezone.localtime(now):%d %b %Y %H:%M}"
    return Report(
        number=number,
        title=title,
        cover=[
            ("Facility", settings.HOSPITAL_NAME),
            ("Patient" if spec.patient else "Ward", spec.subject),
            *(
                [("Wards", ", ".join(f"{w.code} - {w.name}" for w in spec.wards))]
                if spec.patient
                else []
            ),
            ("Period", _period_text(period)),
            ("Generated", f"{cut_off} by {issued_by}"),
            ("Data cut-off", f"{cut_off}: records made after this moment are not included"),
            ("Report number", number),
            ("Software", f"{SOFTWARE} {settings.APP_VERSION}"),
            ("Compliance target", f"{settings.COMPLIANCE_TARGET}%"),
        ],
        sections=sections,
        footer=f"{settings.HOSPITAL_NAME} · Report {number} · {spec.subject} · "
        f"{_period_text(period)}",
    )


@contextmanager
def _no_collection_passes() -> Iterator[None]:
    """Python's cycle collector paused while the report's data is built. A hospital
    quarter makes hundreds of thousands of objects that all live until the report is
    printed, and hardly a reference cycle: the collector scanned them all again six
    times, a sixth of the build's time, to free next to nothing (peak memory is within 2%
    either way). Reference counting frees everything else as usual."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _period_text(period: Period) -> str:
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y} ({period.length} days)"


# --- One ward ------------------------------------------------------------------------


def _ward_sections(spec: ReportSpec, now: datetime) -> list[Section]:
    (ward,) = spec.wards
    facts = measures.collect([ward], spec.period, now)
    by_key = measures.by_ward_and_kind(facts)
    items = measures.item_compliance(facts)
    months = measures.last_months(spec.period.end, TREND_MONTHS)
    (monthly,) = rollup.trends_by_kind(
        [ward], [months], now, until=spec.period.end, calendar_months=True
    )
    figures = outcome_figures([ward], spec.period, months, by_key, monthly)
    outcomes, by_month = outcome_tables(figures, ward)
    return [
        _summary(by_key[(None, None)], by_kind_table(by_key, facts, ward)),
        _trend("Compliance by month", months, monthly[(None, None)], spec.period, now),
        Section(
            "Infections next to their bundles",
            [Printed(outcomes), *(Printed(table) for table, _ in by_month)],
        ),
        _denominators([ward], facts),
        Section(
            "Per-item compliance",
            [Printed(items_table(items, facts.period, ward, complete=True))],
        ),
        Section("Findings", [Printed(findings_table(items))]),
        Section(
            "Signs of infection and sepsis screens",
            [
                Printed(sepsis_table(sepsis := sepsis_measures(ward, spec.period))),
                Printed(sepsis_by_kind_table(sepsis)),
                Printed(unscreened_table(sepsis)),
                Printed(escalations_table(sepsis)),
            ],
        ),
        Section("Dwell time", [Printed(dwell_table(measures.dwell(facts)))]),
        *records(spec, facts, now),
    ]


def _denominators(wards: list, facts: Facts) -> Section:
    """NHSN form 57.118's monthly counts of the calendar months the period touches (a
    month the period cuts short is counted only over the period's days)."""
    months = months_between(facts.period.start, facts.period.end)
    rows = monthly_denominators(facts, months)
    return Section(
        "Monthly denominators (NHSN form 57.118)",
        [
            Printed(denominators_table(wards, rows)),
            "A month the report's period cuts short is counted over the period's days only.",
        ],
    )


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


def _trend(
    title: str,
    buckets: list[Period],
    values: list[Measures],
    period: Period,
    now: datetime,
    weekly: bool = False,
) -> Section:
    """The run chart and its table: by month, or by week for a patient's short record."""
    today = timezone.localdate(now)
    chart = trend_chart(title, buckets, values, period, "%d %b" if weekly else "%b %Y")
    table = trend_table(weekly, buckets, values, None, period.end, today)
    heading = "Trend by week" if weekly else f"Trend: the {len(buckets)} months to the period's end"
    return Section(heading, [chart, Printed(table)])


# --- Several wards or the whole hospital -------------------------------------------


def _hospital_sections(spec: ReportSpec, now: datetime) -> list[Section]:
    wards = list(spec.wards)
    facts = measures.collect(wards, spec.period, now)
    by_key = measures.by_ward_and_kind(facts)
    items = measures.item_compliance_by_ward(facts)
    months = measures.last_months(spec.period.end, TREND_MONTHS)
    (monthly,) = rollup.trends_by_kind(
        wards, [months], now, until=spec.period.end, calendar_months=True
    )
    trends = {w: monthly[(w, None)] for w in (*(w.pk for w in wards), None)}
    figures = outcome_figures(wards, spec.period, months, by_key, monthly)
    _, by_month = outcome_tables(figures, None)
    by_kind = by_kind_table(
        by_key, facts, None, slug="kinds", title="Measures by entry point, all wards"
    )
    total = total_label(wards, spec.scope == ReportScope.HOSPITAL)
    summary = _summary(by_key[(None, None)], by_ward_table(by_key, wards, total))
    summary.blocks.insert(2, Printed(by_kind))
    period = spec.period
    sections = [
        summary,
        _trend("Compliance by month, all wards", months, trends[None], period, now),
        Section(
            "Per-item compliance, all wards",
            [Printed(items_table(items[None], period, None, complete=True))],
        ),
        Section("Findings, all wards", [Printed(findings_table(items[None]))]),
        Section(
            "Infections next to their bundles",
            [
                Printed(
                    by_ward_outcomes_table(
                        by_key, figures.period_counts, period, wards, total=total
                    ),
                ),
                *(Printed(table) for table, _ in by_month),
            ],
        ),
        _denominators(wards, facts),
        Section("Dwell time, all wards", [Printed(dwell_table(measures.dwell(facts)))]),
    ]
    sepsis = sepsis_measures_by_ward(list(wards), period)
    sections.append(
        Section(
            "Signs of infection and sepsis screens, all wards",
            [
                Printed(sepsis_by_ward_table(wards, sepsis, period, total=total)),
                Printed(sepsis_by_kind_table(combined(list(sepsis.values()), period))),
            ],
        ),
    )
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
                    Printed(top(items_table(items[ward.pk], period, ward), 6)),
                    Printed(sepsis_table(sepsis[ward.pk])),
                ],
                new_page=True,
            )
        )
    sections.extend(records(spec, facts, now))
    return sections


# A ward's summary page leaves out what the hospital tables already give.
_SUMMARY_COLUMNS = (
    "Entry point",
    *(c for c in MEASURE_COLUMNS if c not in ("Patient days", "Infection flags", "Past review")),
)


# --- One patient ---------------------------------------------------------------------


def _patient_sections(spec: ReportSpec, now: datetime) -> list[Section]:
    patient, period = spec.require_patient(), spec.period
    facts = measures.collect(spec.wards, period, now).for_patient(patient.pk)
    by_key = measures.by_ward_and_kind(facts)
    # Weeks for a stay of a few weeks, months for longer; each cut to the period.
    many = period.length > 12 * 7
    buckets = measures.last_months(period.end, 13) if many else measures.last_weeks(period.end, 14)
    buckets = [Period(max(b.start, period.start), b.end) for b in buckets if b.end >= period.start]
    title = "Compliance by month" if many else "Compliance by week"
    trend = _trend(title, buckets, measures.trend(facts, buckets), period, now, weekly=not many)
    items = measures.item_compliance(facts)
    return [
        _stays(spec),
        _entry_points(spec, facts),
        *_braden(facts),
        _summary(by_key[(None, None)], by_kind_table(by_key, facts, None)),
        trend,
        Section("Per-item compliance", [Printed(items_table(items, period, None, complete=True))]),
        Section("Findings", [Printed(findings_table(items))]),
        Section(
            "Every due check",
            [Printed(checks(spec, facts, "due", "Every due check"), EXCEPTION_COLUMNS)],
        ),
        *records(spec, facts, now),
    ]


def _braden(facts: Facts) -> list[Section]:
    """The Braden scores, for a patient with a pressure injury in the period."""
    table = braden_table(facts)
    return [Section("Braden scores", [Printed(table)])] if table.rows else []


def _stays(spec: ReportSpec) -> Section:
    """The patient's stays on the report's wards that overlap its period, and nothing
    after: where the patient went next is not this report's reader's business."""
    table = Table("stays", "Stays in the period", ["Ward", "Bed", "From", "To", "Why it ended"])
    patient = spec.require_patient()
    start, end = days.span(spec.period.start, spec.period.end)
    stays = (
        Stay.objects.overlapping(start, end)
        .filter(patient=patient, ward__in=spec.wards)
        .select_related("ward")
        .order_by("started_at")
    )
    for stay in stays:
        left = stay.ended_at if stay.ended_at and stay.ended_at < end else None
        table.rows.append(
            [
                Cell(f"{stay.ward.code} - {stay.ward.name}"),
                Cell(stay.bed),
                Cell(moment(stay.started_at)),
                Cell(moment(left) if left else "after the period"),
                Cell(stay.get_end_reason_display() if left else ""),
            ]
        )
    about = (
        f"Born {patient.date_of_birth:%d %b %Y}. Risk factors: "
        + (", ".join(patient.risk_factor_labels(spec.period.end)) or "none recorded")
        + "."
    )
    return Section("Patient and stays", [about, Printed(table)])


def _entry_points(spec: ReportSpec, facts: Facts) -> Section:
    """The patient's entry points in place during the period while on the report's
    wards: those the report's facts hold (see measures.collect)."""
    table = Table(
        "entry_points",
        "Entry points in place during the period",
        ["Entry point", "Site", "Inserted or found", "Removed", "Why removed", "Details"],
        empty="No entry point was in place during the period.",
    )
    start, end = days.span(spec.period.start, spec.period.end)
    stays = list(
        Stay.objects.overlapping(start, end)
        .filter(patient=spec.patient, ward__in=spec.wards)
        .select_related("ward")
    )
    points = facts.points_query.order_by("started_at")
    for point in points:
        if not any(_overlap(point, stay, start, end) for stay in stays):
            continue  # in place only while the patient was on another ward
        removed, why = _removal(point, stays, start, end)
        table.rows.append(
            [
                Cell(point.get_kind_display()),
                Cell(point.body_site),
                Cell(moment(point.started_at)),
                Cell(removed),
                Cell(why),
                Cell("; ".join(f"{label}: {value}" for label, value in point.details())),
            ]
        )
    return Section("Entry points", [Printed(table)])


def _removal(
    point: EntryPoint, stays: list[Stay], start: datetime, end: datetime
) -> tuple[str, str]:
    """When and why the entry point came out, if that happened during the period while
    the patient was on one of the report's wards; otherwise only that it was still in
    when the patient left them, or at the period's end. A removal made on another ward
    is that ward's record, not this report reader's."""
    removed = point.removed_at if point.removed_at and point.removed_at < end else None
    if removed is not None and any(s.started_at <= removed <= (s.ended_at or end) for s in stays):
        return moment(removed), point.removal_reason
    left_with_it = [
        s
        for s in stays
        if s.ended_at is not None
        and s.ended_at < end
        and _overlap(point, s, start, end)
        and (point.removed_at is None or point.removed_at > s.ended_at)
    ]
    if left_with_it:
        last = max(left_with_it, key=lambda s: s.ended_at or end)
        left_at = last.ended_at or end
        return f"still in place when the patient left {last.ward.code} ({moment(left_at)})", ""
    return "in place at the period's end", ""


def _overlap(point: EntryPoint, stay: Stay, start: datetime, end: datetime) -> bool:
    """Whether the entry point was in place while the patient was on that stay's ward
    during the period."""
    begins = max(point.started_at, stay.started_at, start)
    ends = min(point.removed_at or end, stay.ended_at or end, end)
    return begins < ends
