"""Issuing audit reports and verifying them: every PDF handed out is registered with the
SHA-256 of its bytes, and every download and verification is in the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from pypdf import PdfReader

from .. import audit, permissions
from ..models import IssuedReport, User
from ..reports.build import build_report
from ..reports.numbers import new_number, numbers_in
from ..reports.pdf import render
from ..reports.spec import ReportSpec
from .common import now_or


def issue_report(
    spec: ReportSpec, *, by: User | None, via: str = "web", now: datetime | None = None
) -> tuple[IssuedReport, bytes]:
    """Build the PDF, register it and log the download, all or nothing. `by` is None only
    for the command line, which the machine's administrators run."""
    now = now_or(now)
    if by is not None and not permissions.can_report_on(by, spec):
        raise PermissionDenied("You may not download this report.")
    number = new_number(now)
    while IssuedReport.objects.filter(number=number).exists():
        number = new_number(now)
    report = build_report(spec, number=number, now=now, issued_by=by.display_name if by else via)
    rendered = render(report)
    digest = hashlib.sha256(rendered.content).hexdigest()
    with transaction.atomic():
        issued = IssuedReport.objects.create(
            number=number,
            scope=spec.scope,
            parameters=spec.parameters(),
            issued_by=by,
            issued_via=via,
            data_cutoff=now,
            issued_at=now_or(None),
            page_count=rendered.page_count,
            size_bytes=len(rendered.content),
            sha256=digest,
        )
        audit.log(
            by,
            "report.issued",
            issued,
            {"number": number, "via": via, "pages": rendered.page_count, "sha256": digest}
            | spec.parameters(),
        )
    return issued, rendered.content


class Result:
    GENUINE = "genuine"
    ALTERED = "altered"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verdict:
    result: str
    sha256: str
    size_bytes: int
    # The register entry the file matches (genuine) or claims to be (altered), when this
    # user may read it; `claimed` is the number the file names, whoever may read it.
    report: IssuedReport | None = None
    claimed: str = ""
    is_pdf: bool = True


# Enough overlap between chunks that a report number cut in two is still found.
_OVERLAP = 64
# A file naming more numbers than this is no report of ours; reading on gains nothing.
_MOST_CLAIMS = 10


def verify_report(
    chunks: Iterable[bytes], *, by: User, reopen: Callable[[], BinaryIO] | None = None
) -> Verdict:
    """Genuine: the bytes are exactly those of a registered report. Altered: the file
    names a registered report but its bytes differ. Unknown: neither.

    `reopen` gives the file again, to look for its number in a PDF whose metadata an
    editor has compressed (the bytes then do not show it)."""
    if not permissions.can_verify_reports(by):
        raise PermissionDenied("Only auditors and managers verify reports.")
    digest, size, tail, head = hashlib.sha256(), 0, b"", b""
    claimed: dict[str, None] = {}
    for chunk in chunks:
        head += chunk[: 5 - len(head)]
        digest.update(chunk)
        size += len(chunk)
        if len(claimed) < _MOST_CLAIMS:
            window = tail + chunk
            claimed.update(dict.fromkeys(numbers_in(window)))
            tail = window[-_OVERLAP:]
    sha256 = digest.hexdigest()
    is_pdf = head == b"%PDF-"
    match = IssuedReport.objects.select_related("issued_by").filter(sha256=sha256).first()
    if match is not None:
        # Whoever holds the very bytes holds everything the register entry says.
        verdict = Verdict(Result.GENUINE, sha256, size, match, match.number)
    else:
        numbers = list(claimed)[:_MOST_CLAIMS]
        if not numbers and is_pdf and reopen is not None:
            numbers = _numbers_in_metadata(reopen())
        registered = {r.number: r for r in IssuedReport.objects.filter(number__in=numbers)}
        # The first number the file names that we issued: its own, not one pasted in later.
        named = next((registered[n] for n in numbers if n in registered), None)
        if named is None:
            verdict = Verdict(Result.UNKNOWN, sha256, size, is_pdf=is_pdf)
        else:
            readable = permissions.issued_reports_for(by).filter(pk=named.pk).exists()
            verdict = Verdict(
                Result.ALTERED, sha256, size, named if readable else None, named.number, is_pdf
            )
    audit.log(
        by,
        "report.verified",
        verdict.report,
        {"result": verdict.result, "sha256": sha256, "size": size, "claimed": verdict.claimed},
    )
    return verdict


def _numbers_in_metadata(document: BinaryIO) -> list[str]:
    """Report numbers in the PDF's document information (subject and keywords), read
    with a PDF parser; nothing when the file cannot be parsed."""
    try:
        info: Mapping[str, object] = PdfReader(document).metadata or {}
        text = " ".join(str(info.get(key, "")) for key in ("/Subject", "/Keywords", "/Title"))
    except Exception:  # noqa: BLE001 (a damaged or hostile file is simply "unknown")
        return []
    return numbers_in(text.encode("ascii", "ignore"))
