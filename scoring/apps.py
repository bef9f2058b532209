from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Chấm điểm danh hiệu học tập"
    default_auto_field = "django.db.models.BigAutoField"
