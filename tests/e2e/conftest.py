"""Session fixtures only the end-to-end tests use; the model, the seed index and the span pipeline are in ``tests/conftest.py``."""

from __future__ import annotations

import json

import pytest

from qa.config import QAConfig
from qa.pipeline import QAPipeline
from tests.helpers import DEV_GOLD


@pytest.fixture(scope="session")
def sentence_pipeline(seed_index: QAConfig, embedder) -> QAPipeline:
    return QAPipeline.load(seed_index.with_overrides(reader="sentence"), embedder=embedder)


@pytest.fixture(scope="session")
def dev_gold() -> list[dict]:
    return [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
