"""Measures of bundle compliance and device use: the one definition the dashboards and
the PDF reports both count with. No HTTP here; pass `now` in."""

from .facts import (
    ALL_KINDS,
    DueCheck,
    Facts,
    Outcome,
    PatientDay,
    collect,
    deadline,
    next_change,
)
from .items import ItemMeasure, item_compliance, item_compliance_by_ward
from .periods import Period, last_months, last_weeks, month_of, week_of
from .summary import (
    DWELL_BANDS,
    SHOWS,
    Dwell,
    Key,
    Measures,
    Tally,
    by_ward_and_kind,
    dwell,
    measure,
    percent,
    trend,
    trend_by_ward,
)

__all__ = [
    "ALL_KINDS",
    "DWELL_BANDS",
    "DueCheck",
    "Dwell",
    "Facts",
    "ItemMeasure",
    "Key",
    "Measures",
    "Outcome",
    "PatientDay",
    "Period",
    "SHOWS",
    "Tally",
    "by_ward_and_kind",
    "collect",
    "deadline",
    "dwell",
    "item_compliance",
    "item_compliance_by_ward",
    "last_months",
    "last_weeks",
    "measure",
    "month_of",
    "next_change",
    "percent",
    "trend",
    "trend_by_ward",
    "week_of",
]
