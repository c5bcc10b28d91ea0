"""Fresh peripheral IVs for the check-recording measurement, through the app's own
service (checklists.services.add_entry_point), so that every timed POST records a new
check; and their removal afterwards, so the wards' boards stay as seeded. For the
screen-recording measurement, the patients to screen and, afterwards, how many screens
were stored (screens are clinical records: append-only, so they stay).

Run by bench/run.py with DATABASE_URL set to a bench database:
    python -m bench.fixtures add WARD COUNT      prints the new IVs' public ids as JSON
    python -m bench.fixtures remove              removes every IV this script added
    python -m bench.fixtures patients WARD       the public ids of WARD's patients now
    python -m bench.fixtures screens NOTE        how many screens carry the note NOTE
    python -m bench.fixtures flags WARD COUNT    opens COUNT more infection flags on WARD
                                                 (a check with a sign of infection on a
                                                 line not checked today), if it has lines

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
    elif command == "patients":
        print(json.dumps(patients(sys.argv[2])))
    elif command == "screens":
        print(json.dumps(screens(sys.argv[2])))
    elif command == "flags":
        print(json.dumps(open_flags(sys.argv[2], int(sys.argv[3]))))
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


def patients(ward_code: str) -> list[str]:
    from checklists.models import Stay

    stays = Stay.objects.current().filter(ward__code=ward_code).order_by("bed", "pk")
    found = [str(p) for p in stays.values_list("patient__public_id", flat=True)]
    if not found:
        sys.exit(f"No patient is on ward {ward_code} now.")
    return found


def screens(note: str) -> dict[str, int]:
    from checklists.models import SepsisScreen

    marked = SepsisScreen.objects.filter(note=note)
    return {"screens": marked.count(), "patients": marked.values("patient").distinct().count()}


# A sign of infection on each kind of line, as a nurse would record it.
SIGNS = {"piv": {"vip_score": "2"}, "cvc": {"site_signs": "yes"}}


def open_flags(ward_code: str, count: int) -> dict[str, int]:
    """Records, through the app's service, checks that find a sign of infection on
    `count` of the ward's lines not yet checked today (fewer if it has fewer), opening a
    flag on each. Checks are clinical records: they stay, as the flags they open stay
    open until a later check or removal closes them, so a second run the same day finds
    the first run's flags already open and adds more."""
    from django.utils import timezone

    from checklists.models import ChecklistTemplate, EntryPoint, InfectionFlag, Stay, User
    from checklists.services import record_check

    nurse = User.objects.get(username=NURSE)
    flags = InfectionFlag.objects.open().filter(ward__code=ward_code)
    already = flags.count()
    now = timezone.now()
    today = timezone.localdate(now)
    on_ward = Stay.objects.current().filter(ward__code=ward_code).values("patient")
    lines = (
        EntryPoint.objects.filter(patient__in=on_ward, kind__in=SIGNS, removed_at__isnull=True)
        .exclude(checks__clinical_date=today)
        .select_related("patient")
        .order_by("pk")
    )
    opened = 0
    for line in lines[:count]:
        template = ChecklistTemplate.objects.current_for(line.kind)
        if template is None:
            sys.exit(f"No current checklist for {line.kind}: the database is not seeded.")
        items = template.items.all()
        answers = {i.code: i.expected_value for i in items} | SIGNS[line.kind]
        record_check(nurse=nurse, entry_point=line, observed_at=now, answers=answers, now=now)
        opened += 1
    return {"open_before": already, "opened": opened, "open": flags.count()}


if __name__ == "__main__":
    main()
