"""What a report is asked for: its scope, wards or patient, and period."""

from __future__ import annotations

from dataclasses import dataclass

from .. import days
from ..measures import Period
from ..models import Patient, ReportScope, Stay, Ward


@dataclass(frozen=True)
class ReportRequest:
    scope: str  # a ReportScope value
    period: Period
    wards: tuple[Ward, ...] = ()
    patient: Patient | None = None

    @classmethod
    def for_wards(cls, wards: list[Ward], period: Period, hospital: bool = False):
        if hospital:
            scope = ReportScope.HOSPITAL
        else:
            scope = ReportScope.WARD if len(wards) == 1 else ReportScope.WARDS
        return cls(scope, period, tuple(wards))

    @property
    def subject(self) -> str:
        """What the report is about, as its cover names it."""
        if self.patient is not None:
            return f"{self.patient.full_name} ({self.patient.hospital_number})"
        if self.scope == ReportScope.HOSPITAL:
            return f"Whole hospital ({len(self.wards)} wards)"
        return ", ".join(f"{w.code} - {w.name}" for w in self.wards)

    def parameters(self) -> dict:
        """For the register: enough to ask for the same report again, and no names."""
        params: dict = {
            "scope": self.scope,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
        }
        if self.wards:
            params["wards"] = [w.code for w in self.wards]
        if self.patient is not None:
            params["patient"] = str(self.patient.public_id)
        return params


def patient_request(patient: Patient, period: Period, wards=None) -> ReportRequest:
    """A patient's report covers the wards the patient stayed on during the period, of
    `wards` (a query of the wards the reader may report on; None: every ward): a ward's
    manager reads the patient's time on that ward, not where the patient went next."""
    stays = Stay.objects.overlapping(*days.span(period.start, period.end)).filter(patient=patient)
    stayed_on = Ward.objects.filter(pk__in=stays.values("ward_id"))
    if wards is not None:
        stayed_on = stayed_on.filter(pk__in=wards.values("pk"))
    return ReportRequest(ReportScope.PATIENT, period, tuple(stayed_on.order_by("name")), patient)
