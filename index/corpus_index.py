"""A built index opened for answering: manifest, metadata, vectors, BM25.

Opening checks everything a query will rely on, so a damaged index fails
here with one ``IndexCorruptError`` line naming the fix (``qa index``
rebuilds it) instead of a library error halfway through a question:

- the manifest's format version and model;
- every file the manifest lists, present and of the recorded size;
- FAISS, SQLite and BM25 readable, with the same number of chunks.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from index import layout
from index.bm25 import BM25Index
from index.errors import IndexCorruptError, IndexMismatchError, QAError
from index.store import MetadataStore
from index.vector_index import VectorIndex, load_index

OPEN_ATTEMPTS = 3  # a build may publish a new generation while we open the old one


@dataclass
class CorpusIndex:
    """Everything a query needs, opened once per process."""

    generation: Path
    manifest: layout.Manifest
    store: MetadataStore
    vectors: VectorIndex
    bm25: BM25Index

    @classmethod
    def open(cls, index_dir: Path, model_name: str) -> CorpusIndex:
        """Open the live generation, checking it matches the model and itself.

        A build that publishes while this runs deletes the generation being
        opened; the new one is then opened instead (readers never block on
        the build lock).

        Raises:
            IndexMissingError: nothing built yet.
            IndexMismatchError: built with another model or a newer format.
            IndexCorruptError: files missing, truncated or inconsistent.
        """
        for attempt in range(OPEN_ATTEMPTS):
            gen = layout.require_generation(index_dir)
            try:
                return cls._open_generation(index_dir, gen, model_name)
            except IndexCorruptError:
                if attempt + 1 < OPEN_ATTEMPTS and layout.current_generation(index_dir) != gen:
                    continue  # superseded while we read it: open the new one
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    @classmethod
    def _open_generation(cls, index_dir: Path, gen: Path, model_name: str) -> CorpusIndex:
        manifest = layout.read_manifest(gen)
        if manifest.model_name != model_name:
            raise IndexMismatchError(
                f"index in {index_dir} was built with model {manifest.model_name!r}, not {model_name!r}; {layout.REBUILD_HINT}"
            )
        layout.verify_generation(gen, manifest)
        vectors = _load_vectors(gen / layout.VECTORS_FILE)
        if vectors.d != manifest.dimension:
            raise IndexMismatchError(
                f"index in {index_dir} has vectors of dimension {vectors.d}, its manifest says {manifest.dimension}; "
                f"{layout.REBUILD_HINT}"
            )
        store = None
        try:
            store = MetadataStore(gen / layout.METADATA_FILE, readonly=True)
            chunks = store.chunk_count()
        except sqlite3.DatabaseError as exc:  # not a database, truncated, missing (cannot be opened read-only)
            if store is not None:
                store.close()
            raise IndexCorruptError(
                f"index metadata {gen / layout.METADATA_FILE} is unreadable ({exc}); {layout.REBUILD_HINT}"
            ) from exc
        try:
            if not (vectors.ntotal == chunks == manifest.chunks):
                raise IndexCorruptError(
                    f"index in {index_dir} is inconsistent ({vectors.ntotal} vectors, {chunks} chunks, manifest {manifest.chunks}); "
                    f"{layout.REBUILD_HINT}"
                )
            bm25 = _load_bm25(gen / layout.BM25_DIR)
            if len(bm25.chunk_ids) != chunks:
                raise IndexCorruptError(f"BM25 index in {gen} does not match the chunks; {layout.REBUILD_HINT}")
        except BaseException:
            store.close()
            raise
        return cls(gen, manifest, store, vectors, bm25)

    def check_encoder(self, embedder: object, index_dir: Path) -> None:
        """Refuse to search vectors made by another backend or precision than ``embedder``'s.

        Raises:
            IndexMismatchError: as for a model change; ``qa index`` (or ``qa ask``) rebuilds it.
        """
        backend = getattr(embedder, "backend", None)
        precision = getattr(embedder, "precision", None)
        if backend is None or precision is None:  # a stand-in encoder (tests)
            return
        built = layout.encoder_of(self.manifest)
        if built != (backend, precision):
            raise IndexMismatchError(
                f"index in {index_dir} was built with {layout.describe_encoder(*built)}, "
                f"not {layout.describe_encoder(backend, precision)}; {layout.REBUILD_HINT}"
            )

    def close(self) -> None:
        self.store.close()


def check_reusable(gen: Path, manifest: layout.Manifest) -> None:
    """Cheap checks before ``qa index`` builds on ``gen`` instead of starting over.

    Files present and unchanged (``layout.verify_generation``), and SQLite
    readable with the manifest's number of chunks. The vector base is not
    read here (an update links it unread); its checksummed head catches a
    file overwritten as a whole.

    Raises:
        IndexCorruptError: ``gen`` must not be reused.
    """
    layout.verify_generation(gen, manifest)
    store = None
    try:
        store = MetadataStore(gen / layout.METADATA_FILE, readonly=True)
        chunks = store.chunk_count()
    except sqlite3.DatabaseError as exc:
        raise IndexCorruptError(
            f"index metadata {gen / layout.METADATA_FILE} is unreadable ({exc}); {layout.REBUILD_HINT}"
        ) from exc
    finally:
        if store is not None:
            store.close()
    if chunks != manifest.chunks:
        raise IndexCorruptError(
            f"index metadata in {gen} holds {chunks} chunks, its manifest {manifest.chunks}; {layout.REBUILD_HINT}"
        )


def _load_vectors(path: Path) -> VectorIndex:
    """The vector index, any failure to parse it reported as corruption."""
    try:
        return load_index(path)
    except QAError:
        raise
    except Exception as exc:  # FAISS raises RuntimeError; a damaged side file anything numpy/json raise
        raise IndexCorruptError(f"vector index {path} is unreadable ({_first_line(exc)}); {layout.REBUILD_HINT}") from exc


def _load_bm25(folder: Path) -> BM25Index:
    """The BM25 index, any failure to parse it reported as corruption."""
    try:
        return BM25Index.load(folder)
    except QAError:
        raise
    except Exception as exc:  # OSError, ValueError, KeyError, EOFError, zipfile/pickle errors...
        raise IndexCorruptError(f"BM25 index in {folder} is unreadable ({_first_line(exc)}); {layout.REBUILD_HINT}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0][:120] if text else type(exc).__name__) or type(exc).__name__
