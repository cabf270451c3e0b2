"""Names of corpus documents turned into paths that stay inside the corpus.

Why: document names come from users and gold files (``qa index remove
NAME``, a gold line's ``doc``). ``../victim.txt``, an absolute path, or a
folder symlinked out of the corpus would otherwise let ``qa index remove``
move, or ``qa eval --closed`` read, files that are not articles of this
corpus. Every such name goes through ``corpus_member`` first.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

RECORD_SEPARATOR = "#"  # ``file.jsonl#record-id``


def split_doc_id(doc_id: str) -> tuple[str, str | None]:
    """``("file.jsonl", "id")`` for a record, ``("file.txt", None)`` for a file."""
    file_part, sep, record = doc_id.partition(RECORD_SEPARATOR)
    if sep and file_part.lower().endswith(".jsonl"):
        return file_part, record
    return doc_id, None


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives, mixed absolute/relative
        return False


def corpus_member(corpus: Path, name: str, *, follow_link: bool) -> Path | None:
    """``corpus/name`` when ``name`` is a relative path that stays inside ``corpus``.

    Args:
        corpus: the corpus folder.
        name: a path relative to it, as document ids are written.
        follow_link: also require the file's own target to be inside the
            corpus (reading it); ``False`` when acting on the link itself
            (moving it), where only the folders leading to it must be inside.

    Returns:
        The path under ``corpus`` as written, or ``None`` when ``name`` is
        absolute, climbs out with ``..``, or passes through a link that
        leaves the corpus.
    """
    if not name or "\x00" in name:
        return None
    pure = PurePosixPath(name.replace(os.sep, "/"))
    if pure.is_absolute() or Path(name).is_absolute() or ".." in pure.parts or not pure.parts:
        return None
    root = os.path.realpath(corpus)
    path = corpus.joinpath(*pure.parts)
    target = os.path.realpath(path if follow_link else path.parent)
    if not _within(target, root):
        return None
    return path
