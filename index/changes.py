"""What an index update must do, decided from file records alone.

``plan_changes(known, seen)`` is pure: it takes the files the previous
generation knew (their hash, size and modification time) and the files the
folder holds now, and returns a ``ChangeSet`` (which files are gone, which
only moved in time, which are copies of another file, which must be read).
No FAISS, SQLite or file system is touched; ``index.builder`` stats and
hashes the files, then applies the plan. The dedupe rules live here:

- a file whose size and modification time are unchanged is trusted as is;
- a file whose content hash is unchanged gets its new size and time only;
- a file (not ``.jsonl``) with the same bytes as another one read in this
  update, or kept from the last, is recorded but not indexed again; its
  records would be the other file's twice over;
- a file skipped as such a copy is read after all when its original is
  removed or edited, or its text would leave the index with the original's;
- ``.jsonl`` files are never skipped whole: their records are compared one by
  one when read (``index.engine.read_file``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from index.store import FileRecord


@dataclass(frozen=True)
class SeenFile:
    """A file of the corpus folder as found now.

    Attributes:
        size, mtime_ns: from ``stat``.
        content_hash: sha256 of the bytes; ``None`` when the file could not be
            read (it is then left as the last build recorded it).
        jsonl: a file of records, deduplicated record by record, never whole.
    """

    size: int
    mtime_ns: int
    content_hash: str | None
    jsonl: bool = False


@dataclass(frozen=True)
class FileToRead:
    """A new or changed file to clean, chunk and embed."""

    record: FileRecord
    existed: bool  # the last build indexed a version of it


@dataclass
class ChangeSet:
    """The plan: apply ``removed``, ``forgotten``, ``refreshed``, ``duplicates``, then read ``to_read`` in order."""

    removed: list[str] = field(default_factory=list)  # gone from the folder: forget the file and its chunks
    forgotten: list[str] = field(default_factory=list)  # a copy whose original changed: forget, it is read again
    refreshed: list[FileRecord] = field(default_factory=list)  # same bytes, new size or time: record only
    duplicates: list[FileToRead] = field(default_factory=list)  # same bytes as another file: record, index nothing
    to_read: list[FileToRead] = field(default_factory=list)  # new or changed: read, in folder order
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def stat_unchanged(known: FileRecord | None, size: int, mtime_ns: int) -> bool:
    """Trust the last build's record of a file (no hashing) when size and time agree."""
    return known is not None and (known.size, known.mtime_ns) == (size, mtime_ns)


def plan_changes(known: Mapping[str, FileRecord], seen: Mapping[str, SeenFile], empty: Collection[str] = ()) -> ChangeSet:
    """The changes that bring the index from ``known`` to ``seen``.

    Args:
        known: the last build's files, by path relative to the corpus.
        seen: the folder's files now, in folder order (which decides, among
            identical files, the one that is indexed).
        empty: known files with no documents (skipped as copies, or empty).
    """
    plan = ChangeSet(removed=sorted(set(known) - set(seen)))
    unchanged = {rel for rel, rec in known.items() if rel in seen and stat_unchanged(rec, seen[rel].size, seen[rel].mtime_ns)}
    freed = {rec.content_hash for rel, rec in known.items() if rel not in unchanged}
    known = dict(known)
    for rel in sorted(unchanged):
        if known[rel].content_hash in freed and rel in empty:
            plan.forgotten.append(rel)
            unchanged.discard(rel)
            del known[rel]
    hashes = {known[rel].content_hash for rel in unchanged}
    for rel, file in seen.items():
        if rel in unchanged or file.content_hash is None:
            continue
        digest = file.content_hash
        old = known.get(rel)
        record = FileRecord(rel, digest, file.size, file.mtime_ns)
        if old is not None and old.content_hash == digest:
            plan.refreshed.append(record)
            hashes.add(digest)
            continue
        (plan.changed if old is not None else plan.added).append(rel)
        if digest in hashes and not file.jsonl:
            plan.duplicates.append(FileToRead(record, old is not None))
            continue
        hashes.add(digest)
        plan.to_read.append(FileToRead(record, old is not None))
    return plan
