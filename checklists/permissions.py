"""Who may see and do what. Every view asks these predicates; nothing else decides.

- nurses read and write the wards they work on;
- managers read the wards they are responsible for, and write nothing clinical;
- auditors and admins read every ward and write nothing clinical;
- dashboards of a ward are open to everyone who may read the ward; only its managers
  sign its months off;
- audit reports (PDF) are for auditors and for managers about their own wards;
- a ward's board, filtered or not, its printed handover sheet and the choice of "my
  patients" for a shift are open to everyone who may read the ward (`get_ward_for`:
  another ward is a 404). "My patients" is kept in the user's own session and writes no
  record, so no role is asked for it.
- infection events are recorded and corrected by the infection-prevention lead (a
  hospital-wide manager) or an administrator; a unit manager reads those attributed to
  her wards, the lead, auditors and administrators read all; nurses none (403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeAlias, TypeVar
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDay
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .measures.infections import AssessedEvent, assessed
from .models import (
    Check,
    EntryPoint,
    InfectionEvent,
    InfectionFlag,
    IssuedReport,
    Patient,
    ReportScope,
    Role,
    SepsisScreen,
    Stay,
    User,
    Ward,
)

if TYPE_CHECKING:
    # Named in annotations only: the report code need not load with the permissions.
    from .reports.spec import ReportSpec

_P = ParamSpec("_P")
_R = TypeVar("_R")
# A view: the request first, then whatever the URL passes.
_View: TypeAlias = Callable[Concatenate[HttpRequest, _P], _R]


def visible_wards(user: User) -> QuerySet[Ward]:
    if user.sees_all_wards:
        return Ward.objects.all()
    return user.wards.all()


# Where `own_wards` keeps a user's wards on the user object.
_OWN_WARDS = "_own_wards"


def own_wards(user: User) -> list[Ward]:
    """The wards of a user who does not see them all, read once per user object: nearly
    every page asks (the navigation, the ward's lookup, whether she writes on it), and a
    request's user is loaded afresh for each request. Changing them through her own
    `wards` forgets them (`_forget_own_wards`)."""
    kept = user.__dict__.get(_OWN_WARDS)
    if kept is None:
        kept = user.__dict__[_OWN_WARDS] = list(user.wards.all())
    return kept


@receiver(m2m_changed, sender=User.wards.through)
def _forget_own_wards(sender: object, instance: object, **kwargs: object) -> None:
    if isinstance(instance, User):
        instance.__dict__.pop(_OWN_WARDS, None)


def nav_wards(user: User) -> QuerySet[Ward] | list[Ward]:
    """The wards the navigation lists: the user's own (already read for the page), or
    every ward, read when the menu is drawn."""
    return Ward.objects.all() if user.sees_all_wards else own_wards(user)


def _one_of_own(user: User, ward: Ward) -> bool:
    return any(w.pk == ward.pk for w in own_wards(user))


def can_view_ward(user: User, ward: Ward) -> bool:
    return user.sees_all_wards or _one_of_own(user, ward)


def can_write_clinical(user: User | AnonymousUser) -> bool:
    """Only nurses record clinical data, always in their own name. Someone signed out is
    refused here rather than failing on a missing role."""
    return user.is_authenticated and user.role == Role.NURSE


def can_open_patient(user: User, patient: Patient) -> bool:
    """Whether the patient's own page would open for this user (one query)."""
    return Patient.objects.visible_to(user).filter(pk=patient.pk).exists()


def can_record_on_ward(user: User, ward: Ward) -> bool:
    return can_write_clinical(user) and _one_of_own(user, ward)


def can_record_for(user: User, patient: Patient, current_stay: Stay | None) -> bool:
    """A nurse writes for a patient who is now on one of her wards."""
    return current_stay is not None and can_record_on_ward(user, current_stay.ward)


def can_sign_off(user: User | AnonymousUser, ward: Ward) -> bool:
    """A ward's manager (or a hospital-wide one) signs off its months."""
    return user.is_authenticated and user.role == Role.MANAGER and can_view_ward(user, ward)


def can_record_infections(user: User | AnonymousUser) -> bool:
    """Infection events are the infection-prevention lead's (a manager who answers for
    every ward) or an administrator's to record and correct, never a ward nurse's."""
    if not user.is_authenticated:
        return False
    return user.role == Role.ADMIN or (user.role == Role.MANAGER and user.sees_all_wards)


def can_read_infections(user: User | AnonymousUser) -> bool:
    """Managers (their wards' events), the lead, auditors and administrators (all)."""
    return user.is_authenticated and user.role in (Role.MANAGER, Role.AUDITOR, Role.ADMIN)


def can_issue_reports(user: User | AnonymousUser) -> bool:
    """Audit reports are for auditors (every ward) and managers (their wards); nurses
    see their wards on screen, and administrators set the system up. The navigation asks
    this on every page, the signed-out log-in page too."""
    return user.is_authenticated and user.role in (Role.AUDITOR, Role.MANAGER)


can_verify_reports = can_issue_reports


def report_wards(user: User) -> QuerySet[Ward]:
    """The wards this user may download reports of."""
    return visible_wards(user) if can_issue_reports(user) else Ward.objects.none()


def can_report_on(user: User, spec: ReportSpec) -> bool:
    """Every ward a report covers must be the user's: for a patient, the wards of the
    patient's stays it covers (see reports.spec.patient_spec). The whole hospital
    is for those who see every ward."""
    if not can_issue_reports(user):
        return False
    if user.sees_all_wards:
        return True
    if spec.scope == ReportScope.HOSPITAL:
        return False
    wards = {w.pk for w in spec.wards}
    return bool(wards) and wards <= set(user.wards.values_list("pk", flat=True))


def issued_reports_for(user: User) -> QuerySet[IssuedReport]:
    """The register as this user may read it: auditors and hospital-wide managers the
    whole of it, other managers the reports they issued themselves."""
    if not can_issue_reports(user):
        return IssuedReport.objects.none()
    if user.sees_all_wards:
        return IssuedReport.objects.all()
    return IssuedReport.objects.filter(issued_by=user)


def role_required(*roles: str) -> Callable[[_View[_P, _R]], _View[_P, _R]]:
    """View decorator: 403 unless the user has one of `roles`."""

    def decorator(view: _View[_P, _R]) -> _View[_P, _R]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            # The log-in middleware sends a signed-out visitor to log in before any view,
            # except one marked login_not_required: refused here too, having no role.
            if not request.user.is_authenticated or request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


nurse_required = role_required(Role.NURSE)


# --- Scoped loaders: another ward's record is a 404, not a 403 -------------------------


def get_ward_for(user: User, code: str) -> Ward:
    if user.sees_all_wards:
        return get_object_or_404(Ward, code=code)
    for ward in own_wards(user):
        if ward.code == code:
            return ward
    raise Http404("No such ward")


def get_patient_for(user: User, public_id: UUID | str) -> Patient:
    return get_object_or_404(Patient.objects.visible_to(user), public_id=public_id)


def get_entry_point_for(user: User, public_id: UUID | str) -> EntryPoint:
    visible = EntryPoint.objects.select_related("patient").filter(
        patient__in=Patient.objects.visible_to(user)
    )
    return get_object_or_404(visible, public_id=public_id)


def get_flag_for(user: User, public_id: UUID | str) -> InfectionFlag:
    """An infection flag on a patient the user may read now."""
    visible = InfectionFlag.objects.select_related(
        "entry_point__patient", "opened_by", "closure"
    ).filter(entry_point__patient__in=Patient.objects.visible_to(user))
    return get_object_or_404(visible, public_id=public_id)


def readable_checks(user: User) -> QuerySet[Check]:
    """Checks of patients the user may read now, and every check of a day the patient
    spent (in part) on a ward the user may read: a ward's history stays open to its
    staff and managers after the patient has gone, so that dashboards can drill down to
    it, including a check counted on this ward but recorded after a morning transfer."""
    if user.sees_all_wards:
        return Check.objects.all()
    on_my_ward_that_day = Stay.objects.filter(
        patient=OuterRef("entry_point__patient"),
        ward__in=visible_wards(user),
        started_at__lte=OuterRef("observed_at"),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("day_began")))
    # day_began: the midnight that began the check's clinical day, in the hospital's zone.
    return Check.objects.annotate(
        day_began=TruncDay("observed_at", tzinfo=timezone.get_current_timezone())
    ).filter(
        Q(entry_point__patient__in=Patient.objects.visible_to(user)) | Exists(on_my_ward_that_day)
    )


