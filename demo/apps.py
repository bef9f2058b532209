from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Dữ liệu minh họa"
    default_auto_field = "django.db.models.BigAutoField"
