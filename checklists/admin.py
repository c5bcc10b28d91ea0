"""Django admin for set-up: wards, staff, checklist templates.

Clinical records are shown read-only: they are corrected through the app,
never edited or deleted here.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    AuditEvent,
    Check,
    ChecklistItem,
    ChecklistTemplate,
    EntryPoint,
    Patient,
    Stay,
    User,
    Ward,
)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_icu", "beds", "count_time"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "wards", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Ward work", {"fields": ["role", "wards"]})]
    add_fieldsets = [*UserAdmin.add_fieldsets, ("Ward work", {"fields": ["role", "wards"]})]
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
class ChecklistTemplateAdmin(admin.ModelAdmin):
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
class PatientAdmin(admin.ModelAdmin):
    list_display = ["hospital_number", "full_name", "date_of_birth"]
    search_fields = ["hospital_number"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
