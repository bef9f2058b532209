from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Quy trình xét duyệt"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Loading the guards registers them with the state machine by name.
        from workflows import escalation, guards, hooks  # noqa: F401

        hooks.transition_applied.connect(escalation.report_outcome_when_final, dispatch_uid="escalation-outcome")
