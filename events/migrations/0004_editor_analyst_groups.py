"""Create the "editor" and "analyst" groups with their permissions (and the merge/split ones).

Analysts read everything in the events app; editors read everything, correct events, actors,
places and quotes, curate aliases and evidence, merge and split, and re-run extraction. Nobody
but a superuser gets permissions on users, groups or feeds.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "editor"
ANALYST = "analyst"

EVENTS_MODELS = ("article", "actor", "actoralias", "location", "event", "evidence", "quote")
EDITOR_CHANGES = ("event", "actor", "actoralias", "location", "quote", "evidence")
EDITOR_ADDS_AND_DELETES = ("actoralias", "evidence")
# Actions that are neither add nor change nor delete: declared here, not on the models, so they
# exist as soon as this migration has run. (model, codename, name)
CUSTOM_PERMISSIONS = (
    ("actor", "merge_actor", "Can merge actors"),
    ("event", "merge_event", "Can merge events"),
    ("event", "split_event", "Can split events"),
    ("article", "reextract_article", "Can re-run extraction of articles"),
)


def _ensure_default_permissions(apps):
    # On a fresh database the post_migrate signal that creates permissions has not fired yet.
    for app_config in apps.get_app_configs():
        # create_permissions skips an app without a models module, which historical apps lack.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def create_roles(apps, schema_editor):
    _ensure_default_permissions(apps)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="events", model=model)[0]

    def perms(*pairs):
        return [Permission.objects.get(content_type__app_label="events", codename=f"{verb}_{model}") for verb, model in pairs]

    for model, codename, name in CUSTOM_PERMISSIONS:
        Permission.objects.get_or_create(content_type=content_type(model), codename=codename, defaults={"name": name})

    view_all = perms(*(("view", model) for model in EVENTS_MODELS))
    analyst, _ = Group.objects.get_or_create(name=ANALYST)
    analyst.permissions.add(*view_all)

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(
        *view_all,
        *perms(*(("change", model) for model in EDITOR_CHANGES)),
        *perms(*((verb, model) for model in EDITOR_ADDS_AND_DELETES for verb in ("add", "delete"))),
        *(Permission.objects.get(content_type__app_label="events", codename=codename) for _, codename, _ in CUSTOM_PERMISSIONS),
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=[EDITOR, ANALYST]).delete()
    Permission.objects.filter(
        content_type__app_label="events", codename__in=[codename for _, codename, _ in CUSTOM_PERMISSIONS]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0003_evidence_fatalities_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
