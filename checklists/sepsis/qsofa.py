"""qSOFA, the quick Sequential Organ Failure Assessment (Sepsis-3; Singer et al. 2016,
JAMA): one point each for fast breathing, altered mentation and low systolic pressure,
all taken from the same observations as NEWS2.

Sepsis-3 defines altered mentation as a Glasgow Coma Scale below 15. A screen records
ACVPU, not GCS, so anything but Alert counts: new confusion already means a GCS below 15,
and responding only to voice or pain, or not at all, lower still."""

from __future__ import annotations

from dataclasses import dataclass

from .observations import Consciousness, Observations

RESPIRATORY_RATE_AT_LEAST = 22  # breaths/min
SYSTOLIC_BP_AT_MOST = 100  # mmHg
HIGH_RISK_AT_LEAST = 2  # points out of 3


@dataclass(frozen=True)
class Criterion:
    label: str
    met: bool


@dataclass(frozen=True)
class Qsofa:
    fast_breathing: bool
    altered_mentation: bool
    low_systolic_bp: bool

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """The three criteria, as a screen lists them."""
        return (
            Criterion(
                f"Respiratory rate {RESPIRATORY_RATE_AT_LEAST}/min or more", self.fast_breathing
            ),
            Criterion("Altered mentation (not alert)", self.altered_mentation),
            Criterion(
                f"Systolic blood pressure {SYSTOLIC_BP_AT_MOST} mmHg or less", self.low_systolic_bp
            ),
        )

    @property
    def score(self) -> int:
        return sum(criterion.met for criterion in self.criteria)

    @property
    def high_risk(self) -> bool:
        return self.score >= HIGH_RISK_AT_LEAST


def score_qsofa(observations: Observations) -> Qsofa:
    return Qsofa(
        fast_breathing=observations.respiratory_rate >= RESPIRATORY_RATE_AT_LEAST,
        altered_mentation=observations.consciousness != Consciousness.ALERT,
        low_systolic_bp=observations.systolic_bp <= SYSTOLIC_BP_AT_MOST,
    )
