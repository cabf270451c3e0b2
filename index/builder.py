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

import errno
import hashlib
import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from index import layout
from index.bm25 import BM25Index
from index.changes import ChangeSet, SeenFile, plan_changes, stat_unchanged
from index.corpus import list_corpus_files, scan_corpus
from index.corpus_index import check_reusable
from index.embedding import TextEncoder, make_embedder
from index.engine import ChunkSettings, Engine, FileChunks, FileWork, LocalEngine, progress_bar
from index.errors import CorpusError, IndexCorruptError, IndexLockedError, IndexMismatchError, IndexWriteError, QAError
from index.settings import HasIndexSettings, IndexSettings, index_settings_of
from index.store import FileRecord, MetadataStore
from index.vector_index import (
    VectorIndex,
    choose_index_type,
    load_index,
    needs_training,
    training_size,
    undertrained_note,
)

log = logging.getLogger(__name__)

ENCODE_BATCH_CHUNKS = 2048  # chunks embedded and written per step: bounds memory
IVF_TRAINING_SAMPLE = 100_000  # vectors the IVF quantizer is trained on, at most (k-means cost)
SPOOL_FILE = "embeddings.spool.npy"


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
    first_build: bool = False  # no index existed before: "built", not "rebuilt"
    converted: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, for benchmarks and -v

    @property
    def changed(self) -> bool:
        return bool(self.added_files or self.changed_files or self.removed_files or self.rebuilt or self.converted)


