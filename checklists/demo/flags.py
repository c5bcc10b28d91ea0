"""The infection flags the demo's checks open and close, by the rule services/flags.py
keeps as checks are recorded one at a time: walking each entry point's current checks
day by day, a sign of infection opens a flag, a later check with none closes it, and a
removal closes what is still open. Some flags that were screened, with nothing left
owed, are closed on a clinician's decision, so the demo shows every way a flag closes.
tests/test_cmd_seed_demo.py holds them to the rule."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import sepsis
from ..models import Check, CloseReason, FlagClosure, InfectionFlag, SepsisScreen
from .checks import Draft
from .screens import NAMES, Screens

DECIDED = 0.3  # of the screened flags that owe nothing more, closed on a decision


@dataclass
class Flags:
    flags: list[InfectionFlag]
    closures: list[FlagClosure]


def plan_flags(
    checks: list[Draft],
    corrections: list[Draft],
    screens: Screens,
    rng: random.Random,
    now: datetime,
) -> Flags:
    """The flags of one slice's entry points (all their checks are in the slice)."""
    current = _current_checks(checks, corrections)
    owing = {s.pk for s in screens.screens if s.escalate}
    owing -= {e.screen.pk for e in screens.escalations}
    by_check: dict[int, list[SepsisScreen]] = defaultdict(list)
    for screen in screens.screens:
        if screen.prompted_by is not None:
            by_check[screen.prompted_by.pk].append(screen)
    planned = Flags([], [])
    for point_checks in current.values():
        flag: InfectionFlag | None = None
        for n, check in enumerate(point_checks):
            if check.infection_sign and flag is None:
                flag = InfectionFlag(
                    entry_point=check.entry_point,
                    ward=check.ward,
                    opened_by=check,
                    opened_at=check.observed_at,
                )
                planned.flags.append(flag)
            elif not check.infection_sign and flag is not None:
                planned.closures.append(_closed_by_check(flag, check))
                flag = None
            if flag is None:
                continue
            following = point_checks[n + 1] if n + 1 < len(point_checks) else None
            decision = _decision(flag, by_check, owing, (check, following), rng, now)
            if decision is not None:
                planned.closures.append(decision)
                flag = None
        point = point_checks[0].entry_point
        if flag is not None and point.removed_at is not None:
            planned.closures.append(
                FlagClosure(
                    flag=flag,
                    reason=CloseReason.DEVICE_REMOVED,
                    closed_at=point.removed_at,
                    recorded_at=point.removed_at,
                    recorded_by=point.removed_by or flag.opened_by.recorded_by,
                )
            )
    return planned


def _current_checks(checks: list[Draft], corrections: list[Draft]) -> dict[int, list[Check]]:
    """Each entry point's checks that count (a correction in place of what it corrects),
    oldest day first."""
    replaced = {d.check.corrects_id for d in corrections}
    by_point: dict[int, list[Check]] = defaultdict(list)
    for draft in (*checks, *corrections):
        if draft.check.pk not in replaced:
            by_point[draft.check.entry_point_id].append(draft.check)
    for point_checks in by_point.values():
        point_checks.sort(key=lambda c: (c.clinical_date, c.recorded_at))
    return by_point


def _closed_by_check(flag: InfectionFlag, check: Check) -> FlagClosure:
    return FlagClosure(
        flag=flag,
        reason=CloseReason.CLEAR_CHECK,
        closed_at=check.observed_at,
        check_record=check,
        recorded_at=check.recorded_at,
        recorded_by=check.recorded_by,
    )


def _decision(
    flag: InfectionFlag,
    by_check: dict[int, list[SepsisScreen]],
    owing: set[int],
    checks: tuple[Check, Check | None],
    rng: random.Random,
    now: datetime,
) -> FlagClosure | None:
    """Now and then, a clinician's decision after the screen the flag's check prompted,
    when that screen owes nothing, between the check just walked (`checks`: it, and the
    entry point's next check if any) and the next: a flag still open at a check cannot
    have closed before it."""
    screens = by_check.get(flag.opened_by.pk, [])
    if not screens or screens[-1].pk in owing or rng.random() >= DECIDED:
        return None
    screen = screens[-1]
    at = screen.observed_at + timedelta(minutes=rng.randint(30, 180))
    current, following = checks
    if at >= now or at < current.observed_at:
        return None
    if following is not None and at >= following.observed_at:
        return None
    removed = flag.entry_point.removed_at
    if removed is not None and at >= removed:
        return None
    return FlagClosure(
        flag=flag,
        reason=CloseReason.DECISION,
        closed_at=at,
        screen=screen,
        decided_by_role=sepsis.Told.DOCTOR.value,
        decided_by_name=rng.choice(NAMES[:3]),
        note="Reviewed after the sepsis screen: no further action for sepsis.",
        recorded_at=at,
        recorded_by=screen.recorded_by,
    )


def save_flags(planned: Flags) -> None:
    """Flags, then their closures (which need the flags' keys)."""
    InfectionFlag.objects.bulk_create(planned.flags, batch_size=2000)
    FlagClosure.objects.bulk_create(planned.closures, batch_size=2000)
