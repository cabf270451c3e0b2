"""``qa batch INPUT -o OUTPUT.jsonl``: answer a file of questions in batches.

The model and index load once; questions go through ``answer_batch`` a batch
at a time and the answers stream out as JSON lines (see ``qa.batch``).
Exit status 0 when every line was answered, 1 when some failed, 2 for
usage errors (missing input, wrong extension, unwritable output).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from qa.batch import DEFAULT_BATCH_SIZE, bounded_lines, count_lines, input_format, iter_items, run_batch
from qa.cli_common import PipelineOpener, common_parser, config_from_args, open_pipeline
from qa.config import QAConfig
from qa.engines import add_engine_flags, check_engine_flags
from qa.errors import UsageError
from qa.output_files import refuse_inside, refuse_same_file, replaced_on_success


def register(subparsers: Any) -> None:
    """Add the ``batch`` sub-command."""
    parser = subparsers.add_parser(
        "batch",
        parents=[common_parser()],
        help="answer a file of questions, one JSON line each",
        description=(
            "Answer every question of INPUT (.txt: one question a line; .jsonl: objects with "
            "'question' and optional 'id', other fields carried through; '-': standard input) "
            "and write one `qa ask --json` object a line, in input order."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="questions file (.txt or .jsonl), or - for standard input")
    parser.add_argument(
        "-o", "--output", default="-", metavar="OUTPUT.jsonl", help="where the JSON lines go (default: - = standard output)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help=f"questions per model call (default: {DEFAULT_BATCH_SIZE})"
    )
    add_engine_flags(parser, "each batch split across answering actors")
    parser.set_defaults(func=run)


def question_validator(config: QAConfig) -> Callable[[str], str]:
    """The pipeline's own question check, bound to this config."""
    from qa.pipeline import validate_question

    return lambda question: validate_question(question, config)


@contextlib.contextmanager
def open_input(path: str) -> Iterator[TextIO]:
    """Standard input for ``-``, else the file; a missing file is a usage error."""
    if path == "-":
        yield sys.stdin
        return
    try:
        fh = open(path, encoding="utf-8-sig", errors="replace")
    except FileNotFoundError as exc:
        raise UsageError(f"input file not found: {path}") from exc
    except OSError as exc:
        raise UsageError(f"cannot read input {path}: {exc.strerror or exc}") from exc
    with fh:
        yield fh


@contextlib.contextmanager
def open_output(path: str, input_path: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else a file that replaces ``path`` only on success.

    Checked before the model loads, so an unwritable path fails in a second.
    The input is refused by identity (device and inode), not by name, so a
    hard link or symlink to it cannot truncate the questions away; and the
    answers go to a temporary file renamed into place at the end, so a run
    that fails keeps the previous output (see ``qa.output_files``).
    """
    if path == "-":
        yield sys.stdout
        return
    if input_path != "-":
        refuse_same_file(path, input_path, "input file", "-o")
    with replaced_on_success(Path(path), "output") as fh:
        yield fh


def make_progress(input_path: str) -> Any:
    """A tqdm bar on standard error when it is a terminal, else ``None`` (quiet)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    total = count_lines(Path(input_path)) if input_path != "-" else None
    return tqdm(total=total, unit="q", desc="batch", file=sys.stderr, leave=False)


#: The most questions one model call may take: far above any useful batch (a batch's questions,
#: their passages and the reader's windows are all held at once), and within what ``islice`` takes.
MAX_BATCH_SIZE = 10_000


def run(args: argparse.Namespace, open_pipeline: PipelineOpener = open_pipeline) -> int:
    """Answer INPUT into OUTPUT; exit 1 when some lines failed.

    ``open_pipeline`` refreshes the index if stale and loads model and index
    once (the CLI's opener; tests pass a fake one).
    """
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.batch_size > MAX_BATCH_SIZE:  # 10**20 reached itertools.islice and ended in a ValueError traceback
        raise UsageError(f"--batch-size must be at most {MAX_BATCH_SIZE:,}, got {args.batch_size}")
    fmt = input_format(args.input)
    config = config_from_args(args)
    check_engine_flags(args)
    if args.output != "-":
        refuse_inside(args.output, {"corpus": config.corpus, "index": config.index_dir}, "-o")
    with open_input(args.input) as source, open_output(args.output, args.input) as out:
        if args.engine == "ray":
            from qa.ray_answer import open_ray_pool

            pipeline = open_ray_pool(config, args)
        else:
            pipeline = open_pipeline(config)
        progress = make_progress(args.input)
        try:
            summary = run_batch(
                pipeline,
                iter_items(bounded_lines(source), fmt),
                out,
                validate=question_validator(config),
                batch_size=args.batch_size,
                progress=progress,
            )
        finally:
            if progress is not None:
                progress.close()
            if args.engine == "ray":
                pipeline.close()  # the actors give their CPUs back to the cluster
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0
