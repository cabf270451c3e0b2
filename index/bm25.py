"""Lexical retrieval: BM25 over the chunks' clean text, kept in segments.

News questions hinge on names and numbers ("1,247", "Tammy Bruce") that a
small dense model blurs, so BM25 runs beside the dense search. Tokens
(``index.text.tokenize``) are those of bm25s (lower-cased ``\\w\\w+`` runs, English stop words dropped)
stemmed with Snowball (PyStemmer), so "murdered" matches "murder"; scores
are bm25s's default Lucene variant (k1 = 1.5, b = 0.75).

bm25s itself has no way to add or remove documents, and rebuilding it over
every chunk made adding one article to a 20,000-document index take many
seconds. The index is therefore a list of immutable **segments** (term-major
sparse term-frequency matrices, as in Lucene), plus **tombstones** for
removed chunks:

- an update tokenises only the new chunks, into a new small segment;
  unchanged segment files are hard-linked into the next generation;
- scores use *global* statistics (document count, average length, document
  frequency summed over segments), so a chunk scores exactly as it would in
  one monolithic index; removed chunks still count in the statistics until
  their segment is compacted (Lucene does the same), then they are purged;
- segments merge like a binary counter (a segment is merged into the one
  before it when that one is no bigger), so there are O(log n) of them and
  each chunk is rewritten O(log n) times over the life of the index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import numpy as np

from index.files import link_or_copy
from index.text import tokenize

MANIFEST = "segments.json"
DEAD_FILE = "dead.npy"
K1 = 1.5
B = 0.75
MAX_SEGMENTS = 16
PENDING_TOKENS_MAX = 20_000_000  # tokens buffered before they are frozen into a segment (~250 MB of work arrays)
PURGE_FRACTION = 0.2  # a segment with this fraction of removed chunks is rewritten without them

# (documents, idf per term, length norms per segment, row offsets per segment, chunk id per row, removed rows)
_Stats: TypeAlias = tuple[int, np.ndarray, list[np.ndarray], np.ndarray, np.ndarray, np.ndarray | None]


@dataclass
class Segment:
    """Immutable slice of the index: term-major (CSC) term frequencies.

    Attributes:
        name: unique file stem (``seg-000012``).
        chunk_ids: chunk id of each row.
        doc_len: tokens per row.
        indptr: per term id, the start of its postings in ``rows``/``tf``.
        rows: row of each posting.
        tf: term frequency of each posting.
        new_tokens: the tokens this segment added to the vocabulary, in id order.
        file: where it was read from (unchanged segments are linked from there).
    """

    name: str
    chunk_ids: np.ndarray
    doc_len: np.ndarray
    indptr: np.ndarray
    rows: np.ndarray
    tf: np.ndarray
    new_tokens: list[str]
    file: Path | None = None

    @property
    def n(self) -> int:
        return len(self.chunk_ids)

    @property
    def ncols(self) -> int:
        return len(self.indptr) - 1

    def triplets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cols = np.repeat(np.arange(self.ncols, dtype=np.int64), np.diff(self.indptr))
        return cols, self.rows.astype(np.int64), self.tf

    def save(self, folder: Path) -> None:
        path = folder / f"{self.name}.npz"
        if self.file is not None and self.file.exists():
            link_or_copy(self.file, path)
            link_or_copy(self.file.with_suffix(".vocab"), path.with_suffix(".vocab"))
        else:
            with open(path, "wb") as fh:
                np.savez(fh, chunk_ids=self.chunk_ids, doc_len=self.doc_len, indptr=self.indptr, rows=self.rows, tf=self.tf)
            path.with_suffix(".vocab").write_text("\n".join(self.new_tokens), encoding="utf-8")
        self.file = path

    @classmethod
    def load(cls, folder: Path, name: str) -> Segment:
        path = folder / f"{name}.npz"
        with np.load(path) as data:
            arrays = {k: data[k] for k in ("chunk_ids", "doc_len", "indptr", "rows", "tf")}
        vocab_text = path.with_suffix(".vocab").read_text(encoding="utf-8")
        return cls(name, new_tokens=vocab_text.split("\n") if vocab_text else [], file=path, **arrays)


def _csc(
    n_rows: int, cols: np.ndarray, rows: np.ndarray, tf: np.ndarray, ncols: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort (col, row) triplets term-major; returns indptr, rows, tf."""
    order = np.lexsort((rows, cols))
    cols, rows, tf = cols[order], rows[order], tf[order]
    indptr = np.zeros(ncols + 1, dtype=np.int64)
    np.cumsum(np.bincount(cols, minlength=ncols), out=indptr[1:])
    return indptr, rows.astype(np.int32), tf.astype(np.uint16)


