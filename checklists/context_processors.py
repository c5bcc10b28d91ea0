from django.conf import settings

from .permissions import can_issue_reports, visible_wards


def navigation(request) -> dict:
    """The hospital's name, the wards this user may open (one query, lazily) and whether
    to offer the reports page."""
    user = getattr(request, "user", None)
    wards = visible_wards(user) if user is not None and user.is_authenticated else []
    return {
        "hospital_name": settings.HOSPITAL_NAME,
        "nav_wards": wards,
        "nav_reports": user is not None and can_issue_reports(user),
    }
