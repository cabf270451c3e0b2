"""``qa index add`` and ``qa index remove``: put articles into, or take them out of, the corpus.

Why a module of its own: these are the only commands that move or copy the
user's files, so every argument is checked first (inside the corpus, a
whole file, readable text) and only then is anything touched. A bad
argument anywhere leaves every file where it was. Nothing is deleted:
removed articles go to ``<index>/removed/<time>/``.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from index.corpus import SUPPORTED_SUFFIXES, is_utf8_name, list_corpus_files, read_unless_binary, readable_text, scan_corpus
from index.files import atomic_copy
from index.layout import REMOVED_DIR
from qa.corpus_paths import corpus_member, split_doc_id
from qa.errors import UsageError


@dataclass(frozen=True)
class Copy:
    """One file to copy into the corpus (``dest`` is inside it)."""

    source: Path
    dest: Path


def plan_additions(corpus: Path, paths: list[Path]) -> list[Copy]:
    """The copies ``qa index add PATHS`` will make, every path checked first.

    A folder contributes its ``.txt``/``.md``/``.jsonl`` files (hidden ones
    skipped), keeping their sub-folders. Identical files already in the
    corpus are left out.

    Raises:
        UsageError: a path is missing, of an unsupported kind, not UTF-8
            text, or would overwrite a different file of the corpus.
    """
    copies: list[Copy] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"cannot add {path}: no such file or folder")
        if path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UsageError(f"cannot add {path}: only .txt, .md and .jsonl files are indexed")
            if not is_utf8_name(path.name):
                raise UsageError(f"cannot add {path}: the file name is not valid UTF-8 (rename it)")
            sources = [(path, path.name)]
        elif path.is_dir():
            sources = _folder_sources(path)
        else:  # a FIFO, a device, a socket: read as an empty folder, it "added" nothing and exited 0
            raise UsageError(f"cannot add {path}: not a regular file or a folder")
        for src, rel in sources:
            try:
                raw = read_unless_binary(src)
            except OSError as exc:
                raise UsageError(f"cannot add {src}: {exc.strerror or exc}") from exc
            if raw is None or readable_text(raw) is None:
                raise UsageError(f"cannot add {src}: not UTF-8 text (convert it first, e.g. `iconv -f latin1 -t utf-8`)")
            dest = _destination(corpus, rel, src)
            if dest.exists():
                try:
                    same = dest.is_file() and dest.read_bytes() == raw
                except OSError:
                    same = False
                if same:
                    continue
                raise UsageError(f"cannot add {src}: {dest} already exists with other content")
            copies.append(Copy(src, dest))
    return copies


def _destination(corpus: Path, rel: str, source: Path) -> Path:
    """``corpus/rel``, refused when a folder on the way is a link leading out of the corpus.

    The scan skips such a link (``corpus/sub -> /elsewhere``), so a file
    copied through it landed outside the corpus, in the link's target, and
    was never indexed, although ``qa index add`` said it was copied in.
    """
    dest = corpus_member(corpus, rel, follow_link=False)
    if dest is None:
        raise UsageError(
            f"cannot add {source}: its place in the corpus, {corpus / rel}, is through a link leading out of {corpus}"
        )
    return dest


def _folder_sources(folder: Path) -> list[tuple[Path, str]]:
    """``(file, name in the corpus)`` for each article of ``folder``, found the way the index finds them.

    The corpus scanner walks without recursion (a tree thousands of folders
    deep is fine), enters each real folder once (a link loop ends) and
    skips hidden entries. What it would skip for being unsafe (a link
    leading out of ``folder``, a FIFO) stops the whole addition instead,
    before anything is copied: its content is not what the folder shows.
    """
    files, skipped = scan_corpus(folder)
    if skipped:
        reason = skipped[0].removeprefix("skipped ").replace(", outside the corpus", f", outside {folder}")
        raise UsageError(f"cannot add {folder}: it holds {reason}")
    return [(p, p.relative_to(folder).as_posix()) for p in files]


def _make_folders(folder: Path) -> None:
    """``mkdir -p`` one level at a time: ``Path.mkdir(parents=True)`` recurses once per missing folder.

    An article 1,500 folders deep (which the corpus scanner accepts) would
    otherwise end its copy or removal in a RecursionError.
    """
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for level in reversed(missing):
        level.mkdir(exist_ok=True)


def copy_into_corpus(corpus: Path, copies: list[Copy]) -> list[str]:
    """Make the planned copies; returns one ``copied X into CORPUS/`` line each."""
    _make_folders(corpus)
    lines = []
    for copy in copies:
        _make_folders(copy.dest.parent)
        atomic_copy(copy.source, copy.dest)  # never half an article in the corpus
        lines.append(f"copied {copy.source} into {corpus}/")
    return lines


def plan_removals(corpus: Path, names: list[str]) -> list[tuple[str, Path]]:
    """``(name, path)`` of each article to move out, every name checked first.

    Raises:
        UsageError: a name outside the corpus (absolute, ``..``, through a
            link leaving it), a single ``.jsonl`` record (the file holds
            others), no such file, or removing them all (the builder
            needs one article, so the move would leave an index that
            can no longer be updated: refused before anything moves).
    """
    planned: dict[Path, str] = {}
    for name in names:
        file_part, record = split_doc_id(name)
        if record is not None:
            raise UsageError(
                f"cannot remove {name}: it is one record of {file_part}, which holds others; "
                f"delete its line from {file_part} and run `qa index`, or remove the whole file "
                f"with `qa index remove {file_part}`"
            )
        path = corpus_member(corpus, name, follow_link=False)
        if path is None:
            raise UsageError(f"cannot remove {name}: not inside the corpus {corpus}/; name a file as `qa index status` lists it")
        if not (path.is_file() or path.is_symlink()):
            raise UsageError(f"cannot remove {name}: no such file in {corpus}")
        planned.setdefault(path, name)
    _keep_one_article(corpus, planned)
    return [(name, path) for path, name in planned.items()]


def _keep_one_article(corpus: Path, planned: dict[Path, str]) -> None:
    """UsageError when the planned removals are every article the corpus holds."""
    leaving = {os.path.abspath(path) for path in planned}
    if any(os.path.abspath(path) not in leaving for path in list_corpus_files(corpus)):
        return
    names = ", ".join(sorted(planned.values()))
    raise UsageError(
        f"cannot remove {names}: the corpus {corpus} would hold no articles, and an index needs at least one; "
        "add another article first (`qa index add FILE`), or delete the corpus and index folders"
    )


def move_out_of_corpus(corpus: Path, index_dir: Path, removals: list[tuple[str, Path]]) -> list[str]:
    """Move the planned articles under ``index_dir/removed/<time>/``; one line each."""
    trash = _new_removal_folder(index_dir / REMOVED_DIR)
    lines = []
    for _name, src in removals:
        dest = trash / src.relative_to(corpus)
        _make_folders(dest.parent)
        shutil.move(str(src), dest)
        lines.append(f"moved {src} to {dest}")
    return lines


def _new_removal_folder(removed: Path) -> Path:
    """A folder of its own under ``removed/`` for one removal, named by the time (``-2``, ``-3``... within a second).

    Claimed with an exclusive ``mkdir``: two removals in the same second
    each get their own folder, so the second never replaces a file the
    first set aside.
    """
    removed.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10_000):
        folder = removed / (stamp if n == 1 else f"{stamp}-{n}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise UsageError(f"cannot make a folder under {removed}: too many removals in one second")