def corpus_fingerprint(corpus: Path, files: Iterable[Path]) -> str:
    """Cheap identity of the corpus: relative paths, sizes, modification times."""
    digest = hashlib.sha256()
    for path in files:
        try:
            st = path.stat()
        except OSError:  # gone since the folder was listed: the next look sees the difference
            continue
        digest.update(f"{path.relative_to(corpus).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def index_status(settings: IndexSettings | HasIndexSettings) -> str:
    """``missing``, ``stale``, ``model-mismatch`` or ``fresh`` without loading the model."""
    config = index_settings_of(settings)
    gen = layout.current_generation(config.index_dir)
    if gen is None:
        return "missing"
    manifest = layout.read_manifest(gen)
    if manifest.model_name != config.model_name or layout.encoder_of(manifest) != (config.backend, config.precision):
        return "model-mismatch"
    if manifest.format_version < layout.FORMAT_VERSION:
        return "stale"
    corpus = config.corpus.resolve()
    check_corpus_folder(config.corpus, corpus)
    if manifest.fingerprint != corpus_fingerprint(corpus, list_corpus_files(corpus)):
        return "stale"
    return "fresh"


def check_corpus_folder(given: Path, resolved: Path | None = None) -> None:
    """CorpusError, saying how to point at a corpus, when ``given`` is not a folder.

    Public so that ``qa chat`` can say so in one line before its window
    opens, rather than inside it.
    """
    resolved = given.resolve() if resolved is None else resolved
    if not resolved.exists():
        raise CorpusError(
            f"corpus folder {given} does not exist (looked in {Path.cwd()}); "
            "pass --corpus DIR (a folder of .txt, .md or .jsonl articles) or set corpus in qa.toml"
        )
    if not resolved.is_dir():
        raise CorpusError(f"corpus path {given} is not a folder: pass --corpus with the folder that holds it")


#: errno values that mean "this folder cannot take the new index", not a bug.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def write_problem(exc: BaseException, index_dir: Path) -> IndexWriteError | None:
    """An ``IndexWriteError`` naming ``index_dir`` for a full disk or unwritable folder, else ``None``.

    FAISS reports a failed write as a ``RuntimeError`` holding ``strerror``,
    SQLite as "database or disk is full", the OS with an errno whose file name
    may be the *source* of a copy (the live index): the message here names
    the folder being written instead.
    """
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno in _NO_SPACE or "No space left" in text or "disk is full" in text:
        return IndexWriteError(
            f"no space left on the disk holding {index_dir}; free some space, then run `qa index` "
            "(the current index is unchanged)"
        )
    if isinstance(exc, OSError) and exc.errno in _NOT_WRITABLE or "Read-only file system" in text:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "read-only"
        return IndexWriteError(f"cannot write the index in {index_dir} ({reason}); pass a writable --index-dir")
    if isinstance(exc, RuntimeError) and "write error" in text:  # FAISS, other errno
        return IndexWriteError(f"cannot write the index in {index_dir} ({text.splitlines()[0][:120]})")
    return None


def ensure_index(
    config: IndexSettings | HasIndexSettings,
    progress: bool = True,
    embedder: TextEncoder | None = None,
    engine: Engine | None = None,
) -> BuildReport | None:
    """Build or refresh the index when it is missing or stale; None when fresh."""
    if index_status(config) == "fresh":
        return None
    return update_index(config, progress=progress, embedder=embedder, engine=engine)


def _reason(exc: BaseException) -> str:
    """An error's message without its "run `qa index`" advice (being followed now)."""
    return str(exc).split("; run `qa index", 1)[0]


def _needs_full_rebuild(manifest: layout.Manifest | None, config: IndexSettings) -> bool:
    if manifest is None:
        return True
    return (
        manifest.model_name != config.model_name
        or layout.encoder_of(manifest) != (config.backend, config.precision)
        or manifest.chunk_tokens != config.chunk_tokens
        or manifest.chunk_overlap_sentences != config.chunk_overlap_sentences
        or manifest.corpus != str(config.corpus.resolve())
        or manifest.format_version < layout.FORMAT_VERSION
        # other kinds are converted from the stored vectors; ivfpq keeps only codes
        or (config.index_type not in ("auto", manifest.index_type) and manifest.index_type == "ivfpq")
    )


def update_index(
    settings: IndexSettings | HasIndexSettings,
    *,
    rebuild: bool = False,
    progress: bool = True,
    embedder: TextEncoder | None = None,
    only_remove: Iterable[str] = (),
    on_phase: Callable[[str], None] | None = None,
    engine: Engine | None = None,
    wait_s: float = 0.0,
) -> BuildReport:
    """Bring the index in line with the corpus folder (or rebuild it whole).

    ``engine`` runs the read/chunk and embed steps (``index.engine``): this
    process by default, or a Ray cluster (``index.ray_engine``); everything
    else, and the index written, is the same either way. ``wait_s``: how
    long to wait for another process's update to finish before
    ``IndexLockedError`` (0: not at all).
    """
    started = time.perf_counter()
    config = index_settings_of(settings)
    corpus = config.corpus.resolve()
    check_corpus_folder(config.corpus, corpus)
    index_dir = config.index_dir
    layout.check_index_folder(index_dir)
    lock = FileLock(str(index_dir / layout.LOCK_FILE), timeout=wait_s)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as exc:
        raise IndexLockedError(f"another `qa index` is updating {index_dir}; wait for it to finish") from exc
    except OSError as exc:  # a read-only folder or disk, no permission
        problem = write_problem(exc, index_dir)
        if problem is None:
            raise
        raise problem from exc
    try:
        try:
            return _update_locked(config, corpus, rebuild, progress, embedder, started, engine)
        except (IndexCorruptError, IndexMismatchError, sqlite3.DatabaseError) as exc:
            if rebuild:
                raise
            # The previous generation could not be read back: the corpus is the
            # source of truth, so rebuilding from it is always safe.
            log.warning("previous index unreadable (%s); rebuilding from scratch", exc)
            report = _update_locked(config, corpus, True, progress, embedder, started, engine)
            report.warnings.insert(0, f"the previous index was unreadable, so it was rebuilt from scratch ({_reason(exc)})")
            return report
    finally:
        lock.release()


def _update_locked(
    config: IndexSettings,
    corpus: Path,
    rebuild: bool,
    progress: bool,
    embedder: TextEncoder | None,
    started: float,
    engine: Engine | None = None,
) -> BuildReport:
    """One update under the lock: read the previous generation, then write and publish a new one.

    Split in steps that each own one kind of failure: ``_previous_generation``
    (unreadable index: rebuild), ``_new_generation`` (unwritable folder) and
    ``_write_generation`` (the data), with the cleanup of a half-written
    generation kept here, around everything that writes into it.
    """
    index_dir = config.index_dir
    report = BuildReport()
    live_gen, old_gen, manifest = _previous_generation(index_dir, rebuild, report)
    full = rebuild or _needs_full_rebuild(manifest, config)
    report.rebuilt = full
    base = None if full else old_gen  # the generation an incremental update starts from
    files, scan_warnings = scan_corpus(corpus)
    report.warnings.extend(scan_warnings)
    fingerprint = corpus_fingerprint(corpus, files)
    if not files:
        raise CorpusError(f"no articles found in {config.corpus}: add .txt, .md or .jsonl files")

    report.first_build = live_gen is None
    _remove_stale_generations(index_dir, live_gen)
    if base is not None and manifest is not None and _live_is_current(base, manifest, fingerprint, config):
        # Nothing changed: keep the live generation rather than write an identical one.
        report.documents, report.chunks, report.index_type = manifest.documents, manifest.chunks, manifest.index_type
        report.seconds = time.perf_counter() - started
        return report

    gen = _new_generation(index_dir)
    try:
        if engine is None:
            embedder = embedder or make_embedder(config.model_name, config.embed_batch_size, config.backend, config.precision)
            engine = LocalEngine(embedder)
        dim = _write_generation(config, corpus, files, base, gen, engine, progress, report)
        layout.write_manifest(gen, _manifest_of(config, corpus, fingerprint, int(dim), report, engine))
        layout.publish_generation(index_dir, gen)
    except BaseException as exc:
        shutil.rmtree(gen, ignore_errors=True)
        problem = write_problem(exc, index_dir)
        if problem is not None:  # before update_index's "unreadable: rebuild" (SQLite full is a DatabaseError)
            raise problem from exc
        raise
    report.seconds = time.perf_counter() - started
    return report


def _previous_generation(
    index_dir: Path, rebuild: bool, report: BuildReport
) -> tuple[Path | None, Path | None, layout.Manifest | None]:
    """The live generation, the one to start from (none on ``rebuild``) and its manifest.

    An unreadable CURRENT pointer or a damaged previous generation is not an
    error: the corpus is the source of truth, so it is noted in ``report`` and
    the update rebuilds from scratch (no manifest).
    """
    try:
        live_gen = layout.current_generation(index_dir)
    except IndexCorruptError as exc:  # CURRENT unreadable: start over
        report.warnings.append(f"the previous index was unreadable, so it was rebuilt from scratch ({_reason(exc)})")
        live_gen = None
    old_gen = None if rebuild else live_gen
    manifest = None
    if old_gen is not None:
        try:
            manifest = layout.read_manifest(old_gen)
            check_reusable(old_gen, manifest)  # a damaged file must not be carried over
        except QAError as exc:
            report.warnings.append(f"the previous index was unreadable, so it was rebuilt from scratch ({_reason(exc)})")
            manifest = None
    return live_gen, old_gen, manifest


def _remove_stale_generations(index_dir: Path, live_gen: Path | None) -> None:
    """Delete leftovers of earlier builds, keeping ``live_gen``; a full or read-only disk becomes an ``IndexWriteError``."""
    try:
        layout.remove_stale_generations(index_dir, keep=live_gen)  # the live one serves readers until the switch
    except OSError as exc:
        problem = write_problem(exc, index_dir)
        if problem is None:
            raise
        raise problem from exc


def _live_is_current(base: Path, manifest: layout.Manifest, fingerprint: str, config: IndexSettings) -> bool:
    """Whether the live generation already indexes this corpus as asked, so a no-op update writes nothing."""
    return (
        manifest.fingerprint == fingerprint
        and config.index_type in ("auto", manifest.index_type)
        and _vectors_match_manifest(base, manifest)
    )


def _new_generation(index_dir: Path) -> Path:
    """A fresh generation folder; a full or read-only disk becomes an ``IndexWriteError`` naming ``index_dir``."""
    try:
        return layout.new_generation(index_dir)
    except OSError as exc:
        problem = write_problem(exc, index_dir)
        if problem is None:
            raise
        raise problem from exc


def _write_generation(
    config: IndexSettings,
    corpus: Path,
    files: list[Path],
    base: Path | None,
    gen: Path,
    engine: Engine,
    progress: bool,
    report: BuildReport,
) -> int:
    """Fill ``gen`` with the metadata, BM25 and vector files for ``files``; returns the vector dimension.

    Starts from a copy of ``base`` when the update is incremental. Raises
    before anything is published if the three stores disagree on the chunk
    count; the caller removes ``gen`` on any failure.
    """
    if base is not None:
        shutil.copy2(base / layout.METADATA_FILE, gen / layout.METADATA_FILE)
    store = MetadataStore(gen / layout.METADATA_FILE)
    try:
        if base is None:
            vectors, bm25 = None, BM25Index()
        else:
            # The base vector index is read only if it must change (compaction):
            # an unchanged base and unchanged BM25 segments are hard-linked.
            vectors = load_index(base / layout.VECTORS_FILE, lazy=True)
            bm25 = BM25Index.load(base / layout.BM25_DIR)
        first_new = store.next_chunk_id()
        t0 = time.perf_counter()
        dropped = _apply_file_changes(store, corpus, files, engine, config, report, progress, gen)
        store.commit()
        report.timings["read_clean_chunk"] = time.perf_counter() - t0
        if vectors is not None:
            vectors.remove(dropped)
        bm25.remove(dropped)
        total = store.chunk_count()
        if total == 0:
            raise CorpusError(
                f"no readable text found in {config.corpus}: " + ("; ".join(report.warnings[:3]) or "all files empty")
            )
        wanted = choose_index_type(config.index_type, total)
        if (note := undertrained_note(wanted, total)) is not None:
            report.warnings.append(note)
        index_type = wanted if vectors is None else vectors.index_type
        new_ids = store.chunk_ids_by_length(first_new)
        vectors = _embed_into(vectors, index_type, bm25, store, engine, new_ids, progress, report, gen)
        engine.finish()
        if vectors.index_type != wanted and _should_convert(config.index_type, vectors.index_type, wanted):
            log.info("converting the vector index from %s to %s (%d vectors)", vectors.index_type, wanted, vectors.ntotal)
            vectors = vectors.converted(wanted)
            report.converted = True
        t0 = time.perf_counter()
        vectors.save(gen / layout.VECTORS_FILE)
        bm25.save(gen / layout.BM25_DIR)
        report.timings["save"] = time.perf_counter() - t0
        report.documents = store.document_count()
        report.chunks = total
        report.index_type = vectors.index_type
        dim = vectors.d
        if vectors.ntotal != total or len(bm25.chunk_ids) != total:
            raise IndexCorruptError(
                f"internal error: {vectors.ntotal} vectors and {len(bm25.chunk_ids)} BM25 rows for {total} chunks; run `qa index --rebuild`"
            )
    finally:
        store.close()
    return dim


def _manifest_of(
    config: IndexSettings, corpus: Path, fingerprint: str, dim: int, report: BuildReport, engine: Engine
) -> layout.Manifest:
    """The manifest of a generation just written: what it was built from and with, checked when it is opened."""
    return layout.Manifest(
        format_version=layout.FORMAT_VERSION,
        model_name=config.model_name,
        dimension=dim,
        index_type=report.index_type,
        corpus=str(corpus),
        fingerprint=fingerprint,
        documents=report.documents,
        chunks=report.chunks,
        chunk_tokens=config.chunk_tokens,
        chunk_overlap_sentences=config.chunk_overlap_sentences,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        backend=engine.backend or config.backend,
        precision=engine.precision or config.precision,
    )


def _vectors_match_manifest(gen: Path, manifest: layout.Manifest) -> bool:
    """Cheap check that ``gen``'s vectors agree with its manifest (from their info file).

    A no-op ``qa index`` keeps the live generation only when this holds;
    otherwise the normal path runs and repairs a tampered or mixed-up index.
    """
    import json

    from index.vector_index import INFO_SUFFIX

    try:
        info = json.loads(Path(str(gen / layout.VECTORS_FILE) + INFO_SUFFIX).read_text(encoding="utf-8"))
        count = int(info["base_count"]) + int(info["delta_count"]) - int(info["dead_count"])
        return int(info["dimension"]) == manifest.dimension and count == manifest.chunks
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _should_convert(requested: str, current: str, wanted: str) -> bool:
    """Change the kind of an existing vector index without re-embedding?

    An explicit ``--index-type`` always converts. ``auto`` only moves up, from
    exact to approximate search once the corpus crosses ``APPROXIMATE_FROM``
    (shrinking back below it keeps the approximate index: no flapping).
    """
    if requested != "auto":
        return True
    return current == "flat" and wanted != "flat"


def _apply_file_changes(
    store: MetadataStore,
    corpus: Path,
    files: list[Path],
    engine: Engine,
    config: IndexSettings,
    report: BuildReport,
    progress: bool = False,
    workdir: Path | None = None,
) -> list[int]:
    """Sync the metadata store with the folder; returns the chunk ids dropped.

    Stats and hashes the files, asks ``plan_changes`` what to do, applies it,
    and has ``engine`` read and chunk the new or changed files. New chunks get
    ids above every id used before (see ``MetadataStore.next_chunk_id``), in
    folder order whichever engine read them. A changed ``.jsonl`` file is
    compared record by record: only records whose text changed are re-chunked.
    """
    known = store.files()
    seen = _seen_files(corpus, files, known, report)
    plan = plan_changes(known, seen, store.files_without_documents())
    dropped = _apply_plan(store, plan, report)
    work = [
        FileWork(f.record.path, corpus / f.record.path, store.file_documents(f.record.path) if f.existed else {})
        for f in plan.to_read
    ]
    settings = ChunkSettings(config.chunk_tokens, config.chunk_overlap_sentences)
    for item, read in zip(work, engine.read_files(corpus, work, settings, workdir or store.path.parent, progress), strict=True):
        dropped += _record_file(store, item, read, report)
    return dropped


def _seen_files(corpus: Path, files: list[Path], known: dict[str, FileRecord], report: BuildReport) -> dict[str, SeenFile]:
    """Size, time and (when they changed) hash of each file; a file that vanished is left out."""
    seen: dict[str, SeenFile] = {}
    for path in files:
        rel = path.relative_to(corpus).as_posix()
        try:
            st = path.stat()
        except OSError as exc:  # deleted (or made unreadable) since the folder was listed
            report.warnings.append(f"skipped {rel}: {exc.strerror or exc} (it changed while indexing)")
            continue
        old = known.get(rel)
        digest: str | None
        if old is not None and stat_unchanged(old, st.st_size, st.st_mtime_ns):
            digest = old.content_hash
        else:
            try:
                digest = _file_hash(path)
            except OSError as exc:
                report.warnings.append(f"skipped {rel}: {exc.strerror or exc} (it changed while indexing)")
                digest = None
        seen[rel] = SeenFile(st.st_size, st.st_mtime_ns, digest, path.suffix == ".jsonl")
    return seen


def _apply_plan(store: MetadataStore, plan: ChangeSet, report: BuildReport) -> list[int]:
    """The plan's store changes, before any file is read; returns the chunk ids dropped."""
    dropped: list[int] = []
    for rel in plan.removed:
        dropped += store.delete_file(rel)
    for rel in plan.forgotten:
        store.delete_file(rel)
    for record in plan.refreshed:
        store.upsert_file(record)
    for item in plan.duplicates:
        if item.existed:
            dropped += store.delete_file(item.record.path)
        store.upsert_file(item.record)
        report.warnings.append(f"skipped {item.record.path}: same content as another file")
    for item in plan.to_read:
        store.upsert_file(item.record)
    report.removed_files += plan.removed
    report.added_files += plan.added
    report.changed_files += plan.changed
    return dropped


def _record_file(store: MetadataStore, work: FileWork, read: FileChunks, report: BuildReport) -> list[int]:
    """Store one file's documents and new chunks; returns the chunk ids of its replaced ones."""
    report.warnings.extend(read.warnings)
    dropped: list[int] = []
    for doc_id in set(work.before) - {d.document.doc_id for d in read.documents}:
        dropped += store.delete_document(doc_id)
    for item in read.documents:
        doc = item.document
        if item.chunks is None:
            store.add_document(doc, work.rel)  # same text: refresh title/date, keep its chunks
            continue
        if doc.doc_id in work.before:
            dropped += store.delete_document(doc.doc_id)
        if not item.chunks:
            continue
        store.add_document(doc, work.rel)
        store.add_chunks(store.next_chunk_id(), item.chunks)
    return dropped


def _texts(store: MetadataStore, ids: list[int]) -> list[str]:
    chunks = store.chunks(ids)
    docs = store.documents(c.doc_id for c in chunks.values())
    return [chunks[i].search_text(docs[chunks[i].doc_id]) for i in ids]


def _embed_into(
    vectors: VectorIndex | None,
    index_type: str,
    bm25: BM25Index,
    store: MetadataStore,
    engine: Engine,
    new_ids: list[int],
    progress: bool,
    report: BuildReport,
    spool_dir: Path,
) -> VectorIndex:
    """Embed new chunks in length-sorted batches into FAISS and BM25.

    Texts are read from SQLite batch by batch, so memory stays bounded by
    ``ENCODE_BATCH_CHUNKS`` texts. A new IVF index needs training vectors
    first: embeddings are then spooled to a memory-mapped file in the new
    generation folder, the quantizer is trained on a random sample of them,
    and they are added from the spool (nothing is embedded twice).
    """
    spool = None
    if vectors is None:
        if needs_training(index_type):
            spool = np.lib.format.open_memmap(
                spool_dir / SPOOL_FILE, mode="w+", dtype=np.float32, shape=(max(1, len(new_ids)), engine.dimension)
            )
        else:
            vectors = VectorIndex.create(index_type, engine.dimension)
    bar = progress_bar(progress, len(new_ids), "chunk", "embedding")
    try:
        for i in range(0, len(new_ids), ENCODE_BATCH_CHUNKS):
            batch = new_ids[i : i + ENCODE_BATCH_CHUNKS]
            t0 = time.perf_counter()
            texts = _texts(store, batch)
            t1 = time.perf_counter()
            embedded = engine.embed(texts)
            t2 = time.perf_counter()
            bm25.add(batch, texts)
            t3 = time.perf_counter()
            if spool is not None:
                spool[i : i + len(batch)] = embedded
            else:
                assert vectors is not None  # no spool: the index was given or created above
                vectors.add(batch, embedded)
            t4 = time.perf_counter()
            for key, seconds in (("fetch_texts", t1 - t0), ("encode", t2 - t1), ("bm25", t3 - t2), ("faiss", t4 - t3)):
                report.timings[key] = report.timings.get(key, 0.0) + seconds
            report.embedded_chunks += len(batch)
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()
    if spool is not None:
        t0 = time.perf_counter()
        n = len(new_ids)
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(n, size=min(n, max(IVF_TRAINING_SAMPLE, training_size(index_type, n))), replace=False))
        vectors = VectorIndex.create(index_type, engine.dimension, np.asarray(spool[sample]), n_vectors=n)
        ids = np.asarray(new_ids, dtype=np.int64)
        for i in range(0, n, 65536):
            vectors.add(ids[i : i + 65536], np.asarray(spool[i : i + 65536]))
        del spool
        (spool_dir / SPOOL_FILE).unlink(missing_ok=True)
        report.timings["ivf_train_add"] = time.perf_counter() - t0
    assert vectors is not None  # given, created above, or made from the spool
    return vectors
