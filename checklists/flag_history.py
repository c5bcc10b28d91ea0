"""An infection flag's whole life, as the patient page and the check page tell it: the
check that opened it, the screens and escalations since, what it still asks for, and
its closure. Built from records already loaded; no query, no HTTP."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .models import Check, FlagClosure, FlagStep, InfectionFlag, SepsisScreen


@dataclass
class FlagHistory:
    flag: InfectionFlag
    closure: FlagClosure | None
    screens: list[SepsisScreen]  # oldest first, each with its escalation if recorded
    steps: list[FlagStep] = field(default_factory=list)  # while open

    @property
    def is_open(self) -> bool:
        return self.closure is None

    def covers(self, check: Check) -> bool:
        """Whether `check` was observed while the flag was open (its opening included)."""
        if check.pk == self.flag.opened_by_id:
            return True
        if check.observed_at < self.flag.opened_at:
            return False
        return self.closure is None or check.observed_at <= self.closure.closed_at


def flag_histories(
    flags: Iterable[InfectionFlag], screens: Iterable[SepsisScreen], now: datetime
) -> list[FlagHistory]:
    """`flags`: loaded with opened_by and closure; `screens`: the patient's, with their
    escalations. Newest flag first."""
    screens = sorted(screens, key=lambda s: (s.observed_at, s.pk))
    histories = []
    for flag in sorted(flags, key=lambda f: (f.opened_at, f.pk), reverse=True):
        closure = getattr(flag, "closure", None)
        during = [
            s
            for s in screens
            if s.observed_at >= flag.screens_from
            and (closure is None or s.observed_at <= closure.closed_at)
        ]
        history = FlagHistory(flag, closure, during)
        if closure is None:
            history.steps = flag.steps(during[-1] if during else None, now)
        histories.append(history)
    return histories