def get_check_for(user: User, public_id: UUID | str) -> Check:
    visible = readable_checks(user).select_related(
        "entry_point__patient", "ward", "recorded_by", "template"
    )
    return get_object_or_404(visible, public_id=public_id)


def get_correctable_check_for(user: User, public_id: UUID | str) -> Check:
    """A check whose patient the user may still read: a nurse corrects entries while the
    patient is on her ward or recently left it, not a ward's whole history."""
    visible = Check.objects.select_related(
        "entry_point__patient", "ward", "recorded_by", "template"
    ).filter(entry_point__patient__in=Patient.objects.visible_to(user))
    return get_object_or_404(visible, public_id=public_id)


def get_screen_for(user: User, public_id: UUID | str) -> SepsisScreen:
    """A sepsis screen of a patient the user may read now."""
    visible = SepsisScreen.objects.select_related(
        "patient",
        "ward",
        "recorded_by",
        "prompted_by__entry_point",
        "escalation__recorded_by",
        "corrects",
        "correction__recorded_by",
    ).filter(patient__in=Patient.objects.visible_to(user))
    return get_object_or_404(visible, public_id=public_id)


def readable_infections(user: User, events: list[AssessedEvent]) -> list[AssessedEvent]:
    """The assessed events this user may read: all for those who see every ward, those
    attributed to her wards for a unit manager, none for anyone else."""
    if not can_read_infections(user):
        return []
    if user.sees_all_wards:
        return events
    mine = {w.pk for w in own_wards(user)}
    return [e for e in events if e.ward_id in mine]


def get_infection_for(user: User, event_id: UUID | str) -> AssessedEvent:
    """An infection event's standing version with its conclusions, if this user may read
    it (another ward's event is a 404)."""
    standing = InfectionEvent.objects.standing().select_related(
        "patient", "recorded_by", "override_ward"
    )
    event = get_object_or_404(standing, event_id=event_id)
    readable = readable_infections(user, assessed([event]))
    if not readable:
        raise Http404("No such infection event")
    return readable[0]
