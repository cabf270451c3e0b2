"""One way to open a pipeline, shared by ``qa ask``/``batch``/``eval`` and the chat.

Why: each front end used to do this on its own, and they drifted: the CLI
answered from the live index while another ``qa index`` held the lock, the
chat failed; neither survived a full disk although the live index was
intact. Here, in order:

1. refresh a missing or stale index (new/changed files only);
2. if that cannot happen now (another writer holds the lock, the disk is
   full, the folder is read-only) and an index exists, say so in one note
   and answer from the live one: readers never wait and never fail for a
   refresh they did not need;
3. load the pipeline with ``QAPipeline.load(config)``.

``live_generation`` is the cheap check (one small file read) the chat makes
before each question to notice that another process published a new index.
Heavy modules (the builder, the models) are imported late, so ``qa --help``
and the chat's first paint stay fast.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.config import QAConfig
from qa.errors import IndexCorruptError, IndexLockedError, IndexWriteError

LOCKED_NOTE = "another `qa index` is updating the index; answering from the current one"
Say = Callable[[str], None]


def stderr_note(text: str) -> None:
    """Print ``qa: note: TEXT`` on standard error (the CLI's ``say``)."""
    from qa.terminal_text import safe_line

    print(f"qa: note: {safe_line(text)}", file=sys.stderr)


def live_generation(index_dir: Path) -> str | None:
    """Name of the index version readers get now (``gen-000007``), or ``None``."""
    from index import layout

    try:
        gen = layout.current_generation(index_dir)
    except IndexCorruptError:
        return None
    return gen.name if gen is not None else None


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _room_needed(index_dir: Path, generation: str) -> int:
    """Bytes a refresh needs at least: a copy of the live metadata database."""
    from index import layout

    try:
        return (index_dir / generation / layout.METADATA_FILE).stat().st_size
    except OSError:
        return 0


def refresh_index(config: QAConfig, *, progress: bool = False, say: Say = stderr_note) -> Any:
    """Bring the index up to date if it is missing or stale; the build report, or ``None``.

    Raises:
        QAError: the refresh failed and there is no live index to fall back on.
    """
    from index.builder import ensure_index

    live = live_generation(config.index_dir)
    if live is not None:
        free = _free_bytes(config.index_dir)
        if free is not None and free < _room_needed(config.index_dir, live):
            # Re-embedding for a minute only to fail writing is worse than a stale answer.
            from index.builder import index_status

            if index_status(config) != "fresh":
                say(f"no space left on the disk holding {config.index_dir} to refresh the index; answering from the current one")
            return None
    try:
        return ensure_index(config, progress=progress)
    except IndexLockedError:
        if live_generation(config.index_dir) is None:
            raise  # the first build is under way: nothing to answer from yet
        say(LOCKED_NOTE)
    except IndexWriteError as err:
        if live_generation(config.index_dir) is None:
            raise
        say(f"{err}; answering from the current one")
    return None


def load_pipeline(config: QAConfig) -> Any:
    """``QAPipeline.load(config)``, imported only when needed (torch, ONNX...)."""
    from qa.pipeline import QAPipeline

    return QAPipeline.load(config)


Refresher = Callable[[QAConfig, Say], Any]
Loader = Callable[[QAConfig], Any]


@dataclass(frozen=True)
class OpenedPipeline:
    """What opening gives: the pipeline, and the build report when a refresh changed or checked the index."""

    pipeline: Any
    report: Any | None = None  # index.builder.BuildReport; None when no refresh ran or it fell back


def open_pipeline(
    config: QAConfig,
    *,
    refresh: bool = True,
    progress: bool = False,
    say: Say = stderr_note,
    on_report: Callable[[Any], None] | None = None,
    refresher: Refresher | None = None,
    loader: Loader = load_pipeline,
) -> OpenedPipeline:
    """Refresh the index when asked and possible, then load the pipeline: the one way every front end opens it.

    Args:
        config: the settings.
        refresh: build or update a missing/stale index first (``--no-update`` turns it off).
        progress: show progress bars while building (a terminal only).
        say: where one-line notes go (standard error for the CLI, the status bar in the chat).
        on_report: called with the build report as soon as the refresh is done, before the
            (slow) load: the CLI prints its summary line, the chat shows the warnings.
        refresher: how to refresh, given ``(config, say)``; ``refresh_index`` by default
            (the chat adds its "building the index" notes; tests pass a fake).
        loader: how to load, given the config; ``load_pipeline`` by default.
    """
    report = None
    if refresh:
        report = refresher(config, say) if refresher is not None else refresh_index(config, progress=progress, say=say)
        if report is not None and on_report is not None:
            on_report(report)
    return OpenedPipeline(loader(config), report)


def counted(n: int, noun: str) -> str:
    """``1 document``, ``19 documents``: a count and its noun, in the plural unless it is one."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def report_line(report: Any) -> str:
    """``index refreshed: N documents, ...``: what the CLI prints after a refresh."""
    return (
        f"index refreshed: {counted(report.documents, 'document')}, {counted(report.chunks, 'chunk')} "
        f"({len(report.added_files)} new, {len(report.changed_files)} changed, {len(report.removed_files)} removed files)"
    )
