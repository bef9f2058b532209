from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Thông báo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: receivers reach the models, which are not loaded before ready().
        from notifications import receivers
        from workflows import hooks

        hooks.outbox_recorded.connect(receivers.relay_outbox_event, dispatch_uid="notifications-relay")
