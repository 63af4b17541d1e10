"""Re-extraction (``manage.py reextract`` and the admin action) over the real pipeline keeps editors' work."""

from __future__ import annotations

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from events.models import Article, Event, Evidence
from ingest.tasks import process_article_task
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    if not Group.objects.filter(name="editor").exists():
        importlib.import_module("events.migrations.0004_editor_analyst_groups").create_roles(apps, None)
    user = User.objects.create_user("desk-editor", password="pw-editor-1", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)
    return client


@pytest.fixture
def processed_article(sample_text) -> Article:
    """The sample Mosul article, extracted once by the real pipeline."""
    article = Article.objects.create(
        text=sample_text, raw="", status=Article.Status.QUEUED, published_on=dt.date(2016, 10, 17)
    )
    assert process_article_task.apply(args=[article.pk]).get() == Article.Status.DONE
    return article


def _edit_in_admin(client, event: Event, **changes) -> None:
    url = f"/admin/events/event/{event.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(
        {
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "evidence-MIN_NUM_FORMS": 0,
            "evidence-MAX_NUM_FORMS": 0,
        }
    )
    data.update(changes)
    response = client.post(url, {k: "" if v is None else v for k, v in data.items()})
    assert response.status_code == 302, response.context["adminform"].form.errors


def _mosul_battle(article: Article) -> Event:
    return (
        Event.objects.filter(evidence__article=article, event_type="battles", location__name="Mosul").distinct().get()
    )


def test_editor_correction_survives_reextract_all(editor_client, processed_article):
    event = _mosul_battle(processed_article)
    machine = (event.actor1_id, event.actor2_id, event.date)
    precision = "month" if event.date_precision != "month" else "week"
    _edit_in_admin(
        editor_client, event, fatalities=25, date_precision=precision, summary="Iraqi forces close in on Mosul."
    )

    out = StringIO()
    call_command("reextract", "--all", stdout=out)

    assert "re-extracted 1 article(s): done 1" in out.getvalue()
    event.refresh_from_db()
    assert (event.fatalities, event.date_precision, event.summary) == (25, precision, "Iraqi forces close in on Mosul.")
    assert set(event.locked_fields) == {"fatalities", "date_precision", "summary"}
    assert (event.actor1_id, event.actor2_id, event.date) == machine
    # The re-run attached its evidence to the corrected event instead of creating a machine copy.
    assert event.evidence.filter(article=processed_article).exists()
    assert _mosul_battle(processed_article) == event
    processed_article.refresh_from_db()
    assert processed_article.status == Article.Status.DONE


def test_reextract_action_in_admin_reruns_the_pipeline_and_keeps_locks(
    editor_client, processed_article, django_capture_on_commit_callbacks
):
    strike = Event.objects.get(evidence__article=processed_article, sub_event_type="suicide_bomb", evidence__start=76)
    # Each source's own figure is kept on its evidence (the sample reports one death).
    assert set(strike.evidence.exclude(fatalities=None).values_list("fatalities", flat=True)) == {1}
    _edit_in_admin(editor_client, strike, fatalities=9)
    evidence_before = set(Evidence.objects.values_list("article_id", "start"))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/events/article/", {"action": "reextract", "_selected_action": [processed_article.pk]}
        )

    assert response.status_code == 302
    processed_article.refresh_from_db()
    assert processed_article.status == Article.Status.DONE
    strike.refresh_from_db()
    assert strike.fatalities == 9
    assert strike.locked_fields == ["fatalities"]
    assert set(Evidence.objects.values_list("article_id", "start")) == evidence_before


def test_reextract_needs_ids_or_all():
    with pytest.raises(CommandError):
        call_command("reextract")
    with pytest.raises(CommandError):
        call_command("reextract", "1", "--all")


def test_reextract_leaves_articles_without_stored_text_alone():
    article = Article.objects.create(url="https://news.example.org/unfetched", status=Article.Status.FAILED)
    out, err = StringIO(), StringIO()

    call_command("reextract", str(article.pk), "404", stdout=out, stderr=err)

    assert "re-extracted 0 article(s)" in out.getvalue()
    left_alone = err.getvalue().split("left alone:")[-1]
    assert {str(article.pk), "404"} <= {part.strip() for part in left_alone.split(",")}
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED


def test_event_moved_far_away_by_an_editor_is_not_duplicated_by_reextract(editor_client, processed_article):
    event = _mosul_battle(processed_article)
    baghdad = LocationFactory(name="Baghdad", latitude=33.34, longitude=44.40, admin1="Baghdad")
    _edit_in_admin(editor_client, event, location=baghdad.pk)

    call_command("reextract", "--all", stdout=StringIO())

    assert not Event.objects.filter(event_type="battles", location__name="Mosul").exists()
    assert event.evidence.filter(article=processed_article).exists()
