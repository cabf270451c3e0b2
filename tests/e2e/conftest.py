"""Session fixtures: the embedding model loads once, the seed index builds once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.builder import update_index
from index.embedding import Embedder, make_embedder
from qa.config import PROJECT_ROOT, QAConfig
from qa.pipeline import QAPipeline

SEEDS = PROJECT_ROOT / "seeds"
DEV_GOLD = PROJECT_ROOT / "data" / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default (ONNX Runtime) encoder, loaded (and exported, on a cold cache) once."""
    return make_embedder("all-MiniLM-L6-v2").load()


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory) -> Path:
    """A private copy of seeds/, so tests may touch files."""
    dest = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_config(seed_corpus, tmp_path_factory) -> QAConfig:
    return QAConfig(corpus=seed_corpus, index_dir=tmp_path_factory.mktemp("index") / "seeds")


@pytest.fixture(scope="session")
def seed_index(seed_config, embedder) -> QAConfig:
    update_index(seed_config, progress=False, embedder=embedder)
    return seed_config


@pytest.fixture(scope="session")
def span_pipeline(seed_index, embedder) -> QAPipeline:
    return QAPipeline.load(seed_index, embedder=embedder)


@pytest.fixture(scope="session")
def sentence_pipeline(seed_index, embedder) -> QAPipeline:
    return QAPipeline.load(seed_index.with_overrides(reader="sentence"), embedder=embedder)


@pytest.fixture(scope="session")
def dev_gold() -> list[dict]:
    return [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
