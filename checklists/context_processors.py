from django.conf import settings

from . import security
from .permissions import can_issue_reports, can_read_infections, nav_wards


def navigation(request) -> dict:
    """The hospital's name, the wards this user may open (one query, lazily) and whether
    to offer the reports and infection pages."""
    user = getattr(request, "user", None)
    wards = nav_wards(user) if user is not None and user.is_authenticated else []
    return {
        "hospital_name": settings.HOSPITAL_NAME,
        "nav_wards": wards,
        "nav_reports": user is not None and can_issue_reports(user),
        "nav_infections": user is not None and can_read_infections(user),
    }


def session(request) -> dict:
    """For the time-out warning (static/js/session.js): the seconds this session lasts
    idle and when to warn; and a form kept over a time-out (checklists.kept_forms)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_seconds_left": security.seconds_left(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "kept_form": getattr(request, "kept_form", None),
    }
