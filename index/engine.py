"""The build's two heavy steps as plain functions, and the engines that run them.

``read_file`` (load, clean, chunk one corpus file) and ``Embedder.encode``
are the only steps whose cost grows with the corpus. ``index.builder`` plans
the update and writes the index (SQLite, BM25, FAISS, generations); it asks
an engine for these two steps only:

- ``LocalEngine`` runs them in this process;
- ``index.ray_engine.RayEngine`` runs the very same functions on a Ray
  cluster (Ray Data tasks and an actor pool), so chunk offsets and vectors
  are those of a local build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.cleaning import clean_document
from index.corpus import load_document_file
from index.types import Chunk, Document, search_key

if TYPE_CHECKING:
    from index.embedding import TextEncoder


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into chunks (from ``IndexSettings``)."""

    chunk_tokens: int
    chunk_overlap_sentences: int


@dataclass(frozen=True)
class FileWork:
    """One file to read: where it is, and its documents' hashes at the last build."""

    rel: str
    path: Path
    before: Mapping[str, str] = field(default_factory=dict)  # doc_id -> search_key (content hash and title)


@dataclass(frozen=True)
class ReadDocument:
    """A document read from a file; ``chunks`` is ``None`` when its text is unchanged (its chunks are kept)."""

    document: Document
    chunks: tuple[Chunk, ...] | None


@dataclass
class FileChunks:
    """What ``read_file`` makes of one file."""

    rel: str
    documents: list[ReadDocument]
    warnings: list[str]


def chunk_text(doc: Document, count_tokens: Callable[[list[str]], list[int]], settings: ChunkSettings) -> tuple[Chunk, ...]:
    """Clean one document and cut it into chunks: the step both engines run."""
    # Imported here: blingfire's import walks sys.modules (inspect) and would
    # wake the lazily imported FAISS, which `qa --help` must not load.
    from index.chunking import chunk_document

    return tuple(chunk_document(clean_document(doc), count_tokens, settings.chunk_tokens, settings.chunk_overlap_sentences))


def read_file(
    corpus: Path, work: FileWork, count_tokens: Callable[[list[str]], list[int]], settings: ChunkSettings
) -> FileChunks:
    """Load one corpus file and chunk each document whose text or title changed since the last build."""
    docs, warnings = load_document_file(corpus, work.path)
    read = []
    for doc in docs:
        unchanged = work.before.get(doc.doc_id) == search_key(doc.content_hash, doc.metadata.title)
        read.append(ReadDocument(doc, None if unchanged else chunk_text(doc, count_tokens, settings)))
    return FileChunks(work.rel, read, warnings)


class Engine(Protocol):
    """Runs the build's read/chunk and embed steps; ``index.builder`` does the rest."""

    backend: str
    precision: str

    @property
    def dimension(self) -> int: ...

    def read_files(
        self, corpus: Path, work: Sequence[FileWork], settings: ChunkSettings, workdir: Path, progress: bool
    ) -> Iterator[FileChunks]:
        """``read_file`` of each item, yielded in the order given (chunk ids follow it)."""
        ...

    def embed(self, texts: list[str]) -> np.ndarray:
        """Normalised float32 vectors of chunk texts, in order."""
        ...

    def finish(self) -> None:
        """Drop anything kept between ``read_files`` and the last ``embed``."""
        ...


class LocalEngine:
    """Both steps in this process, with the given embedder."""

    def __init__(self, embedder: TextEncoder) -> None:
        self.embedder = embedder
        self.backend = getattr(embedder, "backend", "")
        self.precision = getattr(embedder, "precision", "")

    @property
    def dimension(self) -> int:
        return int(self.embedder.dimension)

    def read_files(
        self, corpus: Path, work: Sequence[FileWork], settings: ChunkSettings, workdir: Path, progress: bool
    ) -> Iterator[FileChunks]:
        bar = progress_bar(progress, len(work), "file", "reading")
        try:
            for item in work:
                yield read_file(corpus, item, self.embedder.count_tokens, settings)
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def finish(self) -> None:
        return None


class ProgressBar(Protocol):
    """The part of a tqdm bar the build uses (tqdm ships no type stubs)."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


def progress_bar(progress: bool, total: int, unit: str, desc: str) -> ProgressBar | None:
    """A tqdm bar on standard error, or ``None`` when quiet or empty."""
    if not progress or total <= 0:
        return None
    from tqdm import tqdm

    bar: ProgressBar = tqdm(total=total, unit=unit, desc=desc, dynamic_ncols=True, unit_scale=True)
    return bar
