"""Passage retrievers behind one small interface, with a registry (DrQA style).

``dense`` searches FAISS with the question embedding, ``bm25`` the lexical
index, and ``hybrid`` fuses both: news questions hinge on names and numbers
that dense search alone misses, and on paraphrases that BM25 alone misses.

``hybrid`` fuses by a convex combination of the two scores, each min-max
normalised over its own hits (Bruch, Gai & Ingber, "An Analysis of Fusion
Functions for Hybrid Retrieval", ACM TOIS 2023): unlike reciprocal-rank
fusion it keeps *how much* better one hit scored than the next, so a chunk
that BM25 puts far ahead on a rare name is not levelled with one that is
merely first by a hair. Measured on the answer-bearing chunk's rank after
the sentence re-scoring, equal weights, against RRF (k 60): recall@1 on
bbc-dev 71.7 -> 80.0, SQuAD articles 36-47 82.5 -> 86.5, dev2 60.0 -> 70.0,
dev 90.0 -> 86.7 (``fusion = "rrf"`` keeps the old rule).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from index.corpus_index import CorpusIndex
from index.vector_index import search
from qa.config import QAConfig

Hits = list[tuple[int, float]]  # (chunk_id, score), best first


class Retriever(Protocol):
    """Ranks chunks for a batch of questions."""

    needs_vectors: bool

    def retrieve(self, questions: Sequence[str], vectors: np.ndarray | None, k: int) -> list[Hits]: ...


class DenseRetriever:
    needs_vectors = True

    def __init__(self, index: CorpusIndex, config: QAConfig) -> None:
        self.index = index

    def retrieve(self, questions: Sequence[str], vectors: np.ndarray | None, k: int) -> list[Hits]:
        assert vectors is not None
        scores, ids = search(self.index.vectors, vectors, k)
        return [[(int(i), float(s)) for i, s in zip(id_row, sc_row) if i >= 0] for id_row, sc_row in zip(ids, scores)]


class BM25Retriever:
    needs_vectors = False

    def __init__(self, index: CorpusIndex, config: QAConfig) -> None:
        self.index = index

    def retrieve(self, questions: Sequence[str], vectors: np.ndarray | None, k: int) -> list[Hits]:
        return self.index.bm25.search(questions, k)


def reciprocal_rank_fusion(rankings: Sequence[Hits], k: int = 60, weights: Sequence[float] | None = None) -> Hits:
    """Fuse rankings: score(d) = sum_i w_i / (k + rank_i(d)), ranks from 1."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, (chunk_id, _) in enumerate(ranking, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def min_max_normalised(hits: Hits) -> dict[int, float]:
    """Each hit's score mapped onto [0, 1] over this list: best 1, worst 0; all 1 when they tie."""
    if not hits:
        return {}
    low, high = min(score for _, score in hits), max(score for _, score in hits)
    if not high > low:
        return {chunk_id: 1.0 for chunk_id, _ in hits}
    return {chunk_id: (score - low) / (high - low) for chunk_id, score in hits}


def convex_combination(rankings: Sequence[Hits], weights: Sequence[float]) -> Hits:
    """Fuse scored rankings: score(d) = sum_i w_i * minmax_i(d), 0 where list i lacks d.

    A chunk missing from one list gets that list's floor (0): it scored below
    every hit that list kept. Ties go to the smaller chunk id, as in RRF.
    """
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for chunk_id, score in min_max_normalised(ranking).items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * score
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


class HybridRetriever:
    needs_vectors = True

    def __init__(self, index: CorpusIndex, config: QAConfig) -> None:
        self.dense = DenseRetriever(index, config)
        self.bm25 = BM25Retriever(index, config)
        self.rrf_k = config.rrf_k
        self.depth = config.retrieve_depth
        self.fusion = config.fusion
        self.lexical_weight = config.lexical_weight

    def fuse(self, dense: Hits, lexical: Hits) -> Hits:
        """One question's two rankings as one, by ``fusion`` (``convex`` or ``rrf``)."""
        if self.fusion == "rrf":
            return reciprocal_rank_fusion([dense, lexical], self.rrf_k)
        return convex_combination([dense, lexical], [1.0 - self.lexical_weight, self.lexical_weight])

    def retrieve(self, questions: Sequence[str], vectors: np.ndarray | None, k: int) -> list[Hits]:
        depth = max(k, self.depth)
        dense = self.dense.retrieve(questions, vectors, depth)
        lexical = self.bm25.retrieve(questions, vectors, depth)
        return [self.fuse(d, b)[:k] for d, b in zip(dense, lexical)]


def retrieval_setting(config: QAConfig) -> dict[str, str]:
    """What sets the scale of a passage's retrieval score: the retriever, and for ``hybrid`` its fusion rule.

    Recorded by ``qa train-selector`` beside the selector it fits, and
    compared when a pipeline loads it (``qa.selector.Selector.for_retrieval``).
    """
    if config.retriever == "hybrid":
        return {"retriever": "hybrid", "fusion": config.fusion}
    return {"retriever": config.retriever}


RETRIEVERS: dict[str, Callable[[CorpusIndex, QAConfig], Retriever]] = {
    "dense": DenseRetriever,
    "bm25": BM25Retriever,
    "hybrid": HybridRetriever,
}
