"""Passage retrievers behind one small interface, with a registry (DrQA style).

``dense`` searches FAISS with the question embedding, ``bm25`` the lexical
index, and ``hybrid`` fuses both rankings with reciprocal-rank fusion
(Cormack et al., 2009), which needs no score calibration between the two:
news questions hinge on names and numbers that dense search alone misses,
and on paraphrases that BM25 alone misses.
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


class HybridRetriever:
    needs_vectors = True

    def __init__(self, index: CorpusIndex, config: QAConfig) -> None:
        self.dense = DenseRetriever(index, config)
        self.bm25 = BM25Retriever(index, config)
        self.rrf_k = config.rrf_k
        self.depth = config.retrieve_depth

    def retrieve(self, questions: Sequence[str], vectors: np.ndarray | None, k: int) -> list[Hits]:
        depth = max(k, self.depth)
        dense = self.dense.retrieve(questions, vectors, depth)
        lexical = self.bm25.retrieve(questions, vectors, depth)
        return [reciprocal_rank_fusion([d, b], self.rrf_k)[:k] for d, b in zip(dense, lexical)]


RETRIEVERS: dict[str, Callable[[CorpusIndex, QAConfig], Retriever]] = {
    "dense": DenseRetriever,
    "bm25": BM25Retriever,
    "hybrid": HybridRetriever,
}
