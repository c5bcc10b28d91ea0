"""The kinds of infection event the app records, and the device each one may be
associated with (by the entry point kinds' codes in `models/entry_points.py`; a test
holds the two together)."""

from __future__ import annotations

from enum import StrEnum


class InfectionType(StrEnum):
    CLABSI = "clabsi"
    CAUTI = "cauti"
    VAE = "vae"
    SSI = "ssi"
    PRESSURE_INJURY = "hapi"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def short(self) -> str:
        return SHORT[self]


LABELS: dict[InfectionType, str] = {
    InfectionType.CLABSI: "CLABSI (central line-associated bloodstream infection)",
    InfectionType.CAUTI: "CAUTI (catheter-associated urinary tract infection)",
    InfectionType.VAE: "VAE (ventilator-associated event)",
    InfectionType.SSI: "SSI (surgical site infection)",
    InfectionType.PRESSURE_INJURY: "Pressure injury, stage 2 or worse (hospital-acquired)",
}

SHORT: dict[InfectionType, str] = {
    InfectionType.CLABSI: "CLABSI",
    InfectionType.CAUTI: "CAUTI",
    InfectionType.VAE: "VAE",
    InfectionType.SSI: "SSI",
    InfectionType.PRESSURE_INJURY: "Pressure injury",
}

# The entry point kind each device-associated infection needs (EntryPointKind codes).
DEVICE_KIND: dict[InfectionType, str] = {
    InfectionType.CLABSI: "cvc",
    InfectionType.CAUTI: "iuc",
    InfectionType.VAE: "airway",
}

DEVICE_NAME: dict[InfectionType, str] = {
    InfectionType.CLABSI: "central line",
    InfectionType.CAUTI: "urinary catheter",
    InfectionType.VAE: "ventilator",
}

# Rates per 1,000 device days; a pressure injury's is per 1,000 patient days.
RATE_PER_DEVICE_DAYS = frozenset(DEVICE_KIND)

# The surgical site surveillance period, procedure day as day 1 (NHSN ch. 9 lists 30 or
# 90 days by procedure; without the procedure category or an implant recorded, the
# shorter one).
SSI_SURVEILLANCE_DAYS = 30
