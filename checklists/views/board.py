from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..board import build_ward_board
from ..permissions import can_record_on_ward, get_ward_for


def ward_board(request: HttpRequest, code: str) -> HttpResponse:
    ward = get_ward_for(request.user, code)
    board = build_ward_board(ward, timezone.now())
    return render(
        request,
        "checklists/ward_board.html",
        {"board": board, "ward": ward, "can_write": can_record_on_ward(request.user, ward)},
    )
