"""The chat driven through Textual's Pilot, against a fake pipeline."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import OptionList, Static

from qa.errors import IndexMissingError
from tests.fakes import DOCS, FakeFactory
from tests.helpers import ask, settle
from tui import text as tx
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.types import TurnState
from tui.widgets.candidates import CandidatePanel
from tui.widgets.conversation import AnswerCard
from tui.widgets.error_panel import ErrorPanel
from tui.widgets.prompt import QuestionInput
from tui.widgets.status import StatusBar

pytestmark = pytest.mark.anyio  # anyio's pytest plugin runs the async tests

SIZE = (80, 24)


def highlighted(static: Static) -> list[str]:
    """The slices of a Static's Content that carry the answer highlight."""
    content = static.content
    return [content.plain[s.start : s.end] for s in content.spans if s.style == tx.HIGHLIGHT]


def last_card(app) -> AnswerCard:
    return list(app.screen.query(AnswerCard))[-1]


async def test_typed_question_gets_an_answer_with_highlighted_passage(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(StatusBar).state == "ready"
        await ask(pilot, "Who did Rubio host?", type_it=True)

        card = last_card(app)
        assert card.turn.state is TurnState.DONE
        answer = card.query_one(".answer", Static)
        assert answer.content.plain.startswith("Kenyan President William Ruto")
        assert "91%" in answer.content.plain
        meta = card.query_one(".meta", Static).content.plain
        assert meta == "Rubio hosts Ruto as Haiti mission seeks support · 2025-10-02 · 000_haiti.txt"
        passage = card.query_one(".passage", Static)
        assert highlighted(passage) == ["Kenyan President William Ruto"]
        assert "State Department for a signing ceremony" in passage.content.plain
        assert "Advertisement" not in passage.content.plain

        panel = app.screen.query_one(CandidatePanel)
        assert [s.answer for s in panel.sources] == [
            "Kenyan President William Ruto",
            "President William Ruto",
            "Marco Rubio",
        ]
        assert app.screen.query_one(QuestionInput).value == ""


async def test_brackets_in_articles_render_literally(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "What did the annex use?")
        card = last_card(app)
        assert card.query_one(".answer", Static).content.plain.startswith("[bold] and [/]")
        passage = card.query_one(".passage", Static)
        assert "markers such as [bold] and [/] for emphasis." in passage.content.plain
        assert highlighted(passage) == ["[bold] and [/]"]
        # The question is shown as typed, brackets included.
        await ask(pilot, "What is [bold] in the annex?")
        assert "[bold]" in list(app.screen.query(".question"))[-1].content.plain


async def test_not_found_shows_closest_passages(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Is there life on the moon?")
        card = last_card(app)
        assert "Not found in the corpus" in card.query_one(".not-found", Static).content.plain
        passages = [p.content.plain for p in card.query(".passage").results(Static)]
        assert len(passages) == 2
        assert passages[0].startswith("Kenya's parliament approved the agreement")
        assert not card.query(".answer")
        assert not card.query(".reason")  # no reason the pipeline could check: none is shown
        await ask(pilot, "Who walked on the moon in 1900?")
        reason = last_card(app).query_one(".reason", Static).content.plain
        assert reason == "none of the 2 closest articles mentions 1900"


async def test_the_pipelines_verdict_is_the_only_one(make_app, config):
    # The chat applies no threshold of its own (issue 12, item 20): an answer the
    # pipeline gave is shown as an answer whatever the config's threshold says,
    # and a "no answer" is shown as not found.
    app = make_app()
    app.config = config.with_overrides(no_answer_threshold=0.95)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        card = last_card(app)
        assert not card.query(".not-found")
        assert card.query_one(".answer", Static).content.plain.startswith("Kenyan President William Ruto")
        await ask(pilot, "What is the capital of Mars?")
        assert last_card(app).query(".not-found")


async def test_candidate_opens_reader_scrolled_to_span_and_escape_returns(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "How many people were murdered?")
        await pilot.press("tab")  # from the question box to the candidates
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await settle(pilot)

        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        hit = reader.query_one("#hit", Static)
        assert highlighted(hit) == ["1,247"]
        assert "Rubio hosts Ruto" in reader.query_one("#reader-title", Static).content.plain
        article = reader.query_one("#article")
        assert article.scroll_y > 0  # the span is far down the article
        line = reader.span_line()
        assert article.scroll_y <= line < article.scroll_y + article.size.height

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)


async def test_next_candidate_and_open_source_keys(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await pilot.press("ctrl+n")
        assert app.screen.query_one(CandidatePanel).selected.doc == "001_kenya.txt"
        await pilot.press("ctrl+o")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert highlighted(reader.query_one("#hit", Static)) == ["President William Ruto"]
        # No title in that article's metadata: the file name stands in.
        assert reader.query_one("#reader-title", Static).content.plain == "001_kenya.txt"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        assert app.screen.query_one(CandidatePanel).selected.best


async def test_clicking_a_candidate_opens_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await pilot.click("#candidate-list", offset=(5, 2))  # third row
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.source.answer == "Marco Rubio"


async def test_startup_error_is_shown_not_raised(make_app):
    factory = FakeFactory(error=IndexMissingError("no index for corpus/: run `qa index` first"))
    app = make_app(factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ErrorPanel)
        assert panel.display
        assert "no index for corpus/: run `qa index` first" in panel.content.plain
        assert app.screen.query_one(StatusBar).state == "error"
        assert app.return_code is None and app.is_running

        # Questions wait; fixing the problem and retrying answers them.
        await ask(pilot, "Who did Rubio host?")
        assert last_card(app).turn.state is TurnState.WAITING
        factory.error = None
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not panel.display
        assert last_card(app).turn.state is TurnState.DONE


async def test_unexpected_loader_exception_is_a_message(make_app):
    app = make_app(FakeFactory(error=RuntimeError("disk on fire")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "RuntimeError: disk on fire" in app.screen.query_one(ErrorPanel).content.plain


async def test_questions_typed_while_loading_wait_and_are_answered_in_order(make_app):
    gate = threading.Event()
    factory = FakeFactory(gate=gate)
    app = make_app(factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusBar)
        assert status.state == "loading"
        for q in ("Who did Rubio host?", "How many people were murdered?"):
            app.screen.query_one(QuestionInput).value = q
            await pilot.press("enter")
            await pilot.pause()
        assert [c.turn.state for c in app.screen.query(AnswerCard)] == [TurnState.WAITING] * 2
        assert "2 questions waiting" in status.text
        assert "Waiting for the index" in str(last_card(app).query_one(".pending", Static).content)
        gate.set()
        await settle(pilot, rounds=8)
        assert factory.pipeline.asked == ["Who did Rubio host?", "How many people were murdered?"]
        assert [c.turn.state for c in app.screen.query(AnswerCard)] == [TurnState.DONE] * 2
        assert status.state == "ready"


async def test_question_errors_show_in_the_conversation(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "this one is too long")
        card = last_card(app)
        assert card.turn.state is TurnState.FAILED
        assert "too long" in card.query_one(".error", Static).content.plain
        await ask(pilot, "Who did Rubio host?")  # the chat goes on
        assert last_card(app).turn.state is TurnState.DONE


async def test_input_history_recall(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "first question")
        await ask(pilot, "second question")
        box = app.screen.query_one(QuestionInput)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert box.value == "second question"
        await pilot.press("up")
        assert box.value == "first question"
        await pilot.press("up")
        assert box.value == "first question"
        await pilot.press("down")
        assert box.value == "second question"
        await pilot.press("down")
        assert box.value == "draft"


async def test_empty_question_is_ignored(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(QuestionInput).value = "   "
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query(AnswerCard)


async def test_help_screen_and_question_mark_in_questions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+y" in app.screen.query_one("#help-keys", Static).content.plain
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)
        await pilot.press(*"why?")
        assert app.screen.query_one(QuestionInput).value == "why?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_copy_answer_and_clear_history(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await pilot.press("ctrl+y")
        assert app.clipboard == "Kenyan President William Ruto"
        assert any("Copied" in n.message for n in app._notifications)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not app.screen.query(AnswerCard)
        assert not app.screen.query_one(CandidatePanel).sources
        assert app.screen.query_one("#welcome").display


async def test_reader_falls_back_to_passage_when_article_is_missing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        pipeline = app.pipeline
        saved = DOCS.pop("000_haiti.txt")
        try:
            await pilot.press("ctrl+o")
            await settle(pilot)
        finally:
            DOCS["000_haiti.txt"] = saved
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and pipeline is app.pipeline
        assert "showing the passage only" in reader.query_one("#reader-note", Static).content.plain
        assert highlighted(reader.query_one("#hit", Static)) == ["Kenyan President William Ruto"]


async def test_wide_terminal_puts_candidates_beside_the_conversation(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        chat = app.screen.query_one("#chat").region
        panel = app.screen.query_one(CandidatePanel).region
        assert app.screen.has_class("-wide")
        assert panel.x >= chat.right and panel.y == chat.y


async def test_clicking_an_earlier_answer_lists_its_candidates(make_app):
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await ask(pilot, "How many people were murdered?")
        panel = app.screen.query_one(CandidatePanel)
        assert panel.border_title.endswith("Q2")
        first = list(app.screen.query(AnswerCard))[0]
        await pilot.click(first)
        await settle(pilot)
        assert panel.border_title.endswith("Q1")
        assert panel.sources[0].answer == "Kenyan President William Ruto"
        assert first.has_class("-current")


async def test_page_keys_scroll_the_history(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for q in ("Who did Rubio host?", "How many people were murdered?", "Is there life on the moon?"):
            await ask(pilot, q)
        log = app.screen.query_one("#chat")
        bottom = log.scroll_y
        assert bottom > 0
        await pilot.press("pageup")
        assert log.scroll_y < bottom


async def test_index_builder_runs_first_and_its_errors_are_shown(make_app):
    from qa.errors import CorpusError

    calls = []

    def builder(config, say):
        calls.append(config)
        say("building the index (first run: may take a minute)…")
        raise CorpusError("corpus folder corpus holds no .txt, .md or .jsonl files")

    factory = FakeFactory()
    app = make_app(factory, index_builder=builder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert calls and factory.calls == 0  # the pipeline is not loaded after a failed build
        assert "holds no .txt" in app.screen.query_one(ErrorPanel).content.plain
