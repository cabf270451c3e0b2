"""A flat index's vectors in float32 against float16, inside warm questions, alternating in one process.

The pipeline over a news corpus's bench index (Reuters-21578 by default)
answers each title question twice in turn: once with the flat base holding
float32 vectors (FAISS ``IndexFlatIP``, as built before), once with the same
vectors in float16 (``index.vector_index.flat_storage``). Figures: medians
of whole ``answer`` calls and of the dense search inside them, the ratio of
the medians, and how many answers (text and verdict) were the same.

    .venv/bin/python bench/flat_storage.py [--corpus reuters21578] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from common import header, median, save_raw, table, write_section
from query import index_for, questions_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="reuters21578", choices=["bbc-news", "reuters21578"])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--section", default="flat-fp16")
    args = parser.parse_args()

    import faiss

    import qa.retrieval as retrieval
    from index import layout
    from index import vector_index as vi
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    index_dir = index_for(args.corpus, "onnx-fp32")
    if index_dir is None:
        raise SystemExit(f"no onnx-fp32 index of {args.corpus}; run bench/ingest.py --backend onnx-fp32")
    manifest = layout.read_manifest(layout.require_generation(index_dir))
    pipe = QAPipeline.load(QAConfig(corpus=Path(manifest.corpus), index_dir=index_dir))
    vectors = pipe.index.vectors
    if vectors.index_type != "flat" or vectors.delta.ntotal or len(vectors.dead):
        raise SystemExit("the bench index must be a compacted flat index")
    parts = list(vi.stored_vectors(vectors.base))  # one read of the stored vectors
    ids = np.concatenate([i for i, _ in parts])
    stored = np.vstack([v for _, v in parts])
    bases = {
        "float32 (IndexFlatIP)": faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.d)),
        "float16": faiss.IndexIDMap2(vi.flat_storage(vectors.d)),
    }
    for base in bases.values():
        base.add_with_ids(stored, ids)

    dense_ms: list[float] = []
    plain_retrieve = retrieval.DenseRetriever.retrieve

    def timed_retrieve(self, questions, vectors_, k):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        hits = plain_retrieve(self, questions, vectors_, k)
        dense_ms.append((time.perf_counter() - t) * 1000)
        return hits

    retrieval.DenseRetriever.retrieve = timed_retrieve  # type: ignore[method-assign]
    questions = questions_for(args.corpus, args.questions)
    total: dict[str, list[float]] = {name: [] for name in bases}
    dense: dict[str, list[float]] = {name: [] for name in bases}
    answers: dict[str, list[tuple[str, bool]]] = {name: [] for name in bases}
    for base in bases.values():  # warm up each
        vectors._base = base
        for q in questions[:5]:
            pipe.answer(q)
    for _ in range(args.rounds):
        for q in questions:
            for name, base in bases.items():
                vectors._base = base
                dense_ms.clear()
                t = time.perf_counter()
                result = pipe.answer(q)
                total[name].append((time.perf_counter() - t) * 1000)
                dense[name].append(sum(dense_ms))
                answers[name].append((result.answer, result.no_answer))
    first = next(iter(bases))
    same = sum(a == b for a, b in zip(*answers.values()))
    rows = [
        [name, len(total[name]), median(total[name]), median(dense[name]), median(total[name]) / median(total[first])]
        for name in bases
    ]
    save_raw(args.section, {"total_ms": total, "dense_ms": dense, "same_answers": same})
    body = header(f"A flat index's vectors in float32 against float16, inside warm {args.corpus} questions (alternating)")
    body += f"- {len(stored):,} vectors of {vectors.d} dimensions; {len(questions)} title questions x {args.rounds} rounds, the two bases alternating question by question\n"
    body += f"- same answer and verdict from both: {same} of {len(answers[first])} calls\n\n"
    body += table(rows, ["vectors", "calls", "p50 ms", "dense search p50 ms", "p50 / float32 p50"])
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
