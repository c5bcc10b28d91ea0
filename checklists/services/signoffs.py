"""A manager's monthly sign-off of a ward."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import audit, measures, permissions
from ..models import MonthSignOff, User, Ward
from .common import now_or

COMMENT_MAX_LENGTH = 1000


def sign_off_month(
    *, manager: User, ward: Ward, month: date, comment: str, now: datetime | None = None
) -> MonthSignOff:
    """Sign off a ward's month once it is over. Nothing is frozen: the figures seen at
    sign-off are kept with it, and later corrections are listed against it."""
    now = now_or(now)
    if not permissions.can_sign_off(manager, ward):
        raise PermissionDenied("Only a manager of this ward can sign off its months.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Add a comment: what you reviewed, and any actions.")
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(f"Keep the comment under {COMMENT_MAX_LENGTH} characters.")
    period = measures.month_of(month)
    if period.end >= timezone.localdate(now):
        raise ValidationError(f"{period.start:%B %Y} is not over yet; sign it off once it ends.")
    m = measures.measure(measures.collect([ward], period, now))
    figures = {
        "due": m.due,
        "done": m.done,
        "compliant": m.compliant,
        "missed": m.missed,
        "late": m.late,
        "compliance": m.compliance,
    }
    with transaction.atomic():
        sign_off = MonthSignOff.objects.create(
            ward=ward,
            month=period.start,
            signed_by=manager,
            signed_at=now,
            comment=comment,
            figures=figures,
        )
        audit.log(
            manager,
            "month.signed_off",
            sign_off,
            {"ward": ward.code, "month": f"{period.start:%Y-%m}", **figures},
        )
    return sign_off
