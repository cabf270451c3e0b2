"""SVG snapshots of the chat at 80x24 (update with ``--snapshot-update``)."""

from __future__ import annotations

from qa.errors import IndexMissingError
from tests.fakes import FakeFactory
from tests.helpers import ask, settle
from tui.widgets.prompt import QuestionInput

SIZE = (80, 24)


async def _steady(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.query_one(QuestionInput).cursor_blink = False  # no blinking in screenshots


def test_main_screen_with_answer(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await ask(pilot, "Who did Rubio host?")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_not_found_answer(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await ask(pilot, "Is there life on the moon?")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_reader_view(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await ask(pilot, "How many people were murdered?")
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_error_state(snap_compare, make_app):
    factory = FakeFactory(error=IndexMissingError("no index for corpus/ yet: run `qa index --corpus corpus` first"))

    async def run_before(pilot) -> None:
        await _steady(pilot)

    assert snap_compare(make_app(factory), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_wide_terminal(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await _steady(pilot)
        await ask(pilot, "Who did Rubio host?")
        await ask(pilot, "Is there life on the moon?")

    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=run_before)
