"""The two safe ways this project writes files: atomic replace, and link-or-copy.

- ``atomic_write_text``: small text files that readers open at any moment
  (an index's ``CURRENT`` and manifests, the model cache's memos, a SQuAD
  workspace's corpus) are written to a hidden temp file beside the target,
  fsynced, then renamed over it, so a reader sees the old content or the new,
  never half of it, even after a crash.
- ``link_or_copy``: an immutable file (a BM25 segment, a FAISS base) carried
  into the next index generation is hard-linked, copied only across devices.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file in the same folder, fsync, then rename over ``path``.

    The temp file (``.NAME.XXXX``, hidden) is given the usual
    ``0666 & ~umask`` mode (``mkstemp`` makes it 0600), so a file another
    user may read stays readable.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_copy(source: Path, dest: Path) -> None:
    """Copy ``source`` to ``dest`` (contents and times) through a hidden temp file, then rename.

    ``qa index add`` copies articles into the corpus: a copy cut short (Ctrl-C,
    a full disk) must not leave half an article there for the next update to
    index. The temp file is hidden, so a scan never reads it meanwhile.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        shutil.copystat(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def link_or_copy(src: Path, dest: Path) -> None:
    """Hard-link an immutable file into a new generation; copy across devices."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)
