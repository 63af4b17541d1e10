"""Delete the generic aliases ("troops", "the army") that ingest stored before it refused them.

The same cleaning as ``manage.py clean_generic_aliases``, on the historical model. Going back
restores nothing: the rows were wrong.
"""

from django.db import migrations


def delete_generic_aliases(apps, schema_editor):
    from events.alias_cleaning import actor_aliases_delete_generic

    actor_aliases_delete_generic(alias_model=apps.get_model("events", "ActorAlias"))


class Migration(migrations.Migration):
    dependencies = [("events", "0011_article_near_duplicate_window_index")]

    operations = [migrations.RunPython(delete_generic_aliases, migrations.RunPython.noop)]
