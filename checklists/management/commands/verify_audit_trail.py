"""Check the audit trail's hash chain from the first event to the last.

Exit status 0 and the head of the chain (worth noting down outside this system: an
event removed from the end leaves no broken link); 1 and the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...audit_chain import GENESIS, hash_of
from ...models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options) -> None:
        previous, count, before = GENESIS, 0, None
        for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=5000):
            where = f"event #{event.pk} ({timezone.localtime(event.at):%d %b %Y %H:%M:%S}, "
            where += f"{event.action})"
            if event.previous_hash != previous:
                after = f"event #{before}" if before else "the start of the trail"
                raise CommandError(
                    f"Broken link at {where}: it does not follow {after}. An event between "
                    "them was removed or changed."
                )
            if hash_of(event, event.previous_hash) != event.hash:
                raise CommandError(
                    f"Broken link at {where}: its contents no longer match its hash. It was "
                    "changed after it was written."
                )
            previous, before, count = event.hash, event.pk, count + 1
        self.stdout.write(
            f"Audit trail intact: {count} events, chained from the first to the last.\n"
            f"Head of the chain: {previous} (event #{before}). Keep this value elsewhere: "
            "events removed from the end would leave no broken link."
        )
