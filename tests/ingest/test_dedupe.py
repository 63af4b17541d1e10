"""Canonical URLs, exact and near-duplicate detection of syndicated copies."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from events.canonical import InvalidURL, canonical_url
from events.models import Article
from events.services.articles import article_submit
from ingest import dedupe, processing
from ingest.processing import article_prepare
from tests.ingest.conftest import fixture_text


def article_process(*, article_id: int) -> str:
    """Take the article through claim, fetch and the duplicate gate; extraction is not under test here."""
    result = article_prepare(article_id=article_id)
    return result if isinstance(result, str) else result.status


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.ORG/world/story?id=7#comments", "https://news.example.org/world/story?id=7"),
        ("https://example.org/a?utm_source=tw&utm_medium=social&id=3", "https://example.org/a?id=3"),
        ("https://example.org/a?fbclid=XYZ&gclid=1&mc_cid=2&mc_eid=3", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1&c=", "https://example.org/a?a=1&b=2&c="),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org:443", "https://example.org/"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("  https://example.org/a%2fb  ", "https://example.org/a%2Fb"),
        ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
        ("https://example.org/path/", "https://example.org/path/"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.org/file", "javascript:alert(1)", "example.org/a", "", "http://"])
def test_canonical_url_rejects_what_cannot_be_fetched(url):
    with pytest.raises(InvalidURL):
        canonical_url(url)


def test_wire_copy_with_small_edits_is_similar_and_unrelated_story_is_not():
    wire, edited = fixture_text("wire.txt"), fixture_text("wire_edited.txt")
    assert dedupe.similarity(wire, edited) >= 0.8
    assert dedupe.similarity(wire, fixture_text("unrelated.txt")) < 0.1
    # Another outlet's own report of the same attack is not a copy: both must be extracted.
    assert dedupe.similarity(wire, fixture_text("same_incident.txt")) < 0.3
    near = dedupe.fingerprint_distance(dedupe.fingerprint(wire), dedupe.fingerprint(edited))
    far = dedupe.fingerprint_distance(dedupe.fingerprint(wire), dedupe.fingerprint(fixture_text("unrelated.txt")))
    assert near <= dedupe.PREFILTER_MAX_BITS < far


def test_fingerprint_ignores_case_and_whitespace():
    assert dedupe.fingerprint("Gunmen  attacked the\nvillage at dawn") == dedupe.fingerprint(
        "gunmen attacked THE village at dawn"
    )
    assert dedupe.fingerprint("") == ""


@pytest.mark.django_db
def test_near_duplicate_is_skipped_with_a_link_to_the_original(settings):
    original = article_submit(text=fixture_text("wire.txt"))
    # The original has passed the gate (extraction, which comes next, does not matter here).
    assert article_process(article_id=original.pk) == Article.Status.PROCESSING
    original.refresh_from_db()
    assert original.fingerprint

    copy = article_submit(text=fixture_text("wire_edited.txt"), url="https://other.example.net/copy")
    assert article_process(article_id=copy.pk) == Article.Status.SKIPPED

    copy.refresh_from_db()
    assert copy.status == Article.Status.SKIPPED
    assert copy.status_reason.startswith(f"near-duplicate of article {original.pk}")
    assert copy.duplicate_of_id == original.pk
    assert list(original.duplicates.values_list("url", flat=True)) == ["https://other.example.net/copy"]


@pytest.mark.django_db
def test_unrelated_and_same_incident_stories_are_not_duplicates():
    original = article_submit(text=fixture_text("wire.txt"))
    article_process(article_id=original.pk)
    for name in ("unrelated.txt", "same_incident.txt"):
        other = article_submit(text=fixture_text(name))
        article_process(article_id=other.pk)
        other.refresh_from_db()
        assert other.duplicate_of_id is None
        assert other.status != Article.Status.SKIPPED, other.status_reason
        assert other.fingerprint


@pytest.mark.django_db
def test_exact_copy_in_html_of_a_text_article_is_a_duplicate():
    original = article_submit(text=fixture_text("wire.txt"))
    article_process(article_id=original.pk)
    paragraphs = "".join(f"<p>{p}</p>" for p in fixture_text("wire.txt").split("\n\n"))
    copy = article_submit(html=f"<html><body><article>{paragraphs}</article></body></html>")

    assert article_process(article_id=copy.pk) == Article.Status.SKIPPED
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert copy.status_reason.startswith(f"duplicate of article {original.pk}")


@pytest.mark.django_db
def test_identical_submission_returns_the_stored_article():
    first = article_submit(text=fixture_text("wire.txt"))
    again = article_submit(text=fixture_text("wire.txt") + "\n\n")
    assert again.pk == first.pk
    assert Article.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Gunmen attacked a police station in Kano.", "too short: 7 words"),
        (
            "Des combattants de l'État islamique ont attaqué dimanche un poste de contrôle de l'armée près de "
            "Mossoul, tuant au moins quatorze soldats, selon des responsables de la sécurité. L'attaque a commencé "
            "avant l'aube lorsqu'un kamikaze a lancé une voiture piégée contre le poste sur la route principale.",
            "not English",
        ),
    ],
)
def test_short_or_foreign_articles_are_skipped_with_the_reason(text, reason):
    article = article_submit(text=text)
    assert article_process(article_id=article.pk) == Article.Status.SKIPPED
    article.refresh_from_db()
    assert article.status == Article.Status.SKIPPED
    assert article.status_reason.startswith(reason)


def _simhash_bit_by_bit(features: set[str]) -> int:
    """SimHash as defined: bit b is set when more than half of the features' 64-bit hashes set it."""
    import hashlib

    hashes = [int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "big") for f in features]
    return sum(1 << b for b in range(64) if sum(h >> b & 1 for h in hashes) > len(hashes) / 2)


