"""The answer objects every front end (CLI, batch, eval, chat) shares.

``QAResult.to_json()`` is the stable ``qa ask --json`` contract: offsets are
character offsets into the original article text, so
``text[start:end] == answer`` and ``text[passage_start:][:len(passage)] == passage``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk, ranked by the retriever (rank 1 = best)."""

    chunk_id: int
    doc_id: str
    start: int
    end: int
    text: str  # original slice text[start:end]
    score: float
    rank: int


@dataclass(frozen=True)
class Candidate:
    """One possible answer span, with the passage it was read from."""

    answer: str
    score: float
    doc: str
    start: int
    end: int
    passage: str
    passage_start: int

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "score": round(float(self.score), 4),
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "passage": self.passage,
            "passage_start": self.passage_start,
        }


@dataclass
class QAResult:
    """The best answer (or "no answer") plus the runners-up.

    When ``no_answer`` is true, ``answer`` is ``""`` and ``doc``/``start``/
    ``end``/``passage`` describe the closest passage found, so a front end
    can still show where it looked.
    """

    question: str
    answer: str
    no_answer: bool
    score: float
    doc: str | None
    start: int
    end: int
    title: str | None
    date: str | None
    passage: str
    passage_start: int
    candidates: list[Candidate] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)  # retrieval ranking, not serialised
    timings_ms: dict[str, float] = field(default_factory=dict)
    # With ``no_answer``: what every article read lacks that the question
    # names ("none of the 3 closest articles mentions 2019"), when that is
    # why (``qa.refusal``); None otherwise.
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "no_answer": self.no_answer,
            "score": round(float(self.score), 4),
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "date": self.date,
            "passage": self.passage,
            "passage_start": self.passage_start,
            "candidates": [c.to_json() for c in self.candidates],
            "reason": self.reason,
        }
