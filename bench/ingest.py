"""Ingest throughput and peak memory: our full build, per backend, vs bare ``model.encode`` + ``IndexFlatIP``.

For each corpus (a .jsonl copied into a temporary corpus folder), in one
process with every model loaded once:

- **ours**, once per backend (``onnx-fp32``, ``onnx-int8``; ``torch`` on
  request): ``update_index(..., rebuild=True)`` - read, clean,
  sentence-split, chunk (word-piece counts), SQLite, embed, FAISS, BM25,
  save, publish;
- **baseline**: sentence-transformers ``model.encode`` of the very same chunk
  texts (normalised, in batches of ``QAConfig.embed_batch_size`` as ours: 8,
  which is also sentence-transformers' fastest batch on this CPU) +
  ``faiss.IndexFlatIP.add``: the least any indexer must do, on the torch
  reference.

Runs alternate (each backend, then the baseline, per round) and medians are
reported, with peak resident memory growth during each run (sampled every
20 ms). The embeddings of the first 1,000 chunks by each ONNX backend are
compared with the baseline's (cosine). The last build of each backend is
kept in ``bench/out/index-<name>-<backend>`` for ``bench/query.py``.

    .venv/bin/python bench/ingest.py [--corpus PATH ...] [--reps N] [--limit N] [--backends onnx-fp32,onnx-int8]
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
    parser.add_argument("--backends", default="onnx-fp32,onnx-int8", help="comma-separated: torch, onnx-fp32, onnx-int8")
    parser.add_argument("--no-baseline", action="store_true", help="only our build (e.g. to make the index other benches use)")
    args = parser.parse_args()
    corpora = args.corpus or [BBC, REUTERS]
    variants = args.backends.split(",")

    import faiss
    import numpy as np

    from index.builder import update_index
    from index.embedding import Embedder, make_embedder
    from index.layout import METADATA_FILE, current_generation
    from index.store import MetadataStore
    from qa.config import QAConfig

    def split(variant: str) -> tuple[str, str]:
        backend, _, precision = variant.partition("-")
        return backend, precision or "fp32"

    batch = QAConfig().embed_batch_size  # ours and the baseline's alike
    load_s = {}
    t = time.perf_counter()
    reference = Embedder("all-MiniLM-L6-v2", batch).load()
    load_s["torch"] = time.perf_counter() - t
    embedders = {}
    for variant in variants:
        t = time.perf_counter()
        embedders[variant] = reference if variant == "torch" else make_embedder("all-MiniLM-L6-v2", batch, *split(variant)).load()
        load_s[variant] = time.perf_counter() - t
    for emb in {id(e): e for e in [reference, *embedders.values()]}.values():
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
        ours = {v: [] for v in variants}
        ours_mem = {v: [] for v in variants}
        timings = {v: [] for v in variants}
        base, base_mem, cosines = [], [], {}
        report = None
        for rep in range(reps):
            for variant in variants:
                index_dir = work / f"index-{variant}-{rep}"
                backend, precision = split(variant)
                config = QAConfig(corpus=corpus, index_dir=index_dir, backend=backend, precision=precision)
                with PeakRSS() as mem:
                    t = time.perf_counter()
                    report = update_index(config, rebuild=True, progress=False, embedder=embedders[variant])
                    ours[variant].append(time.perf_counter() - t)
                ours_mem[variant].append(mem.growth)
                timings[variant].append(report.timings)
                print(f"{name} rep {rep}: {variant} {ours[variant][-1]:.1f}s, {report.chunks} chunks", flush=True)
            if args.no_baseline:
                continue
            store = MetadataStore(current_generation(index_dir) / METADATA_FILE, readonly=True)
            texts = [text for _, text in store.iter_chunk_texts()]
            store.close()
            with PeakRSS() as mem:
                t = time.perf_counter()
                vecs = reference.model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
                flat = faiss.IndexFlatIP(vecs.shape[1])
                flat.add(np.ascontiguousarray(vecs, dtype=np.float32))
                base.append(time.perf_counter() - t)
            base_mem.append(mem.growth)
            print(f"{name} rep {rep}: baseline {base[-1]:.1f}s", flush=True)
            if rep == 0:
                sample = texts[:1000]
                for variant in variants:
                    if variant != "torch":
                        cos = (embedders[variant].encode(sample) * vecs[: len(sample)]).sum(axis=1)
                        cosines[variant] = {"chunks": len(sample), "min": float(cos.min()), "mean": float(cos.mean())}
            del vecs, flat, texts
            if rep < reps - 1:
                for variant in variants:
                    shutil.rmtree(work / f"index-{variant}-{rep}")
        for variant in variants:
            keep = OUT / f"index-{name}-{variant}" if not args.limit else work / f"index-{variant}-{reps - 1}"
            if not args.limit:
                shutil.rmtree(keep, ignore_errors=True)
                shutil.move(str(work / f"index-{variant}-{reps - 1}"), keep)
        entry = raw["corpora"].setdefault(name, {})
        entry.update(
            documents=report.documents,
            chunks=report.chunks,
            baseline_s=base,
            baseline_peak_growth_mb=base_mem,
            corpus=str(corpus),
            cosine_vs_bare=cosines,
        )
        entry["backends"] = {
            v: {
                "ours_s": ours[v],
                "ours_peak_growth_mb": ours_mem[v],
                "phases_s": {k: median([t.get(k, 0.0) for t in timings[v]]) for k in timings[v][0]},
            }
            for v in variants
        }
        save_raw("ingest", raw)

    rows, phase_rows, cos_rows = [], [], []
    for name, c in raw["corpora"].items():
        if "backends" not in c:  # a run of the older, single-backend script
            continue
        n = c["chunks"]
        base = median(c["baseline_s"]) if c["baseline_s"] else None
        for variant, b in c["backends"].items():
            ours = median(b["ours_s"])
            rows.append(
                [
                    name,
                    f"{c['documents']:,}",
                    f"{n:,}",
                    variant,
                    len(b["ours_s"]),
                    n / ours,
                    n / base if base else "-",
                    base / ours if base else "-",
                    median(b["ours_peak_growth_mb"]),
                    median(c["baseline_peak_growth_mb"]) if base else "-",
                ]
            )
            phase_rows += [[name, variant, k, v, v / ours] for k, v in b["phases_s"].items()]
        for variant, cos in c.get("cosine_vs_bare", {}).items():
            cos_rows.append([name, variant, cos["chunks"], f"{cos['min']:.6f}", f"{cos['mean']:.6f}"])
    body = header("Ingest: throughput and memory, per backend")
    body += (
        "- model load (once per process, not included below): " + ", ".join(f"{k} {v:.1f} s" for k, v in load_s.items()) + "\n"
    )
    body += (
        f"- bare = sentence-transformers (torch) `model.encode` of the same chunk texts, batch {batch} (as ours),"
        " + `IndexFlatIP.add`, same process and rounds\n\n"
    )
    body += table(
        rows,
        [
            "corpus",
            "documents",
            "chunks",
            "backend",
            "runs",
            "ours chunks/s",
            "bare encode chunks/s",
            "speed ours/bare (targets: fp32 >= 1.05, int8 >= 2)",
            "ours peak RSS growth MiB",
            "bare peak RSS growth MiB",
        ],
    )
    if cos_rows:
        body += "\n\nEmbeddings of the first chunks against the bare sentence-transformers ones (cosine):\n\n"
        body += table(cos_rows, ["corpus", "backend", "chunks", "min cosine", "mean cosine"])
    body += "\n\nWhere our build's time goes (medians; `BuildReport.timings`):\n\n"
    body += table(phase_rows, ["corpus", "backend", "phase", "seconds", "share"])
    body += (
        "\n\nThe bare baseline holds every chunk text and every embedding in memory at once; ours streams"
        " texts from SQLite in batches of `ENCODE_BATCH_CHUNKS` and adds embeddings to FAISS batch by batch.\n"
    )
    write_section("ingest", body)
    print(body)


if __name__ == "__main__":
    main()
