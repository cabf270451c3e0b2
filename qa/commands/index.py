"""``qa index``: build or refresh the index; ``add``/``remove`` articles; ``status``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from index import layout
from index.builder import BuildReport, index_status, update_index
from index.vector_index import APPROXIMATE_FROM, INDEX_TYPES
from qa.cli_common import common_parser, config_from_args
from qa.config import QAConfig
from qa.corpus_files import copy_into_corpus, move_out_of_corpus, plan_additions, plan_removals
from qa.engines import add_engine_flags, build_engine, check_engine_flags
from qa.errors import IndexLockedError, UsageError
from qa.opening import counted, stderr_note
from qa.terminal_text import safe_line


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "index",
        parents=[common_parser()],
        help="build or update the index of the corpus",
        description="Build the index, or update it for new/changed/removed files (only those are re-embedded).",
    )
    parser.add_argument(
        "action",
        nargs="?",
        default="update",
        choices=["update", "add", "remove", "status"],
        help="update (default), add PATH..., remove DOC..., status",
    )
    parser.add_argument("paths", nargs="*", help="files or folders to add, or document names to remove")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    parser.add_argument(
        "--index-type",
        choices=INDEX_TYPES,
        help=f"vector index kind: flat (exact), ivf (approximate; auto picks it from {APPROXIMATE_FROM:,} chunks), "
        "ivfpq (approximate, ~8x less memory, lower recall), hnsw (fastest search, most memory); default: auto",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_engine_flags(parser, "reading, chunking and embedding the new or changed files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.action in ("add", "remove") and not args.paths:
        raise UsageError(f"`qa index {args.action}` needs at least one path")
    check_engine_flags(args)
    if args.action == "status":
        print(f"{safe_line(str(config.index_dir))}: {index_status(config)}")
        details = _status_details(config)
        if details:
            print(f"  {details}")
        return 0
    engine = build_engine(args, config)  # Ray missing or unreachable: stop before any file is copied or moved
    if args.action in ("add", "remove"):
        layout.check_index_folder(config.index_dir)  # a folder that is not an index: stop before any file is copied or moved
    if args.action == "add":
        copies = plan_additions(config.corpus, [Path(p) for p in args.paths])  # every path checked first
        for line in copy_into_corpus(config.corpus, copies):
            print(safe_line(line), file=sys.stderr)
    elif args.action == "remove":
        removals = plan_removals(config.corpus, args.paths)  # every name checked before anything moves
        for line in move_out_of_corpus(config.corpus, config.index_dir, removals):
            print(safe_line(line), file=sys.stderr)
    elif args.paths:
        raise UsageError("paths are only accepted by `qa index add` and `qa index remove`")
    progress = not args.quiet and sys.stderr.isatty()
    try:
        report = update_index(config, rebuild=args.rebuild, progress=progress, engine=engine)
    except IndexLockedError:
        if args.action not in ("add", "remove"):
            raise
        report = _update_after_the_other_writer(config, args.action, progress, engine)
    _print_report(config, report, every_warning=bool(getattr(args, "verbose", False)))
    from qa.exports import ensure_exports

    ensure_exports(config)  # the reader's ONNX export too: the first question finds it ready
    return 0


# How long `qa index add`/`remove` waits for another `qa index` to finish: a
# full build of the BBC corpus takes about ten minutes on two cores.
WAIT_FOR_WRITER_S = 1800.0


def _update_after_the_other_writer(config: QAConfig, action: str, progress: bool, engine: Any) -> BuildReport:
    """Index the files just added (or removed) once another process's `qa index` lets go of the index.

    The files are already in (or out of) the corpus when the lock turns out
    to be taken; failing then would read as if the add had not happened, so
    the command waits its turn and indexes them, saying why it waits.
    """
    moved = "copied into" if action == "add" else "moved out of"
    stderr_note(f"another `qa index` is updating the index; the files are {moved} the corpus, waiting for it to finish")
    try:
        return update_index(config, progress=progress, engine=engine, wait_s=WAIT_FOR_WRITER_S)
    except IndexLockedError as exc:
        raise IndexLockedError(
            f"another `qa index` is still updating {config.index_dir} after {WAIT_FOR_WRITER_S / 60:.0f} minutes; "
            f"the files are {moved} the corpus: run `qa index` once it has finished"
        ) from exc


def _status_details(config: QAConfig) -> str | None:
    """What the live index holds and was built with, as ``GET /index`` says it; ``None`` before the first build.

    "stale" alone leaves a user guessing what the index was built from; the
    counts, encoder and build time answer that without loading a model.
    """
    gen = layout.current_generation(config.index_dir)
    if gen is None:
        return None
    m = layout.read_manifest(gen)
    return (
        f"{counted(m.documents, 'document')}, {counted(m.chunks, 'chunk')} ({m.index_type}); {safe_line(m.model_name)} "
        f"({m.backend} {m.precision}); built {m.created}, {gen.name}"
    )


SHOWN_WARNINGS = 10


def _print_report(config: QAConfig, report: BuildReport, every_warning: bool = False) -> None:
    """The build's warnings (the first ``SHOWN_WARNINGS`` unless ``-v``), then one summary line.

    A news dump can hold a hundred duplicate records; a hundred warning lines
    bury the summary a user ran the command for. The index folder is named
    safely too: by default it is named after the corpus folder, whose name
    (from an unpacked archive, say) may hold escape sequences.
    """
    shown = report.warnings if every_warning else report.warnings[:SHOWN_WARNINGS]
    for warning in shown:  # file names are untrusted: shown safely
        print(f"warning: {safe_line(warning)}", file=sys.stderr)
    if len(report.warnings) > len(shown):
        print(f"warning: ... and {len(report.warnings) - len(shown)} more (qa index -v lists them all)", file=sys.stderr)
    what = "built" if report.first_build else "rebuilt" if report.rebuilt else "updated"
    if report.converted:
        what += f", vector index converted to {report.index_type} without re-embedding"
    if not report.changed:
        what = "up to date"
    print(
        f"index {what}: {counted(report.documents, 'document')}, {counted(report.chunks, 'chunk')} ({report.index_type}); "
        f"+{len(report.added_files)} new, ~{len(report.changed_files)} changed, -{len(report.removed_files)} removed files, "
        f"{counted(report.embedded_chunks, 'chunk')} embedded in {report.seconds:.1f} s -> {safe_line(str(config.index_dir))}"
    )
