"""The question box at the bottom, with shell-like history on Up/Down."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from tui.messages import HelpRequested, QuestionSubmitted


class QuestionInput(Input):
    """An ``Input`` that remembers earlier questions.

    Up recalls the previous question, Down the next one and finally the
    draft that was being typed. Enter posts ``QuestionSubmitted`` (empty
    questions are ignored); ``?`` in an empty box asks for help instead of
    being typed (questions never start with it).
    """

    BINDINGS = [
        Binding("enter", "submit", "Ask", show=True),
        Binding("up", "history_previous", "Previous question", show=False),
        Binding("down", "history_next", "Next question", show=False),
    ]

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.history: list[str] = []
        self._cursor: int | None = None  # index into history while browsing
        self._draft = ""

    def remember(self, question: str) -> None:
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self._cursor = None
        self._draft = ""

    async def action_submit(self) -> None:
        question = self.value.strip()
        if not question:
            self.app.bell()
            return
        self.remember(question)
        self.value = ""
        self.post_message(QuestionSubmitted(question))

    def action_history_previous(self) -> None:
        if not self.history:
            return
        if self._cursor is None:
            self._draft = self.value
            self._cursor = len(self.history) - 1
        elif self._cursor > 0:
            self._cursor -= 1
        else:
            return
        self._show(self.history[self._cursor])

    def action_history_next(self) -> None:
        if self._cursor is None:
            return
        if self._cursor < len(self.history) - 1:
            self._cursor += 1
            self._show(self.history[self._cursor])
        else:
            self._cursor = None
            self._show(self._draft)

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler (subclass first in the MRO).
        if event.character == "?" and not self.value.strip():
            event.stop()
            event.prevent_default()
            self.post_message(HelpRequested())
