"""Fixtures shared across the test suite.

The session fixtures load the embedding model once and build the seed index
once for every folder that needs them (pytest finds them here; no test
imports them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from index.builder import update_index
from index.embedding import Embedder, make_embedder
from qa.cli import main
from qa.config import QAConfig
from qa.errors import QAError
from qa.pipeline import QAPipeline
from tests.helpers import SEEDS

# CI runs each property test on the same examples (a gate must not fail by the draw); a developer's run
# draws new ones each time, and a failure it finds is kept as an ``@example`` of its test.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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


@pytest.fixture(scope="session")
def write() -> Callable[[Path, str, str | bytes], Path]:
    """``write(root, rel, data)``: the file ``root/rel`` (folders made) holding exactly ``data``, bytes or text."""

    def write(root: Path, rel: str, data: str | bytes) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
        return path

    return write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``run_cli(*args, pipeline=None)``: run ``qa ARGS...`` in this process; its exit status, stdout and stderr.

    Without ``pipeline``, the real ``qa.cli.main`` runs (an argparse usage error's exit gives its status).
    With one, the command (``args[0]``) is parsed by its own module's ``register`` and handed ``pipeline``
    in place of the model and index; a ``QAError`` gives ``qa: error: ...`` and its exit code, as in ``main``.
    """

    def run(*args: str | os.PathLike[str], pipeline: object | None = None) -> tuple[int, str, str]:
        argv = [str(a) for a in args]
        if pipeline is None:
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse exits for usage errors
                code = exc.code
        else:
            command = importlib.import_module(f"qa.commands.{argv[0]}")
            parser = argparse.ArgumentParser(prog="qa")
            command.register(parser.add_subparsers(dest="command"))
            parsed = parser.parse_args(argv)
            try:
                code = parsed.func(parsed, open_pipeline=lambda config, refresh=True: pipeline)
            except QAError as error:
                print(f"qa: error: {error}", file=sys.stderr)
                code = error.exit_code
        out, err = capsys.readouterr()
        return code, out, err

    return run
