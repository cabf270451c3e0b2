"""The article reader: the full source article, scrolled to the highlighted span."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from index.types import Document
from tui import text as tx
from tui.screens.app_access import chat_app
from tui.types import SourceRef

_LINE = re.compile(r"[^\n]+")


class Paragraph(Static):
    """One line/paragraph of the article, remembering where it starts."""

    def __init__(self, content: Content, start: int, end: int, *, hit: bool, id: str | None = None) -> None:
        super().__init__(content, id=id, classes="para -hit" if hit else "para")
        self.start = start
        self.end = end


class ReaderScreen(Screen[None]):
    """Shows ``source`` in its full article; Escape goes back.

    ``document`` is the article from the pipeline; when it could not be read
    (``note`` says why), the passage the answer came from is shown instead.
    """

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+y", "copy_answer", "Copy answer"),
        Binding("ctrl+o", "scroll_to_span", "To answer"),
    ]

    def __init__(self, source: SourceRef, document: Document | None, note: str | None = None) -> None:
        super().__init__(id="reader-screen")
        self.source = source
        self.document = document
        self.note = note
        if document is not None:
            self.text, self.span = document.text, (source.start, source.end)
            meta = document.metadata
            self.title = meta.title or source.title
            self.date = meta.date or source.date
            self.byline = meta.byline
        else:
            self.text = source.passage
            self.span = (source.start - source.passage_start, source.end - source.passage_start)
            self.title, self.date, self.byline = source.title, source.date, None
        self.span = tx.clamp_span(len(self.text), *self.span)
        self.hit: Paragraph | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="reader-head"):
            yield Static(Content.styled(tx.display_title(self.title, self.source.doc), "bold"), id="reader-title")
            yield Static(self._meta_line(), id="reader-meta")
            if self.note:
                yield Static(Content.assemble(("! ", "bold"), tx.printable(self.note)), id="reader-note")
        with VerticalScroll(id="article"):
            yield from self._paragraphs()
        yield Footer(show_command_palette=False, compact=True)

    def _meta_line(self) -> Content:
        parts: list[str | tuple[str, str] | Content] = []
        has_title = bool((self.title or "").strip())  # else the file name is the title already
        for value in (self.date, self.byline, tx.file_name(self.source.doc) if has_title else None):
            if value:
                if parts:
                    parts.append(" · ")
                parts.append(tx.collapse_whitespace(value.strip()))
        answer = tx.collapse_whitespace(self.source.answer.strip())
        if answer:
            parts += ["\n", ("answer ", ""), (answer, tx.HIGHLIGHT), "  ", tx.score_bar(self.source.score, width=6)]
        return Content.assemble(*parts)

    def _paragraphs(self) -> list[Paragraph]:
        start, end = self.span
        paragraphs: list[Paragraph] = []
        for m in _LINE.finditer(self.text):
            a, b = m.span()
            line = m.group()
            if not line.strip():
                continue
            overlaps = start < b and end > a if end > start else a <= start < b
            is_hit = overlaps and self.hit is None
            content = tx.highlight(line, start - a, end - a) if overlaps and end > start else Content(tx.printable(line))
            para = Paragraph(content, a, b, hit=overlaps, id="hit" if is_hit else None)
            if is_hit:
                self.hit = para
            paragraphs.append(para)
        if not paragraphs:
            paragraphs.append(Paragraph(Content.styled("(the article is empty)", "italic"), 0, 0, hit=False))
        return paragraphs

    def on_mount(self) -> None:
        self.call_after_refresh(self.action_scroll_to_span)

    def span_line(self) -> int | None:
        """Virtual y (inside the article scroller) of the line holding the span start."""
        hit = self.hit
        if hit is None:
            return None
        width = max(1, hit.content_size.width)
        before = self.text[hit.start : max(hit.start, self.span[0])]
        lines_before = len(Content(before).wrap(width)) - 1 if before else 0
        return hit.virtual_region.y + hit.styles.padding.top + max(0, lines_before)

    def action_scroll_to_span(self) -> None:
        y = self.span_line()
        if y is None:
            return
        article = self.query_one("#article", VerticalScroll)
        article.scroll_to(y=max(0, y - article.size.height // 3), animate=False, immediate=True)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_copy_answer(self) -> None:
        chat_app(self).copy_answer(self.source)
