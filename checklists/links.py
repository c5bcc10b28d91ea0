"""The screens' links: from a figure to the checks behind it, and to records by their
public id. Built with reverse(), so only the screens (views, dashboards, the ward board)
import this; the tables and the reports are handed these functions, or None for paper."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode
from uuid import UUID

from django.urls import reverse

from .measures import Period
from .tables.cells import FigureLink


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


def figure_links(period: Period, ward: str = "", kind: str = "") -> FigureLink:
    """The drill-downs of one ward's and kind's figures, the same URLs as check_list_url
    gives. The shared part is built once: the overview has thousands. A tables.Linker."""
    base = check_list_url(period, ward=ward, kind=kind, show="")

    def link(show: str, item: str = "") -> str:
        if not show:
            return base
        return f"{base}&{urlencode({'show': show, **({'item': item} if item else {})})}"

    return link


def sepsis_links(period: Period, ward: str = "", kind: str = "") -> Callable[[str], str]:
    """The lists behind one ward's and kind's signs-of-infection figures: the figure's
    name (a key of measures.sepsis.FIGURES) to the URL of the flags or screens it counts.
    A tables.sepsis.FigureList."""
    params = period_params(period) | {k: v for k, v in (("ward", ward), ("kind", kind)) if v}
    base = f"{reverse('checklists:sepsis-list')}?{urlencode(params)}"
    return lambda figure: f"{base}&{urlencode({'show': figure})}"


def record_link(name: str) -> Callable[[UUID], str]:
    """reverse(name, args=[public_id]) for a page's worth of ids: reversed once, then
    filled in. A reverse() costs more than the rest of a table row's rendering."""
    marker = "00000000-0000-0000-0000-000000000000"
    prefix, suffix = reverse(name, args=[marker]).split(marker)
    return lambda public_id: f"{prefix}{public_id}{suffix}"


def infection_links(period: Period, ward: str, infection_type: str) -> str:
    """The counted infection events behind a rate's numerator: the infection list for the
    period, ward (code; "" for all) and type, only those in the rate. A
    tables.outcomes.EventLink."""
    params = {
        k: v
        for k, v in (
            ("ward", ward),
            ("infection_type", infection_type),
            ("start", period.start.isoformat()),
            ("end", period.end.isoformat()),
            ("counted", "1"),
        )
        if v
    }
    return f"{reverse('checklists:infection-list')}?{urlencode(params)}"
