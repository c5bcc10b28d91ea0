from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checklists"
    verbose_name = "Infection-prevention checklists"

    def ready(self) -> None:
        # Imported for what importing does: connect their log-in receivers.
        from . import security  # noqa: F401
        from .audit import receivers  # noqa: F401
