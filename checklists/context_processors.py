from django.conf import settings

from .permissions import visible_wards


def navigation(request) -> dict:
    """The hospital's name and the wards this user may open (one query, lazily)."""
    user = getattr(request, "user", None)
    wards = visible_wards(user) if user is not None and user.is_authenticated else []
    return {"hospital_name": settings.HOSPITAL_NAME, "nav_wards": wards}
