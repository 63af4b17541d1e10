"""A learned reading of a sentence: does it report an incident (and of which sub-type), or is it
background or no conflict at all?

The model is spaCy's own bag-of-n-grams text classifier (``TextCatBOW``, exclusive classes)
over a blank English tokenizer, trained by ``make train`` (scripts/train_event_classifier.py) on
the team's labelled sentences in ``data/training/`` (DATASHEET.md there), never on the
reference sets. It is a linear model over hashed word n-grams: about 0.1 ms a sentence, so the
event stage can ask it about every sentence where a rule proposes an event.

The rules propose and the model may veto: :func:`reads_as_context` says a proposed sentence is
background or non-conflict text when the model's probability for those two classes together is
at least one half (its own decision rule, not a threshold tuned on any reference set).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from spacy.tokens import Span

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "data" / "event_classifier"
CONTEXT_LABELS = ("background", "none")
# Names say nothing of whether a sentence is news or history, and a model that learned them would
# learn the training sentences' countries: they become their kind. Dates stay words ("this year"
# against "on Sunday" is the distinction that matters); verbs carry their tense tag.
_MASK = {
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "GROUP",
    "NORP": "GROUP",
    "PERSON": "PERSON",
    "CARDINAL": "NUM",
    "QUANTITY": "NUM",
    "MONEY": "NUM",
    "PERCENT": "NUM",
}


def features(sent: Span) -> str:
    """The sentence as the model reads it: lemmas, verbs with their tense tag, names as their kind
    ("Gunmen killed five villagers in Kano on Sunday" -> "gunman kill_VBD NUM villager in PLACE on sunday")."""
    out: list[str] = []
    for t in sent:
        if t.is_space or (t.is_punct and t.text not in ("?", "!")):
            continue
        kind = _MASK.get(t.ent_type_)
        if kind is not None:
            if t.ent_iob_ == "B" or t.i == sent.start or out[-1:] != [kind]:
                out.append(kind)
            continue
        if t.like_num:
            out.append("NUM")
        elif t.pos_ in ("VERB", "AUX"):
            out.append(f"{t.lemma_.lower()}_{t.tag_}")
        else:
            out.append(t.lemma_.lower())
    return " ".join(out)


class SentenceClassifier:
    """Wraps the trained spaCy pipeline; ``scores`` maps each label to its probability."""

    def __init__(self, path: Path = MODEL_DIR):
        import spacy

        self.nlp = spacy.load(path)
        self.labels: tuple[str, ...] = tuple(self.nlp.get_pipe("textcat").labels)

    def scores(self, sent: Span) -> dict[str, float]:
        return dict(self.nlp(features(sent)).cats)

    def context_probability(self, sent: Span) -> float:
        cats = self.scores(sent)
        return sum(cats.get(label, 0.0) for label in CONTEXT_LABELS)

    def background_probability(self, sent: Span) -> float:
        return self.scores(sent).get("background", 0.0)


@functools.lru_cache(maxsize=1)
def default_classifier() -> SentenceClassifier | None:
    """Return the committed model, or None (with a warning) when it has not been built."""
    if not (MODEL_DIR / "meta.json").exists():
        logger.warning("no sentence classifier at %s: run `make train`; events use the rules alone", MODEL_DIR)
        return None
    return SentenceClassifier()


def reads_as_context(sent: Span, classifier: SentenceClassifier | None = None) -> bool:
    """Does the model read this parsed sentence as background or non-conflict text (P >= 0.5)?"""
    model = classifier or default_classifier()
    return model is not None and model.context_probability(sent) >= 0.5


def reads_as_background(sent: Span, classifier: SentenceClassifier | None = None) -> bool:
    """Does the model read this sentence, where the rules found a trigger of conflict, as history or
    context rather than a report (P(background) >= 0.5)? Whether it is about conflict at all the
    rules already decided; the model is asked only which of the two it is."""
    model = classifier or default_classifier()
    return model is not None and model.background_probability(sent) >= 0.5
