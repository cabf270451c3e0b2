"""Whether human output may use colour: ``--color`` first, then ``NO_COLOR``, then the terminal.

Why one rule for every command: ``qa ask`` coloured its answer through
Rich's own detection while other outputs had none, and a user who sets
``NO_COLOR`` (https://no-color.org) or pipes the output expects plain text
everywhere. ``--color always`` wins over ``NO_COLOR`` (a flag is the more
specific wish); ``auto`` means colour only on a terminal. When colour is
off, ``qa ask`` marks the answer inside its passage with ``[…]`` brackets,
so the span still shows in a pipe or a log.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

CHOICES = ("auto", "always", "never")


def add_color_flag(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """``--color {auto,always,never}``; ``suppress`` leaves the top level's value alone (sub-commands)."""
    parser.add_argument(
        "--color",
        "--colour",
        dest="color",
        choices=CHOICES,
        default=argparse.SUPPRESS if suppress else "auto",
        help="colour in human output: auto (terminal and no NO_COLOR), always, never",
    )


def use_color(choice: str | None, stream: TextIO) -> bool:
    """Colour on ``stream``? ``choice`` is the ``--color`` value (``None`` = auto)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):  # any non-empty value, per no-color.org
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False
