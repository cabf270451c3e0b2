"""``?``: a modal listing every key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("enter", "ask the question typed at the bottom"),
    ("↑ / ↓", "recall earlier questions (in the question box)"),
    ("ctrl+n / ctrl+p", "next / previous candidate answer"),
    ("ctrl+o", "open the selected answer in its article"),
    ("tab", "move to the candidates (↑ ↓ enter, or click one)"),
    ("pgup / pgdn", "scroll the conversation (or use the mouse wheel)"),
    ("ctrl+y", "copy the selected answer"),
    ("ctrl+g", "the selected question across articles, newest first"),
    ("ctrl+l", "clear the conversation"),
    ("ctrl+r", "retry loading the index after an error"),
    ("ctrl+t", "switch light / dark theme"),
    ("f2", "command palette (themes and more)"),
    ("? / f1", "this help (? in an empty question box)"),
    ("escape", "back from the article reader or this help"),
    ("ctrl+q", "quit"),
]


def help_content() -> Content:
    width = max(len(k) for k, _ in KEYS) + 2
    lines = [Content.assemble((key.ljust(width), "bold $accent"), text) for key, text in KEYS]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss_help", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape to close"
            yield Static(
                "Answers are quoted from the articles: the span in bold, underlined and "
                "shaded inside its passage, with the article, date and confidence.",
                id="help-intro",
            )
            yield Static(help_content(), id="help-keys")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
