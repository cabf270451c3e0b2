"""``qa train-reader``: reproduce the span reader's weights (fixed seed)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from qa.cli_common import check_counts, check_positive
from qa.errors import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from qa.readers.training import TrainConfig

    d = TrainConfig()
    parser = subparsers.add_parser("train-reader", help="train the extractive span reader on SQuAD v1.1 dev (articles 0-35)")
    parser.add_argument("--squad", default=d.squad_path, help=f"SQuAD v1.1 file (default: {d.squad_path})")
    parser.add_argument("--output-dir", default=d.output_dir, help=f"where weights go (default: {d.output_dir})")
    parser.add_argument("--epochs", type=float, default=d.epochs)
    parser.add_argument("--batch-size", type=int, default=d.batch_size)
    parser.add_argument("--learning-rate", type=float, default=d.learning_rate)
    parser.add_argument("--negative-ratio", type=float, default=d.negative_ratio, help="no-answer windows per question")
    parser.add_argument(
        "--near-miss-ratio",
        type=float,
        default=d.near_miss_ratio,
        help="generated near-miss negatives per question of --near-miss-articles (0: none)",
    )
    parser.add_argument(
        "--near-miss-articles",
        default=f"{d.near_miss_articles[0]}:{d.near_miss_articles[1]}",
        help="articles START:STOP the near misses come from (keep the selector's calibrate and test articles out)",
    )
    parser.add_argument(
        "--near-miss-kinds",
        default=",".join(d.near_miss_kinds),
        help="comma-separated near-miss rules to train on (qa.nearmiss.KINDS)",
    )
    parser.add_argument(
        "--base-model", default=d.base_model, help="model to start from: the bundled MiniLM or a trained reader's folder"
    )
    parser.add_argument("--seed", type=int, default=d.seed)
    parser.add_argument("--max-train-questions", type=int, help="cap training questions (smoke runs)")
    parser.add_argument("--max-eval-questions", type=int, help="cap held-out questions scored")
    parser.add_argument(
        "--train-articles", default=f"{d.train_articles[0]}:{d.train_articles[1]}", help="articles START:STOP trained on"
    )
    parser.add_argument(
        "--eval-articles", default=f"{d.eval_articles[0]}:{d.eval_articles[1]}", help="held-out articles START:STOP"
    )
    parser.add_argument("--no-bf16", action="store_true", help="train in float32")
    parser.add_argument("--threads", type=int, help="CPU threads for torch")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index.model_location import BUNDLED_MODEL_NAMES
    from qa.nearmiss import KINDS
    from qa.readers.training import TrainConfig, train

    _check_numbers(args)
    _check_output(args)
    if not Path(args.squad).is_file():
        raise UsageError(f"SQuAD file not found: {args.squad}")
    if not 0.0 <= args.near_miss_ratio <= 1.0:
        raise UsageError(f"--near-miss-ratio must be between 0 and 1; got {args.near_miss_ratio}")
    kinds = tuple(k.strip() for k in args.near_miss_kinds.split(",") if k.strip())
    if not kinds or set(kinds) - set(KINDS):
        raise UsageError(f"--near-miss-kinds takes some of {', '.join(KINDS)}; got {args.near_miss_kinds!r}")
    if args.base_model not in BUNDLED_MODEL_NAMES and not (Path(args.base_model) / "config.json").is_file():
        raise UsageError(f"--base-model {args.base_model!r} is neither the bundled model nor a folder with a config.json")
    logging.getLogger("qa.readers.training").setLevel(logging.INFO)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", force=True)
    metrics = train(
        TrainConfig(
            squad_path=args.squad,
            output_dir=args.output_dir,
            epochs=args.epochs,
            batch_size=args.batch_size,
            learning_rate=args.learning_rate,
            negative_ratio=args.negative_ratio,
            near_miss_ratio=args.near_miss_ratio,
            near_miss_articles=_range(args.near_miss_articles, "--near-miss-articles"),
            near_miss_kinds=kinds,
            base_model=args.base_model,
            seed=args.seed,
            max_train_questions=args.max_train_questions,
            max_eval_questions=args.max_eval_questions,
            bf16=not args.no_bf16,
            threads=args.threads,
            train_articles=_range(args.train_articles, "--train-articles"),
            eval_articles=_range(args.eval_articles, "--eval-articles"),
        )
    )
    print(
        f"held-out EM {metrics['exact_match']:.1f} F1 {metrics['f1']:.1f} on {metrics['questions']} questions; weights in {args.output_dir}"
    )
    return 0


def _check_numbers(args: argparse.Namespace) -> None:
    """Each number flag in range: ``--epochs nan`` and ``--batch-size 0`` ended in tracebacks, ``--epochs -1`` trained."""
    check_positive(args.epochs, "--epochs")
    check_positive(args.learning_rate, "--learning-rate")
    if not 0.0 <= args.negative_ratio < float("inf"):
        raise UsageError(f"--negative-ratio must be 0 or more; got {args.negative_ratio}")
    check_counts(args, "batch_size", "threads", "max_train_questions", "max_eval_questions")


def _check_output(args: argparse.Namespace) -> None:
    """``--output-dir`` outside the configured corpus and index: its ``MODEL_CARD.md`` would be indexed as an article."""
    from qa.config import load_config
    from qa.output_files import refuse_inside

    config = load_config()
    refuse_inside(args.output_dir, {"corpus": config.corpus, "index": config.index_dir}, "--output-dir")


def _range(value: str, flag: str) -> tuple[int, int]:
    """``START:STOP`` with both sides given, as the training recipe records it (not clamped)."""
    from qa.squad import split_article_range

    start, stop = split_article_range(value, flag)
    if start is None or stop is None:
        raise UsageError(f"{flag} expects START:STOP with both sides (e.g. 36:48), got {value!r}")
    return start, stop
