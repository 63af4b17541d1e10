"""POST /api/v1/articles/ and the article_submit service behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from celery import current_app
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Article
from events.services import articles as article_services

pytestmark = pytest.mark.django_db

ARTICLE = "Militants attacked a checkpoint in Mosul on Sunday, killing three soldiers. " * 3


class FakeTask:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def delay(self, article_id: int) -> None:
        self.calls.append(article_id)


@pytest.fixture
def fake_task(monkeypatch) -> FakeTask:
    """Stand in for ingest's task, which events only knows by name."""
    task = FakeTask()
    monkeypatch.setitem(current_app.tasks, article_services.PROCESS_ARTICLE_TASK, task)
    return task


def test_submit_text_answers_202_with_absolute_url(token_client, fake_task):
    response = token_client.post(
        "/api/v1/articles/",
        {"text": ARTICLE, "title": "Checkpoint attack", "published": "2016-10-17", "publisher": "Wire"},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert body["url"] == f"http://testserver/api/v1/articles/{article.pk}/"
    assert response["Location"] == body["url"]
    assert body["status"] in Article.Status.values
    assert article.title == "Checkpoint attack"
    assert article.published_on == dt.date(2016, 10, 17)
    assert article.publisher == "Wire"
    assert article.content_hash == article_services.content_hash(ARTICLE)
    detail = token_client.get(body["url"])
    assert detail.status_code == 200
    assert detail.json()["status"] == article.status


def test_submit_queues_processing_once_the_row_is_committed(
    token_client, fake_task, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = token_client.post("/api/v1/articles/", {"url": "https://news.example.org/a"}, format="json")
    assert response.status_code == 202
    assert len(callbacks) == 1
    assert fake_task.calls == [response.json()["id"]]
    assert Article.objects.get(pk=response.json()["id"]).status == Article.Status.QUEUED


def test_submit_html(token_client, fake_task):
    html = "<html><body><p>Clashes in Mosul.</p></body></html>"
    response = token_client.post("/api/v1/articles/", {"html": html}, format="json")
    assert response.status_code == 202
    assert Article.objects.get(pk=response.json()["id"]).raw == html


def test_resubmitting_the_same_text_returns_the_same_article(token_client, fake_task):
    first = token_client.post("/api/v1/articles/", {"text": ARTICLE}, format="json").json()
    # Whitespace differences do not make a new document.
    second = token_client.post("/api/v1/articles/", {"text": "  " + ARTICLE.replace(" ", "  ")}, format="json")
    assert second.status_code == 202
    assert second.json()["id"] == first["id"]
    assert Article.objects.count() == 1


def test_resubmitting_the_same_url_returns_the_same_article(token_client, fake_task):
    first = token_client.post("/api/v1/articles/", {"url": "https://news.example.org/b"}, format="json").json()
    second = token_client.post("/api/v1/articles/", {"url": "https://news.example.org/b"}, format="json").json()
    assert first["id"] == second["id"]


def test_anonymous_submission_is_401(api_client, db):
    response = api_client.post("/api/v1/articles/", {"text": ARTICLE}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_bad_token_is_401(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.post("/api/v1/articles/", {"text": ARTICLE}, format="json").status_code == 401


def test_user_without_add_article_permission_is_403(db):
    user = User.objects.create_user("reader", password="pw-reader-1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.post("/api/v1/articles/", {"text": ARTICLE}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": "only a title"},
        {"text": ARTICLE, "html": "<p>x</p>"},
        {"url": "not a url"},
        {"url": "javascript:alert(1)"},
        {"text": ARTICLE, "published": "someday"},
        {"text": "   \n  "},
    ],
)
def test_invalid_submission_is_400_with_message(token_client, fake_task, payload):
    response = token_client.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400, response.content
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_oversized_submission_is_400(token_client, fake_task, settings):
    settings.INGEST_MAX_BYTES = 100
    response = token_client.post("/api/v1/articles/", {"text": "x" * 101}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_article_submit_service_is_idempotent(fake_task):
    first = article_services.article_submit(text=ARTICLE, url="https://news.example.org/c")
    again = article_services.article_submit(text=ARTICLE)
    by_url = article_services.article_submit(url="https://news.example.org/c")
    assert first.pk == again.pk == by_url.pk
    assert first.status == Article.Status.QUEUED


def test_article_submit_rejects_empty_input(fake_task):
    with pytest.raises(ValidationError):
        article_services.article_submit()
    with pytest.raises(ValidationError):
        article_services.article_submit(text="\n\t ")


def test_content_hash_normalises_whitespace_and_unicode_forms():
    assert article_services.content_hash("Caf\u00e9  in\nMosul") == article_services.content_hash("Cafe\u0301 in Mosul")
    assert article_services.content_hash("a") != article_services.content_hash("b")
