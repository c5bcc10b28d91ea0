"""Every clinical write: one function each, one transaction each, one audit event each.

Rules that protect the record live here, not in forms or views, so the seed
command, the views and later the API all obey them. A broken rule raises
ValidationError with a message fit to show the nurse; a missing right raises
PermissionDenied.
"""

from .checks import correct_check, record_check
from .common import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from .entry_points import (
    add_entry_point,
    remove_entry_point,
    resite_entry_point,
)
from .flags import close_flag, latest_screen_since
from .infections import EventDetails, Review, correct_infection, record_infection
from .reports import issue_report, verify_report
from .screens import correct_screen, record_escalation, record_screen
from .signoffs import sign_off_month
from .stays import admit_patient, discharge_patient, transfer_patient

__all__ = [
    "EventDetails",
    "NOTE_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "Review",
    "add_entry_point",
    "admit_patient",
    "close_flag",
    "correct_check",
    "correct_infection",
    "correct_screen",
    "discharge_patient",
    "issue_report",
    "latest_screen_since",
    "record_check",
    "record_escalation",
    "record_infection",
    "record_screen",
    "remove_entry_point",
    "resite_entry_point",
    "sign_off_month",
    "transfer_patient",
    "verify_report",
]
