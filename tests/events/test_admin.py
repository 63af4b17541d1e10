"""The admin: registration, locking of edited event fields, review actions, access."""

from __future__ import annotations

import pytest
from django.contrib import admin

from events import models
from events.models import Event
from tests.factories import ActorFactory, EventFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def _change_form_data(event: Event, **changes) -> dict:
    data = {
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "cameo_code": event.cameo_code,
        "date": event.date.isoformat() if event.date else "",
        "date_precision": event.date_precision,
        "actor1": event.actor1_id or "",
        "actor2": event.actor2_id or "",
        "assoc_actors": [a.pk for a in event.assoc_actors.all()],
        "location": event.location_id or "",
        "geo_precision": event.geo_precision,
        "fatalities": "" if event.fatalities is None else event.fatalities,
        "summary": event.summary,
        "confidence": event.confidence,
        "review_status": event.review_status,
        "locked_fields": "[]" if not event.locked_fields else str(event.locked_fields).replace("'", '"'),
    }
    evidence = list(event.evidence.all())
    data.update(
        {
            "evidence-TOTAL_FORMS": len(evidence),
            "evidence-INITIAL_FORMS": len(evidence),
            "evidence-MIN_NUM_FORMS": 0,
            "evidence-MAX_NUM_FORMS": 1000,
        }
    )
    for i, item in enumerate(evidence):
        data.update(
            {
                f"evidence-{i}-id": item.pk,
                f"evidence-{i}-event": event.pk,
                f"evidence-{i}-article": item.article_id,
                f"evidence-{i}-sentence": item.sentence,
                f"evidence-{i}-start": item.start,
                f"evidence-{i}-end": item.end,
            }
        )
    data.update(changes)
    return data


def test_every_model_is_registered():
    for model in (
        models.Article,
        models.Actor,
        models.ActorAlias,
        models.Location,
        models.Event,
        models.Evidence,
        models.Quote,
    ):
        assert admin.site.is_registered(model), model


def test_editor_changing_fatalities_locks_the_field(client, editor):
    event = EventFactory(fatalities=3)
    EvidenceFactory(event=event)
    client.force_login(editor)
    url = f"/admin/events/event/{event.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, _change_form_data(event, fatalities=5))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    event.refresh_from_db()
    assert event.fatalities == 5
    assert event.locked_fields == ["fatalities"]
    history = event.history.order_by("-history_date").first()
    assert history.history_user == editor
    assert history.fatalities == 5


def test_editor_changing_associated_actors_locks_them(client, editor):
    event = EventFactory()
    client.force_login(editor)
    extra = ActorFactory()
    url = f"/admin/events/event/{event.pk}/change/"
    response = client.post(url, _change_form_data(event, assoc_actors=[extra.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert list(event.assoc_actors.all()) == [extra]
    assert event.locked_fields == ["assoc_actors"]


def test_saving_without_changes_locks_nothing(client, editor):
    event = EventFactory()
    client.force_login(editor)
    response = client.post(f"/admin/events/event/{event.pk}/change/", _change_form_data(event))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.locked_fields == []


def test_edited_marker_in_the_event_list(admin_client):
    EventFactory(locked_fields=["fatalities"], summary="edited one")
    EventFactory(summary="untouched")
    response = admin_client.get("/admin/events/event/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "column-is_edited" in html
    assert html.count('alt="True"') == 1


def test_mark_reviewed_and_rejected_actions(client, editor):
    first, second = EventFactory(), EventFactory()
    client.force_login(editor)
    response = client.post(
        "/admin/events/event/", {"action": "mark_reviewed", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert set(Event.objects.values_list("review_status", flat=True)) == {"reviewed"}
    client.post("/admin/events/event/", {"action": "mark_rejected", "_selected_action": [second.pk]})
    second.refresh_from_db()
    assert second.review_status == "rejected"
    assert second.history.count() == 3


@pytest.mark.parametrize("path", ["/admin/", "/admin/events/event/"])
def test_anonymous_user_is_redirected_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", ["article", "actor", "actoralias", "location", "event", "evidence", "quote"])
def test_admin_changelists_and_forms_render(admin_client, world, model):
    assert admin_client.get(f"/admin/events/{model}/").status_code == 200
    assert admin_client.get(f"/admin/events/{model}/add/").status_code == 200
    assert admin_client.get(f"/admin/events/{model}/?q=Mosul").status_code == 200


def test_event_admin_list_query_count_is_flat(admin_client, event_batch, django_assert_max_num_queries):
    event_batch(10)
    with django_assert_max_num_queries(12):
        assert admin_client.get("/admin/events/event/").status_code == 200


def test_actor_autocomplete_for_event_form(client, editor, world):
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Islamic", "app_label": "events", "model_name": "event", "field_name": "actor1"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Islamic State"]
