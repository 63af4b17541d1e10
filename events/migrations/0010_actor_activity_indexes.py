"""Covering indexes for the actor page's one pass over an actor's events (PostgreSQL only).

`selectors.actor_activity` reads an actor's events as actor1 and as actor2 with index-only scans
of these; the busiest actor's 160,000 events otherwise meant reading nearly every heap page.
SQLite keeps its three smaller queries and gets no index here.
"""

from django.db import migrations

INDEXES = {
    "event_actor1_activity_idx": "events_event (actor1_id) INCLUDE (actor2_id, date, location_id, fatalities, review_status)",
    "event_actor2_activity_idx": "events_event (actor2_id) INCLUDE (actor1_id, date, location_id, fatalities, review_status)",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("events", "0009_event_counts")]

    operations = [migrations.RunPython(create_postgres_indexes, drop_postgres_indexes, elidable=False)]
