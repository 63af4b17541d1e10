"""Object-level permissions: editors scoped to countries (regional desks), in the admin and the services."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from events import permissions
from events.models import Article, EditorScope, Event, Evidence, Location, Quote
from events.services import articles as article_services
from events.services import merging
from tests.events.admin_forms import form_data
from tests.factories import ActorFactory, ArticleFactory, EventFactory, EvidenceFactory, LocationFactory, QuoteFactory

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("events.migrations.0004_editor_analyst_groups")


def member_of(group: str, username: str, *countries: str) -> User:
    """Return a staff user in a group the data migration creates, scoped to ``countries`` (none: all)."""
    # A transactional test elsewhere may have flushed the migration's rows; the function is idempotent.
    if not Group.objects.filter(name=group).exists():
        roles_migration.create_roles(apps, None)
    user = User.objects.create_user(username, password=f"pw-{username}-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    for code in countries:
        EditorScope.objects.create(user=user, country_code=code)
    return user


@dataclass
class Desks:
    maiduguri: Location
    mosul: Location
    ng_event: Event
    ng_other: Event
    iq_event: Event
    unplaced: Event
    ng_article: Article
    iq_article: Article
    both_article: Article


@pytest.fixture
def desks() -> Desks:
    maiduguri = LocationFactory(name="Maiduguri", country_code="NG", admin1="Borno")
    mosul = LocationFactory(name="Mosul", country_code="IQ", admin1="Nineveh")
    ng_article, iq_article, both_article = ArticleFactory(), ArticleFactory(), ArticleFactory()
    ng_event = EventFactory(location=maiduguri, fatalities=4)
    ng_other = EventFactory(location=maiduguri, fatalities=5)
    iq_event = EventFactory(location=mosul, fatalities=3)
    unplaced = EventFactory(location=None)
    EvidenceFactory(event=ng_event, article=ng_article)
    EvidenceFactory(event=ng_event, article=both_article)
    EvidenceFactory(event=ng_other, article=ng_article, start=1)
    EvidenceFactory(event=iq_event, article=iq_article)
    EvidenceFactory(event=iq_event, article=both_article, start=1)
    return Desks(maiduguri, mosul, ng_event, ng_other, iq_event, unplaced, ng_article, iq_article, both_article)


@pytest.fixture
def ng_editor() -> User:
    return member_of("editor", "lagos-desk", "NG")


@pytest.fixture
def ng_client(client, ng_editor):
    client.force_login(ng_editor)
    return client


def change_url(obj) -> str:
    return f"/admin/events/{obj._meta.model_name}/{obj.pk}/change/"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# The rules


def test_scope_rules(desks, ng_editor):
    unscoped = member_of("editor", "central-desk")
    superuser = User.objects.create_superuser("root", password="pw-root-1")
    superuser_with_rows = User.objects.create_superuser("root2", password="pw-root-2")
    EditorScope.objects.create(user=superuser_with_rows, country_code="IQ")

    assert permissions.editor_countries(ng_editor) == {"NG"}
    for user in (unscoped, superuser, superuser_with_rows):
        assert permissions.editor_countries(user) is None
        assert permissions.can_edit_event(user, desks.iq_event)
        assert permissions.can_edit_event(user, desks.unplaced)
        assert permissions.editable(user, Event.objects.all()).count() == Event.objects.count()

    assert permissions.can_edit_event(ng_editor, desks.ng_event)
    assert not permissions.can_edit_event(ng_editor, desks.iq_event)
    assert not permissions.can_edit_event(ng_editor, desks.unplaced), "an unplaced event is the central desk's"
    assert permissions.can_edit_location(ng_editor, desks.maiduguri)
    assert not permissions.can_edit_location(ng_editor, desks.mosul)
    assert not permissions.can_edit_location(ng_editor, LocationFactory(country_code=""))
    # Articles: every country they touch must be in the scope; none known is the central desk's.
    assert permissions.can_edit_article(ng_editor, desks.ng_article)
    assert not permissions.can_edit_article(ng_editor, desks.iq_article)
    assert not permissions.can_edit_article(ng_editor, desks.both_article)
    assert not permissions.can_edit_article(ng_editor, ArticleFactory())
    mentions_iraq = ArticleFactory()
    EvidenceFactory(event=desks.ng_other, article=mentions_iraq)
    mentions_iraq.locations.add(desks.mosul)
    assert not permissions.can_edit_article(ng_editor, mentions_iraq)

    # The queryset helper agrees with the per-object rules.
    for model in (Event, Location, Evidence, Article, Quote):
        queryset = model.objects.all()
        expected = {obj.pk for obj in queryset if permissions.can_edit(ng_editor, obj)}
        assert set(permissions.editable(ng_editor, queryset).values_list("pk", flat=True)) == expected, model
    assert set(permissions.editable(ng_editor, Event.objects.all())) == {desks.ng_event, desks.ng_other}
    assert set(permissions.editable(ng_editor, Article.objects.all())) == {desks.ng_article}

    quote_ng = QuoteFactory(article=desks.iq_article, event=desks.ng_event)
    quote_by_article = QuoteFactory(article=desks.ng_article, event=None)
    quote_iq = QuoteFactory(article=desks.iq_article, event=None)
    assert permissions.can_edit_quote(ng_editor, quote_ng)
    assert permissions.can_edit_quote(ng_editor, quote_by_article)
    assert not permissions.can_edit_quote(ng_editor, quote_iq)
    assert set(permissions.editable(ng_editor, Quote.objects.all())) == {quote_ng, quote_by_article}

    anonymous_scope = permissions.editor_countries(None)
    assert anonymous_scope == frozenset()


# The admin: change pages


def test_scoped_editor_edits_an_event_of_their_country(desks, ng_client, ng_editor):
    url = change_url(desks.ng_event)
    response = ng_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True
    data = form_data(response)
    data["fatalities"] = 7
    response = ng_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    desks.ng_event.refresh_from_db()
    assert desks.ng_event.fatalities == 7
    latest = desks.ng_event.history.latest()
    assert latest.history_user == ng_editor
    assert latest.fatalities == 7


def test_scoped_editor_gets_403_saving_another_countrys_event(desks, ng_client):
    url = change_url(desks.iq_event)
    # Editors read everything: the page opens, read-only (no form to post, no save button).
    response = ng_client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert not response.context["adminform"].form.fields
    assert 'name="_save"' not in response.content.decode()

    data = form_data(ng_client.get(change_url(desks.ng_event)))
    data["fatalities"] = 99
    assert ng_client.post(url, data).status_code == 403
    desks.iq_event.refresh_from_db()
    assert desks.iq_event.fatalities == 3
    assert desks.iq_event.history.count() == 1  # only the creation


def test_scoped_editor_cannot_move_an_event_out_of_their_country(desks, ng_client):
    url = change_url(desks.ng_event)
    data = form_data(ng_client.get(url))
    data["location"] = desks.mosul.pk
    response = ng_client.post(url, data)
    assert response.status_code == 200
    assert "outside your countries (NG)" in str(response.context["adminform"].form.errors)
    desks.ng_event.refresh_from_db()
    assert desks.ng_event.location == desks.maiduguri


def test_scoped_editor_cannot_revert_another_countrys_event_from_history(desks, ng_client, admin_client):
    # A history row to revert to, made by a superuser.
    data = form_data(admin_client.get(change_url(desks.iq_event)))
    data["fatalities"] = 10
    assert admin_client.post(change_url(desks.iq_event), data).status_code == 302
    first = desks.iq_event.history.earliest()
    history_url = f"/admin/events/event/{desks.iq_event.pk}/history/{first.history_id}/"

    assert ng_client.get(history_url).status_code == 200  # reading the old version is fine
    assert ng_client.post(history_url, form_data(admin_client.get(history_url))).status_code == 403
    desks.iq_event.refresh_from_db()
    assert desks.iq_event.fatalities == 10


def test_locations_evidence_and_quotes_follow_the_scope(desks, ng_client):
    assert ng_client.get(change_url(desks.maiduguri)).context["has_change_permission"] is True
    mosul_page = ng_client.get(change_url(desks.mosul))
    assert mosul_page.status_code == 200
    assert mosul_page.context["has_change_permission"] is False
    data = form_data(ng_client.get(change_url(desks.maiduguri)))
    assert ng_client.post(change_url(desks.mosul), {**data, "name": "Mosul"}).status_code == 403

    # A location of theirs cannot be moved to another country.
    data["country_code"] = "IQ"
    response = ng_client.post(change_url(desks.maiduguri), data)
    assert response.status_code == 200
    assert "outside your countries" in str(response.context["adminform"].form.errors)
    data["country_code"] = "NG"
    data["admin1"] = "Borno State"
    assert ng_client.post(change_url(desks.maiduguri), data).status_code == 302
    desks.maiduguri.refresh_from_db()
    assert (desks.maiduguri.country_code, desks.maiduguri.admin1) == ("NG", "Borno State")

    ng_evidence = desks.ng_event.evidence.first()
    iq_evidence = desks.iq_event.evidence.first()
    assert ng_client.get(change_url(iq_evidence)).context["has_change_permission"] is False
    # Editors may delete evidence, but only of their countries.
    assert ng_client.post(f"/admin/events/evidence/{iq_evidence.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Evidence.objects.filter(pk=iq_evidence.pk).exists()
    # Evidence cannot be re-pointed to an event of another country.
    data = form_data(ng_client.get(change_url(ng_evidence)))
    data["event"] = desks.iq_event.pk
    response = ng_client.post(change_url(ng_evidence), data)
    assert response.status_code == 200
    assert "outside your countries" in str(response.context["adminform"].form.errors)
    assert ng_client.post(f"/admin/events/evidence/{ng_evidence.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Evidence.objects.filter(pk=ng_evidence.pk).exists()

    ng_quote = QuoteFactory(article=desks.ng_article, event=desks.ng_event)
    iq_quote = QuoteFactory(article=desks.iq_article, event=desks.iq_event)
    assert ng_client.get(change_url(ng_quote)).context["has_change_permission"] is True
    assert ng_client.get(change_url(iq_quote)).context["has_change_permission"] is False
    data = form_data(ng_client.get(change_url(ng_quote)))
    data["speaker_role"] = "Governor of Borno"
    assert ng_client.post(change_url(ng_quote), data).status_code == 302
    assert ng_client.post(change_url(iq_quote), data).status_code == 403


def test_change_list_lists_every_event_and_marks_the_editable_ones(desks, ng_client):
    response = ng_client.get("/admin/events/event/")
    assert response.status_code == 200
    listed = {event.pk: event.in_your_countries for event in response.context["cl"].result_list}
    assert listed == {
        desks.ng_event.pk: True,
        desks.ng_other.pk: True,
        desks.iq_event.pk: False,
        desks.unplaced.pk: False,
    }
    assert "yours to edit" in response.content.decode().lower()

    locations = {loc.pk for loc in ng_client.get("/admin/events/location/").context["cl"].result_list}
    assert {desks.maiduguri.pk, desks.mosul.pk} <= locations


# The admin: actions


def test_merge_across_countries_is_refused(desks, ng_client):
    selected = [desks.ng_event.pk, desks.iq_event.pk]
    response = ng_client.post(
        "/admin/events/event/",
        {"action": "merge_events", "_selected_action": selected, "post": "yes", "target": desks.ng_event.pk},
        follow=True,
    )
    assert any("outside your countries (NG)" in m for m in messages_of(response))
    assert Event.objects.filter(pk__in=selected).count() == 2
    assert desks.iq_event.evidence.count() == 2

    # Within the country the merge goes through, recorded as the editor's.
    selected = [desks.ng_event.pk, desks.ng_other.pk]
    response = ng_client.post(
        "/admin/events/event/",
        {"action": "merge_events", "_selected_action": selected, "post": "yes", "target": desks.ng_event.pk},
        follow=True,
    )
    assert any("Merged 1 event(s)" in m for m in messages_of(response)), messages_of(response)
    assert not Event.objects.filter(pk=desks.ng_other.pk).exists()
    assert desks.ng_event.history.latest().history_user.username == "lagos-desk"


def test_split_review_and_reextract_actions_are_refused_outside_the_scope(
    desks, ng_client, monkeypatch, django_capture_on_commit_callbacks
):
    response = ng_client.post(
        "/admin/events/event/", {"action": "split_event", "_selected_action": [desks.iq_event.pk]}, follow=True
    )
    assert any("outside your countries" in m for m in messages_of(response))
    assert "split_confirmation" not in " ".join(t.name for t in response.templates if t.name)

    response = ng_client.post(
        "/admin/events/event/",
        {"action": "mark_reviewed", "_selected_action": [desks.ng_event.pk, desks.iq_event.pk]},
        follow=True,
    )
    assert any("1 of the selected events lie outside" in m for m in messages_of(response))
    assert set(Event.objects.values_list("review_status", flat=True)) == {"auto"}
    ng_client.post("/admin/events/event/", {"action": "mark_reviewed", "_selected_action": [desks.ng_event.pk]})
    desks.ng_event.refresh_from_db()
    assert desks.ng_event.review_status == "reviewed"

    queued = []
    monkeypatch.setattr(article_services, "_queue_processing", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = ng_client.post(
            "/admin/events/article/",
            {"action": "reextract", "_selected_action": [desks.ng_article.pk, desks.both_article.pk]},
            follow=True,
        )
        assert any("outside your countries" in m for m in messages_of(response))
        ng_client.post("/admin/events/article/", {"action": "reextract", "_selected_action": [desks.ng_article.pk]})
    assert queued == [desks.ng_article.pk]


def test_actor_merge_touching_another_country_is_refused(desks, ng_client):
    iraqi_actor = desks.iq_event.actor1
    nigerian_actor = desks.ng_event.actor1
    response = ng_client.post(
        "/admin/events/actor/",
        {
            "action": "merge_actors",
            "_selected_action": [iraqi_actor.pk, nigerian_actor.pk],
            "post": "yes",
            "winner": nigerian_actor.pk,
        },
        follow=True,
    )
    assert any("outside your countries" in m for m in messages_of(response))
    desks.iq_event.refresh_from_db()
    assert desks.iq_event.actor1 == iraqi_actor

    spare = ActorFactory()  # names no event: folding it in touches nothing of another desk
    ng_client.post(
        "/admin/events/actor/",
        {
            "action": "merge_actors",
            "_selected_action": [iraqi_actor.pk, spare.pk],
            "post": "yes",
            "winner": iraqi_actor.pk,
        },
    )
    assert not type(spare).objects.filter(pk=spare.pk).exists()


@pytest.mark.parametrize("who", ["unscoped editor", "superuser"])
def test_unscoped_editor_and_superuser_are_unaffected(desks, client, who):
    user = (
        member_of("editor", "central-desk")
        if who == "unscoped editor"
        else User.objects.create_superuser("root", password="pw-root-1")
    )
    client.force_login(user)
    for event in (desks.iq_event, desks.unplaced):
        url = change_url(event)
        response = client.get(url)
        assert response.context["has_change_permission"] is True
        data = form_data(response)
        data["fatalities"] = 11
        assert client.post(url, data).status_code == 302
        event.refresh_from_db()
        assert event.fatalities == 11
        assert event.history.latest().history_user == user
    assert "yours to edit" not in client.get("/admin/events/event/").content.decode().lower()
    response = client.post(
        "/admin/events/event/",
        {
            "action": "merge_events",
            "_selected_action": [desks.ng_event.pk, desks.iq_event.pk],
            "post": "yes",
            "target": desks.ng_event.pk,
        },
        follow=True,
    )
    assert any("Merged 1 event(s)" in m for m in messages_of(response)), messages_of(response)


# The services


def test_services_refuse_merge_and_split_outside_the_scope(desks, ng_editor):
    with pytest.raises(PermissionDenied, match=r"outside your countries \(NG\)"):
        merging.event_merge(target=desks.ng_event, others=[desks.iq_event], user=ng_editor)
    with pytest.raises(PermissionDenied):
        merging.event_split(event=desks.iq_event, evidence=list(desks.iq_event.evidence.all())[:1], user=ng_editor)
    with pytest.raises(PermissionDenied):
        merging.actor_merge(winner=desks.ng_event.actor1, losers=[desks.iq_event.actor1], user=ng_editor)
    assert Event.objects.filter(pk=desks.iq_event.pk).exists()

    # Without a user (commands, the pipeline) nothing is scoped.
    merging.event_merge(target=desks.ng_event, others=[desks.iq_event], user=None)
    assert not Event.objects.filter(pk=desks.iq_event.pk).exists()


# Assigning scopes


def test_superuser_assigns_a_scope_on_the_user_page(admin_client):
    editor = member_of("editor", "desk-to-be")
    url = f"/admin/auth/user/{editor.pk}/change/"
    response = admin_client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    prefix = next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is EditorScope)
    # The split date and time widget posts two values.
    data.pop("date_joined")
    data.update(date_joined_0=editor.date_joined.date().isoformat(), date_joined_1="12:00:00")
    data.update({f"{prefix}-TOTAL_FORMS": 2, f"{prefix}-0-country_code": "ng", f"{prefix}-1-country_code": "zz"})
    response = admin_client.post(url, data)
    assert response.status_code == 200, "an unknown code is refused"
    assert "Not an ISO 3166-1 alpha-2 country code" in response.content.decode()

    data[f"{prefix}-1-country_code"] = "ne"
    assert admin_client.post(url, data).status_code == 302
    assert set(editor.editor_scopes.values_list("country_code", flat=True)) == {"NG", "NE"}
    assert admin_client.get("/admin/events/editorscope/").status_code == 200


def test_editors_cannot_change_their_own_scope(ng_client, ng_editor):
    assert ng_client.get(f"/admin/auth/user/{ng_editor.pk}/change/").status_code == 403
    assert ng_client.get("/admin/events/editorscope/").status_code == 403


def test_view_only_users_cannot_revert_from_history(client):
    # django-simple-history saved a posted revert after checking only view permission.
    actor = ActorFactory(name="Old name")
    actor.name = "New name"
    actor.save()
    history_url = f"/admin/events/actor/{actor.pk}/history/{actor.history.earliest().history_id}/"
    client.force_login(member_of("analyst", "reader"))
    response = client.get(history_url)
    assert response.status_code == 200
    assert client.post(history_url, form_data(response)).status_code == 403
    actor.refresh_from_db()
    assert actor.name == "New name"
