"""Dashboards for managers (and anyone who may read a ward): the overview of every ward,
one ward's dashboard, the checks behind a figure, the flags or screens behind a
signs-of-infection figure, their CSV exports, and sign-off."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import measures, page_cache, services
from ..dashboards.check_list import build_check_list
from ..dashboards.forms import CheckListForm, PeriodForm, SepsisListForm, SignOffForm
from ..dashboards.overview import build_overview
from ..dashboards.sepsis_list import build_sepsis_list
from ..dashboards.ward import build_ward_dashboard
from ..links import infection_links
from ..models import Ward
from ..permissions import can_read_infections, can_sign_off, get_ward_for, visible_wards
from ..tables.cells import total_label
from ._common import csv_download, save_with


def _period_form(request: HttpRequest, form_class=PeriodForm):
    """The period asked for; the last 4 weeks when nothing is asked."""
    form = form_class(request.GET or {"period": "4weeks"}, today=timezone.localdate())
    return form, form.is_valid()


def _period_context(form: PeriodForm, valid: bool) -> dict:
    """What every dashboard page shows about its period, and the query that keeps it."""
    return {
        "form": form,
        "period": form.chosen if valid else None,
        "period_query": urlencode(form.query()) if valid else "",
        "target": settings.COMPLIANCE_TARGET,
    }


def overview(request: HttpRequest) -> HttpResponse:
    form, valid = _period_form(request)
    context = _period_context(form, valid)
    if valid:
        context["grid_html"] = _overview_grid(request, context)
    return render(request, "checklists/dashboard_overview.html", context)


def _overview_grid(request: HttpRequest, context: dict) -> str:
    wards = list(visible_wards(request.user))
    # The long table of every figure only when asked for: most come for the grid.
    with_table = request.GET.get("figures") == "table"
    period, now = context["period"], timezone.now()
    grid_context = context | {
        "with_table": with_table,
        "csv_url": f"{reverse('checklists:dashboard-overview-csv')}?{context['period_query']}",
    }

    event_link = infection_links if can_read_infections(request.user) else None
    total = total_label(wards, request.user.sees_all_wards)

    def build() -> tuple[str, datetime]:
        grid_context["overview"] = build_overview(
            wards, period, now, with_table, event_link=event_link, total=total
        )
        html = render_to_string("checklists/_overview_grid.html", grid_context)
        return html, measures.next_change(wards, period, now)

    key = (tuple(w.pk for w in wards), context["period_query"], with_table, bool(event_link), total)
    return page_cache.fragment("overview", key, now, build)


def overview_csv(request: HttpRequest) -> HttpResponse:
    form, valid = _period_form(request)
    if not valid:
        return render(request, "checklists/dashboard_overview.html", {"form": form}, status=400)
    # ?table=: the signs of infection by ward (sepsis), the infections next to their
    # bundles by ward (outcomes_by_ward) or one of them month by month (outcome_clabsi, ...).
    asked = request.GET.get("table", "overview")
    sepsis, outcomes = asked == "sepsis", asked.startswith("outcome")
    wards, p = list(visible_wards(request.user)), form.chosen
    board = build_overview(
        wards,
        p,
        timezone.now(),
        with_table=asked == "overview",
        with_sepsis=sepsis,
        with_outcomes=outcomes,
        total=total_label(wards, request.user.sees_all_wards),
    )
    table = board.sepsis if sepsis else board.tables.get(asked)
    if table is None:
        raise Http404("No such table")
    name = {"overview": "", "sepsis": "-signs-of-infection"}.get(asked, f"-{asked}")
    return csv_download(table, f"ipc-overview{name}-{p.start}-{p.end}")


def ward_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    form, valid = _period_form(request)
    event_link = infection_links if can_read_infections(request.user) else None
    dashboard = (
        build_ward_dashboard(ward, form.chosen, timezone.now(), event_link) if valid else None
    )
    context = _period_context(form, valid) | {
        "ward": ward,
        "dashboard": dashboard,
        "can_sign_off": can_sign_off(request.user, ward),
    }
    context["csv"] = {
        slug: f"{reverse('checklists:ward-dashboard-csv', args=[ward.code, slug])}"
        f"?{context['period_query']}"
        for slug in (dashboard.tables if dashboard else ())
    }
    context["outcome_sections"] = [
        (table, chart, context["csv"][table.slug])
        for table, chart in (dashboard.outcome_charts if dashboard else [])
    ]
    return render(request, "checklists/ward_dashboard.html", context)


def ward_dashboard_csv(request: HttpRequest, code: str, table: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    form, valid = _period_form(request)
    if not valid:
        return render(
            request, "checklists/ward_dashboard.html", {"ward": ward, "form": form}, status=400
        )
    dashboard = build_ward_dashboard(ward, form.chosen, timezone.now())
    if table not in dashboard.tables:
        raise Http404("No such table")
    p = form.chosen
    return csv_download(dashboard.tables[table], f"ipc-{ward.code}-{table}-{p.start}-{p.end}")


def _check_list(request: HttpRequest, everything: bool):
    form, valid = _period_form(request, CheckListForm)
    if not valid:
        return form, None
    data = form.cleaned_data
    wards = _chosen_wards(request, data["ward"])
    result = build_check_list(
        request.user,
        wards,
        form.chosen,
        timezone.now(),
        kind=data["kind"],
        show=data["show"],
        item=data["item"].strip(),
        page=data["page"] or 1,
        everything=everything,
    )
    return form, result


def check_list(request: HttpRequest) -> HttpResponse:
    form, result = _check_list(request, everything=False)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "checklists/check_list.html",
        {"form": form, "result": result, "query": query.urlencode()},
    )


def check_list_csv(request: HttpRequest) -> HttpResponse:
    form, result = _check_list(request, everything=True)
    if result is None:
        return render(request, "checklists/check_list.html", {"form": form}, status=400)
    p = result.period
    return csv_download(result.table, f"ipc-checks-{p.start}-{p.end}")


def _chosen_wards(request: HttpRequest, code: str) -> list[Ward]:
    """The reader's wards, or the one asked for (404 if it is not one of them)."""
    wards = list(visible_wards(request.user))
    if code:
        wards = [w for w in wards if w.code == code]
        if not wards:
            raise Http404("No such ward")
    return wards


