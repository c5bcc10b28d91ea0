from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checklists"
    verbose_name = "Infection-prevention checklists"

    def ready(self) -> None:
        from . import audit, security  # noqa: F401  (connect their log-in receivers)
