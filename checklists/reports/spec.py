"""What a report is asked for: its scope, wards or patient, and period. (Not an HTTP
request: a report is asked for by a page or by the audit_report command alike.)"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .. import days
from ..measures import Period
from ..models import Patient, ReportScope, Stay, Ward


@dataclass(frozen=True)
class ReportSpec:
    scope: str  # a ReportScope value
    period: Period
    wards: tuple[Ward, ...] = ()
    patient: Patient | None = None

    @classmethod
    def for_wards(cls, wards: list[Ward], period: Period, hospital: bool = False) -> ReportSpec:
        if hospital:
            scope = ReportScope.HOSPITAL
        else:
            scope = ReportScope.WARD if len(wards) == 1 else ReportScope.WARDS
        return cls(scope, period, tuple(wards))

    def require_patient(self) -> Patient:
        """The patient of a patient report (a report of wards has none)."""
        if self.patient is None:
            raise ValueError(f"A {self.scope} report is about wards, not a patient.")
        return self.patient

    @property
    def subject(self) -> str:
        """What the report is about, as its cover names it."""
        if self.patient is not None:
            return f"{self.patient.full_name} ({self.patient.hospital_number})"
        if self.scope == ReportScope.HOSPITAL:
            return f"Whole hospital ({len(self.wards)} wards)"
        return ", ".join(f"{w.code} - {w.name}" for w in self.wards)

    def parameters(self) -> dict[str, str | list[str]]:
        """For the register: enough to ask for the same report again, and no names."""
        params: dict[str, str | list[str]] = {
            "scope": self.scope,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
        }
        if self.wards:
            params["wards"] = [w.code for w in self.wards]
        if self.patient is not None:
            params["patient"] = str(self.patient.public_id)
        return params


def patient_spec(
    patient: Patient, period: Period, wards: QuerySet[Ward] | None = None
) -> ReportSpec:
    """A patient's report covers the wards the patient stayed on during the period, of
    `wards` (a query of the wards the reader may report on; None: every ward): a ward's
    manager reads the patient's time on that ward, not where the patient went next."""
    stays = Stay.objects.overlapping(*days.span(period.start, period.end)).filter(patient=patient)
    stayed_on = Ward.objects.filter(pk__in=stays.values("ward_id"))
    if wards is not None:
        stayed_on = stayed_on.filter(pk__in=wards.values("pk"))
    return ReportSpec(ReportScope.PATIENT, period, tuple(stayed_on.order_by("name")), patient)
