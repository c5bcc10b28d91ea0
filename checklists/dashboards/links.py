"""Links from a figure to the checks behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from ..measures import Period


def period_params(period: Period) -> dict[str, str]:
    """A period as query parameters, so that a link shows the very same days."""
    return {"period": "custom", "start": period.start.isoformat(), "end": period.end.isoformat()}


def check_list_url(
    period: Period,
    *,
    ward: str = "",
    kind: str = "",
    show: str = "due",
    item: str = "",
) -> str:
    params = period_params(period) | {
        k: v for k, v in (("ward", ward), ("kind", kind), ("show", show), ("item", item)) if v
    }
    return f"{reverse('checklists:check-list')}?{urlencode(params)}"


def linker(period: Period, *, ward: str = "", kind: str = ""):
    """A function show -> drill-down URL for one ward and kind, the same URL as
    check_list_url gives. The shared part is built once: the overview has thousands."""
    base = check_list_url(period, ward=ward, kind=kind, show="")
    return lambda show: f"{base}&{urlencode({'show': show})}" if show else base
