from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Quyết định và giấy khen"
    default_auto_field = "django.db.models.BigAutoField"
