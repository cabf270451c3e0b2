"""Find and read the articles of a corpus folder.

Every answer must satisfy ``open(path, encoding="utf-8").read()[start:end] ==
answer``, so a file's text is exactly what that call returns: decoded as
UTF-8 with universal newlines (``\\r\\n`` becomes ``\\n``), nothing stripped, a
BOM kept. Files that cannot be read that way (binary, another encoding) are
skipped with a warning rather than decoded as Latin-1, which would give
offsets no UTF-8 reader of the file could reproduce.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.cleaning import extract_metadata, normalize_date
from index.types import Document, Metadata

SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl")


def list_corpus_files(root: Path) -> list[Path]:
    """Every ``.txt``, ``.md`` and ``.jsonl`` file under ``root``, sorted.

    Symlinked files are followed; symlinked folders too, but each real folder
    is visited once, so a link back up the tree cannot loop. Links that lead
    outside ``root`` are not followed (see ``scan_corpus``). Hidden entries
    (``.git``, ``.DS_Store``, editor backups) are skipped. Paths stay under
    ``root`` as written, so ``path.relative_to(root)`` is the document id.
    """
    return scan_corpus(root)[0]


def scan_corpus(root: Path) -> tuple[list[Path], list[str]]:
    """``list_corpus_files`` plus a warning per entry skipped for being unsafe.

    A symlink to a file or folder outside the corpus (``/etc/passwd``) is
    skipped: the corpus folder is what the user chose to publish as
    answers. A link that points to itself (or any other unresolvable link
    loop) is skipped too, instead of stopping the whole index.
    """
    files: list[Path] = []
    warnings: list[str] = []
    real_root = os.path.realpath(root)
    pending = [(root, real_root)]  # a stack, not recursion: a tree 1,500 folders deep must not hit the recursion limit
    visited = {real_root}
    while pending:
        folder, real_folder = pending.pop()
        pending.extend(reversed(_scan_folder(root, folder, real_folder, real_root, visited, files, warnings)))
    return sorted(files, key=lambda p: p.relative_to(root).as_posix()), warnings


def _scan_folder(
    root: Path, folder: Path, real_folder: str, real_root: str, visited: set[str], files: list[Path], warnings: list[str]
) -> list[tuple[Path, str]]:
    """Append ``folder``'s corpus files to ``files``; its sub-folders still to visit (path, real path), each once.

    A real path is resolved (``realpath``, one ``lstat`` per level) only for
    a link; a plain sub-folder's is its parent's plus its name, so a deep
    tree costs one pass, not one per level per folder.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:  # unreadable folder: its files cannot be indexed, but the user hears why
        if folder != root:
            warnings.append(f"skipped {folder.relative_to(root).as_posix()}/: cannot read the folder ({exc.strerror or exc})")
        return []
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        rel = path.relative_to(root).as_posix()
        if not is_utf8_name(entry.name):  # a name from a Latin-1 zip: it could not be stored, shown or sent as JSON
            shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            warnings.append(f"skipped {shown}: the file name is not valid UTF-8 (rename it)")
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:  # ELOOP: a link to itself
            warnings.append(f"skipped {rel}: broken symlink ({exc.strerror or exc})")
            continue
        if not (is_dir or path.suffix.lower() in SUPPORTED_SUFFIXES):
            continue
        if not (is_dir or is_file):  # a FIFO or device named x.txt: reading it would block or never end
            warnings.append(f"skipped {rel}: not a regular file")
            continue
        real = os.path.join(real_folder, entry.name)
        if entry.is_symlink():
            real = os.path.realpath(path)
            if os.path.commonpath([real, real_root]) != real_root:
                warnings.append(f"skipped {rel}: a link to {real}, outside the corpus")
                continue
        if is_dir:
            if real not in visited:
                visited.add(real)
                folders.append((path, real))
        else:
            files.append(path)
    return folders


def is_utf8_name(name: str) -> bool:
    """Whether a name read from the file system is real UTF-8 (Python keeps other bytes as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_document_file(root: Path, path: Path) -> tuple[list[Document], list[str]]:
    """The documents of one file (one, or one per ``.jsonl`` record), and warnings.

    Used for a whole build and for incremental updates alike, so one file is
    always read the same way. A file that cannot be used gives no documents
    and a warning naming it.
    """
    rel = Path(os.path.relpath(path, root)).as_posix()
    try:
        raw = read_unless_binary(path)
    except OSError as exc:
        return [], [f"skipped {rel}: cannot read it ({exc.strerror or exc})"]
    text = _decode(raw) if raw is not None else None
    if text is None:
        return [], [f"skipped {rel}: not UTF-8 text"]
    if not text.strip():
        return [], [f"skipped {rel}: empty file"]
    if path.suffix.lower() == ".jsonl":
        return _jsonl_documents(rel, text)
    return [Document(rel, text, extract_metadata(text), _sha256(text))], []


_READ_BLOCK = 1 << 20


def read_unless_binary(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` as soon as a block holds a NUL (a binary file).

    Read in 1 MB blocks so that a binary file is given up at its first NUL
    instead of read whole: a 1 GB disk image or sparse file dropped into the
    corpus would otherwise take a gigabyte of memory before being skipped.
    Raises ``OSError`` as reading does.
    """
    blocks = []
    with open(path, "rb") as fh:
        while block := fh.read(_READ_BLOCK):
            if b"\x00" in block:
                return None
            blocks.append(block)
    return b"".join(blocks)


