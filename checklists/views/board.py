from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .. import page_cache
from ..board import build_ward_board
from ..permissions import can_record_on_ward, get_ward_for


def ward_board(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    can_write = can_record_on_ward(request.user, ward)
    now = timezone.now()

    def build() -> tuple[str, datetime]:
        board = build_ward_board(ward, now)
        context = {"board": board, "ward": ward, "can_write": can_write}
        return render_to_string("checklists/_ward_board.html", context), board.changes_at

    html = page_cache.fragment("ward-board", (ward.pk, can_write), now, build)
    return render(request, "checklists/ward_board.html", {"ward": ward, "board_html": html})
