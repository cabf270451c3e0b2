"""On-disk layout of an index folder, and the atomic switch between versions.

Every build writes a complete new *generation* folder (``gen-000007/``) and
then replaces the one-line ``CURRENT`` file with ``os.replace``, which is
atomic on POSIX. A build killed at any moment therefore leaves ``CURRENT``
pointing at the previous, complete generation; readers that opened the old
generation keep working while a new one is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zlib
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from index.errors import IndexCorruptError, IndexFolderError, IndexMismatchError, IndexMissingError
from index.files import atomic_write_text

FORMAT_VERSION = 4  # 2: segmented vectors (base + delta + tombstones) and BM25; 3: accent-folded BM25 terms; 4: chunks searched with their title
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
MANIFEST_FILE = "manifest.json"
METADATA_FILE = "meta.sqlite"
VECTORS_FILE = "vectors.faiss"
BM25_DIR = "bm25"
REMOVED_DIR = "removed"  # articles `qa index remove` moved out of the corpus, by time
REBUILD_HINT = "run `qa index` to rebuild it"
# A generation folder's name, exactly: only these are ever created or deleted,
# so a user's own "gen-notes/" beside an index is never touched.
GENERATION_NAME = re.compile(r"gen-\d{6}")


@dataclass(frozen=True)
class Manifest:
    """What an index generation was built from, to detect staleness."""

    format_version: int
    model_name: str
    dimension: int
    index_type: str
    corpus: str
    fingerprint: str
    documents: int
    chunks: int
    chunk_tokens: int
    chunk_overlap_sentences: int
    created: str
    # The encoder that made the vectors: an index built with one backend or
    # precision and queried with another is rebuilt (or refused), as for a
    # model change. Manifests written before these fields were torch fp32.
    backend: str = "torch"
    precision: str = "fp32"
    # Every other file of the generation: ``{"bytes": size, "head_crc32": CRC
    # of its first 64 KiB}``, filled in by ``write_manifest``. A missing,
    # truncated or overwritten file is caught when the index is opened (or
    # reused by ``qa index``), not halfway through a query.
    files: dict[str, dict[str, int]] = field(default_factory=dict)


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when no index was ever completed."""
    pointer = index_dir / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"index pointer {pointer} is unreadable; {REBUILD_HINT}") from exc
    gen = index_dir / name
    if not GENERATION_NAME.fullmatch(name) or not gen.is_dir():
        raise IndexCorruptError(f"index {index_dir} points at a missing version {name!r}; {REBUILD_HINT}")
    return gen


def generations(index_dir: Path) -> list[Path]:
    """Every generation folder in ``index_dir`` (live, superseded or half-written), by name."""
    return sorted(p for p in index_dir.glob("gen-*") if GENERATION_NAME.fullmatch(p.name))


def check_index_folder(index_dir: Path) -> None:
    """Refuse to build in a folder that is not a corpus-qa index and holds other files.

    An index folder holds only ``CURRENT``, ``.lock``, ``gen-NNNNNN/`` and
    ``removed/`` (articles ``qa index remove`` moved out of the corpus), and
    old generations are deleted after each build. Pointing ``--index-dir`` at
    ``/etc``, a home folder or the corpus itself by mistake must not scatter
    those files among the user's own, so a non-empty folder without a
    generation folder or a ``CURRENT`` naming one is refused before anything
    is written (a ``CURRENT`` or ``.lock`` of another program's, among its
    files, does not make a folder ours). A missing or empty folder, one a
    previous build (even a killed one) left, or one holding only these
    names is fine.
    """
    if not index_dir.exists():
        return
    if not index_dir.is_dir():
        raise IndexFolderError(f"index folder {index_dir} is a file; pass a folder for --index-dir")
    try:
        entries = [p.name for p in index_dir.iterdir()]
    except OSError as exc:
        raise IndexFolderError(f"cannot read the index folder {index_dir} ({exc.strerror}); pass another --index-dir") from exc
    if any(GENERATION_NAME.fullmatch(n) for n in entries) or _points_at_a_generation(index_dir / CURRENT_FILE):
        return
    if set(entries) <= {CURRENT_FILE, LOCK_FILE, REMOVED_DIR}:  # a killed first build, a pointer damaged by hand
        return
    raise IndexFolderError(
        f"{index_dir} already holds other files and no corpus-qa index; pass a new or empty folder as --index-dir"
    )


