"""Check the audit trail's hash chain from the first event to the last.

Exit status 0 and the head of the chain (worth noting down outside this system: an
event removed from the end leaves no broken link); 1 and the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ... import audit


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if not result.intact:
            raise CommandError(result.message)
        self.stdout.write(result.message)
