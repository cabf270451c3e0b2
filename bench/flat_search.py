"""One question's vector search over a flat index: FAISS's own search against the numpy view (index.flat_search).

Both search the same saved index of a news corpus (Reuters-21578 by default,
``bench/ingest.py`` builds it) for the same title questions, alternating
question by question, in two situations: back to back (the vectors encoded
beforehand), and each right after its question was encoded, as in a real
question, where the encoder has just used the cores and the caches. Figures:
medians in ms, the ratio of the medians, and how many of the top-50 id lists
were identical.

    .venv/bin/python bench/flat_search.py [--corpus reuters21578] [--k 50]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from common import header, median, save_raw, table, write_section
from query import index_for, questions_for


def same_scores(faiss_hits: tuple[np.ndarray, np.ndarray], numpy_hits: tuple[np.ndarray, np.ndarray]) -> bool:
    """Whether two searches found the same ids with the same scores (within 1e-5), whatever the order of equal scores."""
    f = dict(zip(faiss_hits[1][0].tolist(), faiss_hits[0][0].tolist()))
    n = dict(zip(numpy_hits[1][0].tolist(), numpy_hits[0][0].tolist()))
    return f.keys() == n.keys() and all(abs(f[i] - n[i]) < 1e-5 for i in f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="reuters21578", choices=["bbc-news", "reuters21578"])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--k", type=int, default=50, help="hits asked (the pipeline's retrieve_depth is 50)")
    parser.add_argument("--section", default="vector-search-one-query")
    args = parser.parse_args()

    from index import layout
    from index.embedding import make_embedder
    from index.flat_search import flat_view
    from index.vector_index import load_index

    index_dir = index_for(args.corpus, "onnx-fp32")
    if index_dir is None:
        raise SystemExit(f"no onnx-fp32 index of {args.corpus}; run bench/ingest.py --backend onnx-fp32")
    vectors = load_index(layout.require_generation(index_dir) / layout.VECTORS_FILE)
    base = vectors.base
    view = flat_view(base, vectors.dead)
    if view is None:
        raise SystemExit(f"the {args.corpus} index is not flat")
    import faiss

    faiss.omp_set_num_threads(1)  # as VectorIndex.search runs a question's few queries
    questions = questions_for(args.corpus, args.questions)
    embedder = make_embedder("all-MiniLM-L6-v2").load()
    encoded = embedder.encode(questions)
    searches = {"FAISS IndexFlatIP.search": lambda q: base.search(q, args.k), "numpy view": lambda q: view.search(q, args.k)}
    pairs = [(base.search(q[None], args.k), view.search(q[None], args.k)) for q in encoded]
    same = sum(np.array_equal(f[1], n[1]) for f, n in pairs)
    same_sets = sum(set(f[1][0].tolist()) == set(n[1][0].tolist()) for f, n in pairs)
    # same ids with the same scores (to float rounding), both best first: any difference is an order among equal scores
    ties_only = sum(same_scores(f, n) for f, n in pairs)
    timings: dict[str, dict[str, list[float]]] = {name: {"back to back": [], "after encoding": []} for name in searches}
    for _ in range(3):
        for question, vector in zip(questions, encoded):
            for name, search in searches.items():
                t = time.perf_counter()
                search(vector[None])
                timings[name]["back to back"].append((time.perf_counter() - t) * 1000)
            for name, search in searches.items():
                embedder.encode([question])
                t = time.perf_counter()
                search(vector[None])
                timings[name]["after encoding"].append((time.perf_counter() - t) * 1000)
    first = next(iter(searches))
    rows = [
        [
            name,
            median(t["back to back"]),
            median(t["after encoding"]),
            median(t["back to back"]) / median(timings[first]["back to back"]),
            median(t["after encoding"]) / median(timings[first]["after encoding"]),
        ]
        for name, t in timings.items()
    ]
    save_raw(args.section, {"timings_ms": timings, "same_top_k": same, "same_sets": same_sets, "ties_only": ties_only})
    body = header(f"One question's vector search over a flat index: FAISS against a numpy view ({args.corpus})")
    body += f"- {base.ntotal:,} vectors of {base.d} dimensions; {len(questions)} title questions x 3 rounds, k = {args.k}, alternating\n"
    body += (
        f"- top-{args.k} ids: the same set {same_sets} of {len(questions)} times, the same order {same} times; "
        f"the same ids with the same scores {ties_only} times: the orders differ only among equal scores (duplicate "
        "chunks), where numpy puts the smaller id first, as the hybrid fusion does, and FAISS's heap the larger\n\n"
    )
    body += table(rows, ["search", "back to back p50 ms", "after encoding p50 ms", "ratio", "ratio after encoding"])
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
