"""One bedside sepsis screen worked out: the entry point a form or a service calls.

`assess` refuses implausible readings first (limits.py), so a typo never earns a score;
then it scores NEWS2, reads the RCP response, qSOFA and the NG51 level from the same
observations, and hands back one frozen result for the screen to show and, later, to
store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from .limits import check_plausible
from .news2 import News2, score_news2
from .ng51 import Ng51Risk, RedFlag, RiskLevel, ng51_risk
from .observations import Observations
from .qsofa import Qsofa, score_qsofa
from .response import Monitoring, Response, ResponseBand, response_for


@dataclass(frozen=True)
class Assessment:
    observations: Observations
    news2: News2
    response: Response
    qsofa: Qsofa
    ng51: Ng51Risk

    @property
    def band(self) -> ResponseBand:
        return self.response.band

    @property
    def monitoring(self) -> Monitoring:
        """The RCP chart's interval for the NEWS2 band. A red flag does not change it:
        the chart knows only the score (see docs/sepsis.md, "not decided here")."""
        return self.response.monitoring

    @property
    def risk_level(self) -> RiskLevel:
        return self.ng51.level

    @property
    def antimicrobials_within(self) -> timedelta | None:
        return self.ng51.antimicrobials_within

    @property
    def escalate(self) -> bool:
        """Whether someone beyond the patient's nurse must be told now: the response
        chart asks for it (a single 3, 5 or more, 7 or more), or a red flag is ticked."""
        return self.response.escalate or bool(self.ng51.red_flags)


def assess(observations: Observations, red_flags: Iterable[RedFlag | str] = ()) -> Assessment:
    """Score one screen. Raises limits.ImplausibleObservations, naming every implausible
    reading, and ValueError for an unknown red flag."""
    check_plausible(observations)
    score = score_news2(observations)
    return Assessment(
        observations=observations,
        news2=score,
        response=response_for(score.total, score.single_parameter_3),
        qsofa=score_qsofa(observations),
        ng51=ng51_risk(score.total, red_flags),
    )
