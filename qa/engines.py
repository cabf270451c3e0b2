"""``--engine local|ray`` for ``qa index``, ``qa batch`` and ``qa eval``.

``local`` (the default) runs everything in this process. ``ray`` hands the
heavy steps to a Ray cluster: chunking and embedding for ``qa index``
(``index.ray_engine``), answering for ``batch`` and ``eval``
(``qa.ray_answer``). Ray is an optional extra (``corpus-qa[ray]``); without
it ``--engine ray`` stops with one line saying how to install it.
"""

from __future__ import annotations

import argparse
from typing import Any

from qa.errors import UsageError

ENGINES = ("local", "ray")


def add_engine_flags(parser: argparse.ArgumentParser, work: str) -> None:
    """``--engine``, ``--ray-address`` and ``--ray-workers``; ``work`` says what goes to the cluster."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help=f"local (default): this process; ray: {work} on a Ray cluster (needs corpus-qa[ray])",
    )
    parser.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="with --engine ray: the cluster to join (host:port from `ray start --head`); default: start a local Ray",
    )
    parser.add_argument(
        "--ray-workers", type=int, metavar="N", help="with --engine ray: actors to run (default: one per cluster CPU)"
    )


def check_engine_flags(args: argparse.Namespace) -> None:
    """Ray flags without ``--engine ray`` are a usage error, not silently ignored."""
    if getattr(args, "engine", "local") != "ray" and (args.ray_address or args.ray_workers is not None):
        raise UsageError("--ray-address and --ray-workers need --engine ray")
    if args.ray_workers is not None and args.ray_workers < 1:
        raise UsageError(f"--ray-workers must be at least 1, got {args.ray_workers}")


def build_engine(args: argparse.Namespace, config: Any) -> Any:
    """The ``index.engine.Engine`` for ``--engine``: ``None`` for local (the builder's default)."""
    check_engine_flags(args)
    if args.engine != "ray":
        return None
    from index.ray_engine import RayEngine

    return RayEngine(
        config.model_name,
        config.embed_batch_size,
        config.backend,
        config.precision,
        address=args.ray_address,
        workers=args.ray_workers,
    )