def _points_at_a_generation(pointer: Path) -> bool:
    """Whether ``pointer`` is a ``CURRENT`` file of ours: one line naming a ``gen-NNNNNN`` folder.

    A file called ``CURRENT`` alone proves nothing: a LevelDB or RocksDB
    folder holds one (``MANIFEST-000001``) beside its data, and a build
    there replaced it, breaking that database.
    """
    try:
        with open(pointer, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return GENERATION_NAME.fullmatch(head.decode("ascii", "replace").strip()) is not None


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder numbered after every existing one."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in generations(index_dir)]
    gen = index_dir / f"gen-{(max(numbers) + 1 if numbers else 1):06d}"
    gen.mkdir()
    return gen


def publish_generation(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` live, then delete every other generation."""
    atomic_write_text(index_dir / CURRENT_FILE, gen.name + "\n")
    remove_stale_generations(index_dir, keep=gen)


def remove_stale_generations(index_dir: Path, keep: Path | None) -> None:
    """Delete unfinished or superseded generations (left by killed builds).

    Also removes the temporary files of an ``atomic_write_text`` that was
    killed before its rename. Callers hold the index lock.
    """
    for other in generations(index_dir):
        if keep is None or other.name != keep.name:
            shutil.rmtree(other, ignore_errors=True)
    for tmp in index_dir.glob(f".{CURRENT_FILE}.*"):
        tmp.unlink(missing_ok=True)


HEAD_BYTES = 64 * 1024  # checksummed part of each file: headers live there, and it costs one read


def file_record(path: Path) -> dict[str, int]:
    """Size and head checksum of one index file, as the manifest records it."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES)
        size = os.fstat(fh.fileno()).st_size
    return {"bytes": size, "head_crc32": zlib.crc32(head)}


def write_manifest(gen: Path, manifest: Manifest) -> None:
    """Write the manifest last, recording every file already in ``gen``."""
    files = {
        p.relative_to(gen).as_posix(): file_record(p)
        for p in sorted(gen.rglob("*"))
        if p.is_file() and p.name != MANIFEST_FILE and not p.name.startswith(f".{MANIFEST_FILE}.")
    }
    manifest = replace(manifest, files=files)
    atomic_write_text(gen / MANIFEST_FILE, json.dumps(asdict(manifest), indent=2) + "\n")


def read_manifest(gen: Path) -> Manifest:
    """The manifest of ``gen``.

    Raises:
        IndexCorruptError: missing, unreadable or incomplete.
        IndexMismatchError: written by a newer corpus-qa (a bigger ``format_version``).
    """
    path = gen / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"index manifest {path} is missing; {REBUILD_HINT}") from exc
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest {path} is unreadable; {REBUILD_HINT}") from exc
    if not isinstance(data, dict):
        raise IndexCorruptError(f"index manifest {path} is unreadable; {REBUILD_HINT}")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise IndexCorruptError(f"index manifest {path} has no format version; {REBUILD_HINT}")
    if version > FORMAT_VERSION:
        raise IndexMismatchError(
            f"index at {gen.parent} was written by a newer corpus-qa (format {version}, this one reads {FORMAT_VERSION}); "
            f"upgrade corpus-qa, or {REBUILD_HINT} with this version"
        )
    required = [f.name for f in fields(Manifest) if f.default is MISSING and f.default_factory is MISSING]
    optional = {f.name for f in fields(Manifest) if f.name not in required and f.name != "files" and f.name in data}
    values: dict[str, Any] = {k: data[k] for k in required} | {k: str(data[k]) for k in optional}
    try:
        manifest = Manifest(**values, files=dict(data.get("files") or {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest {path} is incomplete; {REBUILD_HINT}") from exc
    return manifest


def encoder_of(manifest: Manifest) -> tuple[str, str]:
    """``(backend, precision)`` of the encoder that made an index's vectors."""
    return manifest.backend, manifest.precision


def describe_encoder(backend: str, precision: str) -> str:
    return f"backend {backend!r} ({precision})"


def verify_generation(gen: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there, of its size, with its head checksum.

    Cheap (one 64 KiB read per file), so it runs on every open.

    Raises:
        IndexCorruptError: a file is missing, truncated or overwritten (a
            disk that filled up, a copy interrupted, an edit by hand).
    """
    for rel, expected in manifest.files.items():
        path = gen / rel
        if not isinstance(expected, dict):
            raise IndexCorruptError(f"index manifest {gen / MANIFEST_FILE} is unreadable; {REBUILD_HINT}")
        try:
            actual = file_record(path)
        except OSError as exc:
            raise IndexCorruptError(f"index file {path} is missing; {REBUILD_HINT}") from exc
        if actual["bytes"] != expected.get("bytes"):
            raise IndexCorruptError(
                f"index file {path} is damaged ({actual['bytes']} bytes, expected {expected.get('bytes')}); {REBUILD_HINT}"
            )
        if actual["head_crc32"] != expected.get("head_crc32"):
            raise IndexCorruptError(f"index file {path} is damaged (changed since it was written); {REBUILD_HINT}")


def require_generation(index_dir: Path) -> Path:
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissingError(f"no index in {index_dir}; run `qa index` first")
    return gen
