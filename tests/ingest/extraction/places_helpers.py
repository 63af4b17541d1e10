"""Helper the place tests share: resolve a text's places and look them up as the text names them."""

from __future__ import annotations

import pytest

from ingest.extraction.nlp import annotate
from ingest.extraction.places import Resolved, resolve_places


def places_by_surface(text: str, *required: str) -> dict[str, Resolved]:
    """Every resolved place of ``text`` by each surface form it has; fails naming a ``required``
    surface that was not found as a toponym."""
    places = resolve_places(text, annotate(text))
    by_name = {s: r for r in places.resolved.values() for s in r.surfaces}
    missing = [name for name in required if name not in by_name]
    if missing:
        pytest.fail(f"not found as toponyms: {missing}")
    return by_name


def countries_and_divisions(pipeline, text: str, published: str) -> dict[str, tuple[str | None, str | None]]:
    """Each extracted place's name with its country code and first-level division, through the whole pipeline."""
    return {p.name: (p.country_code, p.admin1) for p in pipeline.extract(text, published=published).locations}
