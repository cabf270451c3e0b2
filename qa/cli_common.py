"""Flags every ``qa`` sub-command shares, and how they become a ``QAConfig``."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa.config import QAConfig, load_config


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
    group.add_argument("--threshold", dest="no_answer_threshold", type=float, help="confidence below which the answer is 'no answer'")
    return parser


def config_from_args(args: argparse.Namespace) -> QAConfig:
    """Build the effective config: defaults < qa.toml < flags given."""
    keys = ("corpus", "index_dir", "model_name", "backend", "precision", "reader", "retriever", "no_answer_threshold")
    overrides = {k: getattr(args, k, None) for k in keys}
    for extra in ("index_type",):
        if getattr(args, extra, None) is not None:
            overrides[extra] = getattr(args, extra)
    return load_config(getattr(args, "config", None), **overrides)


def open_pipeline(config: QAConfig, refresh: bool = True):
    """Refresh a missing or stale index (new/changed files only), then load the pipeline.

    Shared by ``ask``, ``batch`` and ``eval`` so every front end answers from
    an index that matches the corpus folder. Imported late so ``qa --help``
    stays fast.
    """
    import sys

    from index import layout
    from index.builder import ensure_index
    from qa.errors import IndexLockedError
    from qa.pipeline import QAPipeline

    if refresh:
        try:
            report = ensure_index(config, progress=sys.stderr.isatty())
        except IndexLockedError:
            if layout.current_generation(config.index_dir) is None:
                raise  # the first build is under way: nothing to answer from yet
            # Readers never wait for a writer: the live index answers meanwhile.
            print("qa: note: another `qa index` is updating the index; answering from the current one", file=sys.stderr)
            report = None
        if report is not None:
            print(
                f"index refreshed: {report.documents} documents, {report.chunks} chunks "
                f"({len(report.added_files)} new, {len(report.changed_files)} changed, {len(report.removed_files)} removed files)",
                file=sys.stderr,
            )
    return QAPipeline.load(config)
