import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")
application = get_wsgi_application()

# The embedded mode (no broker) extracts submitted articles in this process: load the pipeline
# now, at server start, rather than on the first submission (it took ~20 s there).
from ingest.warmup import pipeline_warm_if_needed  # noqa: E402 - needs the app registry loaded above

pipeline_warm_if_needed()
