"""The scrolling conversation: each question with its answer card."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from qa.types import QAResult
from tui import text as tx
from tui.types import ChatTurn, TurnState, is_not_found

#: How many passages a "not found" answer shows.
CLOSEST_PASSAGES = 2


class QuestionBubble(Static):
    """``❯ the question``, as typed (literal text, never markup)."""

    def __init__(self, question: str) -> None:
        super().__init__(Content.assemble(("❯ ", "bold $accent"), tx.printable(question)), classes="question")


class AnswerCard(Vertical):
    """The answer to one question, redrawn whenever its turn changes."""

    @dataclass(eq=False)
    class Selected(Message):
        """The card was clicked: make its turn the current one."""

        turn_number: int

    def __init__(self, turn: ChatTurn) -> None:
        super().__init__(classes="answer-card")
        self.turn = turn

    def compose(self) -> ComposeResult:
        turn = self.turn
        self.set_class(turn.state is TurnState.DONE, "-done")
        if turn.state is TurnState.WAITING:
            yield Static("◌ Waiting for the index to finish loading…", classes="pending")
        elif turn.state is TurnState.ANSWERING:
            yield Static("◐ Searching the articles…", classes="pending")
        elif turn.state is TurnState.FAILED or turn.result is None:
            yield Static(
                Content.assemble(("✖ ", "bold"), tx.printable(turn.error or "No answer could be produced.")),
                classes="error",
            )
        elif is_not_found(turn.result):
            yield from self._compose_not_found(turn.result)
        else:
            yield from self._compose_answer(turn.result)

    def _compose_answer(self, result: QAResult) -> ComposeResult:
        yield Static(
            Content.assemble(
                Content.styled(tx.collapse_whitespace(result.answer.strip()), tx.ANSWER_STYLE),
                "  ",
                tx.score_bar(result.score),
            ),
            classes="answer",
        )
        title, date = self.turn.meta_for(result.doc, result.title, result.date)
        yield Static(tx.source_line(title, date, result.doc), classes="meta")
        yield Static(_passage_excerpt(result.passage, result.passage_start, result.start, result.end), classes="passage")

    def _compose_not_found(self, result: QAResult) -> ComposeResult:
        # a refusal carries no answer (QAResult.no_answer is the only verdict); the runners-up are below
        yield Static(Content.assemble(("○ ", "bold"), ("Not found in the corpus", "bold")), classes="not-found")
        if result.reason:  # what every article read lacks (qa.refusal), e.g. "none of the 3 closest articles mentions 2019"
            yield Static(Content.styled(tx.collapse_whitespace(result.reason), "$text-muted"), classes="reason")
        closest = _closest_passages(result)
        if not closest:
            yield Static("No passage came close.", classes="meta")
            return
        yield Static(Content.styled("Closest passages:", "$text-muted"), classes="closest-label")
        for doc, passage, passage_start, start, end, title, date in closest:
            title, date = self.turn.meta_for(doc, title, date)
            yield Static(tx.source_line(title, date, doc), classes="meta")
            yield Static(
                _passage_excerpt(passage, passage_start, start, end, style=tx.WEAK_HIGHLIGHT, budget=240),
                classes="passage",
            )

    async def show(self, turn: ChatTurn) -> None:
        self.turn = turn
        await self.recompose()

    def on_click(self, event: events.Click) -> None:
        if self.turn.state is TurnState.DONE:
            self.post_message(self.Selected(self.turn.number))


def _passage_excerpt(
    passage: str,
    passage_start: int,
    start: int,
    end: int,
    *,
    style: str = tx.HIGHLIGHT,
    budget: int = 360,
) -> Content:
    rel_start, rel_end = start - passage_start, end - passage_start
    if not (0 <= rel_start <= rel_end <= len(passage)):
        rel_start = rel_end = 0  # span not inside this passage: show it plain
    return tx.excerpt(passage, rel_start, rel_end, budget=budget, style=style)


def _closest_passages(result: QAResult) -> list[tuple]:
    """Distinct passages, best first: the result's, then its candidates', then retrieval's."""
    rows: list[tuple] = []
    seen: set[tuple[str | None, int]] = set()

    def add(doc, passage, passage_start, start, end, title=None, date=None) -> None:
        if not passage or (doc, passage_start) in seen:
            return
        seen.add((doc, passage_start))
        rows.append((doc, passage, passage_start, start, end, title, date))

    add(result.doc, result.passage, result.passage_start, result.start, result.end, result.title, result.date)
    for cand in result.candidates:
        same = cand.doc == result.doc
        add(
            cand.doc,
            cand.passage,
            cand.passage_start,
            cand.start,
            cand.end,
            result.title if same else None,
            result.date if same else None,
        )
    for p in result.passages:
        add(p.doc_id, p.text, p.start, p.start, p.start)
    return rows[:CLOSEST_PASSAGES]


class TurnView(Vertical):
    """One question and its answer card."""

    def __init__(self, turn: ChatTurn) -> None:
        super().__init__(id=f"turn-{turn.number}", classes="turn")
        self.turn = turn
        self.card = AnswerCard(turn)

    def compose(self) -> ComposeResult:
        yield QuestionBubble(self.turn.question)
        yield self.card


class ChatLog(VerticalScroll):
    """The conversation history; the newest turn at the bottom."""

    def __init__(self, welcome: Content | str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.welcome = welcome
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(self.welcome, id="welcome")

    async def add_turn(self, turn: ChatTurn) -> TurnView:
        self.query_one("#welcome").display = False
        view = TurnView(turn)
        await self.mount(view)
        self.call_after_refresh(self.scroll_end, animate=False)
        return view

    def view_for(self, number: int) -> TurnView | None:
        try:
            return self.query_one(f"#turn-{number}", TurnView)
        except Exception:
            return None

    async def update_turn(self, turn: ChatTurn, *, reveal: bool = True) -> None:
        view = self.view_for(turn.number)
        if view is None:
            return
        await view.card.show(turn)
        if reveal:
            self.call_after_refresh(self._reveal, view)

    def _reveal(self, view: TurnView) -> None:
        # Show the question and the top of its answer, even if the card is tall.
        self.scroll_to_widget(view, top=True, animate=False)

    def mark_current(self, number: int | None) -> None:
        for view in self.query(TurnView):
            view.card.set_class(view.turn.number == number, "-current")

    async def clear_turns(self) -> None:
        await self.query(TurnView).remove()
        self.query_one("#welcome").display = True
        self.scroll_home(animate=False)
