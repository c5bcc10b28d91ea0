"""Demo data: a small hospital with weeks of realistic history and one login per role.

Used by `manage.py seed_demo`. The history is simulated in memory (who was in
which bed, which devices they had, what each day's check found), then written in
bulk inside one transaction. Bulk writes bypass services, so every rule the
services enforce is kept here by construction; tests/test_cmd_seed_demo.py
checks the result against the same rules.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import ChecklistTemplate, EntryPointKind, User, Ward
from .checks import Context, Draft, plan_checks
from .corrections import plan_corrections
from .devices import plan_devices
from .journeys import simulate
from .output import Summary, login_lines, summary_lines
from .plans import PatientPlan
from .save import save_checks, save_patients
from .signoffs import sign_off_whole_months
from .staff import DEMO_LOGINS, DEMO_PASSWORD, WARD_NURSES, WARDS, create_people, create_wards

DEFAULT_SEED = 2024
DEFAULT_WEEKS = 8

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DemoError",
    "Summary",
    "existing_logins",
    "has_wards",
    "login_lines",
    "seed",
    "summary_lines",
]


class DemoError(Exception):
    """The database cannot take the demo data as it is."""


def has_wards() -> bool:
    return Ward.objects.exists()


def existing_logins() -> list[str]:
    """The demo usernames present in this database."""
    usernames = [p.username for p in DEMO_LOGINS]
    return list(User.objects.filter(username__in=usernames).values_list("username", flat=True))


def seed(*, now: datetime, seed: int = DEFAULT_SEED, weeks: int = DEFAULT_WEEKS) -> Summary:
    """Create the demo hospital with `weeks` of history up to `now`, all or nothing."""
    _require_empty()
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate(now)
    first_day = today - timedelta(weeks=weeks)
    with transaction.atomic():
        wards = create_wards()
        nurses = create_people(wards)
        patients = simulate(rng, first_day, now)
        for patient in patients:
            plan_devices(patient, rng, now)
        save_patients(patients, wards, nurses, rng, today)
        ctx = Context(rng, now, first_day, wards, nurses, *_templates())
        checks = plan_checks(patients, ctx)
        save_checks(checks)
        corrections = plan_corrections(checks, ctx)
        save_checks(corrections)
        sign_off_whole_months(wards, first_day, now)
        summary = _summarise(patients, checks, corrections, ctx)
        counts = {"patients": summary.patients, "checks": summary.checks}
        audit.log(None, "demo.seeded", data={"seed": seed, "weeks": weeks, **counts})
    return summary


def _require_empty() -> None:
    if has_wards():
        raise DemoError("The database already has wards; demo data goes into an empty one.")
    usernames = [p.username for p in DEMO_LOGINS + WARD_NURSES]
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


def _summarise(
    patients: list[PatientPlan], checks: list[Draft], corrections: list[Draft], ctx: Context
) -> Summary:
    stays = [s for p in patients for s in p.stays]
    devices = [d for p in patients for d in p.devices]
    kinds = {kind: sum(d.kind == kind for d in devices) for kind in EntryPointKind.values}
    return Summary(
        first_day=ctx.first_day,
        today=ctx.today,
        wards=len(WARDS),
        beds=sum(spec.beds for spec in WARDS),
        in_hospital=sum(p.left_at is None for p in patients),
        patients=len(patients),
        transfers=sum(s.end_reason == "transfer" for s in stays),
        discharges=sum(s.end_reason == "discharge" for s in stays),
        entry_points=kinds,
        in_place=sum(d.end is None for d in devices),
        due=ctx.due,
        missed=ctx.missed,
        checks=len(checks),
        late=sum(d.check.is_late for d in checks),
        non_compliant=sum(not d.check.is_compliant for d in checks),
        infection_signs=sum(d.check.infection_sign for d in checks),
        corrections=len(corrections),
        due_today=ctx.due_today,
        done_today=sum(d.check.clinical_date == ctx.today for d in checks),
    )