def readable_text(raw: bytes) -> str | None:
    """The text of a file's bytes as the index would read it, or ``None`` (binary, not UTF-8).

    Public so ``qa index add`` refuses a file before copying it in, by the
    same rule that would make the index skip it.
    """
    return _decode(raw)


def _decode(raw: bytes) -> str | None:
    """The text ``open(path, encoding="utf-8").read()`` gives, or ``None``.

    Decoding the bytes already read through the same ``TextIOWrapper`` that
    ``open`` uses yields identical newline handling without a second read.
    A NUL anywhere marks a binary file (one ``memchr`` over the bytes): a
    NUL past the first 8 KB would otherwise end up inside answers.
    """
    if b"\x00" in raw:
        return None
    try:
        return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
    except UnicodeDecodeError:
        return None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _jsonl_documents(rel: str, text: str) -> tuple[list[Document], list[str]]:
    """One document per record; unusable lines are counted into a single warning.

    Ids are unique and stable: an explicit ``id`` names its record; a record
    without one is named by its line number, unless an explicit id already
    uses that name (then ``line-N``), so a generated id never takes over
    another record's. A second record with an id already used, or with the
    same text as an earlier record, is skipped with a warning naming both.
    """
    parsed: list[tuple[int, _Record]] = []
    bad_lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record = _jsonl_record(line)
        if record is None:
            bad_lines.append(number)
        else:
            parsed.append((number, record))
    explicit = {r.explicit_id for _, r in parsed if r.explicit_id is not None}
    documents: list[Document] = []
    warnings: list[str] = []
    line_of_id: dict[str, int] = {}
    id_of_text: dict[str, str] = {}
    for number, record in parsed:
        record_id = record.explicit_id if record.explicit_id is not None else _generated_id(number, explicit)
        doc_id = f"{rel}#{record_id}"
        if record_id in line_of_id:
            warnings.append(f"skipped {doc_id} (line {number}): the same id as line {line_of_id[record_id]}")
            continue
        line_of_id[record_id] = number
        if record.digest in id_of_text:
            warnings.append(f"skipped {doc_id}: same text as {id_of_text[record.digest]}")
            continue
        id_of_text[record.digest] = doc_id
        documents.append(Document(doc_id, record.text, record.metadata, record.digest))
    if bad_lines:
        warnings.insert(
            0,
            f"skipped {len(bad_lines)} line(s) of {rel} (first: line {bad_lines[0]}): "
            'each line must be a JSON object with a non-empty "text"',
        )
    return documents, warnings


def _generated_id(number: int, explicit: set[str]) -> str:
    """The line number, or ``line-N`` (``line-N-2``...) where an explicit id already uses it."""
    candidate = str(number)
    if candidate not in explicit:
        return candidate
    candidate, k = f"line-{number}", 1
    while candidate in explicit:
        k += 1
        candidate = f"line-{number}-{k}"
    return candidate


@dataclass(frozen=True)
class _Record:
    explicit_id: str | None
    text: str
    metadata: Metadata
    digest: str


def _jsonl_record(line: str) -> _Record | None:
    """The usable parts of one ``.jsonl`` line, or ``None`` when it is unusable.

    Text that cannot be encoded as UTF-8 (a lone surrogate from a ``\\ud800``
    escape) is unusable: it could be neither hashed nor stored; text holding
    a NUL (``\\u0000``) is treated like a binary file.
    """
    try:
        record = json.loads(line.lstrip("\ufeff"))  # a BOM may open the file's first line
    except (ValueError, RecursionError):  # bad JSON, or nested too deep to parse
        return None
    if not isinstance(record, dict):
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip() or "\x00" in text:
        return None
    try:
        digest = _sha256(text)
    except UnicodeEncodeError:
        return None
    raw_id = record.get("id")
    explicit = str(raw_id).strip() if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    metadata = Metadata(title=_field(record, "title"), date=_date_field(record))
    return _Record(_storable(explicit) or None, text, metadata, digest)


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return (_storable(value).strip() or None) if isinstance(value, str) else None


def _storable(value: str) -> str:
    """``value`` with lone surrogates (``"\\ud800"`` escapes) as U+FFFD, so SQLite can store it as UTF-8.

    One record whose id, title or date held such an escape stopped every
    build of the whole corpus ("text is not valid UTF-8") and so every
    ``qa ask``; these fields carry no offsets, so the mark stands in for it.
    """
    if not any("\ud800" <= ch <= "\udfff" for ch in value):
        return value
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)


def _date_field(record: dict[str, Any]) -> str | None:
    """The record's date as ISO when it parses, else as written (not lost)."""
    value = _field(record, "date")
    return (normalize_date(value) or value) if value else None
