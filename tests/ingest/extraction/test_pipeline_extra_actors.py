"""The pipeline freezes a worker's cached actor table once, and still sees a changed list."""

from __future__ import annotations

from ingest.extraction import pipeline as pipeline_module
from ingest.extraction.pipeline import HashedOnce

TEXT = "Fighters of the Zorvan Liberation Front attacked an army post near Mosul on Monday, killing two soldiers."


def _actor_names(result) -> set[str]:
    return {a.name for a in result.actors}


def test_the_same_table_is_frozen_once(pipeline, monkeypatch):
    calls = []
    real = pipeline_module.freeze_extra_actors
    monkeypatch.setattr(pipeline_module, "freeze_extra_actors", lambda rows: calls.append(1) or real(rows))
    table = (("Zorvan Liberation Front", ["ZLF"], "rebel", "IQ"),)
    first = pipeline.extract(TEXT, published="2024-05-06", extra_actors=table)
    second = pipeline.extract(TEXT, published="2024-05-06", extra_actors=table)
    assert len(calls) == 1
    assert "Zorvan Liberation Front" in _actor_names(first)
    assert _actor_names(first) == _actor_names(second)


def test_a_list_is_read_again_each_time(pipeline):
    text = "ZLF fighters attacked an army post near Mosul on Monday, killing two soldiers."
    rows = [("Zorvan Liberation Front", ["ZLF"], "rebel", "IQ")]
    assert "Zorvan Liberation Front" in _actor_names(pipeline.extract(text, extra_actors=rows))
    rows[0] = ("Zorvan Front", ["ZLF"], "rebel", "IQ")  # an editor renamed the actor
    names = _actor_names(pipeline.extract(text, extra_actors=rows))
    assert "Zorvan Front" in names
    assert "Zorvan Liberation Front" not in names


def test_a_hashed_once_tuple_is_an_equal_tuple():
    rows = (("A", ("b",), "rebel", None), ("C", (), "other", "IQ"))
    frozen = HashedOnce(rows)
    assert frozen == rows
    assert hash(frozen) == hash(rows)
    assert {rows: 1}[frozen] == 1
