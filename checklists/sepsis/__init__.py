"""The bedside sepsis screen's rules: NEWS2 and the RCP response, qSOFA, and the NICE NG51
risk level with its antimicrobial deadline, from one set of observations.

Plain Python: no models, no HTTP, no database, no clock. Every rule, its source and its
test are listed in docs/sepsis.md."""

from .assessment import Assessment, assess
from .followup import FollowUp, Reply, Told, follow_up
from .limits import LIMITS, ImplausibleObservations, Limit, check_plausible, problems
from .news2 import News2, ParameterScore, score_news2
from .ng51 import Ng51Risk, RedFlag, RiskLevel, level_from_news2, ng51_risk
from .observations import (
    SCALE_2_WARNING,
    AirOrOxygen,
    Consciousness,
    Observations,
    Parameter,
    SpO2Scale,
)
from .qsofa import Qsofa, score_qsofa
from .response import CONTINUOUS, RESPONSES, Monitoring, Response, ResponseBand, response_for

__all__ = [
    "CONTINUOUS",
    "LIMITS",
    "RESPONSES",
    "SCALE_2_WARNING",
    "AirOrOxygen",
    "Assessment",
    "Consciousness",
    "FollowUp",
    "ImplausibleObservations",
    "Limit",
    "Monitoring",
    "News2",
    "Ng51Risk",
    "Observations",
    "Parameter",
    "ParameterScore",
    "Qsofa",
    "RedFlag",
    "Reply",
    "Response",
    "ResponseBand",
    "RiskLevel",
    "SpO2Scale",
    "Told",
    "assess",
    "check_plausible",
    "follow_up",
    "level_from_news2",
    "ng51_risk",
    "problems",
    "response_for",
    "score_news2",
    "score_qsofa",
]
