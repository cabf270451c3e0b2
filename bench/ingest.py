"""Ingest throughput and peak memory: our full build vs bare ``model.encode`` + ``IndexFlatIP``.

For each corpus (a .jsonl copied into a temporary corpus folder), in one
process with the model loaded once:

- **ours**: ``update_index(..., rebuild=True)`` - read, clean, sentence-split,
  chunk (word-piece counts), SQLite, embed, FAISS, BM25, save, publish;
- **baseline**: sentence-transformers ``model.encode`` of the very same chunk
  texts (batch 64, normalised) + ``faiss.IndexFlatIP.add``: the least any
  indexer must do.

Runs alternate (ours, baseline, ours, ...) and medians are reported, with
peak resident memory growth during each run (sampled every 20 ms). The last
build is kept in ``bench/out/index-<name>`` for ``bench/query.py`` and
``bench/update.py``.

    .venv/bin/python bench/ingest.py [--corpus PATH ...] [--reps N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from common import BBC, OUT, REUTERS, PeakRSS, corpus_copy, header, median, save_raw, table, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="jsonl corpus (default: bbc-news and reuters21578)")
    parser.add_argument("--reps", type=int, default=0, help="runs of each side (default: 3 below 5,000 documents, else 1)")
    parser.add_argument("--limit", type=int, default=0, help="index only the first N documents of each corpus")
    parser.add_argument("--no-baseline", action="store_true", help="only our build (e.g. to make the index other benches use)")
    args = parser.parse_args()
    corpora = args.corpus or [BBC, REUTERS]

    import faiss
    import numpy as np

    from index.builder import update_index
    from index.embedding import Embedder
    from index.layout import METADATA_FILE, current_generation
    from index.store import MetadataStore
    from qa.config import QAConfig

    t = time.perf_counter()
    emb = Embedder("all-MiniLM-L6-v2")
    emb.model
    load_s = time.perf_counter() - t
    emb.encode(["warm up the model"] * 64)

    previous = OUT / "ingest.json"
    raw = json.loads(previous.read_text()) if previous.exists() else {"corpora": {}}
    raw["model_load_s"] = load_s
    for src in corpora:
        name = src.stem + (f"[:{args.limit}]" if args.limit else "")
        work = OUT / "work" / name
        shutil.rmtree(work, ignore_errors=True)
        corpus = corpus_copy(src, work)
        if args.limit:
            lines = open(src, encoding="utf-8").readlines()[: args.limit]
            (corpus / src.name).write_text("".join(lines), encoding="utf-8")
        docs = sum(1 for _ in open(corpus / src.name, encoding="utf-8"))
        reps = args.reps or (3 if docs < 5000 else 1)
        ours, base, ours_mem, base_mem, timings = [], [], [], [], []
        report = None
        for rep in range(reps):
            index_dir = work / f"index-{rep}"
            config = QAConfig(corpus=corpus, index_dir=index_dir)
            with PeakRSS() as mem:
                t = time.perf_counter()
                report = update_index(config, rebuild=True, progress=False, embedder=emb)
                ours.append(time.perf_counter() - t)
            ours_mem.append(mem.growth)
            timings.append(report.timings)
            if args.no_baseline:
                print(f"{name} rep {rep}: ours {ours[-1]:.1f}s, {report.chunks} chunks", flush=True)
                continue
            store = MetadataStore(current_generation(index_dir) / METADATA_FILE, readonly=True)
            texts = [text for _, text in store.iter_chunk_texts()]
            store.close()
            with PeakRSS() as mem:
                t = time.perf_counter()
                vecs = emb.model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
                flat = faiss.IndexFlatIP(vecs.shape[1])
                flat.add(np.ascontiguousarray(vecs, dtype=np.float32))
                base.append(time.perf_counter() - t)
            base_mem.append(mem.growth)
            del vecs, flat, texts
            print(f"{name} rep {rep}: ours {ours[-1]:.1f}s, baseline {base[-1]:.1f}s, {report.chunks} chunks", flush=True)
            if rep < reps - 1:
                shutil.rmtree(index_dir)
        keep = OUT / f"index-{name}" if not args.limit else work / f"index-{reps - 1}"
        if not args.limit:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.move(str(work / f"index-{reps - 1}"), keep)
        phases = {k: median([t.get(k, 0.0) for t in timings]) for k in timings[0]}
        raw["corpora"][name] = {"documents": report.documents, "chunks": report.chunks, "ours_s": ours, "baseline_s": base,
                                "ours_peak_growth_mb": ours_mem, "baseline_peak_growth_mb": base_mem, "phases_s": phases,
                                "corpus": str(corpus), "index": str(keep)}
        raw["corpora"][name]["phase_rows"] = [[name, k, v, v / median(ours)] for k, v in phases.items()]
        save_raw("ingest", raw)

    rows = []
    for name, c in raw["corpora"].items():
        n, ours = c["chunks"], median(c["ours_s"])
        if not c["baseline_s"]:
            rows.append([name, f"{c['documents']:,}", f"{n:,}", c.get("runs", len(c["ours_s"])), n / ours, "-", "-", median(c["ours_peak_growth_mb"]), "-"])
            continue
        base = median(c["baseline_s"])
        rows.append([name, f"{c['documents']:,}", f"{n:,}", c.get("runs", len(c["ours_s"])), n / ours, n / base, ours / base,
                     median(c["ours_peak_growth_mb"]), median(c["baseline_peak_growth_mb"])])
    body = header("Ingest: throughput and memory")
    body += f"- model load (once per process): {load_s:.1f} s, not included below\n\n"
    body += table(rows, ["corpus", "documents", "chunks", "runs", "ours chunks/s", "bare encode chunks/s",
                         "time ratio ours/bare (target <= 1.3)", "ours peak RSS growth MiB", "bare peak RSS growth MiB"])
    body += "\n\nWhere our build's time goes (medians; `BuildReport.timings`):\n\n"
    body += table([r for c in raw["corpora"].values() for r in c["phase_rows"]], ["corpus", "phase", "seconds", "share"])
    body += ("\n\nThe bare baseline holds every chunk text and every embedding in memory at once; ours streams"
             " texts from SQLite in batches of `ENCODE_BATCH_CHUNKS` and adds embeddings to FAISS batch by batch.\n")
    write_section("ingest", body)
    print(body)


if __name__ == "__main__":
    main()
