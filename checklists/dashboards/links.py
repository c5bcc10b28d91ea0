"""Links from a figure to the checks behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from ..measures import Period


def check_list_url(
    period: Period,
    *,
    ward: str = "",
    kind: str = "",
    show: str = "due",
    item: str = "",
    csv: bool = False,
) -> str:
    params = {"period": "custom", "start": period.start.isoformat(), "end": period.end.isoformat()}
    params |= {
        k: v for k, v in (("ward", ward), ("kind", kind), ("show", show), ("item", item)) if v
    }
    name = "checklists:check-list-csv" if csv else "checklists:check-list"
    return f"{reverse(name)}?{urlencode(params)}"


def linker(period: Period, *, ward: str = "", kind: str = ""):
    """A function show -> drill-down URL for one ward and kind."""
    return lambda show: check_list_url(period, ward=ward, kind=kind, show=show)
