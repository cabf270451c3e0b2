"""The installed corpus-qa version, for ``qa --version`` and ``qa serve``'s OpenAPI page.

Read from the package metadata (``pyproject.toml``'s ``version``, as
installed) so there is one place to bump it; ``importlib.metadata`` is
imported only when the version is asked for, keeping ``qa ask`` fast.
"""

from __future__ import annotations

import argparse
from typing import Any

DISTRIBUTION = "corpus-qa"


def version() -> str:
    """``0.1.0``, or ``unknown`` when run from a checkout that was never installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


class VersionAction(argparse.Action):
    """``--version``: print ``qa VERSION`` and exit 0 (the version is looked up only then)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "print the version and exit")
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None
    ) -> None:
        print(f"qa {version()}")  # standard output, as argparse's own version action
        parser.exit(0)
