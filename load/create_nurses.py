"""Create the simulated nurses of a load run; print them as JSON.

Run by load/run.py with DATABASE_URL set to the load database, after seed_demo:
    python -m load.create_nurses COUNT
The password comes from LOAD_NURSE_PASSWORD (a new random one each run). Nurses are
load001, load002, ..., each on one ward, spread evenly over the seeded wards.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    count = int(sys.argv[1])
    password = os.environ["LOAD_NURSE_PASSWORD"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from checklists.models import Role, User, Ward

    wards = list(Ward.objects.order_by("code"))
    if not wards:
        sys.exit("No wards: run seed_demo first.")
    # One hash for all: the hasher is deliberately slow, and they share the password.
    hashed = make_password(password)
    with transaction.atomic():
        nurses = User.objects.bulk_create(
            User(
                username=f"load{n:03d}",
                first_name="Load",
                last_name=f"Nurse {n}",
                role=Role.NURSE,
                password=hashed,
            )
            for n in range(1, count + 1)
        )
        on_ward = [wards[i % len(wards)] for i in range(count)]
        User.wards.through.objects.bulk_create(
            User.wards.through(user_id=nurse.pk, ward_id=ward.pk)
            for nurse, ward in zip(nurses, on_ward, strict=True)
        )
    print(
        json.dumps(
            [
                {"username": nurse.username, "ward": ward.code}
                for nurse, ward in zip(nurses, on_ward, strict=True)
            ]
        )
    )


if __name__ == "__main__":
    main()