@pytest.mark.parametrize("size", [1, 2, 3, 64, 601])
def test_simhash_sets_the_bits_most_features_set(size):
    import random

    rng = random.Random(size)
    features = {
        " ".join(
            rng.choice(["army", "shelled", "the", "town", "of", "Idlib", "on", "Monday"]) + str(i) for i in range(3)
        )
        for i in range(size)
    }
    assert dedupe.simhash(features) == _simhash_bit_by_bit(features)


def test_simhash_of_nothing_is_zero():
    assert dedupe.simhash([]) == 0
    assert dedupe.shingles_fingerprint(set()) == ""


@pytest.fixture
def empty_shingles_cache(monkeypatch):
    monkeypatch.setattr(processing, "_candidate_shingles_cache", OrderedDict())
    return processing._candidate_shingles_cache


def _gated(text: str, **fields) -> Article:
    article = article_submit(text=text, **fields)
    article_process(article_id=article.pk)
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_near_duplicate_check_sees_an_original_edited_after_its_shingles_were_cached(empty_shingles_cache):
    original = _gated(fixture_text("wire.txt"))
    first = _gated(fixture_text("wire_edited.txt"), url="https://a.example.net/1")
    assert first.duplicate_of_id == original.pk
    assert empty_shingles_cache  # the original's shingles, kept for the next copy

    original.text = fixture_text("unrelated.txt")  # its fingerprint still brings it up as a candidate
    original.save()
    second = _gated(fixture_text("wire.txt") + "\n\nMore to follow.", url="https://a.example.net/2")
    assert second.duplicate_of_id is None
    assert second.status == Article.Status.PROCESSING

    original.text = fixture_text("wire.txt")
    original.save()
    # Both the original and the second copy are close now: the lower id is compared first.
    third = _gated(fixture_text("wire.txt") + "\n\nDeveloping story.", url="https://a.example.net/3")
    assert third.duplicate_of_id == original.pk


@pytest.mark.django_db
def test_candidate_shingles_are_read_once_until_the_candidate_changes(empty_shingles_cache, django_assert_num_queries):
    original = _gated(fixture_text("wire.txt"))
    other = _gated(fixture_text("unrelated.txt"))
    expected = [(original.pk, dedupe.shingles(fixture_text("wire.txt"))), (other.pk, dedupe.shingles(other.text))]

    with django_assert_num_queries(2):  # the keys, then the texts of the misses
        assert processing._candidate_shingles([other.pk, original.pk]) == expected
    with django_assert_num_queries(1):
        assert processing._candidate_shingles([other.pk, original.pk]) == expected

    original.text = fixture_text("same_incident.txt")
    original.save()
    with django_assert_num_queries(2):
        assert processing._candidate_shingles([original.pk]) == [
            (original.pk, dedupe.shingles(fixture_text("same_incident.txt")))
        ]


@pytest.mark.django_db
def test_candidate_shingles_cache_keeps_the_most_recently_used(empty_shingles_cache, monkeypatch):
    monkeypatch.setattr(processing, "CANDIDATE_SHINGLES_CACHE_SIZE", 1)
    first = _gated(fixture_text("wire.txt"))
    second = _gated(fixture_text("unrelated.txt"))

    found = processing._candidate_shingles([first.pk, second.pk])
    assert [pk for pk, _ in found] == [first.pk, second.pk]
    assert len(empty_shingles_cache) == 1
    processing._candidate_shingles([first.pk])
    assert [pk for pk, _ in empty_shingles_cache] == [first.pk]
