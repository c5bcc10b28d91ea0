"""Issuing audit reports and verifying them: every PDF handed out is registered with the
SHA-256 of its bytes, and every download and verification is in the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import audit, permissions
from ..models import IssuedReport, User
from ..reports.build import build_report
from ..reports.numbers import new_number, numbers_in
from ..reports.pdf import render
from ..reports.request import ReportRequest
from .common import now_or


def issue_report(
    request: ReportRequest, *, by: User | None, via: str = "web", now: datetime | None = None
) -> tuple[IssuedReport, bytes]:
    """Build the PDF, register it and log the download, all or nothing. `by` is None only
    for the command line, which the machine's administrators run."""
    now = now_or(now)
    if by is not None and not permissions.can_report_on(by, request):
        raise PermissionDenied("You may not download this report.")
    number = new_number(now)
    while IssuedReport.objects.filter(number=number).exists():
        number = new_number(now)
    report = build_report(request, number=number, now=now, issued_by=by.display_name if by else via)
    rendered = render(report)
    digest = hashlib.sha256(rendered.content).hexdigest()
    with transaction.atomic():
        issued = IssuedReport.objects.create(
            number=number,
            scope=request.scope,
            parameters=request.parameters(),
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
            | request.parameters(),
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
    report: IssuedReport | None = None  # the register entry it matches, or claims to be
    is_pdf: bool = True


# Enough overlap between chunks that a report number cut in two is still found.
_OVERLAP = 64


def verify_report(chunks: Iterable[bytes], *, by: User) -> Verdict:
    """Genuine: the bytes are exactly those of a registered report. Altered: the file
    names a registered report but its bytes differ. Unknown: neither."""
    if not permissions.can_verify_reports(by):
        raise PermissionDenied("Only auditors and managers verify reports.")
    digest, size, claimed, tail, head = hashlib.sha256(), 0, [], b"", b""
    for chunk in chunks:
        head += chunk[: 5 - len(head)]
        digest.update(chunk)
        size += len(chunk)
        window = tail + chunk
        claimed.extend(n for n in numbers_in(window) if n not in claimed)
        tail = window[-_OVERLAP:]
    sha256 = digest.hexdigest()
    match = IssuedReport.objects.select_related("issued_by").filter(sha256=sha256).first()
    if match is not None:
        verdict = Verdict(Result.GENUINE, sha256, size, match)
    else:
        named = IssuedReport.objects.select_related("issued_by").filter(number__in=claimed).first()
        result = Result.ALTERED if named is not None else Result.UNKNOWN
        verdict = Verdict(result, sha256, size, named, is_pdf=head == b"%PDF-")
    audit.log(
        by,
        "report.verified",
        verdict.report,
        {"result": verdict.result, "sha256": sha256, "size": size, "claimed": claimed[:5]},
    )
    return verdict
