"""Plain helpers shared by the test folders (fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.config import PROJECT_ROOT
from qa.features import Clash, clash_of
from qa.readers.base import ReadablePassage, SpanPrediction
from qa.refusal import refusal_reason

if TYPE_CHECKING:
    from textual.pilot import Pilot

SEEDS = PROJECT_ROOT / "seeds"
DEV_GOLD = PROJECT_ROOT / "data" / "gold" / "dev.jsonl"
# An article whose price sentence names the thing otherwise ("the devices") than the question's words do
# ("the mouse adapter"): the window of those words stops short of it (``LexicalEvidence.focus``).
PRICED_ARTICLE = (
    "A new adapter helps people with tremors use a computer mouse. "
    "The mouse adapter filters out shaking hand movements. "
    "About three million Britons have a tremor, said the foundation. "
    "Karen Walsh said the mouse adapter was welcome news. "
    "Tremors often affect older people. "
    "The weather was mild that week. "
    "A small firm will produce the devices, which will cost about £70."
)


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


def clash_and_reason(question: str, text: str, answer: str) -> tuple[Clash | None, str | None]:
    """What ``clash_of`` finds for ``answer`` (its first place in ``text``) and the refusal a user would read for it."""
    read = [ReadablePassage.whole_text(text, "a.txt")]
    start = text.index(answer)
    clash = clash_of(question, read[0], start, start + len(answer))
    return clash, refusal_reason(question, read, [SpanPrediction(0, start, start + len(answer), 0.03)])


class CountingReader:
    """A real reader, counting the passages it is handed per question (to see which questions read past the first)."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.passages_read: list[int] = []

    def read_batch(self, questions, passages):
        self.passages_read.extend(len(ps) for ps in passages)
        return self.reader.read_batch(questions, passages)
