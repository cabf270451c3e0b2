"""Flags every ``qa`` sub-command shares, and how they become a ``QAConfig``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Protocol

from qa.config import QAConfig, load_config
from qa.errors import UsageError


def common_parser() -> argparse.ArgumentParser:
    """Parent parser: corpus/index/model/reader/retriever choices."""
    parser = argparse.ArgumentParser(add_help=False)
    group = parser.add_argument_group("corpus and index")
    group.add_argument("--corpus", type=Path, help="folder of articles (default: seeds/)")
    group.add_argument("--index-dir", type=Path, help="index folder (default: .qa-index/<corpus>)")
    group.add_argument("--config", type=Path, help="TOML settings file (default: ./qa.toml if present)")
    group.add_argument("--model", dest="model_name", help="sentence-transformers model (default: bundled all-MiniLM-L6-v2)")
    group.add_argument("--backend", choices=["onnx", "torch"], help="inference backend (default: onnx; torch is the reference)")
    group.add_argument("--precision", choices=["fp32", "int8"], help="model precision (default: fp32; int8 is faster, onnx only)")
    group.add_argument("--reader", choices=["span", "sentence"], help="answer reader (default: span)")
    group.add_argument("--retriever", choices=["hybrid", "dense", "bm25"], help="passage retriever (default: hybrid)")
    group.add_argument(
        "--threshold", dest="no_answer_threshold", type=float, help="confidence below which the answer is 'no answer'"
    )
    return parser


def check_counts(args: argparse.Namespace, *names: str) -> None:
    """UsageError for the first of the integer flags ``names`` that is given and below 1 (``--batch-size 0``)."""
    for name in names:
        value = getattr(args, name, None)
        if value is not None and value < 1:
            raise UsageError(f"--{name.replace('_', '-')} must be at least 1; got {value}")


def check_positive(value: float, flag: str) -> None:
    """UsageError unless ``value`` is a positive finite number (NaN and -1 are refused alike)."""
    if not 0.0 < value < float("inf"):
        raise UsageError(f"{flag} must be a positive number; got {value}")


def config_from_args(args: argparse.Namespace) -> QAConfig:
    """Build the effective config: defaults < qa.toml < flags given."""
    keys = ("corpus", "index_dir", "model_name", "backend", "precision", "reader", "retriever", "no_answer_threshold")
    overrides = {k: getattr(args, k, None) for k in keys}
    for extra in ("index_type",):
        if getattr(args, extra, None) is not None:
            overrides[extra] = getattr(args, extra)
    return load_config(getattr(args, "config", None), **overrides)


class PipelineOpener(Protocol):
    """How a command opens its pipeline: ``open_pipeline`` below, or a fake a test passes to ``run``."""

    def __call__(self, config: QAConfig, refresh: bool = True) -> Any: ...


def open_pipeline(config: QAConfig, refresh: bool = True) -> Any:
    """The CLI's opener: ``qa.opening.open_pipeline`` with progress bars on a terminal and the refresh line on stderr.

    The default ``PipelineOpener`` of ``ask``, ``batch``, ``eval`` and ``serve``;
    the chat opens through the same ``qa.opening.open_pipeline`` (lock and
    full-disk fallbacks included).
    """
    import sys

    from qa.opening import open_pipeline as open_shared
    from qa.opening import report_line

    return open_shared(
        config,
        refresh=refresh,
        progress=sys.stderr.isatty(),
        on_report=lambda report: print(report_line(report), file=sys.stderr),
    ).pipeline
