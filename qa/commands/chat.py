"""``qa chat``: the terminal chat (Textual) over the corpus."""

from __future__ import annotations

import argparse
import sys
import time

from qa.cli_common import common_parser, config_from_args
from qa.config import QAConfig


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "chat",
        parents=[common_parser()],
        help="ask questions in an interactive terminal chat",
        description=(
            "Open the chat: the window appears at once while the index is "
            "checked and loaded in the background; questions typed meanwhile "
            "are answered as soon as it is ready. Press ? or F1 for the keys."
        ),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    _check_folders(config)
    _apply_color_choice(getattr(args, "color", "auto"))
    from qa.exports import ensure_exports

    ensure_exports(config)  # a cold export cache is filled (one note) before the window, not inside it
    from tui.app import create_app  # Textual is only imported for this command

    started = time.perf_counter()
    app = create_app(config)
    app.run()
    if getattr(args, "verbose", False):
        t = app.timings
        for key in ("mounted", "loaded", "first_answer"):
            if key in t:
                print(f"qa chat: {key} after {t[key] - started:.2f} s", file=sys.stderr)
    return int(app.return_code or 0)


def _check_folders(config: QAConfig) -> None:
    """A missing corpus or a folder that is not an index fails here, in one line, before the window.

    Both checks are a few ``stat`` calls; the index itself is still loaded by
    the window's worker, so the chat stays quick to open.
    """
    from index.builder import check_corpus_folder
    from index.layout import check_index_folder

    check_corpus_folder(config.corpus)
    check_index_folder(config.index_dir)


def _apply_color_choice(choice: str) -> None:
    """``--color never``/``always`` for Textual, which reads ``NO_COLOR`` itself when it starts."""
    import os

    if choice == "never":
        os.environ["NO_COLOR"] = "1"
    elif choice == "always":
        os.environ.pop("NO_COLOR", None)
