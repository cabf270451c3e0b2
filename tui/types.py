"""Data the chat passes around: the pipeline it needs, turns, and sources."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from index.types import Document
from qa.config import QAConfig
from qa.types import Candidate, QAResult


class Pipeline(Protocol):
    """What the chat needs from ``qa.pipeline.QAPipeline`` (tests pass a fake)."""

    def answer(self, question: str) -> QAResult: ...

    def document(self, doc_id: str) -> Document: ...


#: Builds a ready pipeline from a config (slow; runs in a worker thread).
PipelineFactory = Callable[[QAConfig], Pipeline]
#: Makes sure the index exists and is fresh (slow; runs in a worker thread).
#: The second argument shows a short progress text in the status bar.
IndexBuilder = Callable[[QAConfig, Callable[[str], None]], object]


class TurnState(enum.Enum):
    WAITING = "waiting"  # asked before the index finished loading
    ANSWERING = "answering"
    DONE = "done"
    FAILED = "failed"


@dataclass
class ChatTurn:
    """One question of the conversation and, once known, its answer."""

    number: int
    question: str
    state: TurnState = TurnState.WAITING
    result: QAResult | None = None
    error: str | None = None
    #: title/date of every article the result mentions, looked up by the worker.
    doc_meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def meta_for(self, doc: str | None, title: str | None = None, date: str | None = None) -> tuple[str | None, str | None]:
        """``(title, date)`` of ``doc``: the ones given, else the looked-up ones."""
        known_title, known_date = self.doc_meta.get(doc or "", (None, None))
        return title or known_title, date or known_date


@dataclass(frozen=True)
class SourceRef:
    """A span in an article: the best answer or a candidate, for the reader view."""

    doc: str
    start: int
    end: int
    answer: str
    score: float
    passage: str
    passage_start: int
    title: str | None = None
    date: str | None = None
    best: bool = False

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)

    @classmethod
    def from_result(cls, result: QAResult) -> SourceRef | None:
        if not result.doc:
            return None
        answer = result.answer
        if not answer.strip():  # "no answer": label it with the guess it rejected
            for cand in result.candidates:
                if (cand.doc, cand.start, cand.end) == (result.doc, result.start, result.end):
                    answer = cand.answer
                    break
        return cls(
            doc=result.doc,
            start=result.start,
            end=result.end,
            answer=answer,
            score=result.score,
            passage=result.passage,
            passage_start=result.passage_start,
            title=result.title,
            date=result.date,
            best=not result.no_answer,
        )

    @classmethod
    def from_candidate(cls, cand: Candidate, result: QAResult | None = None) -> SourceRef:
        same_doc = result is not None and result.doc == cand.doc
        return cls(
            doc=cand.doc,
            start=cand.start,
            end=cand.end,
            answer=cand.answer,
            score=cand.score,
            passage=cand.passage,
            passage_start=cand.passage_start,
            title=result.title if result is not None and same_doc else None,
            date=result.date if result is not None and same_doc else None,
        )


def sources_for(result: QAResult, doc_meta: dict[str, tuple[str | None, str | None]] | None = None) -> list[SourceRef]:
    """The best answer first, then the other candidates, without duplicates."""
    refs: list[SourceRef] = []
    best = SourceRef.from_result(result)
    if best is not None:
        refs.append(best)
    refs += [SourceRef.from_candidate(cand, result) for cand in result.candidates]
    out: list[SourceRef] = []
    seen: set[tuple[str, int, int]] = set()
    for ref in refs:
        if ref.key in seen:
            continue
        seen.add(ref.key)
        if ref.title is None and doc_meta and ref.doc in doc_meta:
            title, date = doc_meta[ref.doc]
            ref = replace(ref, title=title, date=ref.date or date)
        out.append(ref)
    return out


def is_not_found(result: QAResult) -> bool:
    """The pipeline's own verdict: ``QAResult.no_answer`` (or an empty answer).

    The chat does not apply a threshold of its own: the pipeline decides,
    with the threshold or calibrated selector of the reader in use, so the
    chat and ``qa ask`` always agree.
    """
    return result.no_answer or not result.answer.strip()
