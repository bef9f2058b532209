from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = "Chấm điểm danh hiệu học tập"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: receivers reach the models, which are not loaded before ready().
        from scoring import receivers
        from workflows import hooks

        hooks.recognition_check.connect(receivers.refuse_without_passing_nominee, dispatch_uid="scoring-guard")
        hooks.recognized.connect(receivers.settle_results, dispatch_uid="scoring-results")
