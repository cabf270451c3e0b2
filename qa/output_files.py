"""Output files that never destroy what was there before the run succeeded.

Why: ``qa batch -o old.jsonl`` and ``qa eval --report FILE`` used to truncate
their output before anything was loaded, so a run that failed (missing
corpus, bad model) or an output that was the input under another name (a
hard link) lost data. Here an output is written to a temporary file beside
it and renamed over it only when the run finished; a killed run leaves the
old file untouched and its complete lines in the temporary file. Outputs
that are not regular files (``/dev/stdout``, a FIFO, ``/dev/full``) cannot be
replaced by a rename and are written in place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from qa.errors import QAError, UsageError

PARTIAL_SUFFIX = ".partial"


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are one file: same device and inode (hard links, symlinks)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # either side missing: not the same existing file
        return Path(a).resolve() == Path(b).resolve()


def refuse_same_file(output: str | os.PathLike[str], source: str | os.PathLike[str], what: str, flag: str) -> None:
    """UsageError when writing ``output`` would overwrite ``source`` (by any name)."""
    if same_file(output, source):
        raise UsageError(f"{flag} {output} is the {what} itself; choose another {flag} path")


def refuse_inside(output: str | os.PathLike[str], folders: dict[str, Path], flag: str) -> None:
    """UsageError when ``output`` would land inside one of ``folders`` (``{"corpus": ..., "index": ...}``).

    ``qa batch -o corpus/article.txt`` replaced an article with JSON lines,
    and the next question re-indexed that as the article; a file written
    into the index folder is as bad. Paths are compared after resolving
    links, so a link into either folder is caught too.
    """
    target = Path(os.path.realpath(output))
    for what, folder in folders.items():
        root = Path(os.path.realpath(folder))
        if target.is_relative_to(root):
            raise UsageError(f"{flag} {output} is inside the {what} folder {folder}; write it elsewhere")


def _is_regular_or_missing(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


@contextlib.contextmanager
def replaced_on_success(path: Path, flag: str) -> Iterator[TextIO]:
    """A text file that becomes ``path`` only when the ``with`` block finishes.

    The temporary file (``.NAME.partial``-something, beside ``path``) is
    created up front, so an unwritable folder fails in a second, before any
    model loads. On an exception it is kept when it holds lines (a record of
    the work done, named in the error) and removed when empty.

    Raises:
        UsageError: the folder cannot be written (``flag`` names the option).
        QAError: writing failed midway (a full disk), naming ``path``.
    """
    if not _is_regular_or_missing(path):
        with _in_place(path, flag) as fh:
            yield fh
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX)
    except OSError as exc:
        raise UsageError(f"cannot write {flag} {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    ok = False
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                yield fh
        except OSError as exc:
            _name_the_path(exc, path)
            raise
        _keep_mode(path, tmp)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise QAError(f"cannot write {path}: {exc.strerror or exc}") from exc
        ok = True
    finally:
        if not ok:
            with contextlib.suppress(OSError):
                if tmp.stat().st_size == 0:
                    tmp.unlink()


@contextlib.contextmanager
def _in_place(path: Path, flag: str) -> Iterator[TextIO]:
    try:
        fh = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {flag} {path}: {exc.strerror or exc}") from exc
    try:
        with fh:
            yield fh
    except OSError as exc:
        _name_the_path(exc, path)
        raise


def _name_the_path(exc: OSError, path: Path) -> None:
    """A failed write (a full disk) names no file: raise one that names ``path``."""
    if exc.filename is None and not isinstance(exc, BrokenPipeError):
        raise QAError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _keep_mode(path: Path, tmp: Path) -> None:
    """Give the new file the old one's permissions, else the usual ``0666 & ~umask``."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
