from .audit import AuditEvent
from .checks import Answer, Check
from .entry_points import EntryPoint, EntryPointKind
from .flags import CloseReason, FlagClosure, FlagStep, InfectionFlag
from .infections import Decision, HarmStage, InfectionEvent
from .patients import Patient, Stay
from .reports import IssuedReport, ReportScope
from .rollup import DayTally
from .screens import Escalation, SepsisScreen
from .signoffs import MonthSignOff
from .staff import Role, User, Ward
from .templates import AnswerType, ChecklistItem, ChecklistTemplate

__all__ = [
    "Answer",
    "AnswerType",
    "AuditEvent",
    "Check",
    "DayTally",
    "ChecklistItem",
    "ChecklistTemplate",
    "CloseReason",
    "Decision",
    "EntryPoint",
    "EntryPointKind",
    "Escalation",
    "FlagClosure",
    "HarmStage",
    "InfectionEvent",
    "FlagStep",
    "InfectionFlag",
    "IssuedReport",
    "MonthSignOff",
    "Patient",
    "ReportScope",
    "SepsisScreen",
    "Role",
    "Stay",
    "User",
    "Ward",
]
