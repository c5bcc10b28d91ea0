"""The ward board, its filters, the nurse's "my patients" and the printed handover sheet.

What a nurse chooses to see is hers alone and lives in her session, per ward (by code):
the patients she took for the shift (`board_mine`) and the board's last query string
(`board_query`), so that a saved check brings her back to the same filtered board. Neither
is a clinical record: no audit event, nothing in the database but the session.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from .. import page_cache
from ..board import Status, WardBoard, build_ward_board
from ..board_filters import (
    STATUS_FILTER_LABELS,
    BoardFilter,
    FilteredBoard,
    ParsedFilter,
    filter_board,
    filtered_patient_rows,
    parse_filter,
    summary,
)
from ..models import EntryPointKind, Stay, Ward
from ..permissions import can_record_on_ward, get_ward_for

MINE_KEY = "board_mine"
QUERY_KEY = "board_query"

# Where the per-request part (filter form, "my patients") goes in the board's fragment.
# A comment no escaped text can make: a name holding it would read "&lt;!--...".
TOOLBAR_MARK = "<!-- board-toolbar -->"


def ward_board(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    can_write = can_record_on_ward(request.user, ward)
    now = timezone.now()
    parsed = parse_filter(request.GET)
    _remember(request.session, QUERY_KEY, ward.code, parsed.filter.query_string())
    mine = my_patients(request.session, ward.code)
    filtered: FilteredBoard | None = None
    if not parsed.filter.active and parsed.saved is None:
        # The whole board, the same for every reader with the same rights: kept by
        # page_cache under (ward, can_write) exactly as before filters existed.
        def build() -> tuple[str, datetime]:
            board = build_ward_board(ward, now)
            context = _fragment_context(ward, can_write, board, None)
            html = render_to_string("checklists/_ward_board.html", context)
            return _compact(html), board.changes_at

        html = str(page_cache.fragment("ward-board", (ward.pk, can_write), now, build))
    else:
        # A filtered board, or one marking the row this nurse just saved, is hers alone
        # (her search, her patients, her row): built from the same fixed queries and
        # filtered in Python, then rendered for her and never kept, so no one else's page
        # can show it. A save has just changed the records' version, so the kept whole
        # board would have been rebuilt for the next reader anyway.
        board = build_ward_board(ward, now)
        filtered = filter_board(board, parsed.filter, mine, parsed.saved)
        context = _fragment_context(ward, can_write, board, filtered)
        context["no_mine_chosen"] = parsed.filter.mine and not mine
        html = render_to_string("checklists/_ward_board.html", context)
    if filtered is None and not parsed.notes:
        toolbar = _plain_toolbar(ward.code, len(mine))
    else:
        toolbar = _render_toolbar(_toolbar_context(ward.code, parsed, len(mine), filtered))
    # Both parts were rendered by templates that escape what they show.
    board_html = mark_safe(html.replace(TOOLBAR_MARK, toolbar, 1))  # noqa: S308
    context = {"ward": ward, "board_html": board_html}
    return render(request, "checklists/ward_board.html", context)


# A run of white space that holds a line break: the template's indentation. The board
# has no <pre> or <textarea>, where it would matter, so one line break says the same.
_INDENTATION = re.compile(r"\s*\n\s*")


def _compact(html: str) -> str:
    """The kept board without its template indentation: an eighth fewer bytes on every
    look (and over a ward's Wi-Fi), paid for once per build."""
    return _INDENTATION.sub("\n", html)


def _fragment_context(
    ward: Ward, can_write: bool, board: WardBoard, filtered: FilteredBoard | None
) -> dict[str, Any]:
    return {
        "board": board,
        "ward": ward,
        "can_write": can_write,
        "summary": summary(board),
        "not_due": board.count(Status.NOT_DUE),
        "rows": board.patients if filtered is None else filtered_patient_rows(filtered),
        "filtered": filtered,
        "active_status": filtered.filter.status if filtered else "",
        "saved": filtered.saved if filtered else None,
        "toolbar_mark": mark_safe(TOOLBAR_MARK),  # noqa: S308
    }


def _toolbar_context(
    code: str, parsed: ParsedFilter, mine_count: int, filtered: FilteredBoard | None
) -> dict[str, Any]:
    query = parsed.filter.query_string()
    return {
        "ward": {"code": code},
        "filter": parsed.filter,
        "notes": parsed.notes,
        "mine_count": mine_count,
        "statuses": list(STATUS_FILTER_LABELS.items()),
        "kinds": list(EntryPointKind.choices),
        "filtered": filtered,
        "handover_query": f"?{query}" if query else "",
    }


def _render_toolbar(context: dict[str, Any]) -> str:
    return render_to_string("checklists/_board_toolbar.html", context)


@lru_cache(maxsize=512)
def _kept_plain_toolbar(code: str, mine_count: int) -> str:
    return _render_toolbar(_toolbar_context(code, ParsedFilter(BoardFilter()), mine_count, None))


def _plain_toolbar(code: str, mine_count: int) -> str:
    """The toolbar of the whole board: the same for every look at a ward with as many
    patients chosen, so each worker renders it once (the kept board stays as fast as it
    was before the toolbar). Rendered afresh in development, where templates change."""
    if settings.DEBUG:
        return _kept_plain_toolbar.__wrapped__(code, mine_count)
    return _kept_plain_toolbar(code, mine_count)


def ward_handover(request: HttpRequest, code: str) -> HttpResponse:
    """A plain sheet for the shift handover: the board's patients under the same filter,
    with room for notes. Read-only; rendered per request (it is the reader's filter)."""
    ward = get_ward_for(request.user, code)
    now = timezone.now()
    parsed = parse_filter(request.GET)
    mine = my_patients(request.session, ward.code)
    board = build_ward_board(ward, now)
    filtered = filter_board(board, parsed.filter, mine)
    query = parsed.filter.query_string()
    context = {
        "ward": ward,
        "board": board,
        "filtered": filtered,
        "rows": filtered_patient_rows(filtered),
        "notes": parsed.notes,
        "filter": parsed.filter,
        "filter_labels": _filter_labels(parsed),
        "board_url": reverse("checklists:ward-board", args=[ward.code])
        + (f"?{query}" if query else ""),
    }
    return render(request, "checklists/board_handover.html", context)


def _filter_labels(parsed: ParsedFilter) -> list[str]:
    f = parsed.filter
    labels = []
    if f.status:
        labels.append(STATUS_FILTER_LABELS[f.status])
    if f.kind:
        labels.append(EntryPointKind(f.kind).label)
    if f.q:
        labels.append(f"search “{f.q}”")
    if f.mine:
        labels.append("my patients")
    return labels


def choose_my_patients(request: HttpRequest, code: str) -> HttpResponse:
    """The nurse ticks the patients she has for her shift; the board's "My patients"
    then shows only those. Kept in her session, per ward; an empty choice clears it."""
    # The rule (permissions.py): whoever reads the ward may keep her own list of it.
    ward = get_ward_for(request.user, code)
    stays = list(
        Stay.objects.current()
        .filter(ward=ward)
        .select_related("patient")
        .order_by("bed", "patient__full_name")
    )
    on_ward = {str(s.patient.public_id) for s in stays}
    board = reverse("checklists:ward-board", args=[ward.code])
    if request.method == "POST":
        chosen = [] if "clear" in request.POST else request.POST.getlist("patients")
        # Only patients now on this ward: anything else posted is dropped.
        kept = sorted(set(chosen) & on_ward)
        _remember(request.session, MINE_KEY, ward.code, kept)
        if kept:
            messages.success(request, f"My patients: {len(kept)} chosen for this shift.")
            return redirect(f"{board}?mine=1")
        messages.info(request, "My patients cleared: the board shows every patient.")
        return redirect(board)
    mine = set(my_patients(request.session, ward.code))
    context = {
        "ward": ward,
        "stays": [(s, str(s.patient.public_id) in mine) for s in stays],
        "board_url": board,
    }
    return render(request, "checklists/my_patients.html", context)


def my_patients(session: SessionBase, code: str) -> list[str]:
    """The public ids of the patients this session's user chose on this ward."""
    chosen = session.get(MINE_KEY, {}).get(code, [])
    return [str(value) for value in chosen] if isinstance(chosen, list) else []


def _remember(session: SessionBase, key: str, code: str, value: Any) -> None:
    """Keep `value` for this ward in the session, writing the session only when it
    changes: the board's every look must not cost a session save."""
    kept = session.get(key, {})
    if not isinstance(kept, dict):
        kept = {}
    if kept.get(code, "" if key == QUERY_KEY else []) == value:
        return
    session[key] = {**kept, code: value}


def board_as_left(request: HttpRequest, ward_code: str) -> str:
    """The board as this nurse last filtered it, for every way back to it."""
    kept = request.session.get(QUERY_KEY, {})
    query = kept.get(ward_code, "") if isinstance(kept, dict) else ""
    # The kept string was normalised by the board (board_filters); parse it again so
    # that nothing but the filter's own names goes back into the address.
    normalised = parse_filter(_pairs(query)).filter.query_string()
    board = reverse("checklists:ward-board", kwargs={"code": ward_code})
    return f"{board}?{normalised}" if normalised else board


def board_after_save(request: HttpRequest, ward_code: str, entry_point_id: UUID) -> str:
    """Where a saved check, removal or re-site returns: the board as the nurse last
    filtered it, showing and marking the row just saved (even if the filter would now
    hide it)."""
    board = board_as_left(request, ward_code)
    joiner = "&" if "?" in board else "?"
    return f"{board}{joiner}saved={entry_point_id}#entry-{entry_point_id}"


def _pairs(query: str) -> dict[str, str]:
    return dict(parse_qsl(query))
