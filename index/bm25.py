"""Lexical retrieval with bm25s over the chunks' clean text.

bm25s (sparse-matrix BM25, pure Python + SciPy) because news questions hinge
on names and numbers ("1,247", "Tammy Bruce") that a small dense model blurs;
it indexes ~100k chunks in seconds and saves to plain ``.npy`` files.
A Snowball stemmer (PyStemmer) lets "murdered" match "murder".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

IDS_FILE = "chunk_ids.npy"


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: Sequence[str], return_ids: bool = True):
    import bm25s

    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_stemmer(), return_ids=return_ids, show_progress=False)


class BM25Index:
    """A bm25s index whose rows map to chunk ids."""

    def __init__(self, retriever, chunk_ids: np.ndarray) -> None:
        self.retriever = retriever
        self.chunk_ids = chunk_ids

    @classmethod
    def build(cls, chunk_ids: Sequence[int], texts: Sequence[str]) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25()
        if texts:
            retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever, np.asarray(chunk_ids, dtype=np.int64))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if len(self.chunk_ids):
            self.retriever.save(str(folder))
        np.save(folder / IDS_FILE, self.chunk_ids)

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        import bm25s

        chunk_ids = np.load(folder / IDS_FILE)
        retriever = bm25s.BM25.load(str(folder)) if len(chunk_ids) else bm25s.BM25()
        return cls(retriever, chunk_ids)

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[int, float]]]:
        """Per query, (chunk_id, score) best first; zero-score rows dropped."""
        if not len(self.chunk_ids):
            return [[] for _ in queries]
        k = min(k, len(self.chunk_ids))
        tokens = tokenize(queries, return_ids=False)
        tokens = [t if t else ["\x00"] for t in tokens]
        rows, scores = self.retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        out = []
        for r_row, s_row in zip(rows, scores):
            out.append([(int(self.chunk_ids[r]), float(s)) for r, s in zip(r_row, s_row) if s > 0])
        return out
