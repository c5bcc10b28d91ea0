"""Month sign-offs as a dashboard and the reports list them, and the corrections made to
a month after it was signed off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

from django.utils import timezone

from ..models import Check, MonthSignOff, Ward
from .cells import Cell, Table, percentage

SIGN_OFF_COLUMNS = ["Month", "Signed by", "Signed at", "Compliance % then", "Comment"]


def sign_off_cells(s: MonthSignOff) -> list[Cell]:
    """A sign-off's cells (reads s.signed_by)."""
    return [
        Cell(f"{s.month:%B %Y}"),
        Cell(s.signed_by.display_name),
        Cell(f"{timezone.localtime(s.signed_at):%d %b %Y %H:%M}"),
        percentage(s.figures.get("compliance")),
        Cell(s.comment),
    ]


def ward_sign_offs(
    ward: Ward, check_link: Callable[[UUID], str] | None = None
) -> tuple[Table, Table]:
    """The ward's last 24 sign-offs, newest first, and the corrections recorded after a
    month was first signed off (two queries; one if nothing was signed). `check_link`:
    a correction's page, for a screen."""
    signed = Table(
        "sign_offs", "Monthly sign-offs", SIGN_OFF_COLUMNS, empty="No month signed off yet."
    )
    later = Table(
        "corrections_after_sign_off",
        "Corrections made after a month was signed off",
        ["Month", "Day", "Patient", "Entry point", "Reason", "Corrected by", "Corrected at"],
        empty="No correction since sign-off.",
    )
    sign_offs = list(
        MonthSignOff.objects.filter(ward=ward)
        .select_related("signed_by")
        .order_by("-month", "-signed_at")[:24]
    )
    first_signed: dict[date, datetime] = {}
    for s in sign_offs:
        first_signed[s.month] = min(s.signed_at, first_signed.get(s.month, s.signed_at))
        signed.rows.append(sign_off_cells(s))
    if not first_signed:
        return signed, later
    corrections = (
        Check.objects.filter(
            ward=ward, corrects__isnull=False, clinical_date__gte=min(first_signed)
        )
        .select_related("recorded_by", "entry_point__patient")
        .order_by("clinical_date", "recorded_at")
    )
    for c in corrections:
        month = c.clinical_date.replace(day=1)
        if month not in first_signed or c.recorded_at <= first_signed[month]:
            continue
        later.rows.append(
            [
                Cell(f"{month:%B %Y}"),
                Cell(
                    f"{c.clinical_date:%d %b %Y}",
                    href=check_link(c.public_id) if check_link else "",
                ),
                Cell(c.entry_point.patient.full_name),
                Cell(str(c.entry_point)),
                Cell(c.correction_reason),
                Cell(c.recorded_by.display_name),
                Cell(f"{timezone.localtime(c.recorded_at):%d %b %Y %H:%M}"),
            ]
        )
    return signed, later