def _sepsis_list(request: HttpRequest):
    form, valid = _period_form(request, SepsisListForm)
    if not valid:
        return form, None
    data = form.cleaned_data
    wards = _chosen_wards(request, data["ward"])
    return form, build_sepsis_list(wards, form.chosen, data["kind"], data["show"])


def sepsis_list(request: HttpRequest) -> HttpResponse:
    form, result = _sepsis_list(request)
    return render(
        request,
        "checklists/sepsis_list.html",
        {"form": form, "result": result, "query": request.GET.urlencode()},
    )


def sepsis_list_csv(request: HttpRequest) -> HttpResponse:
    form, result = _sepsis_list(request)
    if result is None:
        return render(request, "checklists/sepsis_list.html", {"form": form}, status=400)
    p = result.period
    return csv_download(result.table, f"ipc-signs-of-infection-{result.show}-{p.start}-{p.end}")


@require_POST
def sign_off_month(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    if not can_sign_off(request.user, ward):
        # Before the form: nobody else is told what to fix in a form they may not send.
        raise PermissionDenied("Only a manager of this ward can sign off its months.")
    form = SignOffForm(request.POST)
    signed = save_with(
        form,
        lambda cleaned: services.sign_off_month(
            manager=request.user, ward=ward, month=cleaned["month"], comment=cleaned["comment"]
        ),
    )
    if signed is not None:
        messages.success(request, f"{ward.name}: {signed.month:%B %Y} signed off.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("checklists:ward-dashboard", code=ward.code)
