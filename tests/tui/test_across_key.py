"""ctrl+g in the chat: the selected question's answers across articles, in a modal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.widgets import Static

from tests.fakes import FakeFactory, FakePipeline
from tests.helpers import ask, settle
from tui import text as tx
from tui.screens.across import AcrossScreen

pytestmark = pytest.mark.anyio  # anyio's pytest plugin runs the async tests

SIZE = (110, 40)


@dataclass
class LowThreshold(FakePipeline):
    threshold: float = 0.4


class Factory(FakeFactory):
    def __call__(self, config):
        self.calls += 1
        self.pipeline = LowThreshold(config)
        return self.pipeline


async def test_ctrl_g_lists_each_article_newest_first(make_app):
    app = make_app(Factory())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, AcrossScreen)
        groups = app.screen.query_one("#across-groups", Static).content
        plain = groups.plain
        assert "articles differ" in plain
        assert plain.index("2025-10-02") < plain.index("undated")  # dated article first
        assert "Rubio hosts Ruto as Haiti mission seeks support" in plain and "001_kenya.txt" in plain
        marked = [plain[s.start : s.end] for s in groups.spans if s.style == tx.HIGHLIGHT]
        assert marked == ["Kenyan President William Ruto", "President William Ruto"]  # 0.12 is below the threshold
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AcrossScreen)
        await ask(pilot, "How many were murdered?")  # the chat still answers afterwards
        assert app.turns[2].result is not None and app.turns[2].result.answer == "1,247"


async def test_ctrl_g_before_any_answer_only_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, AcrossScreen)
