"""NHSN surveillance rules for infection events: present on admission or healthcare-
associated, device association, the ward an infection is attributed to, and the repeat
infection timeframe. Plain Python on dates, like `sepsis/`: the caller hands in the
patient's stays and devices as plain values (see `attribution.py`), and gets back each
conclusion with its reasoning in words. `docs/measures.md` lists every rule and its source."""

from .attribution import Assessment, Device, PriorEvent, StayDays, assess, find_admission
from .types import DEVICE_KIND, DEVICE_NAME, RATE_PER_DEVICE_DAYS, InfectionType

__all__ = [
    "Assessment",
    "DEVICE_KIND",
    "DEVICE_NAME",
    "Device",
    "InfectionType",
    "PriorEvent",
    "RATE_PER_DEVICE_DAYS",
    "StayDays",
    "assess",
    "find_admission",
]
