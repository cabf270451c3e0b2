"""Chunk, document and file metadata in SQLite, beside the FAISS vectors.

SQLite because the metadata must be looked up by id at query time without
loading everything into memory (50,000 articles), updated in place for
incremental indexing, and checked for integrity; it is in the standard
library and a single file, which suits the generation-directory swap.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.types import Chunk, Document, Metadata, Span, search_key, searched_with_title

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    title TEXT, date TEXT, byline TEXT,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    sentences TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class FileRecord:
    path: str
    content_hash: str
    size: int
    mtime_ns: int


class MetadataStore:
    """Thin typed layer over one SQLite file."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            uri = f"file:{path}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.conn = sqlite3.connect(path, check_same_thread=False)
            self.conn.executescript(SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def commit(self) -> None:
        self.conn.commit()

    # files -----------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        rows = self.conn.execute("SELECT path, content_hash, size, mtime_ns FROM files")
        return {r[0]: FileRecord(*r) for r in rows}

    def upsert_file(self, record: FileRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
            (record.path, record.content_hash, record.size, record.mtime_ns),
        )

    def delete_file(self, path: str) -> list[int]:
        """Forget a file and its documents; returns the chunk ids to drop from FAISS."""
        doc_ids = [r[0] for r in self.conn.execute("SELECT doc_id FROM documents WHERE file = ?", (path,))]
        chunk_ids: list[int] = []
        for doc_id in doc_ids:
            chunk_ids += [r[0] for r in self.conn.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))]
            self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE file = ?", (path,))
        self.conn.execute("DELETE FROM files WHERE path = ?", (path,))
        return chunk_ids

    def files_without_documents(self) -> set[str]:
        """Files recorded with no document: skipped as copies of another file, or empty."""
        rows = self.conn.execute("SELECT path FROM files WHERE path NOT IN (SELECT DISTINCT file FROM documents)")
        return {r[0] for r in rows}

    def file_documents(self, path: str) -> dict[str, str]:
        """doc_id -> ``search_key`` (content hash and title) of every document read from one file."""
        rows = self.conn.execute("SELECT doc_id, content_hash, title FROM documents WHERE file = ?", (path,))
        return {r[0]: search_key(r[1], r[2]) for r in rows}

    def delete_document(self, doc_id: str) -> list[int]:
        """Forget one document; returns its chunk ids to drop from the indexes."""
        chunk_ids = [r[0] for r in self.conn.execute("SELECT chunk_id FROM chunks WHERE doc_id = ?", (doc_id,))]
        self.conn.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return chunk_ids

    # documents ---------------------------------------------------------------
    def add_document(self, doc: Document, file: str) -> None:
        m = doc.metadata
        self.conn.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (doc.doc_id, file, doc.content_hash, m.title, m.date, m.byline, doc.text),
        )

    def document(self, doc_id: str) -> Document | None:
        row = self.conn.execute(
            "SELECT doc_id, text, title, date, byline, content_hash FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        return Document(row[0], row[1], Metadata(row[2], row[3], row[4]), row[5])

    def documents(self, doc_ids: Iterable[str]) -> dict[str, Document]:
        out = {}
        for doc_id in set(doc_ids):
            doc = self.document(doc_id)
            if doc is not None:
                out[doc_id] = doc
        return out

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # chunks ----------------------------------------------------------------
    def next_chunk_id(self) -> int:
        """The first id never used by any chunk, even one since removed.

        Ids are never reused: a removed chunk's id may still be tombstoned in
        the vector and BM25 indexes, so a new chunk must not take it.
        """
        row = self.conn.execute("SELECT MAX(chunk_id) FROM chunks").fetchone()
        after_max = 0 if row[0] is None else int(row[0]) + 1
        counter = self.conn.execute("SELECT value FROM counters WHERE name = 'next_chunk_id'").fetchone()
        return max(after_max, int(counter[0]) if counter else 0)

    def add_chunks(self, first_id: int, chunks: Sequence[Chunk]) -> list[int]:
        ids = list(range(first_id, first_id + len(chunks)))
        if ids:
            self.conn.execute("INSERT OR REPLACE INTO counters VALUES ('next_chunk_id', ?)", (ids[-1] + 1,))
        self.conn.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?)",
            [(cid, c.doc_id, c.start, c.end, json.dumps([[s.start, s.end] for s in c.sentences])) for cid, c in zip(ids, chunks)],
        )
        return ids

    def chunks(self, chunk_ids: Sequence[int]) -> dict[int, Chunk]:
        out: dict[int, Chunk] = {}
        ids = [int(i) for i in chunk_ids]
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            for cid, doc_id, start, end, sents in self.conn.execute(
                f"SELECT chunk_id, doc_id, start, end, sentences FROM chunks WHERE chunk_id IN ({marks})", part
            ):
                out[cid] = Chunk(doc_id, start, end, tuple(Span(a, b) for a, b in json.loads(sents)))
        return out

    def chunk_ids_by_length(self, first_id: int) -> list[int]:
        """Ids from ``first_id`` on, shortest chunk first (less padding per batch)."""
        rows = self.conn.execute("SELECT chunk_id FROM chunks WHERE chunk_id >= ? ORDER BY end - start, chunk_id", (first_id,))
        return [r[0] for r in rows]

    def iter_chunk_texts(self) -> Iterator[tuple[int, str]]:
        """(chunk_id, text it is searched by: ``searched_with_title``) for every chunk, in id order, streaming."""
        cur = self.conn.execute(
            "SELECT c.chunk_id, c.sentences, d.text, d.title FROM chunks c JOIN documents d USING (doc_id) ORDER BY c.chunk_id"
        )
        for cid, sents, text, title in cur:
            yield cid, searched_with_title(" ".join(text[a:b] for a, b in json.loads(sents)), title)

    def chunk_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])
