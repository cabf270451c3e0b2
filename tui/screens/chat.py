"""The main screen: status bar, conversation, candidates, question box, footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from tui.screens.app_access import chat_app
from tui.types import ChatTurn, SourceRef
from tui.widgets.candidates import CandidatePanel
from tui.widgets.conversation import ChatLog
from tui.widgets.error_panel import ErrorPanel
from tui.widgets.prompt import QuestionInput
from tui.widgets.status import StatusBar


class ChatScreen(Screen):
    """Layout and the keys that act on the conversation.

    Below 110 columns the candidates sit under the conversation; wider, they
    move to a side panel. The app owns the pipeline and the question queue and
    calls the methods here to show what happened.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    BINDINGS = [
        Binding("ctrl+n", "next_candidate", "Next"),
        Binding("ctrl+p", "previous_candidate", "Prev"),
        Binding("ctrl+o", "open_source", "Source"),
        Binding("ctrl+y", "copy_answer", "Copy"),
        Binding("ctrl+l", "clear_history", "Clear"),
        Binding("pageup", "scroll_history(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_history(1)", "Scroll down", show=False),
    ]

    def __init__(self, corpus_label: str, welcome: Content | str) -> None:
        super().__init__(id="chat-screen")
        self.corpus_label = corpus_label
        self.welcome = welcome

    def compose(self) -> ComposeResult:
        yield StatusBar(self.corpus_label, id="status")
        yield ErrorPanel(id="error")
        with Container(id="body"):
            yield ChatLog(self.welcome, id="chat")
            yield CandidatePanel(id="candidates")
        yield QuestionInput(placeholder="Ask a question about the articles…  (? for help)", id="question")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.question_input.focus()
        chat_app(self).sync_ui()

    # -- parts -------------------------------------------------------------
    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def chat_log(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def candidates(self) -> CandidatePanel:
        return self.query_one(CandidatePanel)

    @property
    def error_panel(self) -> ErrorPanel:
        return self.query_one(ErrorPanel)

    @property
    def question_input(self) -> QuestionInput:
        return self.query_one(QuestionInput)

    # -- called by the app ----------------------------------------------------
    async def add_turn(self, turn: ChatTurn) -> None:
        await self.chat_log.add_turn(turn)

    async def update_turn(self, turn: ChatTurn) -> None:
        await self.chat_log.update_turn(turn)

    def show_candidates(self, sources: list[SourceRef], turn_number: int | None) -> None:
        self.candidates.show(sources, turn_number)
        self.chat_log.mark_current(turn_number)

    async def clear(self) -> None:
        await self.chat_log.clear_turns()
        self.candidates.clear()

    # -- keys -------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"next_candidate", "previous_candidate", "open_source", "copy_answer"}:
            # Shown greyed out until there is an answer to act on.
            return True if self.candidates.sources else None
        return True

    def action_scroll_history(self, direction: int) -> None:
        log = self.chat_log
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    def action_next_candidate(self) -> None:
        self.candidates.move(+1)

    def action_previous_candidate(self) -> None:
        self.candidates.move(-1)

    def action_open_source(self) -> None:
        source = self.candidates.selected
        if source is not None:
            chat_app(self).open_source(source)

    def action_copy_answer(self) -> None:
        chat_app(self).copy_answer(self.candidates.selected)

    async def action_clear_history(self) -> None:
        await chat_app(self).clear_history()
