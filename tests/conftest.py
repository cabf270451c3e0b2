"""Fixtures shared across the test suite.

The session fixtures load the embedding model once and build the seed index
once for every folder that needs them (pytest finds them here; no test
imports them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.builder import update_index
from index.embedding import Embedder, make_embedder
from qa.config import QAConfig
from qa.pipeline import QAPipeline
from tests.helpers import SEEDS


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The repository's five seed articles (never a shared copy elsewhere)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    """The seed article files, sorted by name."""
    return sorted(seeds_dir.glob("*.txt"))


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
