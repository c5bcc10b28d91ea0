"""Check the audit trail's hash chain from the first event to the last.

Exit status 0 and the head of the chain (worth noting down outside this system: an
event removed from the end leaves no broken link); 1 and the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...audit_chain import GENESIS, event_hash
from ...models import AuditEvent

FIELDS = ("pk", "at", "actor_id", "action", "object_type", "object_id", "data")


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args, **options) -> None:
        previous, count, before = GENESIS, 0, None
        events = AuditEvent.objects.order_by("pk").values_list(*FIELDS, "previous_hash", "hash")
        for (
            pk,
            at,
            actor_id,
            action,
            object_type,
            object_id,
            data,
            linked,
            stored,
        ) in events.iterator(chunk_size=5000):
            where = f"event #{pk} ({timezone.localtime(at):%d %b %Y %H:%M:%S}, {action})"
            if linked != previous:
                after = f"event #{before}" if before else "the start of the trail"
                raise CommandError(
                    f"Broken link at {where}: it does not follow {after}. An event between "
                    "them was removed or changed."
                )
            if event_hash(linked, at, actor_id, action, object_type, object_id, data) != stored:
                raise CommandError(
                    f"Broken link at {where}: its contents no longer match its hash. It was "
                    "changed after it was written."
                )
            previous, before, count = stored, pk, count + 1
        self.stdout.write(
            f"Audit trail intact: {count} events, chained from the first to the last.\n"
            f"Head of the chain: {previous} (event #{before}). Keep this value elsewhere: "
            "events removed from the end would leave no broken link."
        )
