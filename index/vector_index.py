"""FAISS vector indexes keyed by stable chunk ids, chosen by corpus size.

Exact inner-product search (``flat``) is both fastest to build and exact for
small corpora; past ``APPROXIMATE_FROM`` vectors an IVF index is chosen,
which supports ``remove_ids`` (incremental updates) and keeps memory flat
with product quantisation (``ivfpq``). HNSW is offered for users who want the
lowest latency and accept that removals are rebuilt.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from qa.errors import IndexCorruptError

INDEX_TYPES = ("auto", "flat", "ivf", "ivfpq", "hnsw")
APPROXIMATE_FROM = 200_000  # vectors; below this exact search is fast enough (see bench/RESULTS.md)


def choose_index_type(requested: str, n_vectors: int) -> str:
    """Resolve ``auto`` by size; pass an explicit choice through."""
    if requested not in INDEX_TYPES:
        raise ValueError(f"unknown index type {requested!r}; choose from {', '.join(INDEX_TYPES)}")
    if requested != "auto":
        return requested
    return "flat" if n_vectors < APPROXIMATE_FROM else "ivf"


def _nlist_for(n_vectors: int) -> int:
    return max(16, min(65536, int(4 * math.sqrt(max(n_vectors, 1)))))


def create_index(index_type: str, dim: int, training_vectors: np.ndarray | None = None) -> faiss.Index:
    """An empty index that accepts ``add_with_ids``; IVF kinds are trained first."""
    if index_type == "flat":
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if index_type == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 80
        hnsw.hnsw.efSearch = 64
        return faiss.IndexIDMap2(hnsw)
    if index_type in ("ivf", "ivfpq"):
        if training_vectors is None or len(training_vectors) == 0:
            raise ValueError("IVF indexes need training vectors")
        nlist = min(_nlist_for(len(training_vectors)), max(1, len(training_vectors) // 39))
        quantizer = faiss.IndexFlatIP(dim)
        if index_type == "ivf":
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        else:
            m = 48 if dim % 48 == 0 else 32 if dim % 32 == 0 else 16
            index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(training_vectors, dtype=np.float32))
        index.nprobe = max(8, nlist // 16)
        return index
    raise ValueError(f"unknown index type {index_type!r}")


def add_vectors(index: faiss.Index, ids: np.ndarray | list[int], vectors: np.ndarray) -> None:
    index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))


def remove_vectors(index: faiss.Index, ids: list[int]) -> None:
    if ids:
        index.remove_ids(np.asarray(ids, dtype=np.int64))


def search(index: faiss.Index, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and chunk ids, ``-1`` where fewer than ``k`` hits exist."""
    k = max(1, min(k, index.ntotal)) if index.ntotal else 1
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def save_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_index(path: Path) -> faiss.Index:
    try:
        return faiss.read_index(str(path))
    except RuntimeError as exc:
        raise IndexCorruptError(f"vector index {path} is unreadable ({str(exc).splitlines()[0][:80]}); run `qa index --rebuild`") from exc
