"""Query latency, warm: encode + search + read, single questions and batches.

For each corpus (the seed articles, and the BBC and Reuters indexes kept by
``bench/ingest.py``) and each reader (``span`` reading whole chunks, ``span``
reading 4 sentences per chunk, ``sentence``), the pipeline
is loaded once, warmed up, then timed per question (``QAPipeline.answer``)
and per batch of 16 (``answer_batch``). Questions: the seed dev set for
``seeds/``; for the news corpora, questions built from article titles
("What happened: <title>?").

Baseline, same process and same questions: bare ``model.encode`` of the
question + ``IndexFlatIP`` search over the same chunk vectors, i.e. dense
retrieval with none of our layers (BM25, fusion, SQLite, reading); the ratio
shows what our retrieval adds. Also timed: ``qa ask`` end to end in a new
process (imports, model and index load included).

    .venv/bin/python bench/query.py [--questions 100]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--corpora", default="seeds,bbc-news,reuters21578")
    args = parser.parse_args()

    import faiss

    from index import layout
    from index import vector_index as vi
    from index.builder import update_index
    from index.embedding import Embedder
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    emb = Embedder("all-MiniLM-L6-v2")
    emb.model
    raw, rows, cold = {}, [], []
    for name in args.corpora.split(","):
        if name == "seeds":
            config = QAConfig(index_dir=OUT / "index-seeds")
            update_index(config, progress=False, embedder=emb)
        else:
            index_dir = OUT / f"index-{name}"
            manifest = layout.read_manifest(layout.require_generation(index_dir))
            config = QAConfig(corpus=Path(manifest.corpus), index_dir=index_dir)
        questions = questions_for(name, args.questions)
        # baseline: bare encode + exact search over the same vectors
        stored = vi.load_index(layout.require_generation(config.index_dir) / layout.VECTORS_FILE)
        stored.compact()
        flat = faiss.IndexFlatIP(stored.d)
        for _, vecs in vi.stored_vectors(stored.base):
            flat.add(vecs)
        bare = []
        for q in questions:
            t = time.perf_counter()
            v = emb.model.encode([q], normalize_embeddings=True, convert_to_numpy=True)
            flat.search(np.ascontiguousarray(v, dtype=np.float32), 10)
            bare.append((time.perf_counter() - t) * 1000)
        for reader, overrides in READERS:
            pipe = QAPipeline.load(config.with_overrides(reader=reader, **overrides), embedder=emb)
            reader = reader + "".join(f", {k} {v}" for k, v in overrides.items())
            pipe.answer_batch(questions[:3])
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
            raw[f"{name}/{reader}"] = {"single_ms": single, "parts_ms": parts, "batched_ms_per_q": batched, "bare_ms": bare,
                                       "chunks": pipe.index.manifest.chunks, "index_type": pipe.index.manifest.index_type}
            rows.append([name, f"{pipe.index.manifest.chunks:,}", reader, len(questions), median(single), pct(single, 95),
                         median(parts["encode"]), median(parts["search"]), median(parts["read"]), batched,
                         median(bare), median(retrieval) / median(bare)])
            print(rows[-1], flush=True)
            del pipe
        runs = []
        for q in questions[:3]:
            t = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/qa"), "ask", q, "--corpus", str(config.corpus), "--index-dir",
                            str(config.index_dir), "--no-update", "--json"], check=True, capture_output=True)
            runs.append((time.perf_counter() - t) * 1000)
        cold.append([name, median(runs)])
    save_raw("query", {"rows": rows, "cold": cold, "raw": raw})
    body = header("Query latency (warm, per question)")
    body += f"- hybrid retrieval (BM25 + dense, RRF), {QAConfig().passages_to_read} passages read; batches of {BATCH}\n"
    body += "- bare = `model.encode(question)` + `IndexFlatIP.search` over the same vectors, same process; ratio = our encode+search / bare\n\n"
    body += table(rows, ["corpus", "chunks", "reader", "questions", "p50 ms", "p95 ms", "encode p50", "search p50", "read p50",
                         "batched ms/question", "bare encode+search p50", "ours/bare (retrieval)"])
    body += "\n\n`qa ask --no-update` end to end, new process (imports, model, reader and index load), median of 3: " + ", ".join(f"{n} {ms:,.0f} ms" for n, ms in cold) + "\n"
    body += "\nTarget: warm `qa ask` p50 <= 100 ms on Reuters with the span reader.\n"
    write_section("query", body)
    print(body)


if __name__ == "__main__":
    main()
