"""A built index opened for answering: manifest, metadata, vectors, BM25."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import faiss

from index import layout
from index.bm25 import BM25Index
from index.store import MetadataStore
from index.vector_index import load_index
from qa.errors import IndexCorruptError, IndexMismatchError


@dataclass
class CorpusIndex:
    """Everything a query needs, opened once per process."""

    generation: Path
    manifest: layout.Manifest
    store: MetadataStore
    vectors: faiss.Index
    bm25: BM25Index

    @classmethod
    def open(cls, index_dir: Path, model_name: str) -> "CorpusIndex":
        """Open the live generation, checking it matches the model and itself.

        Raises:
            IndexMissingError: nothing built yet.
            IndexMismatchError: built with another model or a newer format.
            IndexCorruptError: files missing, truncated or inconsistent.
        """
        gen = layout.require_generation(index_dir)
        manifest = layout.read_manifest(gen)
        if manifest.model_name != model_name:
            raise IndexMismatchError(
                f"index in {index_dir} was built with model {manifest.model_name!r}, not {model_name!r}; "
                "run `qa index` to rebuild it"
            )
        vectors = load_index(gen / layout.VECTORS_FILE)
        if vectors.d != manifest.dimension:
            raise IndexMismatchError(f"index in {index_dir} has dimension {vectors.d}, manifest says {manifest.dimension}; run `qa index --rebuild`")
        try:
            store = MetadataStore(gen / layout.METADATA_FILE, readonly=True)
            chunks = store.chunk_count()
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(f"index metadata in {gen} is unreadable ({exc}); run `qa index --rebuild`") from exc
        if not (vectors.ntotal == chunks == manifest.chunks):
            raise IndexCorruptError(
                f"index in {index_dir} is inconsistent ({vectors.ntotal} vectors, {chunks} chunks, manifest {manifest.chunks}); "
                "run `qa index --rebuild`"
            )
        try:
            bm25 = BM25Index.load(gen / layout.BM25_DIR)
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"BM25 index in {gen} is unreadable; run `qa index --rebuild`") from exc
        if len(bm25.chunk_ids) != chunks:
            raise IndexCorruptError(f"BM25 index in {gen} does not match the chunks; run `qa index --rebuild`")
        return cls(gen, manifest, store, vectors, bm25)
