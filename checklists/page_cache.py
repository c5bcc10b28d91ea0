"""Pages that many people read between two writes, kept rendered until something could
change them.

A ward board or the hospital overview is read far more often than the records behind
it change: four nurses glance at the board between two checks, a manager reloads the
overview. Rendering either costs far more than finding out whether anything changed, so
each keeps its rendered part here, keyed by

- the records' version: the newest audit event that can change a record. Every
  clinical write goes through a service that logs an audit event in its transaction
  (checklists.audit), and so does every change made on the admin site
  (checklists.admin.AuditedAdmin), so a new event means something may have changed.
  Log-ins and reports issued or verified change no record, and leave the kept pages be
  (a shift's log-ins would otherwise drop every board). A write that bypassed both (raw
  SQL, a script) would not be seen until the next event;
- whatever else the caller names (the ward, what the user may do, the period, ...).

It is kept no later than the moment the caller says it would change with no new record
(a check turning overdue at 10:00, a device passing its review hours, midnight): the
builder returns that moment with the HTML.

The cache is each worker's own memory (Django's default cache); the version comes from
the database, so every worker sees every other worker's writes at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from .models import AuditEvent

# A fragment nobody asks for again is dropped after this long, to bound the memory.
KEEP_SECONDS = 3600


# Audit events that change no record a kept page shows.
NOT_RECORD_CHANGES = ("auth.", "report.")


def records_version() -> int:
    """The newest audit event that can change a record: the primary key's index read
    backwards, up to the first such event."""
    changes = AuditEvent.objects.all()
    for prefix in NOT_RECORD_CHANGES:
        changes = changes.exclude(action__startswith=prefix)
    return changes.order_by("-pk").values_list("pk", flat=True).first() or 0


def fragment(
    name: str,
    key: tuple[Hashable, ...],
    now: datetime,
    build: Callable[[], tuple[str, datetime]],
) -> SafeString:
    """The HTML `build()` gives, from the cache while the records are unchanged and `now`
    is before the moment `build` said it would change. `build` returns (html, changes_at).
    """
    if not settings.PAGE_CACHE:
        return _safe(build()[0])
    # The version is read before building: a write landing meanwhile leaves a fragment
    # that is newer than its key says, never an older one.
    full_key = repr((name, key, records_version()))
    cache_key = f"page:{hashlib.sha256(full_key.encode()).hexdigest()}"
    kept = cache.get(cache_key)
    if kept is not None and now < kept[1]:
        return _safe(kept[0])
    html, changes_at = build()
    cache.set(cache_key, (str(html), changes_at), KEEP_SECONDS)
    return _safe(html)


def _safe(html: str) -> SafeString:
    # A fragment is a template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308
