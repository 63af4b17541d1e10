"""The learned sentence reading (ingest/extraction/classifier.py): the committed model loads, reads
names as their kind, and tells a few clear rows apart. Rows were written for this test; none is in
the training files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.extraction.classifier import MODEL_DIR, SentenceClassifier, features, reads_as_background
from ingest.extraction.nlp import load_nlp

TRAINING = Path(__file__).resolve().parents[3] / "ingest" / "extraction" / "data" / "training"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def model():
    return SentenceClassifier(MODEL_DIR)


def _sent(nlp, text):
    return nlp(text)[:]


def test_features_read_names_as_their_kind_and_verbs_with_their_tense(nlp):
    got = features(_sent(nlp, "Gunmen killed five villagers in Kano on Sunday."))
    assert "kill_VBD" in got.split()
    assert "PLACE" in got.split()
    assert "kano" not in got
    assert "NUM" in got.split()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Insurgents have killed more than 2,000 people in the region since the conflict began in 2017.", "background"),
        ("Fighters have repeatedly attacked army posts in the area over the past three years.", "background"),
        ("The central bank raised its benchmark interest rate by half a point on Thursday.", "none"),
        (
            "Police fired tear gas and water cannon to disperse hundreds of students outside the parliament on Monday.",
            "protest_with_intervention",
        ),
    ],
)
def test_the_model_tells_clear_rows_apart(nlp, model, text, label):
    cats = model.scores(_sent(nlp, text))
    assert max(cats, key=cats.get) == label


def test_a_dated_report_is_not_read_as_background(nlp, model):
    sent = _sent(nlp, "Gunmen stormed a village in Zamfara state on Sunday night and killed 12 farmers, police said.")
    assert not reads_as_background(sent, model)


def test_the_model_knows_every_label_of_the_training_data(model):
    labels = {
        json.loads(line)["label"] for f in TRAINING.glob("*.jsonl") for line in f.read_text().splitlines() if line
    }
    assert set(model.labels) == labels
