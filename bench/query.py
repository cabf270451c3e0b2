"""Query latency, warm: encode + search + read, single questions and batches, per backend.

For each corpus (the seed articles, and the BBC and Reuters indexes kept by
``bench/ingest.py``), each backend (``torch``: sentence-transformers and
transformers, the reference; ``onnx-fp32`` and ``onnx-int8``: ONNX Runtime)
and each reader (by default the span reader as configured, and the same reading
all three passages for every question, ``early_exit_probability = 1``: the
two-stage read's baseline; ``--readers all``: ``span`` reading whole chunks,
``span`` reading 4 sentences per chunk, ``sentence``), the pipeline is loaded
once, warmed up, then timed per question (``QAPipeline.answer``) and per batch of 16 (``answer_batch``).
Questions: the seed dev set for ``seeds/``; for the news corpora, questions
built from article titles ("What happened: <title>?"). An index records the
backend that built it, so each backend reads its own copy
(``bench/out/index-<corpus>[-<backend>]``; the seeds' are built here).

Baseline, same process and same questions: bare sentence-transformers
``model.encode`` of the question + ``IndexFlatIP`` search over the same chunk
vectors, i.e. dense retrieval with none of our layers (BM25, fusion, SQLite,
reading). Cold one-shot ``qa ask`` is ``bench/cold.py``.

    .venv/bin/python bench/query.py [--questions 100] [--backends torch,onnx-fp32,onnx-int8] [--readers default|all]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
from common import BBC, OUT, REUTERS, ROOT, header, median, pct, save_raw, table, write_section

BATCH = 16
# the span reader on whole chunks, on 4 sentences around each chunk's best window (the default), and the baseline
READERS = (("span", {"read_window_sentences": 0}), ("span", {"read_window_sentences": 4}), ("sentence", {}))


def questions_for(name: str, n: int) -> list[str]:
    if name == "seeds":
        return [json.loads(line)["question"] for line in open(ROOT / "data/gold/dev.jsonl", encoding="utf-8") if line.strip()]
    src = {"bbc-news": BBC, "reuters21578": REUTERS}[name]
    titles = [json.loads(line).get("title") or "" for line in open(src, encoding="utf-8")]
    titles = [t.strip() for t in titles if len(t.strip()) > 10]
    random.Random(0).shuffle(titles)
    return [f"What happened: {t.lower()}?" for t in titles[:n]]


def index_for(name: str, backend: str) -> Path | None:
    """The bench index of ``name`` built by ``backend`` (torch's keeps the historical unsuffixed name)."""
    for folder in (
        (OUT / f"index-{name}-{backend}", OUT / f"index-{name}") if backend == "torch" else (OUT / f"index-{name}-{backend}",)
    ):
        if (folder / "CURRENT").exists():
            return folder
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--corpora", default="seeds,bbc-news,reuters21578")
    parser.add_argument("--backends", default="torch,onnx-fp32,onnx-int8")
    parser.add_argument(
        "--readers",
        choices=["default", "all"],
        default="default",
        help="default: the span reader as configured, and reading every passage (no early exit)",
    )
    parser.add_argument("--section", default="query", help="RESULTS.md section to write (a second run can keep the first's)")
    args = parser.parse_args()

    import faiss

    from index import layout
    from index import vector_index as vi
    from index.builder import update_index
    from index.embedding import Embedder, make_embedder
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    # the default beside every passage read (no early exit): the baseline of qa.early_exit, same run
    readers = READERS if args.readers == "all" else (("span", {}), ("span", {"early_exit_probability": 1.0}))
    reference = Embedder("all-MiniLM-L6-v2").load()  # the bare baseline's encoder
    raw, rows, skipped = {}, [], []
    for name in args.corpora.split(","):
        questions = questions_for(name, args.questions)
        bare = None
        for variant in args.backends.split(","):
            backend, _, precision = variant.partition("-")
            precision = precision or "fp32"
            emb = reference if backend == "torch" else make_embedder("all-MiniLM-L6-v2", 64, backend, precision).load()
            if name == "seeds":
                config = QAConfig(index_dir=OUT / f"index-seeds-{variant}", backend=backend, precision=precision)
                update_index(config, progress=False, embedder=emb)
            else:
                index_dir = index_for(name, variant)
                if index_dir is None:
                    skipped.append(f"{name}/{variant} (no index; run bench/ingest.py --backend {variant})")
                    continue
                manifest = layout.read_manifest(layout.require_generation(index_dir))
                config = QAConfig(corpus=Path(manifest.corpus), index_dir=index_dir, backend=backend, precision=precision)
            if bare is None:  # bare encode + exact search over the same vectors
                stored = vi.load_index(layout.require_generation(config.index_dir) / layout.VECTORS_FILE)
                stored.compact()
                flat = faiss.IndexFlatIP(stored.d)
                for _, vecs in vi.stored_vectors(stored.base):
                    flat.add(vecs)
                bare = []
                for q in questions:
                    t = time.perf_counter()
                    v = reference.model.encode([q], normalize_embeddings=True, convert_to_numpy=True)
                    flat.search(np.ascontiguousarray(v, dtype=np.float32), 10)
                    bare.append((time.perf_counter() - t) * 1000)
            for reader, overrides in readers:
                pipe = QAPipeline.load(config.with_overrides(reader=reader, **overrides), embedder=emb)
                label = reader + "".join(f", {k} {v}" for k, v in overrides.items())
                # every question once first: the chunks and articles it reads are in the page cache for each
                # setting alike (the first setting of a large index otherwise pays for reading them from disk)
                for i in range(0, len(questions), BATCH):
                    pipe.answer_batch(questions[i : i + BATCH])
                for q in questions[:3]:
                    pipe.answer(q)
                single, parts = [], {"encode": [], "search": [], "read": []}
                for q in questions:
                    t = time.perf_counter()
                    result = pipe.answer(q)
                    single.append((time.perf_counter() - t) * 1000)
                    for k in parts:
                        parts[k].append(result.timings_ms.get(k, 0.0))
                t = time.perf_counter()
                for i in range(0, len(questions), BATCH):
                    pipe.answer_batch(questions[i : i + BATCH])
                batched = (time.perf_counter() - t) * 1000 / len(questions)
                retrieval = [e + s for e, s in zip(parts["encode"], parts["search"])]
                raw[f"{name}/{variant}/{label}"] = {
                    "single_ms": single,
                    "parts_ms": parts,
                    "batched_ms_per_q": batched,
                    "bare_ms": bare,
                    "chunks": pipe.index.manifest.chunks,
                    "index_type": pipe.index.manifest.index_type,
                }
                rows.append(
                    [
                        name,
                        f"{pipe.index.manifest.chunks:,}",
                        variant,
                        label,
                        len(questions),
                        median(single),
                        sum(single) / len(single),
                        pct(single, 95),
                        median(parts["encode"]),
                        median(parts["search"]),
                        median(parts["read"]),
                        batched,
                        median(bare),
                        median(retrieval) / median(bare),
                    ]
                )
                print(rows[-1], flush=True)
                del pipe
    for row in rows:  # ratio of p50 to the torch row of the same corpus and reader, same run
        ref = next((r for r in rows if r[0] == row[0] and r[2] == "torch" and r[3] == row[3]), None)
        row.append(row[5] / ref[5] if ref else "-")
    save_raw(args.section, {"rows": rows, "raw": raw, "skipped": skipped})
    body = header("Query latency (warm, per question)")
    config = QAConfig()
    body += (
        f"- {config.retriever} retrieval ({config.fusion} fusion), {config.passages_to_read} passages read (the first alone when"
        f" its answer scores {config.early_exit_probability:g} or more; qa.early_exit); batches of {BATCH}\n"
    )
    body += "- bare = sentence-transformers `model.encode(question)` + `IndexFlatIP.search` over the same vectors, same process; ratio = our encode+search / bare\n"
    if skipped:
        body += "- not run: " + "; ".join(skipped) + "\n"
    body += "\n" + table(
        rows,
        [
            "corpus",
            "chunks",
            "backend",
            "reader",
            "questions",
            "p50 ms",
            "mean ms",
            "p95 ms",
            "encode p50",
            "search p50",
            "read p50",
            "batched ms/question",
            "bare encode+search p50",
            "ours/bare (retrieval)",
            "p50 / torch p50",
        ],
    )
    body += "\n\nTarget (ONNX backend): warm p50 <= 40 ms on the seeds and on Reuters.\n"
    write_section(args.section, body)
    print(body)


if __name__ == "__main__":
    main()