class BM25Index:
    """Segmented BM25 whose rows map to chunk ids; see the module docstring."""

    def __init__(self, segments: list[Segment] | None = None, dead: np.ndarray | None = None) -> None:
        self.segments: list[Segment] = list(segments or [])
        self.dead = np.unique(np.asarray(dead if dead is not None else [], dtype=np.int64))
        self.vocab: dict[str, int] = {}
        for seg in self.segments:
            for tok in seg.new_tokens:
                self.vocab[tok] = len(self.vocab)
        self._pending_ids: list[np.ndarray] = []
        self._pending_terms: list[tuple[np.ndarray, np.ndarray]] = []  # per batch: tokens per chunk, term ids
        self._pending_tokens: list[str] = []
        self._pending_count = 0
        self._next_segment = 1 + max((int(s.name[4:]) for s in self.segments), default=0)
        self._stats: _Stats | None = None

    # building ---------------------------------------------------------------
    @classmethod
    def build(cls, chunk_ids: Sequence[int], texts: Sequence[str]) -> BM25Index:
        index = cls()
        index.add(chunk_ids, texts)
        index.flush()
        return index

    def add(self, chunk_ids: Sequence[int], texts: Sequence[str]) -> None:
        """Tokenise new chunks into the pending segment (written by ``save``)."""
        vocab = self.vocab
        lens, ids = [], []
        for tokens in tokenize(texts):
            for tok in tokens:
                tid = vocab.get(tok)
                if tid is None:
                    tid = vocab[tok] = len(vocab)
                    self._pending_tokens.append(tok)
                ids.append(tid)
            lens.append(len(tokens))
        # compact arrays, not Python lists: a million chunks' tokens stay ~4 bytes each
        self._pending_terms.append((np.asarray(lens, dtype=np.int32), np.asarray(ids, dtype=np.int32)))
        self._pending_ids.append(np.asarray(chunk_ids, dtype=np.int64))
        self._pending_count += len(ids)
        self._stats = None
        if self._pending_count > PENDING_TOKENS_MAX:
            self.flush()

    def remove(self, chunk_ids: Iterable[int]) -> None:
        """Tombstone chunks (purged from their segment at compaction)."""
        ids = np.asarray(list(chunk_ids), dtype=np.int64)
        if len(ids):
            self.dead = np.union1d(self.dead, ids)
            self._stats = None

    def flush(self) -> None:
        """Turn pending chunks into a segment, then merge/compact as needed."""
        if self._pending_terms:
            lens = np.concatenate([p[0] for p in self._pending_terms]).astype(np.int64)
            rows = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
            cols = np.concatenate([p[1] for p in self._pending_terms]).astype(np.int64)
            key, tf = np.unique(cols * len(lens) + rows, return_counts=True)
            indptr, r, f = _csc(len(lens), key // len(lens), key % len(lens), tf, len(self.vocab))
            seg = Segment(
                self._new_name(), np.concatenate(self._pending_ids), lens.astype(np.int32), indptr, r, f, self._pending_tokens
            )
            self.segments.append(seg)
            self._pending_ids, self._pending_terms, self._pending_tokens = [], [], []
            self._pending_count = 0
        self._maintain()
        self._stats = None

    def _new_name(self) -> str:
        name = f"seg-{self._next_segment:06d}"
        self._next_segment += 1
        return name

    def _maintain(self) -> None:
        if len(self.dead):
            for i, seg in enumerate(self.segments):
                dead_rows = np.isin(seg.chunk_ids, self.dead)
                if dead_rows.sum() > PURGE_FRACTION * seg.n:
                    self.segments[i] = self._merge([seg])
        while len(self.segments) >= 2 and (
            self.segments[-2].n <= self.segments[-1].n or len(self.segments) > MAX_SEGMENTS or self.segments[-2].n == 0
        ):
            self.segments[-2:] = [self._merge(self.segments[-2:])]
        if len(self.segments) == 1 and self.segments[0].n == 0 and not self.segments[0].new_tokens:
            self.segments = []

    def _merge(self, segs: list[Segment]) -> Segment:
        """One segment holding ``segs``' live rows, in order; vocabulary ids unchanged."""
        ncols = max(s.ncols for s in segs)
        keep_ids, keep_len, all_c, all_r, all_f = [], [], [], [], []
        offset = 0
        for seg in segs:
            live = ~np.isin(seg.chunk_ids, self.dead)
            new_row = np.cumsum(live) - 1 + offset
            cols, rows, tf = seg.triplets()
            mask = live[rows]
            all_c.append(cols[mask])
            all_r.append(new_row[rows[mask]])
            all_f.append(tf[mask])
            keep_ids.append(seg.chunk_ids[live])
            keep_len.append(seg.doc_len[live])
            offset += int(live.sum())
        indptr, rows, tf = _csc(offset, np.concatenate(all_c), np.concatenate(all_r), np.concatenate(all_f), ncols)
        merged_ids = np.concatenate(keep_ids)
        gone = np.concatenate([s.chunk_ids for s in segs])
        self.dead = np.setdiff1d(self.dead, gone)
        tokens = [t for s in segs for t in s.new_tokens]
        return Segment(self._new_name(), merged_ids, np.concatenate(keep_len), indptr, rows, tf, tokens)

    # persistence ------------------------------------------------------------
    def save(self, folder: Path) -> None:
        self.flush()
        folder.mkdir(parents=True, exist_ok=True)
        for seg in self.segments:
            seg.save(folder)
        if len(self.dead):
            np.save(folder / DEAD_FILE, self.dead)
        manifest = {"format": 2, "k1": K1, "b": B, "segments": [s.name for s in self.segments], "chunks": len(self.chunk_ids)}
        (folder / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        """Raises OSError, ValueError or KeyError when the folder is unreadable."""
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        segments = [Segment.load(folder, name) for name in manifest["segments"]]
        dead = np.load(folder / DEAD_FILE) if (folder / DEAD_FILE).exists() else None
        return cls(segments, dead)

    # statistics -------------------------------------------------------------
    @property
    def chunk_ids(self) -> np.ndarray:
        """Ids of the live (searchable) chunks."""
        parts = [s.chunk_ids for s in self.segments] + self._pending_ids
        if not parts:
            return np.zeros(0, dtype=np.int64)
        ids = np.concatenate(parts)
        return ids[~np.isin(ids, self.dead)] if len(self.dead) else ids

    def _statistics(self) -> _Stats:
        if self._stats is None:
            if self._pending_terms:
                self.flush()
            n_docs = sum(s.n for s in self.segments)
            total = sum(int(s.doc_len.sum()) for s in self.segments)
            avgdl = total / n_docs if n_docs else 1.0
            df = np.zeros(len(self.vocab), dtype=np.float64)
            for seg in self.segments:
                df[: seg.ncols] += np.diff(seg.indptr)
            idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
            norms = [(K1 * (1 - B + B * s.doc_len / max(avgdl, 1e-9))).astype(np.float32) for s in self.segments]
            offsets = np.cumsum([0] + [s.n for s in self.segments])
            all_ids = np.concatenate([s.chunk_ids for s in self.segments]) if self.segments else np.zeros(0, np.int64)
            dead_rows = np.flatnonzero(np.isin(all_ids, self.dead)) if len(self.dead) else None
            self._stats = (n_docs, idf, norms, offsets, all_ids, dead_rows)
        return self._stats

    def idf(self, tokens: Sequence[str]) -> np.ndarray:
        """Global IDF of each (stemmed) token; a word the corpus never uses gets the highest IDF there is.

        Sentence-level evidence (``qa.evidence``) weighs question words by it,
        so a rare name the corpus lacks counts heavily against an answer.
        """
        n_docs, idf, *_ = self._statistics()
        unseen = float(np.log(1.0 + (n_docs + 0.5) / 0.5))
        vocab = self.vocab
        return np.array([idf[vocab[t]] if t in vocab and vocab[t] < len(idf) else unseen for t in tokens], dtype=np.float32)

    # search -----------------------------------------------------------------
    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every row (segment order), removed rows zeroed."""
        n_docs, idf, norms, offsets, _, dead_rows = self._statistics()
        out = np.zeros(n_docs, dtype=np.float32)
        term_ids = [self.vocab[t] for t in tokens if t in self.vocab]
        for seg, norm, off in zip(self.segments, norms, offsets):
            for t in term_ids:
                if t >= seg.ncols:
                    continue
                a, b = seg.indptr[t], seg.indptr[t + 1]
                if a == b:
                    continue
                rows = seg.rows[a:b]
                tf = seg.tf[a:b].astype(np.float32)
                out[off + rows] += idf[t] * tf / (tf + norm[rows])
        if dead_rows is not None:
            out[dead_rows] = 0.0
        return out

    def search(self, queries: Sequence[str], k: int) -> list[list[tuple[int, float]]]:
        """Per query, (chunk_id, score) best first; zero-score rows dropped."""
        n_docs, _, _, _, all_ids, _ = self._statistics()
        if not n_docs:
            return [[] for _ in queries]
        out = []
        for tokens in tokenize(queries):
            scores = self.scores(tokens)
            hits = np.flatnonzero(scores > 0)
            if len(hits) > k:
                hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
            hits = hits[np.lexsort((hits, -scores[hits]))]
            out.append([(int(all_ids[r]), float(scores[r])) for r in hits])
        return out
