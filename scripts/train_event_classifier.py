#!/usr/bin/env python3
"""Train the sentence classifier (ingest/extraction/classifier.py) from the team's labelled sentences.

    .venv/bin/python scripts/train_event_classifier.py [--epochs 12] [--seed 0] [--out DIR]

Reads every ``ingest/extraction/data/training/*.jsonl`` ({"text", "label", "register"}), keeps
one sentence in ten (chosen by a hash of its text, so the split never changes) as a held-out
check, trains spaCy's ``TextCatBOW`` (exclusive classes, word uni- and bigrams) on the rest with a
fixed seed, prints the held-out accuracy per label and overall, and writes the model to
``ingest/extraction/data/event_classifier/``. The same data and seed give the same model.
Never point it at ../shared/eval: the reference sets measure, they do not train.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ingest" / "extraction" / "data" / "training"
OUT = ROOT / "ingest" / "extraction" / "data" / "event_classifier"
sys.path.insert(0, str(ROOT))

CONFIG = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**14,  # hashed n-gram buckets: 1.8 MB of weights (2**16: 7 MB, label accuracy 0.80 vs 0.76)
}


def load_rows() -> list[dict]:
    rows = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 10 == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()

    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    from events.typology import SUB_EVENT_PARENT
    from ingest.extraction.classifier import features
    from ingest.extraction.nlp import load_nlp

    rows = load_rows()
    labels = sorted({r["label"] for r in rows})
    unknown = set(labels) - set(SUB_EVENT_PARENT) - {"background", "none"}
    if unknown:
        raise SystemExit(f"labels outside the typology: {sorted(unknown)}")
    train = [r for r in rows if not held_out(r["text"])]
    test = [r for r in rows if held_out(r["text"])]
    print(f"{len(rows)} sentences, {len(labels)} labels: {len(train)} to train, {len(test)} held out")

    fix_random_seed(a.seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": CONFIG})
    for label in labels:
        textcat.add_label(label)

    def example(r: dict) -> Example:
        return Example.from_dict(nlp.make_doc(r["features"]), {"cats": {lb: float(lb == r["label"]) for lb in labels}})

    # the model reads the sentence as the pipeline parsed it (classifier.features), so parse the
    # training sentences with the same pipeline
    reader = load_nlp()
    for r, doc in zip(rows, reader.pipe([r["text"] for r in rows], batch_size=64), strict=True):
        r["features"] = features(doc[:])
    train_examples = [example(r) for r in train]
    optimizer = nlp.initialize(lambda: train_examples)
    rng = random.Random(a.seed)
    for epoch in range(a.epochs):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=16):
            nlp.update(batch, sgd=optimizer, losses=losses)
        print(f"epoch {epoch + 1:2d}  loss {losses['textcat']:.3f}")

    right: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    context_right = 0
    for r in test:
        cats = nlp(r["features"]).cats
        guess = max(cats, key=cats.get)
        total[r["label"]] += 1
        right[r["label"]] += guess == r["label"]
        gold_context = r["label"] in ("background", "none")
        context_right += gold_context == (cats.get("background", 0) + cats.get("none", 0) >= 0.5)
    print("\nheld-out accuracy per label")
    for label in labels:
        if total[label]:
            print(f"  {label:38} {right[label]:3}/{total[label]:<3}")
    print(f"overall label accuracy {sum(right.values()) / len(test):.3f} on {len(test)} held-out sentences")
    print(f"report vs background/none accuracy {context_right / len(test):.3f}")

    a.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(a.out)
    print(f"model written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
