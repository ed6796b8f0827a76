"""Shared fixtures: the pipeline is loaded once per test session (it takes a few seconds)."""

from pathlib import Path

import pytest

from sitroom.nlp.pipeline import Pipeline

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()
