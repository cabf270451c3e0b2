"""Fixtures for the chat tests: a fixed config and an app wired to a fake pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qa.config import QAConfig
from tests.fakes import FakeFactory
from tui.app import ChatApp, create_app


@pytest.fixture
def config(tmp_path: Path) -> QAConfig:
    # A relative corpus path keeps the status bar ("corpus/") the same wherever pytest runs.
    return QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "index", no_answer_threshold=0.5)


@pytest.fixture
def make_app(config: QAConfig) -> Callable[..., ChatApp]:
    def make(factory: FakeFactory | None = None, **kwargs) -> ChatApp:
        return create_app(config, pipeline_factory=factory or FakeFactory(), **kwargs)

    return make
