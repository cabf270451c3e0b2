"""Shared helpers for the reliability tests.

The session fixtures (the embedding model loaded once, the seed index built
once) are in ``tests/conftest.py``. ``run_qa`` runs the real ``qa`` command in a subprocess,
for what only a separate process shows: exit status, the exact standard
error, a kill at a random moment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.config import QAConfig
from tests.helpers import SEEDS

QA = [sys.executable, "-m", "qa.cli"]
ENV = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONUNBUFFERED": "1",
}


def qa_command(*args: str | os.PathLike | bytes) -> list:
    return [*QA, *[a if isinstance(a, bytes) else str(a) for a in args]]


def run_qa(*args: str | os.PathLike | bytes, timeout: float = 300, input: str | None = None) -> subprocess.CompletedProcess:
    """Run ``qa ARGS...`` to completion; stdout/stderr captured as text."""
    return subprocess.run(
        qa_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
        input=input,
        encoding="utf-8",
        errors="replace",
    )


def start_qa(*args: str | os.PathLike, **kwargs) -> subprocess.Popen:
    """Start ``qa ARGS...`` in the background (output discarded unless redirected)."""
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(qa_command(*args), env=ENV, **kwargs)


def assert_one_line_error(stderr: str, *fragments: str) -> str:
    """``stderr`` is exactly one ``qa: error: ...`` line holding every fragment."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("qa: error: "), line
    for fragment in fragments:
        assert fragment in line, line
    return line


def error_lines(stderr: str) -> list[str]:
    """The ``qa: error:`` lines of an output that may also hold progress noise."""
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("qa: error:")]


def copy_seeds(dest: Path, count: int | None = None) -> Path:
    """``dest`` holding the first ``count`` seed articles (all by default)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt"))[:count]:
        shutil.copy(path, dest / path.name)
    return dest


@pytest.fixture()
def small_config(tmp_path: Path, seed_config: QAConfig) -> QAConfig:
    """Three seed articles in a private corpus with a private (unbuilt) index."""
    corpus = copy_seeds(tmp_path / "corpus", 3)
    return replace(seed_config, corpus=corpus, index_dir=tmp_path / "index")


def cli_args(config: QAConfig) -> list[str]:
    return ["--corpus", str(config.corpus), "--index-dir", str(config.index_dir)]
