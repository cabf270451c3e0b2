"""``qa eval GOLD.jsonl`` / ``qa eval --squad FILE``: score the pipeline.

Prints a metrics table (or, with ``--json``, the metrics object only),
optionally writes one JSON line per question (``--report``) and lists the
questions missed (``--errors``). See ``qa.evaluate`` for the metrics and
``qa.squad`` for how a SQuAD file becomes a corpus plus gold set.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from qa.cli_common import PipelineOpener, check_counts, common_parser, config_from_args, open_pipeline
from qa.config import QAConfig
from qa.corpus_paths import corpus_member, split_doc_id
from qa.engines import add_engine_flags, check_engine_flags
from qa.errors import UsageError
from qa.evaluate import (
    GoldItem,
    QuestionScore,
    best_threshold,
    corpus_context_lookup,
    evaluate,
    format_errors,
    format_table,
    load_gold,
)
from qa.json_lines import json_text
from qa.output_files import refuse_inside, refuse_same_file, replaced_on_success
from qa.terminal_text import safe_line


def register(subparsers: Any) -> None:
    """Add the ``eval`` sub-command."""
    parser = subparsers.add_parser(
        "eval",
        parents=[common_parser()],
        help="score answers, retrieval and latency against a gold set",
        description=(
            "Score the pipeline on GOLD.jsonl (id, question, answers, doc) or on a SQuAD-format "
            "file (--squad): SQuAD exact match and F1, retrieval recall@k/MRR, latency."
        ),
    )
    parser.add_argument("gold", nargs="?", metavar="GOLD.jsonl", help="gold questions (one JSON object a line)")
    parser.add_argument(
        "--squad",
        type=Path,
        metavar="FILE",
        help="SQuAD-format JSON: its paragraphs become the corpus, its questions the gold set",
    )
    parser.add_argument("--articles", metavar="START:STOP", help="with --squad: articles to use, in file order (e.g. 36:48)")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N questions")
    parser.add_argument("--sample", type=int, metavar="N", help="score a random sample of N questions (seeded, reproducible)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")
    parser.add_argument("--closed", action="store_true", help="read each question's own gold text only (no retrieval)")
    parser.add_argument("--json", action="store_true", help="print the metrics object as JSON only")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write one JSON line per question")
    parser.add_argument("--errors", action="store_true", help="list the questions missed (exact match 0)")
    parser.add_argument(
        "--html",
        type=Path,
        metavar="REPORT.html",
        help="write a self-contained HTML report: metrics, reliability and risk-coverage charts, every answer in its passage",
    )
    parser.add_argument(
        "--sweep-threshold",
        action="store_true",
        help="answer everything, then print the no-answer threshold that maximises F1 on this gold set",
    )
    add_engine_flags(parser, "the gold questions split across answering actors")
    parser.set_defaults(func=run)


def build_index(config: QAConfig) -> None:
    """Build or refresh the SQuAD workspace's index (a no-op when up to date)."""
    from index.builder import ensure_index

    ensure_index(config, progress=sys.stderr.isatty())


def html_output(args: argparse.Namespace) -> Any:
    """The ``--html`` report's writer (``qa.report_html``, which imports matplotlib), or ``None``."""
    if getattr(args, "html", None) is None:
        return None
    from qa.report_html import HtmlOutput

    return HtmlOutput(args.html, Path(args.gold) if args.gold else None)


def check_args(args: argparse.Namespace) -> None:
    """Reject flag combinations that have no meaning, with a one-line fix."""
    if args.gold is None and args.squad is None:
        raise UsageError(
            "give either a gold file (qa eval GOLD.jsonl) or --squad FILE (or both: gold questions over a SQuAD corpus)"
        )
    if args.articles is not None and args.squad is None:
        raise UsageError("--articles only applies with --squad FILE")
    if args.squad is not None and args.corpus is not None:
        raise UsageError("--squad builds its own corpus from the file; drop --corpus")
    check_counts(args, "limit", "sample")
    if args.report is not None and getattr(args, "html", None) is not None:
        # Both are replaced when the run ends: the second replaced the first, and one report was lost unsaid.
        refuse_same_file(args.html, args.report, "--report file", "--html")
    if getattr(args, "engine", "local") == "ray" and getattr(args, "html", None) is not None:
        raise UsageError("--html records each answer's passages in this process; drop --engine ray for it")
    if hasattr(args, "engine"):
        check_engine_flags(args)


def gold_and_config(args: argparse.Namespace) -> tuple[list[GoldItem], QAConfig]:
    """The gold set and the config to run with (a SQuAD workspace when ``--squad``)."""
    config = config_from_args(args)
    if args.squad is None:
        gold = load_gold(Path(args.gold))
    else:
        from qa.squad import prepare_squad

        workspace = prepare_squad(
            args.squad, args.articles, Path(".qa-index"), root=args.index_dir
        )  # beside ./.qa-index/<corpus>
        config = config.with_overrides(corpus=workspace.corpus_dir, index_dir=workspace.index_dir)
        # With a gold file too (e.g. `qa near-misses --squad`), its questions are asked of the SQuAD corpus.
        gold = load_gold(Path(args.gold)) if args.gold is not None else workspace.gold
        build_index(config)
    if args.limit is not None:
        gold = gold[: args.limit]
    if getattr(args, "sample", None) is not None and args.sample < len(gold):
        import random

        picked = sorted(random.Random(args.seed).sample(range(len(gold)), args.sample))
        gold = [gold[i] for i in picked]
    if not gold:
        raise UsageError("no questions to score")
    if getattr(args, "sweep_threshold", False) or args.closed:
        # Closed reading is SQuAD v1.1's protocol (every question has its
        # answer in the given text), so the reader always answers there.
        config = config.with_overrides(no_answer_threshold=0.0)
    return gold, config


