#!/usr/bin/env python3
"""Read the extraction's events against a reference set: a sub-type confusion table and diffs.

    .venv/bin/python scripts/event_report.py [--diff] [--save OUT.jsonl] [--load OUT.jsonl] GOLD_DIR...

Runs the pipeline in this process (loaded once) on every ``*.gold.json`` of the directories,
scores each article with the shared scorer (``../shared/eval/evaluate.py``, imported, so the
matching is the scorer's own), and prints:

* the scorer's totals line;
* the per-sub-type confusion table of matched required events (rows: reference sub-type,
  columns: the extraction's), with recall and precision per sub-type;
* with ``--diff``, each article's reference events (``+`` matched, ``-`` missed, ``o`` optional)
  and its extracted events (``!`` a false event) — the material for reading failures as classes.

``--save`` keeps the extraction's JSON per article, ``--load`` scores a saved run without the
pipeline, ``--classifier`` measures the learned background veto (ingest/extraction/classifier.py). A reading aid for developers: it never changes the extraction and tunes nothing.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVALUATE = ROOT.parent / "shared" / "eval" / "evaluate.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_evaluate", EVALUATE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {EVALUATE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extract_all(golds: list[Path], *, classifier: bool = False) -> dict[str, dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")
    from ingest.extraction.classifier import SentenceClassifier
    from ingest.extraction.pipeline import Pipeline, get_pipeline

    pipeline = Pipeline(classifier=SentenceClassifier()) if classifier else get_pipeline()
    out = {}
    for g in golds:
        gold = json.loads(g.read_text())
        text = (g.parent / gold["text_file"]).read_bytes()
        out[g.name] = pipeline.extract(text, published=gold.get("published")).to_schema()
    return out


def _pairs(ev, gold: dict, out: dict):
    art = ev.Article(gold)

    def match(g, s):
        if s.get("event_type") != g["event_type"]:
            return False
        if g.get("location") and not art.place_is(s, g["location"]):
            return False
        said = [s.get("actor1"), s.get("actor2"), *(s.get("assoc_actors") or [])]
        return any(art.actor_is(a, n) for a in said for n in g["actors"] + g["targets"])

    return ev.score_entities(gold.get("events", []), out.get("events", []), match)


def _fmt_sys(s: dict) -> str:
    return (
        f"{s.get('sub_event_type')} | {s.get('actor1')} -> {s.get('actor2')} | {s.get('location')} | "
        f"{s.get('date')} | dead={s.get('fatalities')} | {s.get('evidence', '')[:110]!r}"
    )


def _fmt_gold(g: dict) -> str:
    return (
        f"{g.get('sub_event_type')} | {g.get('actors')} -> {g.get('targets')} | {g.get('location')} | "
        f"{g.get('date')} | dead={g.get('fatalities')}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--diff", action="store_true", help="print each article's reference and extracted events")
    ap.add_argument("--save", type=Path, help="write the extraction's output per article (JSON Lines)")
    ap.add_argument("--load", type=Path, help="score a saved run instead of running the pipeline")
    ap.add_argument(
        "--classifier", action="store_true", help="let the learned background reading veto events (off by default)"
    )
    a = ap.parse_args()
    ev = _scorer()
    golds = sorted(p for d in a.paths for p in (d.glob("*.gold.json") if d.is_dir() else [d]))
    if a.load:
        outputs = {o["name"]: o["out"] for o in map(json.loads, a.load.read_text().splitlines())}
    else:
        outputs = _extract_all(golds, classifier=a.classifier)
    if a.save:
        a.save.write_text("".join(json.dumps({"name": k, "out": v}) + "\n" for k, v in outputs.items()))

    totals: dict[str, list[int]] = {}
    confusion: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    predicted: collections.Counter = collections.Counter()
    for g in golds:
        gold, out = json.loads(g.read_text()), outputs.get(g.name, {})
        for k, v in ev.score(gold, out).items():
            t = totals.setdefault(k, [0] * len(v))
            for i, x in enumerate(v):
                t[i] += x
        _, _, _, pairs = _pairs(ev, gold, out)
        for gi, s in pairs:
            if not gi.get("optional"):
                confusion[gi["sub_event_type"]][s.get("sub_event_type")] += 1
        matched = {id(s) for _, s in pairs}
        for s in out.get("events", []):
            predicted[s.get("sub_event_type")] += 1
        if a.diff:
            print(f"\n=== {g.name}")
            hit = {id(gi) for gi, _ in pairs}
            for gi in gold.get("events", []):
                mark = "o" if gi.get("optional") else "+" if id(gi) in hit else "-"
                print(f"  {mark} {_fmt_gold(gi)}")
            for s in out.get("events", []):
                print(f"  {' ' if id(s) in matched else '!'} {_fmt_sys(s)}")

    parts = []
    for k in ("events", "actors", "locations", "quotes"):
        tp, fp, fn = totals.get(k, (0, 0, 0))
        p, r, f = ev.prf(tp, fp, fn)
        parts.append(f"{k} P={p:.2f} R={r:.2f} F1={f:.2f}")
    for k in (
        "locations_resolved",
        "quote_speakers",
        "event_sub_type",
        "event_roles",
        "event_dates",
        "event_fatalities",
    ):
        ok, n = totals.get(k, (0, 0))
        parts.append(f"{k}={ok}/{n}")
    print("\n" + "; ".join(parts))

    # required reference events per sub-type (matched or not), for recall
    required: collections.Counter = collections.Counter(
        gi["sub_event_type"]
        for g in golds
        for gi in json.loads(g.read_text()).get("events", [])
        if not gi.get("optional")
    )
    print("\nsub-type confusion of matched required events (reference -> extracted)")
    print(f"{'reference sub-type':38} {'req':>4} {'match':>5} {'right':>5}  extracted as")
    for sub in sorted(required):
        row = confusion.get(sub, collections.Counter())
        others = ", ".join(f"{k}:{v}" for k, v in row.most_common() if k != sub)
        print(f"{sub:38} {required[sub]:4} {sum(row.values()):5} {row.get(sub, 0):5}  {others}")
    print("\nextracted events per sub-type (all, matched or not)")
    for sub, n in predicted.most_common():
        print(f"  {sub:38} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
