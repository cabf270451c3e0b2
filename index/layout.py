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
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
MANIFEST_FILE = "manifest.json"
METADATA_FILE = "meta.sqlite"
VECTORS_FILE = "vectors.faiss"
BM25_DIR = "bm25"


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


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file in the same folder, fsync, then rename over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None when no index was ever completed."""
    pointer = index_dir / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"index pointer {pointer} is unreadable; run `qa index --rebuild`") from exc
    gen = index_dir / name
    if not name.startswith("gen-") or not gen.is_dir():
        raise IndexCorruptError(f"index {index_dir} points at a missing version {name!r}; run `qa index --rebuild`")
    return gen


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder numbered after every existing one."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    gen = index_dir / f"gen-{(max(numbers) + 1 if numbers else 1):06d}"
    gen.mkdir()
    return gen


def publish_generation(index_dir: Path, gen: Path) -> None:
    """Make ``gen`` live, then delete every other generation."""
    atomic_write_text(index_dir / CURRENT_FILE, gen.name + "\n")
    remove_stale_generations(index_dir, keep=gen)


def remove_stale_generations(index_dir: Path, keep: Path | None) -> None:
    """Delete unfinished or superseded generations (left by killed builds)."""
    for other in index_dir.glob("gen-*"):
        if keep is None or other.name != keep.name:
            shutil.rmtree(other, ignore_errors=True)


def write_manifest(gen: Path, manifest: Manifest) -> None:
    atomic_write_text(gen / MANIFEST_FILE, json.dumps(asdict(manifest), indent=2) + "\n")


def read_manifest(gen: Path) -> Manifest:
    path = gen / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"index manifest {path} is missing; run `qa index --rebuild`") from exc
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest {path} is unreadable; run `qa index --rebuild`") from exc
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise IndexMismatchError(
            f"index at {gen.parent} was written by a newer corpus-qa (format {version}, this one reads {FORMAT_VERSION}); "
            "upgrade corpus-qa or run `qa index --rebuild`"
        )
    try:
        return Manifest(**{k: data[k] for k in Manifest.__dataclass_fields__})
    except (KeyError, TypeError) as exc:
        raise IndexCorruptError(f"index manifest {path} is incomplete; run `qa index --rebuild`") from exc


def require_generation(index_dir: Path) -> Path:
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissingError(f"no index in {index_dir}; run `qa index` first")
    return gen
