"""Build and incrementally update the index of a corpus folder.

One code path serves the first build, ``qa index`` after edits, and
``qa index add/remove``: files are compared with the previous generation by
size and modification time, then by content hash, and only new or changed
files are cleaned, chunked and embedded. Chunk ids are never reused, so FAISS
ids stay stable; removed files' vectors are dropped with ``remove_ids``.
Everything is written into a new generation folder and published atomically
(see ``index.layout``), under a lock so two builds cannot interleave.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from index import layout
from index.bm25 import BM25Index
from index.chunking import chunk_document
from index.cleaning import clean_document
from index.corpus import list_corpus_files, load_document_file
from index.embedding import Embedder
from index.store import FileRecord, MetadataStore
from index.vector_index import add_vectors, choose_index_type, create_index, load_index, remove_vectors, save_index
from qa.config import QAConfig
from qa.errors import CorpusError, IndexLockedError, QAError

log = logging.getLogger(__name__)

ENCODE_BATCH_CHUNKS = 2048  # chunks embedded and written per step: bounds memory
IVF_TRAINING_SAMPLE = 100_000


@dataclass
class BuildReport:
    """What a build did, for the CLI's summary line."""

    added_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embedded_chunks: int = 0
    index_type: str = ""
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added_files or self.changed_files or self.removed_files or self.rebuilt)


def corpus_fingerprint(corpus: Path, files: Iterable[Path]) -> str:
    """Cheap identity of the corpus: relative paths, sizes, modification times."""
    digest = hashlib.sha256()
    for path in files:
        st = path.stat()
        digest.update(f"{path.relative_to(corpus).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def index_status(config: QAConfig) -> str:
    """``missing``, ``stale``, ``model-mismatch`` or ``fresh`` without loading the model."""
    gen = layout.current_generation(config.index_dir)
    if gen is None:
        return "missing"
    manifest = layout.read_manifest(gen)
    if manifest.model_name != config.model_name:
        return "model-mismatch"
    corpus = config.corpus.resolve()
    if not corpus.is_dir():
        raise CorpusError(f"corpus folder {config.corpus} does not exist")
    if manifest.fingerprint != corpus_fingerprint(corpus, list_corpus_files(corpus)):
        return "stale"
    return "fresh"


def ensure_index(config: QAConfig, progress: bool = True, embedder: Embedder | None = None) -> BuildReport | None:
    """Build or refresh the index when it is missing or stale; None when fresh."""
    if index_status(config) == "fresh":
        return None
    return update_index(config, progress=progress, embedder=embedder)


def _needs_full_rebuild(manifest: layout.Manifest | None, config: QAConfig) -> bool:
    if manifest is None:
        return True
    return (
        manifest.model_name != config.model_name
        or manifest.chunk_tokens != config.chunk_tokens
        or manifest.chunk_overlap_sentences != config.chunk_overlap_sentences
        or manifest.corpus != str(config.corpus.resolve())
        or (config.index_type not in ("auto", manifest.index_type))
    )


def update_index(
    config: QAConfig,
    *,
    rebuild: bool = False,
    progress: bool = True,
    embedder: Embedder | None = None,
    only_remove: Iterable[str] = (),
    on_phase: Callable[[str], None] | None = None,
) -> BuildReport:
    """Bring the index in line with the corpus folder (or rebuild it whole)."""
    started = time.perf_counter()
    corpus = config.corpus.resolve()
    if not corpus.exists():
        raise CorpusError(f"corpus folder {config.corpus} does not exist")
    if not corpus.is_dir():
        raise CorpusError(f"corpus path {config.corpus} is not a folder")
    index_dir = config.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / layout.LOCK_FILE), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise IndexLockedError(f"another `qa index` is updating {index_dir}; wait for it to finish") from exc
    try:
        return _update_locked(config, corpus, rebuild, progress, embedder, started)
    finally:
        lock.release()


