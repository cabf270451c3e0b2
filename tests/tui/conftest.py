"""Fixtures for the chat tests: a fixed config and an app wired to a fake pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qa.config import QAConfig
from tests.tui.fakes import FakeFactory
from tui.app import ChatApp, create_app


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def config(tmp_path: Path) -> QAConfig:
    # A relative corpus path keeps the status bar ("corpus/") the same wherever pytest runs.
    return QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "index", no_answer_threshold=0.5)


@pytest.fixture
def make_app(config: QAConfig) -> Callable[..., ChatApp]:
    def make(factory: FakeFactory | None = None, **kwargs) -> ChatApp:
        return create_app(config, pipeline_factory=factory or FakeFactory(), **kwargs)

    return make


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Let workers finish and their messages/recomposes land."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def ask(pilot: Pilot, question: str, *, type_it: bool = False) -> None:
    """Put ``question`` in the question box (typed key by key if asked) and press Enter."""
    box = pilot.app.screen.query_one("#question")
    if type_it:
        await pilot.click("#question")
        await pilot.press(*question)
    else:
        box.value = question
    await pilot.press("enter")
    await settle(pilot)
