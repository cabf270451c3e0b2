"""Helpers for the issue-12 hardening tests: a tiny corpus, a fast index, a stub pipeline.

Nothing here loads a model: the index is built with ``FastEmbedder`` and the
CLI answers through ``StubPipeline``, so each test runs in milliseconds and
still goes through the real ``qa`` entry point (``qa.cli.main``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.builder import update_index
from qa.config import QAConfig
from qa.types import Candidate, QAResult
from tests.fakes import FastEmbedder

ARTICLE = (
    "Harbour reopens after storm\n\n"
    "The harbour in Valletta reopened on Monday after three weeks of repairs. "
    "Officials said 40 ships had waited offshore during the closure.\n"
)
OTHER = (
    "Railway line extended\n\n"
    "The new railway line to the airport opened on Friday. "
    "Trains will run every ten minutes, the operator said.\n"
)


class StubPipeline:
    """Answers every question from the first article, the same way each time."""

    def __init__(self, config: QAConfig) -> None:
        self.config = config
        self.asked: list[str] = []

    def answer(self, question: str) -> QAResult:
        from qa.pipeline import printable_question, validate_question

        self.asked.append(validate_question(question, self.config))
        question = printable_question(question)  # as the real pipeline echoes it
        start = ARTICLE.index("40 ships")
        passage = ARTICLE
        cand = Candidate("40", 0.93, "a.txt", start, start + 2, passage, 0)
        return QAResult(
            question, "40", False, 0.93, "a.txt", start, start + 2, "Harbour reopens after storm", None, passage, 0, [cand]
        )

    def answer_batch(self, questions: list[str]) -> list[QAResult]:
        return [self.answer(q) for q in questions]

    def answer_in_text(self, question: str, text: str, doc_id: str = "") -> QAResult:
        return self.answer(question)

    def document(self, doc_id: str):  # pragma: no cover - not used by the CLI tests
        raise KeyError(doc_id)


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    return folder


@pytest.fixture
def fast_models(monkeypatch: pytest.MonkeyPatch) -> list[StubPipeline]:
    """Index with ``FastEmbedder`` and answer with ``StubPipeline`` (no model loads)."""
    import index.builder
    from qa.pipeline import QAPipeline

    loaded: list[StubPipeline] = []

    def load(cls, config, *args, **kwargs):
        loaded.append(StubPipeline(config))
        return loaded[-1]

    name = "make_embedder" if hasattr(index.builder, "make_embedder") else "Embedder"
    monkeypatch.setattr(index.builder, name, lambda *a, **k: FastEmbedder())
    monkeypatch.setattr(QAPipeline, "load", classmethod(load))
    return loaded


@pytest.fixture
def built(tmp_path: Path, fast_models) -> QAConfig:
    """A two-article corpus with its index built (fast embedder)."""
    config = QAConfig(corpus=make_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=FastEmbedder())
    return config


def args_for(config: QAConfig) -> list[str]:
    return ["--corpus", str(config.corpus), "--index-dir", str(config.index_dir)]
