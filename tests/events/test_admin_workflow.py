"""The editors' workflow in the admin: roles, locking and marking edits, history, review, filters."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from events.models import Article, Event
from tests.events.admin_forms import form_data
from tests.factories import ArticleFactory, EventFactory, EvidenceFactory, LocationFactory

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("events.migrations.0004_editor_analyst_groups")


def member_of(group: str, username: str | None = None) -> User:
    """Return a staff user in one of the groups the data migration creates."""
    # A transactional test elsewhere may have flushed the migration's rows; the function is idempotent.
    if not Group.objects.filter(name=group).exists():
        roles_migration.create_roles(apps, None)
    user = User.objects.create_user(username or group, password=f"pw-{group}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("editor"))
    return client


@pytest.fixture
def analyst_client(client):
    client.force_login(member_of("analyst"))
    return client


def change_url(event: Event) -> str:
    return f"/admin/events/event/{event.pk}/change/"


def edit_event(client, event: Event, **changes):
    data = form_data(client.get(change_url(event)))
    data.update(changes)
    return client.post(change_url(event), data)


# Roles


def test_migration_creates_editor_and_analyst_groups():
    roles_migration.create_roles(apps, None)  # idempotent, whatever state the database is in
    editor = set(Group.objects.get(name="editor").permissions.values_list("content_type__app_label", "codename"))
    analyst = set(Group.objects.get(name="analyst").permissions.values_list("content_type__app_label", "codename"))

    models = ["article", "actor", "actoralias", "location", "event", "evidence", "quote"]
    assert analyst == {("events", f"view_{m}") for m in models}
    assert analyst < editor
    for model in ["event", "actor", "actoralias", "location", "quote", "evidence"]:
        assert ("events", f"change_{model}") in editor
    for codename in ["add_actoralias", "delete_actoralias", "add_evidence", "delete_evidence", "merge_actor"]:
        assert ("events", codename) in editor
    assert {("events", "merge_event"), ("events", "split_event"), ("events", "reextract_article")} < editor
    assert not {app for app, _ in editor} - {"events"}, "only superusers manage users and feeds"
    assert ("events", "delete_event") not in editor


def test_roles_migration_is_reversible():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    old_apps = executor.loader.project_state([("events", "0004_editor_analyst_groups")]).apps
    roles_migration.remove_roles(old_apps, None)
    assert not Group.objects.filter(name__in=["editor", "analyst"]).exists()
    roles_migration.create_roles(old_apps, None)
    assert Group.objects.filter(name__in=["editor", "analyst"]).count() == 2


def test_analyst_reads_but_cannot_change_an_event(analyst_client):
    event = EventFactory(fatalities=3)
    response = analyst_client.get(change_url(event))
    assert response.status_code == 200
    data = form_data(response) if "adminform" in response.context else {}

    response = analyst_client.post(change_url(event), {**data, "fatalities": 7})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.fatalities == 3
    assert event.locked_fields == []


def test_analyst_cannot_run_review_actions(analyst_client):
    event = EventFactory()
    analyst_client.post("/admin/events/event/", {"action": "mark_reviewed", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.review_status == Event.ReviewStatus.AUTO


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/events/event/",
        "/admin/events/event/{event}/change/",
        "/admin/events/event/{event}/history/",
        "/admin/events/actor/",
        "/admin/events/article/",
        "/admin/auth/user/",
        "/admin/ingest/feed/",
    ],
)
def test_anonymous_user_reaches_no_admin_page(client, path):
    event = EventFactory()
    response = client.get(path.format(event=event.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("path", ["/admin/auth/user/", "/admin/auth/group/", "/admin/ingest/feed/"])
def test_only_superusers_manage_users_and_feeds(editor_client, path):
    assert editor_client.get(path).status_code == 403


# Editing: one page, locks, marks


def test_event_change_page_shows_evidence_in_context(editor_client):
    text = (
        "The offensive began at dawn after weeks of preparation. "
        "Militants attacked a checkpoint near Bashiqa, killing three soldiers. "
        "Officials said the road was closed."
    )
    article = ArticleFactory(title="Checkpoint attack", text=text)
    sentence = "Militants attacked a checkpoint near Bashiqa, killing three soldiers."
    start = text.index(sentence)
    event = EventFactory()
    EvidenceFactory(event=event, article=article, sentence=sentence, start=start, end=start + len(sentence))

    html = editor_client.get(change_url(event)).content.decode()

    assert f"<mark>{sentence}</mark>" in html
    assert "The offensive began at dawn after weeks of preparation." in html
    assert "Officials said the road was closed." in html
    assert "Checkpoint attack" in html
    # actors and place are picked with autocomplete
    assert 'data-field-name="actor1"' in html
    assert 'data-field-name="location"' in html


def test_editor_edits_are_locked_and_marked(editor_client):
    event = EventFactory(fatalities=3, date_precision="day")
    EvidenceFactory(event=event)
    elsewhere = LocationFactory(name="Qayyarah")

    response = edit_event(
        editor_client,
        event,
        fatalities=11,
        date_precision="week",
        location=elsewhere.pk,
        event_type="explosions_remote_violence",
        sub_event_type="air_drone_strike",
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.fatalities, event.date_precision, event.location) == (11, "week", elsewhere)
    assert set(event.locked_fields) == {"fatalities", "date_precision", "location", "event_type", "sub_event_type"}
    assert event.cameo_code == "195"  # follows the new type

    html = editor_client.get(change_url(event)).content.decode()
    assert "Edited by an editor." in html
    assert "Fatalities ✎ edited" in html
    assert "Summary ✎ edited" not in html
    listing = editor_client.get("/admin/events/event/?edited=yes")
    assert [e.pk for e in listing.context["cl"].result_list] == [event.pk]


def test_sub_event_type_must_belong_to_the_type(editor_client):
    event = EventFactory(event_type="battles", sub_event_type="armed_clash")
    response = edit_event(editor_client, event, sub_event_type="peaceful_protest")
    assert response.status_code == 200
    assert "sub_event_type" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.sub_event_type == "armed_clash"


def test_changing_only_the_review_status_locks_nothing(editor_client):
    event = EventFactory()
    assert edit_event(editor_client, event, review_status="reviewed").status_code == 302
    event.refresh_from_db()
    assert event.review_status == "reviewed"
    assert event.locked_fields == []


def test_unlock_action_releases_fields_to_reextraction(editor_client):
    event = EventFactory(locked_fields=["fatalities"])
    editor_client.post("/admin/events/event/", {"action": "unlock_fields", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.locked_fields == []


# History


def test_admin_edit_leaves_history_with_before_and_after(editor_client):
    event = EventFactory(fatalities=3)
    editor = User.objects.get(username="editor")

    edit_event(editor_client, event, fatalities=8)

    latest, previous = event.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user == editor
    delta = latest.diff_against(previous)
    changes = {c.field: (c.old, c.new) for c in delta.changes}
    assert changes["fatalities"] == (3, 8)
    assert changes["locked_fields"] == ([], ["fatalities"])
    page = editor_client.get(f"/admin/events/event/{event.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"<strong>Fatalities:</strong>\s*3\s*&nbsp;&rarr;&nbsp;&nbsp;8", html)
    assert ">editor</a>" in html


def test_editor_restores_an_earlier_version_from_history(editor_client):
    event = EventFactory(fatalities=3)
    edit_event(editor_client, event, fatalities=8)
    original = event.history.order_by("history_date", "history_id").first()
    url = f"/admin/events/event/{event.pk}/history/{original.history_id}/"

    response = editor_client.get(url)
    assert response.status_code == 200
    assert editor_client.post(url, form_data(response)).status_code == 302

    event.refresh_from_db()
    assert event.fatalities == 3
    assert "fatalities" in event.locked_fields  # a restore is an editor's decision too


@pytest.mark.parametrize("model", ["actor", "actoralias", "location", "evidence", "quote"])
def test_history_pages_of_other_edited_models(admin_client, world, model):
    from events import models as event_models

    obj = {
        "actor": world.isis,
        "actoralias": world.isis.aliases.first(),
        "location": world.mosul,
        "evidence": world.clash.evidence.first(),
        "quote": event_models.Quote.objects.first(),
    }[model]
    assert obj.history.exists()
    assert admin_client.get(f"/admin/events/{model}/{obj.pk}/history/").status_code == 200


# Review


def test_review_bulk_actions_by_an_editor(editor_client):
    first, second, third = EventFactory(), EventFactory(), EventFactory()

    editor_client.post("/admin/events/event/", {"action": "mark_reviewed", "_selected_action": [first.pk, second.pk]})
    editor_client.post("/admin/events/event/", {"action": "mark_rejected", "_selected_action": [third.pk]})

    statuses = dict(Event.objects.values_list("pk", "review_status"))
    assert statuses == {first.pk: "reviewed", second.pk: "reviewed", third.pk: "rejected"}
    assert third.history.latest().history_user.username == "editor"


def _listed(client, query: str) -> set[int]:
    response = client.get(f"/admin/events/event/?{query}")
    assert response.status_code == 200
    return {event.pk for event in response.context["cl"].result_list}


def test_needs_review_filters(editor_client):
    fine = EventFactory(confidence=0.9)
    EvidenceFactory(event=fine, fatalities=3)
    EvidenceFactory(event=fine, fatalities=3)
    low = EventFactory(confidence=0.3)
    reviewed_low = EventFactory(confidence=0.2, review_status="reviewed")
    disputed = EventFactory(confidence=0.9)
    EvidenceFactory(event=disputed, fatalities=3)
    EvidenceFactory(event=disputed, fatalities=12)
    EvidenceFactory(event=disputed, fatalities=None)
    nowhere = EventFactory(confidence=0.9, location=None)
    coarse = EventFactory(confidence=0.9, geo_precision=Event.GeoPrecision.COARSE)

    assert _listed(editor_client, "needs_review=low_confidence") == {low.pk}
    assert _listed(editor_client, "needs_review=conflicting_fatalities") == {disputed.pk}
    assert _listed(editor_client, "needs_review=unresolved_place") == {nowhere.pk, coarse.pk}
    assert _listed(editor_client, "needs_review=any") == {low.pk, disputed.pk, nowhere.pk, coarse.pk}
    assert reviewed_low.pk in _listed(editor_client, "")


def test_event_change_page_lists_each_sources_fatality_figure(editor_client):
    event = EventFactory(fatalities=12)
    EvidenceFactory(event=event, fatalities=3, article=ArticleFactory(title="Early report"))
    EvidenceFactory(event=event, fatalities=12, article=ArticleFactory(title="Later report"))
    html = editor_client.get(change_url(event)).content.decode()
    assert "3 (Early report)" in html
    assert "12 (Later report)" in html


# Re-extraction from the admin


def test_reextract_action_requeues_articles(editor_client, django_capture_on_commit_callbacks):
    done = ArticleFactory(status=Article.Status.DONE)
    busy = ArticleFactory(status=Article.Status.PROCESSING)

    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post(
            "/admin/events/article/", {"action": "reextract", "_selected_action": [done.pk, busy.pk]}
        )

    assert response.status_code == 302
    done.refresh_from_db()
    busy.refresh_from_db()
    assert done.status == Article.Status.QUEUED
    assert busy.status == Article.Status.PROCESSING  # a worker holds it: left alone
    assert len(callbacks) == 1


def test_analyst_cannot_reextract(analyst_client):
    article = ArticleFactory(status=Article.Status.DONE)
    analyst_client.post("/admin/events/article/", {"action": "reextract", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
