"""Exact search of a flat FAISS index's vectors with numpy, for the few queries of a question.

Why: for fewer than 20 queries FAISS's ``IndexFlatIP`` scores the vectors
one by one on one thread (its BLAS path starts at
``distance_compute_blas_threshold``, and then runs slower for one query: a
matrix-matrix product of one column). numpy's matrix-vector product over the
very same memory streams it at the bandwidth of the machine. On Reuters-21578
(27,314 MiniLM vectors), one question at a time: FAISS 1.63 ms, numpy
0.92 ms; right after the question was encoded, as in a real question, 2.82
against 1.53 ms (``vector-search-one-query`` in ``bench/RESULTS.md``). The
view copies nothing: ``vectors`` reads FAISS's own array.

The results are FAISS's: the same ids best first, the same scores to float
rounding, ``-1`` ids (scores ``-inf``) where fewer than ``k`` vectors are
live. Equal scores are ordered by id, so a tie is broken the same way every
time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from index.lazy_import import lazy_module

faiss = lazy_module("faiss")


@dataclass(frozen=True)
class FlatView:
    """numpy views of a flat index: its vectors (no copy), their ids, and which are live."""

    index: Any  # the faiss.IndexIDMap2 the view reads: kept here so its memory outlives the view
    ntotal: int
    vectors: np.ndarray  # (ntotal, d) float32, FAISS's memory
    ids: np.ndarray  # the chunk id at each row
    live: np.ndarray | None  # rows not tombstoned; None: all
    dead_count: int

    def still_valid(self, index: Any, dead_count: int) -> bool:
        """Whether this view still reads ``index`` as it is (an add may have moved FAISS's array)."""
        return self.index is index and int(index.ntotal) == self.ntotal and dead_count == self.dead_count

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, ids)``, each ``(len(queries), k)``: inner products best first, as ``IndexFlatIP.search``."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        out_ids = np.full((len(queries), k), -1, dtype=np.int64)
        if not self.ntotal or k <= 0:
            return out_scores, out_ids
        scores = queries @ self.vectors.T  # (queries, ntotal)
        if self.live is not None:
            scores[:, ~self.live] = -np.inf
        take = min(k, self.ntotal)
        for row, row_scores in enumerate(scores):
            top = np.argpartition(-row_scores, take - 1)[:take] if take < self.ntotal else np.arange(self.ntotal)
            top = top[np.lexsort((self.ids[top], -row_scores[top]))]  # best first, then by id
            top = top[np.isfinite(row_scores[top])]
            out_scores[row, : len(top)] = row_scores[top]
            out_ids[row, : len(top)] = self.ids[top]
        return out_scores, out_ids


def flat_view(index: Any, dead: np.ndarray) -> FlatView | None:
    """A ``FlatView`` of ``index`` if it is an id-mapped ``IndexFlatIP``, else None (IVF, HNSW: FAISS searches them)."""
    wrapper = faiss.downcast_index(index)
    if not isinstance(wrapper, (faiss.IndexIDMap, faiss.IndexIDMap2)):
        return None
    inner = faiss.downcast_index(wrapper.index)
    if type(inner) is not faiss.IndexFlatIP:
        return None
    n, d = int(inner.ntotal), int(inner.d)
    vectors = faiss.rev_swig_ptr(inner.get_xb(), n * d).reshape(n, d) if n else np.zeros((0, d), np.float32)
    ids = faiss.vector_to_array(wrapper.id_map).astype(np.int64)
    live = ~np.isin(ids, dead) if len(dead) else None
    return FlatView(index, n, vectors, ids, live, len(dead))
