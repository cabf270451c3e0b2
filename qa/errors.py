"""Errors a user can act on; the CLI prints ``str(err)`` on one line and exits.

The corpus and index errors (and the ``QAError`` base) are defined in
``index.errors`` so that dependencies point one way (``qa`` → ``index``);
they are re-exported here for every caller in ``qa`` and ``tui``.
"""

from __future__ import annotations

from index.errors import (
    CorpusError,
    IndexCorruptError,
    IndexFolderError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
    IndexWriteError,
    QAError,
    UsageError,
)

__all__ = [
    "CorpusError",
    "IndexCorruptError",
    "IndexFolderError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexMissingError",
    "IndexWriteError",
    "QAError",
    "QuestionError",
    "UsageError",
]


class QuestionError(QAError):
    """The question is empty, too long or otherwise unusable: bad input, so a usage error (exit 2)."""

    exit_code = 2
