from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Quy trình xét duyệt"
    default_auto_field = "django.db.models.BigAutoField"
