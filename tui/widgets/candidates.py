"""The panel listing the best answer and its runners-up; select one to read it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui import text as tx
from tui.messages import SourceRequested
from tui.types import SourceRef


class CandidatePanel(Vertical):
    """An ``OptionList`` of sources; Enter or a click opens the reader view."""

    #: Below this width an option takes two lines (answer, then its article).
    TWO_LINE_WIDTH = 60

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self.sources: list[SourceRef] = []
        self.border_title = "Candidates"
        self._two_lines: bool | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="candidate-list")

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#candidate-list", OptionList)

    def show(self, sources: list[SourceRef], turn_number: int | None = None) -> None:
        self.sources = list(sources)
        self._fill(highlight=0)
        self.set_class(not self.sources, "-empty")
        label = "Candidates" if turn_number is None else f"Candidates · Q{turn_number}"
        self.border_title = label
        self.border_subtitle = "enter: open" if self.sources else ""

    def _fill(self, highlight: int | None) -> None:
        self._two_lines = self._wants_two_lines()
        options = self.option_list
        options.clear_options()
        options.add_options(Option(_prompt(src, two_lines=self._two_lines), id=f"cand-{i}") for i, src in enumerate(self.sources))
        if self.sources and highlight is not None:
            options.highlighted = min(highlight, len(self.sources) - 1)

    def _wants_two_lines(self) -> bool:
        return 0 < self.size.width < self.TWO_LINE_WIDTH

    def on_resize(self) -> None:
        if self.sources and self._wants_two_lines() != self._two_lines:
            self._fill(highlight=self.option_list.highlighted)

    def clear(self) -> None:
        self.show([])

    @property
    def selected(self) -> SourceRef | None:
        if not self.sources:
            return None
        index = self.option_list.highlighted
        return self.sources[index if index is not None else 0]

    def move(self, delta: int) -> SourceRef | None:
        """Highlight the next (``+1``) or previous (``-1``) candidate, wrapping."""
        if not self.sources:
            return None
        current = self.option_list.highlighted or 0
        self.option_list.highlighted = (current + delta) % len(self.sources)
        return self.selected

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.sources):
            self.post_message(SourceRequested(self.sources[event.option_index]))


def _prompt(src: SourceRef, *, two_lines: bool) -> Content:
    """``91% the answer  file.txt`` (or the article on a second line, when narrow)."""
    answer = tx.collapse_whitespace(src.answer.strip()) or "(closest passage)"
    head = Content.assemble(
        (f"{tx.percent(src.score):>4} ", "bold $text-success" if src.best else "bold"),
        (answer, "bold" if src.best else ""),
    )
    if two_lines:
        where = tx.display_title(src.title, src.doc)
        return Content.assemble(head, "\n     ", (where, "$text-muted"))
    return Content.assemble(head, "  ", (tx.file_name(src.doc), "$text-muted"))
