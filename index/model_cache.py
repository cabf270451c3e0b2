"""Exported (ONNX) models, built once and kept in the user's cache folder.

Why a cache and not files in the repository: the exported encoder and span
reader are ~90 MB each in fp32, too big to ship, and quick to make (seconds)
from the weights that are already installed. Each export lives in its own
folder named after a hash of *what it was made from*: the source model files'
content, the exporter version and the precision. A changed model, a new
exporter or another precision therefore never reuses a stale export.

Hashing 90 MB of weights on every start would cost a quarter of a second, so
the content hash is memoised under a key made of the files' names, sizes and
modification times (``hashes/<stat key>``): a warm start only ``stat``s the
source files.

Writes are atomic: an export is built in a temporary folder and renamed into
place, under a lock so two processes do not export the same model at once.
A folder that fails its check (missing or truncated file) or that ONNX
Runtime cannot load is moved aside and rebuilt, with a one-line note.

This module imports only the standard library; the export itself (torch) is
passed in as a callable and runs only when the cache is cold.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from index.files import atomic_write_text

EXPORTER_VERSION = "1"  # bump when the exported graphs change (pooling, opset, inputs)
META_FILE = "export.json"
SKIPPED_SOURCE_FILES = frozenset({"README.md", ".gitattributes", "MODEL_CARD.md", "training.json"})
SOURCE_SUFFIXES = (".json", ".txt", ".safetensors", ".bin", ".model")

_Loaded = TypeVar("_Loaded")  # what load_with_repair's ``load`` returns (an ONNX Runtime session)


def cache_root() -> Path:
    """The folder holding every export: ``$QA_CACHE_DIR``, else the platform's user cache folder."""
    override = os.environ.get("QA_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "corpus-qa"


def note(message: str) -> None:
    """One line on standard error, as the CLI's other notes."""
    print(f"qa: note: {message}", file=sys.stderr, flush=True)


def _source_files(folder: Path) -> list[Path]:
    """The files an export depends on: weights, configs and tokenizer files."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name not in SKIPPED_SOURCE_FILES
        and p.suffix in SOURCE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def source_hash(folder: Path) -> str:
    """SHA-256 of the model folder's files (names and content), memoised by their stats."""
    files = _source_files(folder)
    stat_key = hashlib.sha256()
    for path in files:
        st = path.stat()
        stat_key.update(f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    memo = cache_root() / "hashes" / stat_key.hexdigest()[:32]
    try:
        cached = memo.read_text(encoding="ascii").strip()
        if len(cached) == 64:
            return cached
    except (OSError, UnicodeDecodeError):
        pass
    content = hashlib.sha256()
    for path in files:
        content.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                content.update(block)
    digest = content.hexdigest()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(memo, digest + "\n")
    except OSError:  # a read-only cache still works, only slower
        pass
    return digest


def artifact_dir(kind: str, key: str) -> Path:
    """The cache folder of one export: ``<kind>-<hash of key and exporter version>``."""
    digest = hashlib.sha256(f"{key}\0exporter={EXPORTER_VERSION}".encode()).hexdigest()[:20]
    return cache_root() / f"{kind}-{digest}"


def check_artifact(folder: Path) -> str | None:
    """None when ``folder`` holds a complete export, else why not (one phrase)."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        files = meta["files"]
    except FileNotFoundError:
        return "its description file is missing"
    except (OSError, ValueError, KeyError, TypeError):
        return "its description file is unreadable"
    for name, size in files.items():
        try:
            actual = (folder / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if actual != size:
            return f"{name} is {actual} bytes, expected {size}"
    return None


def read_meta(folder: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    return meta


def ensure_artifact(
    kind: str,
    key: str,
    build: Callable[[Path], dict[str, Any]],
    describe: str,
    announce: bool = True,
) -> Path:
    """The folder of a complete export of ``kind``/``key``, building it when absent or damaged.

    Args:
        kind: folder prefix (``encoder-fp32``, ``reader-int8``...).
        key: everything the export depends on (source hash, precision...).
        build: writes the export's files into the empty folder it is given and
            returns extra metadata; it runs at most once per cache miss.
        describe: what is exported, for the notes (``"all-MiniLM-L6-v2 (int8)"``).
    """
    folder = artifact_dir(kind, key)
    problem = check_artifact(folder) if folder.exists() else None
    if folder.exists() and problem is None:
        return folder
    from filelock import FileLock

    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / f".{folder.name}.lock")):
        if folder.exists():
            problem = check_artifact(folder)
            if problem is None:
                return folder  # another process built it meanwhile
            note(f"the exported model cache {folder} was damaged ({problem}); rebuilding it")
            discard(folder)
        elif announce:
            note(f"exporting {describe} to ONNX once; cached in {folder}")
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{kind}-", dir=root))
        try:
            meta = dict(build(tmp) or {})
            files = {p.name: p.stat().st_size for p in sorted(tmp.iterdir()) if p.is_file()}
            meta.update(kind=kind, key=key, exporter_version=EXPORTER_VERSION, files=files)
            atomic_write_text(tmp / META_FILE, json.dumps(meta, indent=2) + "\n")
            os.replace(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return folder


def discard(folder: Path) -> None:
    """Move a damaged export aside (a reader may still have it open), then delete it."""
    if not folder.exists():
        return
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}")
    try:
        os.replace(folder, trash)
    except OSError:
        trash = folder
    shutil.rmtree(trash, ignore_errors=True)


def load_with_repair(
    kind: str, key: str, build: Callable[[Path], dict[str, Any]], describe: str, load: Callable[[Path], _Loaded]
) -> tuple[Path, _Loaded]:
    """``load(folder)`` of the export, rebuilding it once if it cannot be loaded.

    A file that has the right size but garbage inside (a bad disk, an edit by
    hand) passes ``check_artifact``; ONNX Runtime then refuses it, and the
    export is rebuilt with a note instead of failing every query.
    """
    folder = ensure_artifact(kind, key, build, describe)
    try:
        return folder, load(folder)
    except Exception as exc:  # onnxruntime raises its own exception types
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        note(f"the exported model cache {folder} was damaged ({reason}); rebuilding it")
        discard(folder)
        folder = ensure_artifact(kind, key, build, describe, announce=False)
        return folder, load(folder)
