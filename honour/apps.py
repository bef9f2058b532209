from django.apps import AppConfig


class HonourConfig(AppConfig):
    name = "honour"
    verbose_name = "Bảng vinh danh công khai"
    default_auto_field = "django.db.models.BigAutoField"
