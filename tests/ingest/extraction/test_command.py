from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "sample_data" / "mosul-2016-10-17.txt"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
    )


def test_extract_prints_one_schema_object():
    proc = _run("--published", "2016-10-17", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"article", "actors", "locations", "events", "quotes"}
    assert out["article"]["published"] == "2016-10-17"
    assert {"name", "aliases", "kind", "country_code"} <= set(out["actors"][0])
    assert {"name", "country_code", "latitude", "longitude", "geonames_id"} <= set(out["locations"][0])
    event_keys = {
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "assoc_actors",
        "location",
        "country_code",
        "latitude",
        "longitude",
        "date",
        "date_precision",
        "fatalities",
        "evidence",
        "start",
        "end",
        "confidence",
    }
    assert event_keys <= set(out["events"][0])
    assert {"speaker", "text", "start", "end", "cue"} <= set(out["quotes"][0])
    assert "Mosul" in {loc["name"] for loc in out["locations"]}


def test_several_paths_give_json_lines_with_path_and_stdin_works():
    proc = _run("--published", "2016-10-17", str(SAMPLE), "-", stdin="Taliban fighters attacked Kunduz on Sunday.")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(ln) for ln in proc.stdout.splitlines()]
    assert [ln["path"] for ln in lines] == [str(SAMPLE), "-"]
    assert lines[1]["events"]


def test_empty_input_fails_cleanly_without_stdout(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = _run(str(empty))
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "empty" in proc.stderr


def test_html_article_is_extracted(pipeline):
    html = (
        "<html><head><title>Attack</title></head><body><article><p>Boko Haram militants killed 12 villagers "
        "in Borno state on Sunday, residents said.</p><p>The army said troops were pursuing the attackers "
        "near Maiduguri.</p></article></body></html>"
    )
    result = pipeline.extract(html, published="2020-03-02")
    assert "<p>" not in result.text
    assert any(e.event_type == "violence_against_civilians" and e.fatalities == 12 for e in result.events)
