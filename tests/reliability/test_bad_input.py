"""Bad input through article_submit and the (eager) task ends in a clear state; the API never 500s."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from events.models import Article
from events.services import articles as article_services
from tests.conftest import SAMPLE_ARTICLE

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLE_ARTICLE.read_text(encoding="utf-8")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
FINAL = {Article.Status.DONE, Article.Status.FAILED, Article.Status.SKIPPED}


def _gigantic() -> str:
    copies = settings.INGEST_MAX_BYTES // len(SAMPLE.encode()) + 2
    return "\n\n".join(f"{SAMPLE} ({n})" for n in range(copies))


# (id, submit kwargs, statuses allowed at the end, words the reason must contain when not done)
CASES = [
    ("nul-bytes", {"text": "report\x00" * 200}, {"skipped", "failed"}, ""),
    ("png-bytes", {"text": PNG.decode("latin-1")}, {"skipped", "failed"}, ""),
    (
        "invalid-utf8-replaced",
        {"text": (b"\xff\xfe\xfa" * 300 + SAMPLE.encode()).decode("utf-8", "replace")},
        FINAL,
        "",
    ),
    ("invalid-utf8-as-latin1", {"text": (b"\xff\xfe\xfa" * 300 + SAMPLE.encode()).decode("latin-1")}, FINAL, ""),
    (
        "french",
        {"text": "Les forces gouvernementales ont bombardé Alep, tuant dix civils selon l'agence. " * 12},
        {"skipped"},
        "English",
    ),
    ("arabic", {"text": "قالت مصادر إن القوات الحكومية قصفت مدينة حلب وقتلت عشرة مدنيين. " * 12}, {"skipped"}, ""),
    (
        "french-html",
        {
            "html": "<html lang='fr'><body><article><p>"
            + "Les forces gouvernementales ont bombardé Alep, tuant dix civils selon l'agence. " * 12
            + "</p></article></body></html>"
        },
        {"skipped"},
        "English",
    ),
    (
        "script-html",
        {"html": "<html><body>" + "<script>alert('x')</script>" * 2000 + f"<p>{SAMPLE}</p></body></html>"},
        FINAL,
        "",
    ),
    ("one-1mb-line", {"text": "Government forces shelled the town " * 30_000}, {"skipped", "failed"}, ""),
    ("10000-quote-marks", {"text": '"' * 10_000}, {"skipped", "failed"}, ""),
    ("quotes-around-text", {"text": '"' * 10_000 + "\n\n" + SAMPLE}, FINAL, ""),
    (
        "deeply-nested-html",
        {"html": "<html><body>" + "<div>" * 10_000 + SAMPLE + "</div>" * 10_000 + "</body></html>"},
        FINAL,
        "",
    ),
]


@pytest.mark.parametrize(("kwargs", "allowed", "reason_has"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_ends_in_a_clear_state_and_the_row_is_kept(
    kwargs, allowed, reason_has, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        article = article_services.article_submit(**kwargs)
    article.refresh_from_db()

    assert article.status in allowed, (article.status, article.status_reason)
    if article.status != Article.Status.DONE:
        assert article.status_reason, "a refused article says why"
        assert reason_has in article.status_reason
    assert article.raw or article.text, "the submitted document is kept"
    assert time.monotonic() - started < 90


def test_a_document_over_the_size_limit_is_refused_with_the_one_message_and_not_stored():
    with pytest.raises(ValidationError, match=r"too large: [\d,]+ bytes, more than the 2,000,000-byte limit"):
        article_services.article_submit(text=_gigantic())
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["", "   \n\t  \u00a0 ", "\u200b\u200c\u200d\ufeff\u2060", "\x01\x02\x7f \u200e\u202e"],
    ids=["empty", "whitespace-only", "zero-width-only", "controls-and-marks-only"],
)
def test_empty_submission_is_refused_with_a_message(body):
    with pytest.raises(ValidationError, match="empty|Submit"):
        article_services.article_submit(text=body)
    assert not Article.objects.exists()


API_CASES = [
    ("empty", {"text": ""}),
    ("whitespace-only", {"text": "   \n\t "}),
    ("nul-bytes", {"text": "report\x00" * 200}),
    ("png-bytes", {"text": PNG.decode("latin-1").replace("\x00", "")}),
    ("gigantic", {"text": "x" * 2_000_001}),
    ("french", {"text": "Les forces gouvernementales ont bombardé Alep, tuant dix civils. " * 12}),
    ("script-html", {"html": "<html><body>" + "<script>alert('x')</script>" * 500 + f"<p>{SAMPLE}</p></body></html>"}),
    ("one-1mb-line", {"text": "Government forces shelled the town " * 30_000}),
    ("10000-quote-marks", {"text": '"' * 10_000}),
    ("deeply-nested-html", {"html": "<div>" * 5_000 + SAMPLE + "</div>" * 5_000}),
    ("not-a-string", {"text": ["a", "list"]}),
    ("bad-date", {"text": SAMPLE, "published": "yesterday-ish"}),
    ("bad-url", {"url": "javascript:alert(1)"}),
]


@pytest.mark.parametrize("payload", [c[1] for c in API_CASES], ids=[c[0] for c in API_CASES])
def test_api_answers_bad_submissions_with_202_or_a_4xx_message(token_client, payload):
    response = token_client.post("/api/v1/articles/", payload, format="json")

    assert response.status_code == 202 or 400 <= response.status_code < 500, response.content[:500]
    if response.status_code != 202:
        assert response.json(), "a 4xx carries a message"


def test_api_refuses_a_body_that_is_not_json(token_client):
    response = token_client.post("/api/v1/articles/", b'{"text": "\xff\xfe broken', content_type="application/json")
    assert response.status_code == 400
    assert response.json()


def test_api_refuses_lone_surrogates_without_a_500(token_client):
    response = token_client.post(
        "/api/v1/articles/",
        b'{"text": "\\udcff\\udcfe ' + SAMPLE.encode()[:500] + b'"}',
        content_type="application/json",
    )
    assert response.status_code in (202, 400)