def check_gold_docs(gold: list[GoldItem], corpus: Path) -> list[str]:
    """A warning per gold question whose ``doc`` is not in the corpus.

    A typo in ``doc`` would otherwise pass unnoticed as a retrieval miss on
    every question naming it; a doc outside the corpus (``../../etc/passwd``)
    is refused outright, since ``--closed`` would read it.

    Raises:
        UsageError: a doc that points outside the corpus.
    """
    warnings: list[str] = []
    for item in gold:
        if not item.doc:
            continue
        file_part, _record = split_doc_id(item.doc)
        path = corpus_member(corpus, file_part, follow_link=True)
        if path is None:
            raise UsageError(
                f"gold question {item.id}: doc {item.doc!r} is outside the corpus {corpus}/; gold docs name files inside it"
            )
        if not path.is_file():
            warnings.append(
                f"gold question {item.id}: doc {item.doc!r} is not in the corpus {corpus}/ (it can only count as a miss)"
            )
    return warnings


@contextlib.contextmanager
def open_report(path: Path | None, gold: Path | None = None) -> Iterator[TextIO | None]:
    """The ``--report`` file, checked up front so a bad path fails before the model loads.

    It must not be the gold file (by any name: a report written over it
    would then be read back as gold), and it replaces an earlier report only
    when the run finished (``qa.output_files``).
    """
    if path is None:
        yield None
        return
    if gold is not None:
        refuse_same_file(path, gold, "gold file", "--report")
    with replaced_on_success(path, "report") as fh:
        yield fh


def run(args: argparse.Namespace, open_pipeline: PipelineOpener = open_pipeline) -> int:
    """Score, then print the table or JSON; the report streams as it goes.

    ``open_pipeline`` refreshes a stale index and loads it once (tests pass a fake).
    """
    check_args(args)
    gold, config = gold_and_config(args)
    for flag, output in (("--report", args.report), ("--html", args.html)):
        if output is not None:
            refuse_inside(output, {"corpus": config.corpus, "index": config.index_dir}, flag)
    html_report = html_output(args)  # checked before the model loads
    with open_report(args.report, Path(args.gold) if args.gold else None) as report:
        if args.squad is None:
            for warning in check_gold_docs(gold, config.corpus):
                print(f"qa: warning: {safe_line(warning)}", file=sys.stderr)

        def write_report(score: QuestionScore) -> None:
            if report is not None:
                report.write(json_text(score.to_json()) + "\n")
                report.flush()
            if html_report is not None:
                html_report.add(score)

        t0 = time.perf_counter()
        if getattr(args, "engine", "local") == "ray":
            from qa.ray_answer import open_ray_pool

            pool = open_ray_pool(config, args)
            load_seconds = time.perf_counter() - t0
            try:
                result = pool.evaluate(gold, closed=args.closed, corpus=config.corpus, on_score=write_report)
            finally:
                pool.close()
        else:
            pipeline = open_pipeline(config)
            if html_report is not None:
                pipeline = html_report.record(pipeline)
            load_seconds = time.perf_counter() - t0
            result = evaluate(
                pipeline,
                gold,
                closed=args.closed,
                context_of=corpus_context_lookup(config.corpus) if args.closed else None,
                on_score=write_report,
                progress=sys.stderr.isatty(),
                total=len(gold),
            )
    result.metrics["load_seconds"] = round(load_seconds, 3)
    if args.sweep_threshold:
        sweep = best_threshold(result.scores)
        result.metrics["best_threshold"] = sweep["threshold"]
        result.metrics["f1_at_best_threshold"] = round(sweep["f1"], 2)
        result.metrics["exact_match_at_best_threshold"] = round(sweep["exact_match"], 2)
    if html_report is not None:
        html_report.write(result.metrics, source=str(args.gold or args.squad))
    if args.json:
        print(json.dumps(result.metrics, indent=2))
    else:
        print(format_table(result.metrics))
    if args.errors:
        stream = sys.stderr if args.json else sys.stdout
        print("\nMissed questions (exact match 0):\n" + format_errors(shown_scores(result.scores)), file=stream)
    return 0


def shown_scores(scores: list[QuestionScore]) -> list[QuestionScore]:
    """``scores`` with the gold file's text and the article names made safe to print, each on one line.

    ``--errors`` prints ids, questions and gold answers from the gold file and
    the articles' names: an escape sequence in any of them reached the
    terminal, and a newline in a name forged a line of the listing.
    """
    return [
        replace(
            s,
            id=safe_line(str(s.id)),
            question=safe_line(s.question),
            gold_answers=tuple(safe_line(a) for a in s.gold_answers),
            gold_doc=safe_line(s.gold_doc) if s.gold_doc else s.gold_doc,
            prediction=safe_line(s.prediction),
            doc=safe_line(s.doc) if s.doc else s.doc,
            error=safe_line(s.error) if s.error else s.error,
        )
        for s in scores
    ]
