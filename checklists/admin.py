"""Django admin for set-up: wards, staff, checklist templates.

Clinical records are shown read-only: they are corrected through the app,
never edited or deleted here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import audit
from .models import (
    AuditEvent,
    Check,
    ChecklistItem,
    ChecklistTemplate,
    EntryPoint,
    MonthSignOff,
    Patient,
    Stay,
    User,
    Ward,
)


class AuditedAdmin(admin.ModelAdmin):
    """Set-up changes (wards, staff, roles, patients' details, templates) go to the
    audit trail too: an administrator must not be able to bypass it."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        action = f"admin.{obj._meta.model_name}.{'changed' if change else 'added'}"
        audit.log(request.user, action, obj, {"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj) -> None:
        audit.log(request.user, f"admin.{obj._meta.model_name}.deleted", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            audit.log(request.user, f"admin.{obj._meta.model_name}.deleted", obj)
        super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        changed = [fs.model._meta.model_name for fs in formsets if fs.has_changed()]
        if changed:
            audit.log(request.user, "admin.related.changed", form.instance, {"inlines": changed})


@admin.register(Ward)
class WardAdmin(AuditedAdmin):
    list_display = ["code", "name", "is_icu", "beds", "count_time", "nhsn_location"]


@admin.register(User)
class StaffAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "wards", "is_active"]
    ward_work = ("Ward work", {"fields": ["role", "wards", "hospital_wide"]})
    fieldsets = [*UserAdmin.fieldsets, ward_work]
    add_fieldsets = [*UserAdmin.add_fieldsets, ward_work]
    filter_horizontal = ["wards", "groups", "user_permissions"]


def _template_in_use(template: ChecklistTemplate | None) -> bool:
    return template is not None and Check.objects.filter(template=template).exists()


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0

    def has_change_permission(self, request, obj=None) -> bool:
        return not _template_in_use(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return not _template_in_use(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not _template_in_use(obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(AuditedAdmin):
    """A version that checks have answered is frozen: old checks must keep meaning what
    they meant. To change a checklist, add a new version (same kind, next number)."""

    list_display = ["kind", "version", "title", "created_at"]
    inlines = [ChecklistItemInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return not _template_in_use(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Clinical and audit records: view only, whoever is logged in."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Check)
class CheckAdmin(ReadOnlyAdmin):
    list_display = ["clinical_date", "ward", "entry_point", "is_compliant", "recorded_by"]
    list_filter = ["ward", "is_compliant", "is_late"]


@admin.register(EntryPoint)
class EntryPointAdmin(ReadOnlyAdmin):
    list_display = ["kind", "body_site", "started_at", "removed_at"]


@admin.register(Stay)
class StayAdmin(ReadOnlyAdmin):
    list_display = ["ward", "started_at", "ended_at", "end_reason"]


@admin.register(Patient)
class PatientAdmin(AuditedAdmin):
    list_display = ["hospital_number", "full_name", "date_of_birth"]
    search_fields = ["hospital_number"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MonthSignOff)
class MonthSignOffAdmin(ReadOnlyAdmin):
    list_display = ["ward", "month", "signed_by", "signed_at"]
    list_filter = ["ward"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
