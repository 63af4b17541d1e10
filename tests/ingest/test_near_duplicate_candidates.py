"""Which recent articles the near-duplicate gate compares a new one with, on either database."""

from __future__ import annotations

import random

import pytest
from django.conf import settings

from ingest import dedupe, processing
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PROBE = "f0e1d2c3b4a59687"  # the top bit set, so a sign-bit slip would show

on_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="the PostgreSQL query path"
)


def at_distance(fp: str, bits: int) -> str:
    """Return `fp` with `bits` of its 64 bits flipped, spread over the whole word (top bit first)."""
    # 3 is prime to 64, so i * 3 % 64 visits distinct bit positions.
    flips = sum(1 << (63 - i * 3 % 64) for i in range(bits))
    return f"{int(fp, 16) ^ flips:016x}"


def article_at(bits: int, **fields):
    return ArticleFactory(fingerprint=at_distance(PROBE, bits), **fields)


@pytest.mark.parametrize("bits", [0, 1, 5, 20, 21, 40, 64])
def test_at_distance_flips_that_many_bits(bits):
    assert dedupe.fingerprint_distance(PROBE, at_distance(PROBE, bits)) == bits


def test_candidates_within_the_bit_limit_come_closest_first_then_by_id():
    twenty, zero, forty, five, twenty_one, zero_again = (article_at(b) for b in (20, 0, 40, 5, 21, 0))
    me = ArticleFactory(fingerprint="")

    found = processing.near_duplicate_candidates(article_id=me.pk, fp=PROBE)

    assert found == [zero.pk, zero_again.pk, five.pk, twenty.pk]
    assert forty.pk not in found
    assert twenty_one.pk not in found


def test_duplicates_and_the_article_itself_are_no_candidates():
    original = article_at(3)
    article_at(0, duplicate_of=original)
    ArticleFactory(fingerprint="")  # not through the gate yet
    me = article_at(0)

    assert processing.near_duplicate_candidates(article_id=me.pk, fp=PROBE) == [original.pk]


def test_only_the_most_recent_fingerprinted_originals_are_in_the_window(monkeypatch):
    monkeypatch.setattr(processing, "NEAR_DUPLICATE_WINDOW", 3)
    too_old = article_at(0)
    in_window = [article_at(b) for b in (10, 40, 2)]
    # Newer rows the window skips over rather than counts: a copy and one not through the gate.
    article_at(0, duplicate_of=in_window[0])
    ArticleFactory(fingerprint="")
    me = ArticleFactory(fingerprint="")

    assert processing.near_duplicate_candidates(article_id=me.pk, fp=PROBE) == [in_window[2].pk, in_window[0].pk]
    assert too_old.pk not in processing.near_duplicate_candidates(article_id=me.pk, fp=PROBE)


def test_an_article_without_fingerprint_has_no_candidates():
    article_at(0)
    me = ArticleFactory(fingerprint="")

    assert processing.near_duplicate_candidates(article_id=me.pk, fp="") == []


@on_postgresql
def test_postgresql_finds_what_the_python_prefilter_finds_in_the_same_order(monkeypatch):
    monkeypatch.setattr(processing, "NEAR_DUPLICATE_WINDOW", 150)
    rng = random.Random(7)
    # Distances around the limit with many ties, copies and unfingerprinted rows among them, and
    # the oldest rows outside the window.
    originals = []
    for _ in range(200):
        originals.append(article_at(rng.choice([0, 1, 5, 19, 20, 21, 22, 32, 40, 63, 64])))
        if rng.random() < 0.1:
            article_at(0, duplicate_of=rng.choice(originals))
        if rng.random() < 0.1:
            ArticleFactory(fingerprint="")
    me = article_at(0)
    window = processing._recent_originals(me.pk).values_list("pk", "fingerprint")

    in_database = processing._near_duplicate_candidates_in_postgresql(article_id=me.pk, fp=PROBE)

    assert in_database == dedupe.prefilter(PROBE, window)
    assert len(in_database) > 50  # the comparison is not between two empty lists
