"""Fresh peripheral IVs for the check-recording measurement, through the app's own
service (checklists.services.add_entry_point), so that every timed POST records a new
check; and their removal afterwards, so the wards' boards stay as seeded.

Run by bench/run.py with DATABASE_URL set to a bench database:
    python -m bench.fixtures add WARD COUNT      prints the new IVs' public ids as JSON
    python -m bench.fixtures remove              removes every IV this script added

The IVs go to the patients currently on WARD (ICU by default: the demo nurse records
there, and the measured board is 5A's), round-robin, inserted two hours ago.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

BENCH_SITE = "[bench] Left forearm"
NURSE = "nurse"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    command = sys.argv[1]
    if command == "add":
        print(json.dumps(add(sys.argv[2], int(sys.argv[3]))))
    elif command == "remove":
        print(json.dumps(remove()))
    else:
        sys.exit(f"unknown command {command!r}")


def add(ward_code: str, count: int) -> list[str]:
    from django.utils import timezone

    from checklists.models import EntryPoint, EntryPointKind, Stay, User
    from checklists.services import add_entry_point

    nurse = User.objects.get(username=NURSE)
    stays = list(
        Stay.objects.current()
        .filter(ward__code=ward_code)
        .select_related("patient")
        .order_by("bed", "pk")
    )
    if not stays:
        sys.exit(f"No patient is on ward {ward_code} now.")
    now = timezone.now()
    added = []
    for n in range(count):
        patient = stays[n % len(stays)].patient
        point = EntryPoint(
            kind=EntryPointKind.PERIPHERAL_IV,
            body_site=BENCH_SITE,
            started_at=now - timedelta(hours=2),
            gauge="20G",
        )
        add_entry_point(nurse=nurse, patient=patient, entry_point=point, now=now)
        added.append(str(point.public_id))
    return added


def remove() -> dict[str, int]:
    """Removes the IVs still in place; says how many checks they got (each at most one)."""
    from django.utils import timezone

    from checklists.models import Check, EntryPoint, User
    from checklists.services import remove_entry_point

    nurse = User.objects.get(username=NURSE)
    points = EntryPoint.objects.filter(body_site=BENCH_SITE, removed_at__isnull=True)
    checks = Check.objects.filter(entry_point__in=points, corrects__isnull=True)
    counts = {
        "checks": checks.count(),
        "checked": checks.values("entry_point").distinct().count(),
    }
    removed = 0
    for point in points.select_related("patient"):
        now = timezone.now()
        remove_entry_point(
            nurse=nurse, entry_point=point, at=now, reason="Benchmark finished", now=now
        )
        removed += 1
    return counts | {"removed": removed}


if __name__ == "__main__":
    main()
