from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alerts import receivers
        from events.signals import events_changed

        events_changed.connect(receivers.queue_matching, dispatch_uid="alerts.queue_matching")
