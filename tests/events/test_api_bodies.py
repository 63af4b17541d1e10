"""Bad request bodies are 400 with a message, before and instead of a 500 or a 202 (issue 17.3)."""

from __future__ import annotations

import json

import pytest

from events.api.parsers import MAX_JSON_DEPTH, json_depth, max_body_bytes
from events.models import Article
from tests.events.test_submission import FakeTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_task(monkeypatch) -> FakeTask:
    from celery import current_app

    from events.services import articles as article_services

    task = FakeTask()
    monkeypatch.setitem(current_app.tasks, article_services.PROCESS_ARTICLE_TASK, task)
    return task


ARTICLE = "Government forces shelled the town of Kafr Nabl in Idlib province on Tuesday, killing three civilians."
URL = "/api/v1/articles/"


def _post(client, body: bytes | str, content_type: str = "application/json"):
    return client.generic("POST", URL, body, content_type=content_type)


def _assert_400(response, *words: str) -> None:
    assert response.status_code == 400, response.content[:300]
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, detail
    assert not Article.objects.exists()


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 5000, 100_000])
def test_a_deeply_nested_json_body_from_a_permitted_user_is_400(token_client, depth):
    _assert_400(_post(token_client, "[" * depth + "]" * depth), f"nested {depth} levels", str(MAX_JSON_DEPTH))


def test_deep_nesting_inside_a_field_is_refused_too(token_client):
    body = '{"text": ' + "{" * 5000 + "}" * 5000 + "}"
    _assert_400(_post(token_client, body), "nested")


def test_an_unclosed_deep_body_is_400_not_a_500(token_client):
    _assert_400(_post(token_client, '{"a":' * 5000), "nested")


def test_brackets_inside_strings_do_not_count_as_nesting(token_client, fake_task):
    text = ARTICLE + " [" * 5000 + ' "quoted \\" {' * 100
    response = _post(token_client, json.dumps({"text": text}))
    assert response.status_code == 202, response.content[:300]


@pytest.mark.parametrize(
    ("body", "depth"),
    [(b"1", 0), (b"[]", 1), (b'{"a": [1, {"b": []}]}', 4), (b'["]]]]", "\\"[[["]', 1), (b"[" * 50, 50)],
)
def test_json_depth_counts_structure_only(body, depth):
    assert json_depth(body) == depth


def test_a_body_larger_than_any_article_can_make_is_refused_before_parsing(token_client, settings):
    settings.INGEST_MAX_BYTES = 1000
    body = json.dumps({"text": "x" * (max_body_bytes() + 1)})
    _assert_400(_post(token_client, body), "request body", "1,000-byte limit for one article")


def test_an_oversized_form_body_is_refused_before_parsing(token_client, settings):
    settings.INGEST_MAX_BYTES = 1000
    body = "text=" + "x" * (max_body_bytes() + 1)
    _assert_400(_post(token_client, body, "application/x-www-form-urlencoded"), "request body")


def test_a_form_with_too_many_fields_is_400(token_client):
    body = "&".join(f"f{n}=1" for n in range(5000))
    _assert_400(_post(token_client, body, "application/x-www-form-urlencoded"), "fields")


@pytest.mark.parametrize(
    "payload",
    [{"text": 12345}, {"text": 12.5}, {"text": True}, {"html": 7}, {"text": ARTICLE, "title": 5}, {"url": 12345}],
    ids=["int-text", "float-text", "bool-text", "int-html", "int-title", "int-url"],
)
def test_a_field_that_is_not_a_string_is_400(token_client, payload):
    _assert_400(token_client.post(URL, payload, format="json"), "Not a valid string")


@pytest.mark.parametrize(
    "text",
    ["\u200b" * 50, "\u200b\u200c\u200d\ufeff\u2060 \u00a0\n", "\x01\x02\x03\x7f", "\u202e\u200e\u200f" * 10],
    ids=["zero-width-spaces", "joiners-bom-nbsp", "controls", "direction-marks"],
)
def test_text_that_is_empty_once_invisible_characters_are_removed_is_400(token_client, text):
    _assert_400(token_client.post(URL, {"text": text}, format="json"), "empty")


def test_the_api_size_message_is_the_one_message(token_client, settings):
    settings.INGEST_MAX_BYTES = 1000
    response = token_client.post(URL, {"text": "é" * 501}, format="json")
    _assert_400(
        response, "text: too large: 1,002 bytes, more than the 1,000-byte limit for one article (INGEST_MAX_BYTES)"
    )
