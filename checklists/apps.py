from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checklists"
    verbose_name = "Infection-prevention checklists"

    def ready(self) -> None:
        from . import audit  # noqa: F401  (connects the log-in receivers)
