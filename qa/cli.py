"""The ``qa`` command: one sub-command per module in ``qa.commands``.

argparse (standard library) parses flags and needs no dependency; its usage
errors are reduced to one line (exit status 2). Every ``QAError`` becomes a
one-line message on standard error with its exit status, never a traceback.
Errors from the environment rather than from corpus-qa (a full disk, a
folder that cannot be written, a file that cannot be decoded) are reported
the same way with exit status 1; ``-v`` adds their traceback. Anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from typing import NoReturn

from qa.colour import add_color_flag
from qa.errors import QAError
from qa.version import VersionAction

COMMAND_MODULES: tuple[str, ...] = (
    "index",
    "ask",
    "batch",
    "eval",
    "chat",
    "train_reader",
    "train_selector",
    "near_misses",
    "serve",
    "completion",
)

log = logging.getLogger("qa")


class OneLineArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line, not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"qa: error: {message_line(message)} (see `{self.prog} --help`)\n")


def message_line(message: object) -> str:
    """``message`` as a single line, safe to print: newlines and runs of spaces
    collapsed, control characters shown as symbols (a file name may hold ESC),
    lone surrogates (undecodable command-line bytes) as U+FFFD."""
    from qa.terminal_text import safe_line

    return safe_line(" ".join(str(message).split()))


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="qa",
        description="Extractive question answering over a folder of articles.",
        # argparse classifies every word of the line with the top-level options first:
        # with abbreviations on, a command's own `--c` read as an ambiguous `--color`.
        allow_abbrev=False,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    parser.add_argument("--version", action=VersionAction)
    add_color_flag(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"qa.commands.{name}").register(subparsers)
    for sub in subparsers.choices.values():
        if "--verbose" not in sub._option_string_actions:  # `qa ask ... -v` as well as `qa -v ask ...`
            sub.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log progress details")
        if "--color" not in sub._option_string_actions:  # `qa ask ... --color never` as well
            add_color_flag(sub, suppress=True)
    return parser


def parse_args(parser: argparse.ArgumentParser, argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """Parse ``argv``, letting a command's options and paths come in any order.

    argparse stops filling a ``nargs="*"`` positional at the first option, so
    ``qa index add --corpus c FILE`` left ``FILE`` over. When anything is left
    over, the command's own arguments are parsed again "intermixed" (options
    anywhere, ``--`` ending them), which is what people expect from a CLI.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(argv)
    command = getattr(args, "command", None)
    if not extra or not command:
        return args, extra
    sub = next(a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))  # type: ignore[union-attr]
    name = next((alias for alias, p in sub.choices.items() if p is sub.choices[command] and alias in argv), command)
    tail = argv[argv.index(name) + 1 :]
    try:
        sub_args, extra = sub.choices[command].parse_known_intermixed_args(tail)
    except TypeError:  # a command whose arguments cannot be intermixed: keep the first reading
        return args, extra
    for key, value in vars(sub_args).items():
        setattr(args, key, value)
    return args, extra


def _environment_error(err: BaseException) -> str:
    """A one-line description of an error raised by the system, not by corpus-qa."""
    if isinstance(err, OSError):
        what = err.strerror or str(err) or type(err).__name__
        path = err.filename if err.filename is not None else None
        return f"{what}: {path}" if path is not None else what
    if isinstance(err, UnicodeError):
        return f"text is not valid UTF-8 ({err})"
    return f"{type(err).__name__}: {err}"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parse_args(parser, argv)
    if extra:  # name the sub-command's help, not the top level's
        prog = f"qa {args.command}" if getattr(args, "command", None) else "qa"
        hint = f"see `{prog} --help`"
        if getattr(args, "command", None) == "ask" and not any(x.startswith("-") for x in extra):
            hint = "put the question in quotes"
        print(f"qa: error: unrecognized arguments: {message_line(' '.join(extra))} ({hint})", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        commands = ", ".join(name.replace("_", "-") for name in COMMAND_MODULES)
        print(f"qa: error: choose a command: {commands} (see `qa --help`)", file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except QAError as err:
        if args.verbose:
            log.exception("details")
        print(f"qa: error: {message_line(err)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``qa batch ... | head``): not an error.
        _silence_stdout()
        return 0
    except (OSError, sqlite3.DatabaseError, UnicodeError) as err:
        return _failed(args, _environment_error(err))
    except MemoryError:
        # A file of one 2 GB line, or a corpus larger than memory: say so, not a traceback.
        return _failed(
            args,
            "out of memory (an input line or article too large for this machine?); split the input, or run with -v for details",
        )
    except RecursionError:
        # The folder walks are iterative; this is the net for any input nested deeper than a library expects.
        return _failed(args, "an input is nested too deeply to process (run with -v for details)")


def _failed(args: argparse.Namespace, message: str) -> int:
    """``qa: error: MESSAGE`` on one line (the traceback only in the log with ``-v``); exit status 1."""
    if args.verbose:
        log.exception("details")
    print(f"qa: error: {message_line(message)}", file=sys.stderr)
    return 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
