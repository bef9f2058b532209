from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "Hồ sơ thi đua – khen thưởng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nominations import checks  # noqa: F401  (registers the system checks)
