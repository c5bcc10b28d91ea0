"""When a device is due for review or removal. The ward board prompts on these rules and
the measures count them as "past review": one definition for both."""

from __future__ import annotations

from django.conf import settings

from .models import EntryPointKind

# An answer that calls for the device to come out, and what the board says about it.
REVIEW_ANSWERS: dict[tuple[str, str], str] = {
    ("still_needed", "no"): "Last check says not needed: remove",
    ("indication", "none"): "No valid indication: remove the catheter",
}
REVIEW_ITEM_CODES = tuple(code for code, _value in REVIEW_ANSWERS)


def review_hours(kind: str) -> float | None:
    """How long a device of `kind` may stay before it is due for review (None: no limit).
    A peripheral IV: PIV_REVIEW_HOURS (CDC 2011: replace no more often than every 72-96 h;
    re-site when clinically indicated)."""
    return settings.PIV_REVIEW_HOURS if kind == EntryPointKind.PERIPHERAL_IV else None


def long_dwelling(kind: str, hours: float) -> bool:
    """In place longer than its kind's review hours."""
    limit = review_hours(kind)
    return limit is not None and hours > limit
