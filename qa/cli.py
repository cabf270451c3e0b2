"""The ``qa`` command: one sub-command per module in ``qa.commands``.

argparse (standard library) parses flags: it gives usage errors with exit
status 2 for free and needs no dependency. Every ``QAError`` becomes a
one-line message on standard error with its exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from index.model_location import prefer_offline
from qa.errors import QAError

COMMAND_MODULES = ("index", "ask", "batch", "eval", "chat", "train_reader")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa",
        description="Extractive question answering over a folder of articles.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"qa.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    prefer_offline()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except QAError as err:
        print(f"qa: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
