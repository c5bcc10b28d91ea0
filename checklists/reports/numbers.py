"""Report numbers: unique, printed on every page, and findable in a PDF's bytes."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.utils import timezone

# No 0/O or 1/I: people read these numbers out over the phone.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PATTERN = re.compile(rb"IPC-\d{8}-[A-Z2-9]{6}")


def new_number(now: datetime) -> str:
    """IPC-<date>-<six random characters>: 32**6 (about 10**9) per day, so two reports
    never meet by chance; the register's unique constraint guards anyway."""
    token = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"IPC-{timezone.localdate(now):%Y%m%d}-{token}"


def numbers_in(content: bytes) -> list[str]:
    """Report numbers written in a PDF's bytes (its metadata is not compressed), in
    the order they appear, without repeats."""
    seen: dict[str, None] = {}
    for match in _PATTERN.finditer(content):
        seen.setdefault(match.group().decode("ascii"), None)
    return list(seen)
