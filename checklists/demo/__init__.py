"""Demo data: a small hospital with weeks of realistic history and one login per role.

Used by `manage.py seed_demo`. The history is simulated in memory (who was in
which bed, which devices they had, what each day's check found), then written in
bulk inside one transaction. Bulk writes bypass services, so every rule the
services enforce is kept here by construction; tests/test_cmd_seed_demo.py
checks the result against the same rules.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..measures import Period, rollup
from ..models import ChecklistTemplate, CloseReason, EntryPointKind, User, Ward
from .checks import Context, Draft, plan_checks
from .corrections import plan_corrections
from .devices import plan_devices
from .flags import Flags, plan_flags, save_flags
from .infections import plan_infections, save_infections
from .journeys import simulate
from .layout import SMALL, Layout, hospital
from .output import Summary, login_lines, summary_lines
from .plans import PatientPlan
from .save import save_checks, save_patients
from .screens import Screens, plan_screens, save_screens
from .signoffs import sign_off_whole_months
from .staff import DEMO_LOGINS, DEMO_PASSWORD, LEAD_USERNAME, create_people, create_wards

DEFAULT_SEED = 2024
DEFAULT_WEEKS = 8
# --scale: the 4-ward demo, or a 1,200-bed hospital on 40 wards for benchmarks.
SCALES = ("demo", "hospital")
HOSPITAL_WEEKS = 52

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "SCALES",
    "DemoError",
    "Summary",
    "existing_logins",
    "has_wards",
    "login_lines",
    "seed",
    "summary_lines",
    "PATIENTS_PER_SLICE",
    "HOSPITAL_WEEKS",
]


class DemoError(Exception):
    """The database cannot take the demo data as it is."""


def has_wards() -> bool:
    return Ward.objects.exists()


def existing_logins() -> list[str]:
    """The demo usernames present in this database."""
    usernames = [p.username for p in DEMO_LOGINS]
    return list(User.objects.filter(username__in=usernames).values_list("username", flat=True))


# Checks are planned and written a slice of patients at a time, so memory stays flat
# however long the history (the small demo is one slice, so its data never changes).
PATIENTS_PER_SLICE = 2_000

Progress = Callable[[int, int], None]


def seed(
    *,
    now: datetime,
    seed: int = DEFAULT_SEED,
    days: int = DEFAULT_WEEKS * 7,
    scale: str = "demo",
    progress: Progress | None = None,
) -> Summary:
    """Create the demo hospital with `days` of history before today, all or nothing.
    `progress(patients_done, patients)` is called as the checks are written."""
    layout = SMALL if scale == "demo" else hospital(seed)
    _require_empty(layout)
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    # The screens draw from their own generator, so the checks stay what they were.
    screen_rng = random.Random(seed + 1)  # noqa: S311
    flag_rng = random.Random(seed + 2)  # noqa: S311 (and the flags theirs)
    infection_rng = random.Random(seed + 3)  # noqa: S311 (and the infection events theirs)
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days)
    with transaction.atomic():
        wards = create_wards(layout.wards)
        nurses = create_people(wards, layout.nurses)
        patients = simulate(rng, first_day, now, layout)
        for patient in patients:
            plan_devices(patient, rng, now)
        save_patients(patients, wards, nurses, rng, today)
        ctx = Context(rng, now, first_day, wards, nurses, *_templates())
        tally = Tally()
        for start in range(0, len(patients), PATIENTS_PER_SLICE):
            ctx.drafts = []
            part = patients[start : start + PATIENTS_PER_SLICE]
            checks = plan_checks(part, ctx)
            save_checks(checks)
            corrections = plan_corrections(checks, ctx)
            save_checks(corrections)
            tally.add(checks, corrections, ctx.today)
            by_device = {id(device): p for p in part for device in p.devices}
            screens = plan_screens(checks, by_device, screen_rng, now)
            save_screens(screens)
            tally.add_screens(screens)
            flags = plan_flags(checks, corrections, screens, flag_rng, now)
            save_flags(flags)
            tally.add_flags(flags)
            if progress:
                progress(min(start + PATIENTS_PER_SLICE, len(patients)), len(patients))
        lead = User.objects.get(username=LEAD_USERNAME)
        infections = plan_infections(patients, lead, infection_rng, now)
        save_infections(infections)
        tally.infections = len(infections.events)
        tally.infections_ruled_out = len(infections.corrections)
        sign_off_whole_months(wards, first_day, now)
        # Dashboards then open at once, however long the history.
        rollup.fill(list(wards.values()), Period(first_day, today), now)
        summary = _summarise(layout, patients, tally, ctx)
        counts = {"patients": summary.patients, "checks": summary.checks}
        data = {"seed": seed, "days": days, "scale": scale, **counts}
        audit.log(None, "demo.seeded", data=data)
    return summary


@dataclass
class Tally:
    """Counts of the checks written, kept as each slice is written and let go."""

    checks: int = 0
    late: int = 0
    non_compliant: int = 0
    infection_signs: int = 0
    done_today: int = 0
    corrections: int = 0
    screens: int = 0
    escalations: int = 0
    screens_high: int = 0
    flags: int = 0
    flags_open: int = 0
    flags_decided: int = 0
    infections: int = 0
    infections_ruled_out: int = 0

    def add(self, checks: list[Draft], corrections: list[Draft], today: date) -> None:
        self.checks += len(checks)
        self.late += sum(d.check.is_late for d in checks)
        self.non_compliant += sum(not d.check.is_compliant for d in checks)
        self.infection_signs += sum(d.check.infection_sign for d in checks)
        self.done_today += sum(d.check.clinical_date == today for d in checks)
        self.corrections += len(corrections)

    def add_screens(self, planned: Screens) -> None:
        self.screens += len(planned.screens)
        self.escalations += len(planned.escalations)
        self.screens_high += sum(s.risk_level == "high" for s in planned.screens)

    def add_flags(self, planned: Flags) -> None:
        self.flags += len(planned.flags)
        self.flags_open += len(planned.flags) - len(planned.closures)
        self.flags_decided += sum(c.reason == CloseReason.DECISION for c in planned.closures)


def _require_empty(layout: Layout) -> None:
    if has_wards():
        raise DemoError("The database already has wards; demo data goes into an empty one.")
    usernames = [p.username for p in DEMO_LOGINS + layout.nurses]
    taken = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if taken:
        raise DemoError(f"Demo usernames already taken: {', '.join(taken)}.")


def _templates() -> tuple[dict, dict]:
    """The current template of every kind and its items (two queries per kind)."""
    templates, items = {}, {}
    for kind in EntryPointKind.values:
        template = ChecklistTemplate.objects.current_for(kind)
        if template is None:
            raise DemoError(f"No checklist template for {kind}: run `manage.py migrate` first.")
        templates[kind], items[kind] = template, list(template.items.all())
    return templates, items


def _summarise(layout: Layout, patients: list[PatientPlan], tally: Tally, ctx: Context) -> Summary:
    stays = [s for p in patients for s in p.stays]
    devices = [d for p in patients for d in p.devices]
    kinds = {kind: sum(d.kind == kind for d in devices) for kind in EntryPointKind.values}
    return Summary(
        first_day=ctx.first_day,
        today=ctx.today,
        wards=len(layout.wards),
        beds=layout.beds,
        in_hospital=sum(p.left_at is None for p in patients),
        patients=len(patients),
        transfers=sum(s.end_reason == "transfer" for s in stays),
        discharges=sum(s.end_reason == "discharge" for s in stays),
        entry_points=kinds,
        in_place=sum(d.end is None for d in devices),
        due=ctx.due,
        missed=ctx.missed,
        checks=tally.checks,
        late=tally.late,
        non_compliant=tally.non_compliant,
        infection_signs=tally.infection_signs,
        corrections=tally.corrections,
        due_today=ctx.due_today,
        done_today=tally.done_today,
        screens=tally.screens,
        screens_high=tally.screens_high,
        escalations=tally.escalations,
        flags=tally.flags,
        flags_open=tally.flags_open,
        flags_decided=tally.flags_decided,
        infections=tally.infections,
        infections_ruled_out=tally.infections_ruled_out,
    )
