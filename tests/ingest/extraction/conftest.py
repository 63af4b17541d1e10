"""Fixtures for the pure pipeline tests: the model and gazetteer load once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    from ingest.extraction.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    from ingest.extraction.gazetteer import default_gazetteer

    return default_gazetteer()
