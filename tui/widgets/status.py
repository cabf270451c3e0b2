"""The one-line status bar at the top: what is loaded and what is going on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from qa.terminal_text import one_line

_STATE_ICONS = {"loading": "◌", "ready": "●", "answering": "◐", "error": "✖"}


class StatusBar(Horizontal):
    """``corpus-qa · seeds`` on the left, ``● ready`` / ``◌ loading index…`` on the right."""

    def __init__(self, corpus_label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus_label = corpus_label
        self.state = "loading"
        self.text = "loading index…"

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("corpus-qa", "bold"), " · ", self.corpus_label),
            id="status-title",
        )
        yield Static(self._state_content(), id="status-state")

    def set_state(self, state: str, text: str) -> None:
        """``state`` is ``loading``, ``ready``, ``answering`` or ``error``."""
        for old in _STATE_ICONS:
            self.remove_class(f"-{old}")
        self.state, self.text = state, text
        self.add_class(f"-{state}")
        if self.is_mounted:
            self.query_one("#status-state", Static).update(self._state_content())

    def _state_content(self) -> Content:
        # The notes shown while loading can name the index folder or a file ("cannot write the
        # index in DIR ..."): untrusted text, so an escape sequence in a name never reaches the terminal.
        return Content(f"{_STATE_ICONS.get(self.state, '·')} {one_line(self.text)}")

    def on_mount(self) -> None:
        self.add_class(f"-{self.state}")
