"""Two pipeline settings, one warm question at a time, alternating: how much longer does B take than A?

A shared 2-core VM drifts by tens of percent between minutes, so two settings
timed in separate runs cannot be compared; here both pipelines are loaded in
one process over the same index and embedder (the seeds by default, or a news
corpus's bench index with ``--corpus``), and every question is answered by
each in turn, for ``--rounds`` rounds. Figures: medians and means of whole
``answer`` calls and of their ``read`` part, the ratio of the medians, and
how often both gave the same verdict and answer.

A and B are ``QAConfig`` overrides (``--a`` / ``--b KEY=VALUE``, repeatable;
``true``/``false`` and numbers are parsed). The defaults compare the span
reader alone in int8 (``reader_int8 = true``, #13's lever: the reader is
80-90 % of a warm question) with the default fp32 reader:

    .venv/bin/python bench/ab_query.py [--rounds 5]
    .venv/bin/python bench/ab_query.py --a fusion=rrf --b fusion=convex --section fusion-latency \\
        --title "Hybrid fusion: convex combination against reciprocal-rank fusion"
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from common import OUT, ROOT, header, median, pct, save_raw, table, write_section
from query import index_for, questions_for


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` strings as QAConfig overrides: true/false, whole numbers and decimals parsed, the rest text."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            for kind in (int, float):
                try:
                    value = kind(raw)
                    break
                except ValueError:
                    pass
        overrides[key.strip()] = value
    return overrides


def describe(overrides: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in overrides.items()) or "defaults"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", action="append", default=[], metavar="KEY=VALUE", help="setting A (default: the defaults)")
    parser.add_argument("--b", action="append", default=None, metavar="KEY=VALUE", help="setting B (default: reader_int8=true)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--corpus", default="seeds", choices=["seeds", "bbc-news", "reuters21578"], help="a news corpus reads its bench index"
    )
    parser.add_argument("--questions", type=int, default=100, help="title questions asked of a news corpus")
    parser.add_argument("--section", default="reader-int8")
    parser.add_argument("--title", default="Span reader in int8 beside the fp32 encoder (warm, seeds, alternating)")
    args = parser.parse_args()

    from index import layout
    from index.builder import update_index
    from index.embedding import make_embedder
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    variants = [parse_overrides(args.a), parse_overrides(args.b if args.b is not None else ["reader_int8=true"])]
    questions = questions_for(args.corpus, args.questions)  # as bench/query.py asks them
    if args.corpus == "seeds":
        config = QAConfig(corpus=ROOT / "seeds", index_dir=OUT / "index-seeds-onnx-fp32")
    else:
        index_dir = index_for(args.corpus, "onnx-fp32")
        if index_dir is None:
            raise SystemExit(f"no onnx-fp32 index of {args.corpus}; run bench/ingest.py --backend onnx-fp32")
        manifest = layout.read_manifest(layout.require_generation(index_dir))
        config = QAConfig(corpus=Path(manifest.corpus), index_dir=index_dir)
    embedder = make_embedder(config.model_name, config.embed_batch_size, config.backend, config.precision).load()
    if args.corpus == "seeds":
        update_index(config, progress=False, embedder=embedder)
    pipes = [QAPipeline.load(config.with_overrides(**overrides), embedder=embedder) for overrides in variants]
    for pipe in pipes:
        for q in questions[:3]:
            pipe.answer(q)
    total: list[list[float]] = [[] for _ in variants]
    read: list[list[float]] = [[] for _ in variants]
    same = 0
    for _ in range(args.rounds):
        for q in questions:
            answers = []
            for i, pipe in enumerate(pipes):
                t = time.perf_counter()
                result = pipe.answer(q)
                total[i].append((time.perf_counter() - t) * 1000)
                read[i].append(result.timings_ms.get("read", 0.0))
                answers.append((result.no_answer, result.answer))
            same += answers[0] == answers[1]
    calls = len(questions) * args.rounds
    rows = [
        [
            f"{'AB'[i]}: {describe(overrides)}",
            calls,
            median(total[i]),
            sum(total[i]) / len(total[i]),
            pct(total[i], 95),
            median(read[i]),
            median(total[i]) / median(total[0]),
        ]
        for i, overrides in enumerate(variants)
    ]
    save_raw(args.section, {"variants": variants, "total_ms": total, "read_ms": read, "same_verdict_and_answer": same})
    body = header(args.title)
    body += (
        f"- {len(questions)} {args.corpus} questions x {args.rounds} rounds, the two pipelines alternating question by question\n"
    )
    body += f"- same verdict and answer from both: {same} of {calls} calls\n\n"
    body += table(rows, ["setting", "calls", "p50 ms", "mean ms", "p95 ms", "read p50 ms", "p50 / A p50"])
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
