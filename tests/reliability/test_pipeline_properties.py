"""Property-based tests: the pure extraction pipeline never crashes (RejectedInput is its only refusal)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extraction.normalize import RejectedInput
from ingest.extraction.pipeline import get_pipeline

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTORS = ["Iraqi forces", "Islamic State", "the army", "Boko Haram", "police", "protesters", "the militants", "He"]
VERBS = ["attacked", "shelled", "killed", "clashed with", "abducted", "arrested", "bombed", "took control of"]
OBJECTS = ["civilians", "a checkpoint", "the village", "Kurdish fighters", "soldiers", "the town", "demonstrators"]
PLACES = ["Mosul", "Tripoli", "Aleppo", "al-Bab", "Kirkuk", "Maiduguri", "Gao", "Raqqa"]
TIMES = ["on Sunday", "last week", "in June 2014", "yesterday", "", "on 17 October"]
TOLLS = ["killing at least 14 people", "killing the driver", "wounding many", "", "leaving 3 dead"]


@st.composite
def conflict_sentence(draw) -> str:
    parts = [
        draw(st.sampled_from(ACTORS)),
        draw(st.sampled_from(VERBS)),
        draw(st.sampled_from(OBJECTS)),
        "in " + draw(st.sampled_from(PLACES)),
        draw(st.sampled_from(TIMES)),
    ]
    toll = draw(st.sampled_from(TOLLS))
    sentence = " ".join(p for p in parts if p) + (f", {toll}" if toll else "") + "."
    if draw(st.booleans()):
        sentence = f'"{sentence}" {draw(st.sampled_from(ACTORS))} said.'
    return sentence


conflict_text = st.lists(conflict_sentence(), min_size=1, max_size=12).map(
    lambda sentences: "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
)


def _extract_or_reject(text: str | bytes) -> None:
    try:
        result = get_pipeline().extract(text, published="2016-10-17")
    except RejectedInput as exc:
        reason = exc.reason
        assert reason
        return
    for event in result.events:
        assert 0 <= event.start <= event.end <= len(result.text)
    for quote in result.quotes:
        assert 0 <= quote.start <= quote.end <= len(result.text)


@PROPS
@given(st.text(max_size=2000))
def test_any_text_is_extracted_or_rejected(text):
    _extract_or_reject(text)


@PROPS
@given(st.binary(max_size=2000))
def test_any_bytes_are_extracted_or_rejected(data):
    _extract_or_reject(data)


@PROPS
@given(conflict_text)
def test_conflict_like_reports_are_extracted_without_a_crash(text):
    _extract_or_reject(text)


@pytest.mark.parametrize(
    "text",
    [
        "Government forces shelled the rebel positions near Aleppo and killed many fighters " * 700,
        'He said "' * 10_000,
        '"' * 10_000,
    ],
    ids=["60k-char-sentence", "quote-cues", "bare-quote-marks"],
)
def test_pathological_text_finishes_within_a_minute(text):
    import threading

    worker = threading.Thread(target=_extract_or_reject, args=(text,), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "extraction hung"
