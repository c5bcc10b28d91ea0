"""Links from a figure to the checks behind it, and to records by their public id."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode
from uuid import UUID

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


def link(name: str) -> Callable[[UUID], str]:
    """reverse(name, args=[public_id]) for a page's worth of ids: reversed once, then
    filled in. A reverse() costs more than the rest of a table row's rendering."""
    marker = "00000000-0000-0000-0000-000000000000"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return lambda public_id: f"{prefix}{public_id}{suffix}"
