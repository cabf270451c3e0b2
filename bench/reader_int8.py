"""The span reader quantised to int8 beside an fp32 encoder: how much faster is a warm question?

``precision = "int8"`` quantises the encoder and the reader together, and the
int8 encoder is what costs retrieval quality (SQuAD open 1,000: -2.0 EM,
README). ``reader_int8 = true`` quantises the reader alone (per-channel
dynamic int8 with the onnx backend), so retrieval is unchanged. The reader is
80-90 % of a warm question, so this is the lever for #13's warm target.

This loads the pipeline twice over the same seed index and embedder, one with
each reader, and answers every dev question with each in turn, alternating
question by question for ``--rounds`` rounds: a shared 2-core VM drifts by
tens of percent between minutes, and alternating keeps both readers under the
same drift. Figures: medians of whole ``answer`` calls and of their ``read``
part, and the ratio of the medians, from the same run.

    .venv/bin/python bench/reader_int8.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import time

from common import OUT, ROOT, header, median, pct, save_raw, table, write_section
from query import questions_for

VARIANTS = (("fp32 reader (default)", False), ("int8 reader", True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from index.builder import update_index
    from index.embedding import make_embedder
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    questions = questions_for("seeds", 0)  # the seed dev questions, as bench/query.py asks them
    config = QAConfig(corpus=ROOT / "seeds", index_dir=OUT / "index-seeds-onnx-fp32")
    embedder = make_embedder(config.model_name, config.embed_batch_size, config.backend, config.precision).load()
    update_index(config, progress=False, embedder=embedder)
    pipes = [QAPipeline.load(config.with_overrides(reader_int8=int8), embedder=embedder) for _, int8 in VARIANTS]
    for pipe in pipes:
        for q in questions[:3]:
            pipe.answer(q)
    total: list[list[float]] = [[] for _ in VARIANTS]
    read: list[list[float]] = [[] for _ in VARIANTS]
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
    rows = [
        [
            name,
            len(questions) * args.rounds,
            median(total[i]),
            pct(total[i], 95),
            median(read[i]),
            median(total[i]) / median(total[0]),
        ]
        for i, (name, _) in enumerate(VARIANTS)
    ]
    save_raw("reader-int8", {"total_ms": total, "read_ms": read, "same_verdict_and_answer": same})
    body = header("Span reader in int8 beside the fp32 encoder (warm, seeds, alternating)")
    body += f"- {len(questions)} dev questions x {args.rounds} rounds, the two pipelines alternating question by question\n"
    body += f"- same verdict and answer from both readers: {same} of {len(questions) * args.rounds} calls\n\n"
    body += table(rows, ["reader", "calls", "p50 ms", "p95 ms", "read p50 ms", "p50 / fp32 p50"])
    body += (
        "\n\nQuality (`qa eval ... --config` with `reader_int8 = true`, shipped selector, 2026-12-04): see README, "
        "'Backends and precision'.\n"
    )
    write_section("reader-int8", body)
    print(body)


if __name__ == "__main__":
    main()
