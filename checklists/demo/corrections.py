"""Corrections: a new check that points at the one it replaces, with a reason,
recorded later by the same nurse or a colleague on that ward (services.correct_check)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ..models import Check
from ..models import EntryPointKind as Kind
from .answers import usual_answers
from .checks import Context, Draft, evaluate
from .plans import hours

# Roughly one check in 250 is corrected, but always a few, however short the history.
SHARE, AT_LEAST = 0.004, 5
# (kind or "" for any, item code, corrected value, reason)
FIXES: tuple[tuple[str, str, str, str], ...] = (
    (Kind.PERIPHERAL_IV, "vip_score", "1", "VIP score mis-read"),
    (Kind.PERIPHERAL_IV, "vip_score", "0", "VIP score mis-read"),
    (Kind.BREATHING_TUBE, "cuff_pressure", "26", "Cuff pressure mistyped: it was 26"),
    (Kind.URINARY_CATHETER, "indication", "U", "Indication chosen in error; post-op retention"),
    (Kind.PRESSURE_INJURY, "repositioned", "yes", "Repositioning chart checked: it was done"),
    ("", "dressing_intact", "yes", "Ticked the wrong box: dressing was intact"),
    ("", "dressing_intact", "no", "Dressing was lifting at the edge: not intact"),
)
WRONG_LINE = "Entered against the wrong line"


def plan_corrections(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """Corrections of a few checks, mostly ones that had failed (as in life,
    where a failed item is what makes someone look again)."""
    candidates = [d for d in drafts if d.check.recorded_at < ctx.now - hours(1)]
    failed = [d for d in candidates if not d.check.is_compliant]
    count = min(max(AT_LEAST, round(len(drafts) * SHARE)), len(candidates))
    chosen = ctx.rng.sample(failed, min(len(failed), count * 2 // 3))
    taken = {id(d) for d in chosen}
    rest = [d for d in candidates if id(d) not in taken]
    chosen += ctx.rng.sample(rest, count - len(chosen))
    return [_correction(original, ctx) for original in chosen]


def _correction(original: Draft, ctx: Context) -> Draft:
    check = original.check
    values, reason = _corrected_values(original, ctx)
    items = ctx.items[original.device.kind]
    answers = evaluate(items, values)
    correction = check.new_correction(
        recorded_by=_corrector(check, ctx),
        recorded_at=_later(check.recorded_at, ctx.now, ctx.rng),
        reason=reason,
    )
    correction.judge(answers)
    return Draft(correction, answers, values, original.device)


def _corrected_values(original: Draft, ctx: Context) -> tuple[dict[str, str], str]:
    kind, values = original.device.kind, dict(original.values)
    fixes = [
        (code, value, reason)
        for fix_kind, code, value, reason in FIXES
        if fix_kind in ("", kind) and values.get(code) not in (None, value)
    ]
    if fixes and ctx.rng.random() < 0.75:
        code, value, reason = ctx.rng.choice(fixes)
        values[code] = value
        return values, reason
    items = ctx.items[kind]
    fresh = usual_answers(
        items, original.device, ctx.rng, dwell_day=5, in_icu=original.check.ward.is_icu
    )
    return fresh, WRONG_LINE


def _later(recorded_at: datetime, now: datetime, rng: random.Random) -> datetime:
    """From twenty minutes to a day and a half after the original, never in the future."""
    later = recorded_at + timedelta(minutes=rng.uniform(20, 36 * 60))
    return min(later, now - timedelta(minutes=1))


def _corrector(check: Check, ctx: Context):
    """Usually whoever made the entry; otherwise a colleague on the same ward."""
    if ctx.rng.random() < 0.6:
        return check.recorded_by
    return ctx.rng.choice(ctx.nurses[check.ward.code])
