"""A partial index over the near-duplicate gate's window (PostgreSQL only).

`ingest.processing` compares each new article with the 5,000 latest articles that carry a
fingerprint and are no copies. Without this index PostgreSQL walks the primary key backwards and
reads every newer row that does not qualify: after a bulk import had queued 100,000 articles (no
fingerprint until the gate) that was ~80 ms a gate call on 500,000 articles, and a few ms with
it. It carries the fingerprint, so the scan reads few table pages. SQLite, the embedded mode with
a few thousand articles, gets no index here.
"""

from django.db import migrations

INDEX = "article_near_duplicate_window_idx"
DEFINITION = "events_article (id DESC) INCLUDE (fingerprint) WHERE fingerprint <> '' AND duplicate_of_id IS NULL"


def create_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {DEFINITION}")


def drop_postgres_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0010_actor_activity_indexes")]

    operations = [migrations.RunPython(create_postgres_index, drop_postgres_index, elidable=False)]
