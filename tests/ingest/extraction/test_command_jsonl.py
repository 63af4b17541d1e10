"""``manage.py extract --jsonl``: a whole bulk file through one process, one JSON line out per line in.

Run in-process with ``call_command`` so the session ``pipeline`` fixture (conftest.py) is the one the
command gets from ``get_pipeline()``: spaCy loads once for the whole module.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SCHEMA_KEYS = {"article", "actors", "locations", "events", "quotes"}

KANDAHAR = "Gunmen attacked a police checkpoint in Kandahar on Monday, killing three officers, officials said."
MAIDUGURI = "Suicide bombers struck a market in Maiduguri on Monday, killing nine people, police said."
KHARTOUM = "Protesters marched through Khartoum on Monday demanding civilian rule, witnesses said."


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _extract(*args: str) -> tuple[list[dict], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    failure = None
    try:
        call_command("extract", *args, stdout=out, stderr=err)
    except CommandError as exc:
        failure = exc
    return [json.loads(ln) for ln in out.getvalue().splitlines()], err.getvalue(), failure


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_order_ids_and_each_lines_own_published_date(pipeline, tmp_path):
    src = tmp_path / "bulk.jsonl"
    src.write_text(
        _jsonl(
            {"id": "kdh-1", "text": KANDAHAR, "published": "2021-03-10", "title": "Checkpoint attacked"},
            {"id": 2, "text": MAIDUGURI, "published": "2019-07-03"},
            {"id": "khr", "text": KHARTOUM, "published": "2022-11-02", "title": "Marchers in Khartoum"},
        )
    )
    lines, err, failure = _extract("--jsonl", str(src), "--title", "Default title")
    assert failure is None, err
    assert [ln["id"] for ln in lines] == ["kdh-1", 2, "khr"]
    assert all(set(ln) >= SCHEMA_KEYS for ln in lines)
    assert [ln["article"]["published"] for ln in lines] == ["2021-03-10", "2019-07-03", "2022-11-02"]
    # "on Monday" is the Monday before each line's own publication date (all three are Wednesdays).
    assert [{e["date"] for e in ln["events"]} for ln in lines] == [{"2021-03-08"}, {"2019-07-01"}, {"2022-10-31"}]
    # A line's title wins; a line without one falls back to --title.
    assert [ln["article"]["title"] for ln in lines] == ["Checkpoint attacked", "Default title", "Marchers in Khartoum"]


def test_published_falls_back_to_the_option(pipeline, tmp_path):
    src = tmp_path / "bulk.jsonl"
    src.write_text(_jsonl({"id": 7, "text": KANDAHAR}, {"id": 8, "text": KANDAHAR, "published": "2021-06-17"}))
    lines, err, failure = _extract("--jsonl", str(src), "--published", "2021-03-10")
    assert failure is None, err
    assert [ln["article"]["published"] for ln in lines] == ["2021-03-10", "2021-06-17"]
    assert [{e["date"] for e in ln["events"]} for ln in lines] == [{"2021-03-08"}, {"2021-06-14"}]


def test_bad_lines_give_error_objects_and_the_run_goes_on(pipeline, tmp_path):
    src = tmp_path / "bulk.jsonl"
    src.write_text(
        _jsonl(
            {"id": "ok-1", "text": KANDAHAR, "published": "2021-03-10"},
            '{"id": "broken", "text": "Clashes in Aden',  # invalid JSON: the id cannot be known
            {"id": "no-text", "title": "Missing body"},
            {"id": 44, "text": ["not", "a", "string"]},
            {"id": "bad-date", "text": MAIDUGURI, "published": "2019-13-40"},
            {"id": "tiny", "text": "ok"},  # rejected by the pipeline
            {"id": "ok-2", "text": KHARTOUM, "published": "2019-06-05"},
        )
    )
    lines, err, failure = _extract("--jsonl", str(src))
    assert [ln["id"] for ln in lines] == ["ok-1", None, "no-text", 44, "bad-date", "tiny", "ok-2"]
    errors = [ln.get("error") for ln in lines]
    assert errors[0] is None
    assert errors[-1] is None
    assert lines[0]["events"]
    assert lines[-1]["events"]
    assert "invalid JSON" in errors[1]
    assert errors[2] == 'missing "text"'
    assert '"text" must be a string' in errors[3]
    assert "2019-13-40" in errors[4]
    assert errors[5].startswith("rejected:")
    assert all(set(ln) == {"id", "error"} for ln in lines[1:6])
    for lineno in (2, 3, 4, 5, 6):
        assert f"line {lineno}:" in err
    assert "line 1:" not in err
    assert "line 7:" not in err
    assert failure is not None
    assert "5 of 7 lines failed" in str(failure)


def test_stdin_dash(pipeline, monkeypatch):
    _stdin(
        monkeypatch,
        _jsonl({"id": "s1", "text": KHARTOUM, "published": "2019-06-05"}, {"id": "s2", "text": KANDAHAR}).encode(),
    )
    lines, err, failure = _extract("--jsonl", "-", "--published", "2021-03-10")
    assert failure is None, err
    assert [ln["id"] for ln in lines] == ["s1", "s2"]
    assert [ln["article"]["published"] for ln in lines] == ["2019-06-05", "2021-03-10"]
    assert any(e["event_type"] == "protests" for e in lines[0]["events"])


def test_output_is_written_before_the_next_line_is_read(pipeline, monkeypatch):
    out = io.StringIO()
    seen_before_read: list[int] = []
    raw_lines = [_jsonl({"id": i, "text": KANDAHAR, "published": "2021-03-10"}).encode() for i in range(3)]

    class Feeder:
        def __iter__(self):
            for raw in raw_lines:
                seen_before_read.append(len(out.getvalue().splitlines()))
                yield raw

    feeder = Feeder()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": feeder})())
    call_command("extract", "--jsonl", "-", stdout=out, stderr=io.StringIO())
    assert seen_before_read == [0, 1, 2]
    assert [json.loads(ln)["id"] for ln in out.getvalue().splitlines()] == [0, 1, 2]


def test_jsonl_and_paths_together_are_refused(pipeline, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(KANDAHAR)
    with pytest.raises(CommandError, match="not both"):
        call_command("extract", str(art), "--jsonl", "-", stdout=io.StringIO(), stderr=io.StringIO())


def test_path_forms_are_unchanged(pipeline, tmp_path):
    first, second = tmp_path / "kandahar.txt", tmp_path / "khartoum.txt"
    first.write_text(KANDAHAR)
    second.write_text(KHARTOUM)
    lines, err, failure = _extract("--published", "2021-03-10", str(first), str(second))
    assert failure is None, err
    assert [ln["path"] for ln in lines] == [str(first), str(second)]
    assert all("id" not in ln and set(ln) >= SCHEMA_KEYS for ln in lines)

    out = io.StringIO()
    call_command("extract", "--published", "2021-03-10", str(first), stdout=out, stderr=io.StringIO())
    single = json.loads(out.getvalue())
    assert set(single) == SCHEMA_KEYS
