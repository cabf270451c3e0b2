"""``ctrl+g``: the selected question's answers across articles, newest first (``qa.across``).

A modal over the chat, like the help: each article with its date (the
file's date marked as such), title, and the sentence holding its answer,
highlighted by offsets (``tui.text.highlight``: article text is never read
as markup), and "articles differ" when their answers do not agree.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import text as tx


def across_content(extra: dict[str, Any]) -> Content:
    """The groups of ``qa.across.across_json`` as styled, literal text."""
    groups = extra.get("across") or []
    if not groups:
        return Content("No article has an answer above the threshold.")
    if extra.get("articles_differ"):
        verdict = Content.styled("articles differ", "bold $error")
    else:
        verdict = Content.styled("the articles agree" if len(groups) > 1 else "only one article answers", "$success")
    parts = [Content.assemble(("Newest first: ", "$text-muted"), verdict)]
    for group in groups:
        date = group.get("date") or "undated"
        if group.get("date_source") == "file":
            date += " (file date)"
        parts.append(Content(""))
        parts.append(
            Content.assemble(
                (tx.printable(date), "bold"), "  ", (tx.display_title(group.get("title"), group.get("doc")), "$accent")
            )
        )
        for a in group.get("answers", []):
            sentence = a["sentence"].replace("\n", " ")  # one line, same length: the offsets hold
            lo, hi = a["start"] - a["sentence_start"], a["end"] - a["sentence_start"]
            parts.append(
                Content.assemble(
                    "  ", (tx.printable(a["answer"]), "bold"), f"  {tx.percent(a['score'])}  ", tx.highlight(sentence, lo, hi)
                )
            )
    return Content("\n").join(parts)


class AcrossScreen(ModalScreen[None]):
    """Every article's answer to one question; escape closes."""

    DEFAULT_CSS = """
    AcrossScreen { align: center middle; }
    #across-box { width: 100; max-width: 100%; height: auto; max-height: 90%; padding: 0 1;
                  border: round $accent; border-title-style: bold; background: $surface; }
    #across-question { color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape,q,ctrl+g", "close", "Close", show=True)]

    def __init__(self, question: str, extra: dict[str, Any]) -> None:
        super().__init__(id="across-screen")
        self.question = question
        self.extra = extra

    def compose(self) -> ComposeResult:
        with Vertical(id="across-box") as box:
            box.border_title = "Across articles"
            box.border_subtitle = "escape to close"
            yield Static(Content(tx.printable(self.question)), id="across-question")
            with VerticalScroll():
                yield Static(across_content(self.extra), id="across-groups")

    def action_close(self) -> None:
        self.dismiss(None)
