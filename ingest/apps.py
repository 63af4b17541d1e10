from importlib import import_module

from django.apps import AppConfig


class IngestConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        # The pipeline is Django-free and keeps the article size limit as a module constant; this
        # makes it the configured one (INGEST_MAX_BYTES) in every process that runs it under Django.
        from django.conf import settings

        from ingest.extraction import normalize

        normalize.MAX_BYTES = settings.INGEST_MAX_BYTES

        # Register the Celery tasks in this process now (web, commands and worker alike): events
        # sends process_article_task by its registered name, and in eager mode (no broker) the
        # web process must know it; Celery's own discovery imports tasks modules only in a worker.
        import_module("ingest.tasks")
