"""Plain helpers shared by the test folders (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.config import PROJECT_ROOT

if TYPE_CHECKING:
    from textual.pilot import Pilot

SEEDS = PROJECT_ROOT / "seeds"
DEV_GOLD = PROJECT_ROOT / "data" / "gold" / "dev.jsonl"


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
