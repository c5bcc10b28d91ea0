"""Measures of bundle compliance and device use: the one definition the dashboards and
the PDF reports both count with. No HTTP here; pass `now` in."""

from .facts import ALL_KINDS, DueCheck, Facts, Outcome, PatientDay, collect, deadline
from .items import ItemMeasure, item_compliance
from .periods import Period, last_months, last_weeks, month_of, week_of
from .summary import (
    DWELL_BANDS,
    Dwell,
    Measures,
    by_ward_and_kind,
    dwell,
    measure,
    percent,
    trend,
)

__all__ = [
    "ALL_KINDS",
    "DWELL_BANDS",
    "DueCheck",
    "Dwell",
    "Facts",
    "ItemMeasure",
    "Measures",
    "Outcome",
    "PatientDay",
    "Period",
    "by_ward_and_kind",
    "collect",
    "deadline",
    "dwell",
    "item_compliance",
    "last_months",
    "last_weeks",
    "measure",
    "month_of",
    "percent",
    "trend",
    "week_of",
]
