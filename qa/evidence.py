"""Sentence-level lexical evidence: how much of the question one stretch of text covers.

A chunk is ~200 word pieces; the answer to a news question nearly always
sits in one or two sentences that repeat the question's rare words (names,
places, numbers). Two stages use that:

- **re-scoring**: among the top retrieved chunks, those whose best
  two-sentence window covers more of the question (each word weighted by its
  corpus IDF, from the BM25 index) move up, so the reader reads the right
  passage first;
- **confidence**: an answer whose surrounding sentences miss the question's
  rare words ("How many *Canadian* soldiers..." answered from a sentence
  about British ones) is less likely right, whatever the reader's logits say.

Words are the BM25 tokens (lower-cased, stop words dropped, Snowball-stemmed),
so "murdered" covers "murder". Pure numpy and dictionaries: microseconds per
passage, no model call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.bm25 import BM25Index
from index.text import question_content, tokenize
from qa.readers.base import ReadablePassage
from qa.retrieval import reciprocal_rank_fusion

WINDOW_SENTENCES = 2  # a question's words are often split over two adjacent sentences


@dataclass(frozen=True)
class QuestionTerms:
    """The question's distinct content words and their IDF weights."""

    terms: tuple[str, ...]
    weights: np.ndarray

    @property
    def total(self) -> float:
        return float(self.weights.sum())

    def coverage(self, words: set[str]) -> float:
        """IDF-weighted share of the question's words found in ``words`` (1.0 for a question with none)."""
        if not self.terms:
            return 1.0
        hit = sum(w for t, w in zip(self.terms, self.weights) if t in words)
        return float(hit / self.total)

    def heaviest_missing(self, words: set[str] | frozenset[str]) -> float:
        """IDF of the rarest question word absent from ``words``, over the rarest word's IDF (0: none absent).

        Coverage is an average: a question that keeps every word of a
        sentence but one ("How many officers were *killed*" asked of
        "officers graduated") still covers most of it. The one word that is
        missing, when it is among the question's rarest, is what makes it a
        different question.
        """
        if not self.terms:
            return 0.0
        missing = [w for t, w in zip(self.terms, self.weights) if t not in words]
        top = float(self.weights.max())
        return float(max(missing) / top) if missing and top > 0 else 0.0


class LexicalEvidence:
    """Question-word coverage of sentences, weighted by the corpus's IDF."""

    def __init__(self, bm25: BM25Index) -> None:
        self.bm25 = bm25
        # retrieval, focusing and reading each ask for the same question's terms
        self.question_terms = lru_cache(maxsize=1024)(self._question_terms)

    def _question_terms(self, question: str) -> QuestionTerms:
        # Words that say nothing about where the answer is go first: bm25s's fuller
        # English stop-word list (the index itself keeps the short one) plus interrogatives.
        terms = tuple(dict.fromkeys(tokenize([question_content(question)])[0]))
        return QuestionTerms(terms, self.bm25.idf(terms) if terms else np.zeros(0, dtype=np.float32))

    @staticmethod
    def sentence_words(passage: ReadablePassage) -> list[set[str]]:
        texts = [passage.doc_text[s.start : s.end] for s in passage.sentences]
        return [set(tokens) for tokens in tokenize(texts)] if texts else []

    def best_window(self, terms: QuestionTerms, passage: ReadablePassage) -> float:
        """Coverage of the best window of ``WINDOW_SENTENCES`` adjacent sentences in the passage."""
        return self.best_window_at(terms, passage)[1]

    def best_window_at(self, terms: QuestionTerms, passage: ReadablePassage) -> tuple[int, float]:
        """(index of the first sentence, coverage) of the passage's best window; the earliest on ties."""
        words = self.sentence_words(passage)
        if not words:
            return 0, 0.0
        width = min(WINDOW_SENTENCES, len(words))
        best = (0, -1.0)
        for i in range(len(words) - width + 1):
            cov = terms.coverage(set().union(*words[i : i + width]))
            if cov > best[1]:
                best = (i, cov)
        return best

    def focus(
        self, terms: QuestionTerms, passage: ReadablePassage, sentences: int, holds_type: Callable[[str], bool] | None = None
    ) -> ReadablePassage:
        """The passage cut to ``sentences`` sentences around its best window, for the reader to read.

        The reader's cost grows with every word piece it reads; the answer
        sits next to the question's words, so the rest of the chunk is mostly
        wasted work. Offsets stay those of the original document.

        ``holds_type`` says whether a sentence holds something of the type the
        question asks for (a sum for "How much will it cost?"): when no
        sentence of the window does, the chunk's sentence outside it that does
        and shares most of the question's words (at least one; the nearer on a
        tie) is read as well, in the article's order. The words
        that place an answer ("the device", "it") are often not the
        question's ("the mouse adapter"), so the window stops short of it.
        """
        if sentences <= 0 or len(passage.sentences) <= sentences:
            return passage
        first, _ = self.best_window_at(terms, passage)
        width = min(WINDOW_SENTENCES, len(passage.sentences))
        lo = max(0, first - (sentences - width) // 2)
        lo = min(lo, len(passage.sentences) - sentences)
        chosen = list(range(lo, lo + sentences))
        if holds_type is not None:
            text = passage.doc_text
            if not any(holds_type(text[passage.sentences[i].start : passage.sentences[i].end]) for i in chosen):
                typed = [
                    i for i, sent in enumerate(passage.sentences) if i not in chosen and holds_type(text[sent.start : sent.end])
                ]
                # only the typed sentences are tokenized: the window's were, by best_window_at
                words = tokenize([text[passage.sentences[i].start : passage.sentences[i].end] for i in typed]) if typed else []
                best = max(((terms.coverage(set(w)), -abs(i - first), i) for i, w in zip(typed, words)), default=None)
                if best is not None and best[0] > 0:
                    chosen = sorted([*chosen, best[2]])
        return dataclasses.replace(passage, sentences=tuple(passage.sentences[i] for i in chosen))

    def around_span(self, terms: QuestionTerms, passage: ReadablePassage, start: int, end: int) -> float:
        """Coverage of the answer's sentence and its neighbours, the answer's own words left out.

        The answer's words are removed because a question never contains its
        answer; counting them would reward spans that merely echo the question.
        """
        sentences = passage.sentences
        if not sentences:
            return 0.0
        inside = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
        if not inside:
            inside = [min(range(len(sentences)), key=lambda i: abs(sentences[i].start - start))]
        lo, hi = max(0, inside[0] - 1), min(len(sentences), inside[-1] + 2)
        text = passage.doc_text
        before = text[sentences[lo].start : max(start, sentences[lo].start)]
        after = text[min(end, sentences[hi - 1].end) : sentences[hi - 1].end]
        return terms.coverage(set(tokenize([before + " " + after])[0]))


def rescore_by_sentences(
    hits: Sequence[ReadablePassage], coverages: Sequence[float], rrf_k: int, weight: float
) -> list[ReadablePassage]:
    """Re-rank retrieved passages by fusing their retrieval rank with their best-window coverage rank.

    Reciprocal-rank fusion again, so no score scales need calibrating; ties in
    coverage keep retrieval order. ``weight`` 0 keeps the retrieval order.
    """
    by_retrieval = [(i, 0.0) for i in range(len(hits))]
    by_coverage = [(i, float(coverages[i])) for i in sorted(range(len(hits)), key=lambda i: (-coverages[i], i))]
    fused = reciprocal_rank_fusion([by_retrieval, by_coverage], rrf_k, weights=[1.0, weight])
    return [hits[i] for i, _ in fused]
