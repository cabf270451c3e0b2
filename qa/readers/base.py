"""The reader interface: given a question and retrieved passages, propose spans.

Readers are interchangeable (``--reader sentence|span``); every front end
goes through ``qa.pipeline.QAPipeline``, which picks one from ``READERS``.
A reader returns spans as character offsets into the *original* document
text with its own ranking score; the pipeline's selector (``qa.selector``)
gives each the probability that it is right, and refuses below a threshold.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from index.types import Span
from qa.types import Passage


@dataclass(frozen=True)
class ReadablePassage:
    """A retrieved chunk with what a reader needs to read it."""

    passage: Passage
    doc_text: str
    sentences: tuple[Span, ...]
    # The article's date from its metadata when the text does not carry it (a
    # JSON record's ``date`` field): a question's year that only the date
    # gives is still one the article covers (``qa.features``).
    doc_date: str | None = None
    # The article's title from its metadata (a JSON record's ``title``, a
    # SQuAD paragraph's article): what it says too, for "the article never
    # names X" (``qa.name_gaps``).
    doc_title: str | None = None

    @classmethod
    def whole_text(cls, text: str, doc_id: str = "", rank: int = 1, sentences: Sequence[Span] | None = None) -> ReadablePassage:
        """All of ``text`` as one passage (not a chunk of any index), split into sentences unless given.

        The closed setting reads one given text; tests build passages the same way.
        """
        if sentences is None:
            from index.chunking import split_sentences

            sentences = split_sentences(text, [Span(0, len(text))])
        return cls(Passage(-1, doc_id, 0, len(text), text, 1.0, rank), text, tuple(sentences))

    def clean_text_and_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        """Sentences joined by one space, and (clean_start, original_start) per sentence.

        Readers see clean text (no boilerplate lines); ``to_original`` maps a
        position in it back to the original document.
        """
        parts: list[str] = []
        table: list[tuple[int, int]] = []
        pos = 0
        for sent in self.sentences:
            if parts:
                parts.append(" ")
                pos += 1
            table.append((pos, sent.start))
            piece = self.doc_text[sent.start : sent.end]
            parts.append(piece)
            pos += len(piece)
        return "".join(parts), table

    @staticmethod
    def to_original(table: list[tuple[int, int]], clean_pos: int, is_end: bool = False) -> int:
        """Map a clean-text offset to the original text (end offsets exclusive)."""
        probe = clean_pos - 1 if is_end and clean_pos > 0 else clean_pos
        chosen = table[0]
        for entry in table:
            if entry[0] <= probe:
                chosen = entry
            else:
                break
        return chosen[1] + (clean_pos - chosen[0])


@dataclass(frozen=True)
class SpanPrediction:
    """One proposed answer: a span of ``passages[passage_index].doc_text``."""

    passage_index: int
    start: int
    end: int
    score: float  # the reader's own ranking score; the pipeline's selector replaces it with a probability
    margin: float | None = None  # span reader: best-span minus no-answer logits, before rank/coverage evidence
    span_logit: float | None = None  # span reader: start logit + end logit of this span
    null_logit: float | None = None  # span reader: the window's own no-answer (CLS) start + end logits


class Reader(ABC):
    """Extracts answer spans from passages."""

    @abstractmethod
    def read_batch(self, questions: Sequence[str], passages: Sequence[Sequence[ReadablePassage]]) -> list[list[SpanPrediction]]:
        """Per question, predictions best first (may be empty)."""

    def read(self, question: str, passages: Sequence[ReadablePassage]) -> list[SpanPrediction]:
        return self.read_batch([question], [passages])[0]