def _update_locked(config, corpus, rebuild, progress, embedder, started) -> BuildReport:
    index_dir = config.index_dir
    report = BuildReport()
    old_gen = layout.current_generation(index_dir) if not rebuild else None
    manifest = None
    if old_gen is not None:
        try:
            manifest = layout.read_manifest(old_gen)
        except QAError:
            manifest = None
    full = rebuild or _needs_full_rebuild(manifest, config)
    report.rebuilt = full
    files = list_corpus_files(corpus)
    fingerprint = corpus_fingerprint(corpus, files)
    if not files:
        raise CorpusError(f"no articles found in {config.corpus}: add .txt, .md or .jsonl files")

    layout.remove_stale_generations(index_dir, keep=old_gen)
    gen = layout.new_generation(index_dir)
    try:
        embedder = embedder or Embedder(config.model_name, config.embed_batch_size)
        if not full:
            shutil.copy2(old_gen / layout.METADATA_FILE, gen / layout.METADATA_FILE)
        store = MetadataStore(gen / layout.METADATA_FILE)
        try:
            vectors = None if full else load_index(old_gen / layout.VECTORS_FILE)
            new_ids = _apply_file_changes(store, corpus, files, embedder, config, report, vectors)
            store.commit()
            total = store.chunk_count()
            if total == 0:
                raise CorpusError(f"no readable text found in {config.corpus}: " + ("; ".join(report.warnings[:3]) or "all files empty"))
            index_type = manifest.index_type if (manifest and not full) else choose_index_type(config.index_type, total)
            if vectors is None:
                vectors = _new_vector_index(index_type, store, embedder, new_ids, progress)
            _embed_into(vectors, store, embedder, new_ids, progress, report)
            save_index(vectors, gen / layout.VECTORS_FILE)
            ids, texts = zip(*store.iter_chunk_texts())
            BM25Index.build(ids, texts).save(gen / layout.BM25_DIR)
            report.documents = store.document_count()
            report.chunks = total
            report.index_type = index_type
            dim = vectors.d
        finally:
            store.close()
        layout.write_manifest(
            gen,
            layout.Manifest(
                format_version=layout.FORMAT_VERSION,
                model_name=config.model_name,
                dimension=int(dim),
                index_type=index_type,
                corpus=str(corpus),
                fingerprint=fingerprint,
                documents=report.documents,
                chunks=report.chunks,
                chunk_tokens=config.chunk_tokens,
                chunk_overlap_sentences=config.chunk_overlap_sentences,
                created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ),
        )
        layout.publish_generation(index_dir, gen)
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def _apply_file_changes(store, corpus, files, embedder, config, report, vectors) -> list[int]:
    """Sync the metadata store with the folder; returns chunk ids still to embed."""
    known = store.files()
    present = {p.relative_to(corpus).as_posix(): p for p in files}
    for rel in sorted(set(known) - set(present)):
        dropped = store.delete_file(rel)
        if vectors is not None:
            remove_vectors(vectors, dropped)
        report.removed_files.append(rel)
    seen_hashes = {rec.content_hash for rec in known.values() if rec.path in present}
    new_ids: list[int] = []
    for rel, path in present.items():
        st = path.stat()
        old = known.get(rel)
        if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            continue
        digest = _file_hash(path)
        if old and old.content_hash == digest:
            store.upsert_file(FileRecord(rel, digest, st.st_size, st.st_mtime_ns))
            continue
        if old:
            dropped = store.delete_file(rel)
            if vectors is not None:
                remove_vectors(vectors, dropped)
            report.changed_files.append(rel)
        else:
            report.added_files.append(rel)
        store.upsert_file(FileRecord(rel, digest, st.st_size, st.st_mtime_ns))
        if digest in seen_hashes and not path.suffix == ".jsonl":
            report.warnings.append(f"skipped {rel}: same content as another file")
            continue
        seen_hashes.add(digest)
        docs, warnings = load_document_file(corpus, path)
        report.warnings.extend(warnings)
        for doc in docs:
            chunks = chunk_document(clean_document(doc), embedder.count_tokens, config.chunk_tokens, config.chunk_overlap_sentences)
            if not chunks:
                continue
            store.add_document(doc, rel)
            new_ids += store.add_chunks(store.next_chunk_id(), chunks)
    return new_ids


def _texts(store: MetadataStore, ids: list[int]) -> list[str]:
    chunks = store.chunks(ids)
    docs = store.documents(c.doc_id for c in chunks.values())
    return [chunks[i].clean_text(docs[chunks[i].doc_id].text) for i in ids]


def _new_vector_index(index_type, store, embedder, new_ids, progress):
    training = None
    if index_type in ("ivf", "ivfpq"):
        rng = np.random.default_rng(0)
        sample = sorted(rng.choice(new_ids, size=min(len(new_ids), IVF_TRAINING_SAMPLE), replace=False).tolist())
        training = embedder.encode(_texts(store, sample), progress=progress)
    return create_index(index_type, embedder.dimension, training)


def _embed_into(vectors, store, embedder, new_ids, progress, report) -> None:
    """Embed new chunks in length-sorted batches and add them to FAISS."""
    if not new_ids:
        return
    chunks = store.chunks(new_ids)
    ordered = sorted(new_ids, key=lambda i: chunks[i].end - chunks[i].start)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(ordered), unit="chunk", desc="embedding", dynamic_ncols=True)
    try:
        for i in range(0, len(ordered), ENCODE_BATCH_CHUNKS):
            batch = ordered[i : i + ENCODE_BATCH_CHUNKS]
            add_vectors(vectors, batch, embedder.encode(_texts(store, batch)))
            report.embedded_chunks += len(batch)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
