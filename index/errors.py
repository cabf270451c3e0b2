"""Errors a user can act on, from the corpus and index layers; the CLI prints ``str(err)`` on one line and exits.

Anything raised as a ``QAError`` is the user's situation (no index, bad
question, unreadable corpus), not a bug, so it must carry the fix in its
message and never surface as a traceback. They live here, in the lowest
layer, so that ``index`` needs nothing from ``qa``; ``qa.errors``
re-exports them with the question-level errors.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class: a runtime failure the user can fix (exit status 1)."""

    exit_code = 1


class UsageError(QAError):
    """Wrong flags, wrong file type, unwritable output path (exit status 2)."""

    exit_code = 2


class CorpusError(QAError):
    """The corpus folder is missing, empty or holds nothing readable."""


class IndexMissingError(QAError):
    """No index has been built for this corpus yet."""


class IndexCorruptError(QAError):
    """Index files are truncated, inconsistent or unreadable."""


class IndexMismatchError(QAError):
    """The index was built with another model, dimension or format version."""


class IndexLockedError(QAError):
    """Another ``qa index`` is writing this index right now."""


class IndexFolderError(QAError):
    """``--index-dir`` names a file, or a folder of other files that is not an index."""


class IndexWriteError(QAError):
    """The index folder cannot be written: a full disk, a read-only folder.

    The live index is intact (a new version is written beside it), so
    readers answer from it with a note rather than failing.
    """
