"""A readable error box for failures while loading (no index, corrupt index...)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from qa.terminal_text import printable


class ErrorPanel(Static):
    """Hidden until ``show_error``; the message is literal text, never markup."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.message = ""
        self.border_title = "Could not load the index"
        self.display = False

    def show_error(self, message: str, hint: str = "") -> None:
        self.message = message
        parts: list[str | tuple[str, str]] = [(printable(message), "bold")]  # may name corpus files
        if hint:
            parts += ["\n\n", (hint, "$text-muted")]
        self.update(Content.assemble(*parts))
        self.display = True

    def hide(self) -> None:
        self.message = ""
        self.display = False
