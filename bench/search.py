"""Vector search alone at scale: 1,000,000 synthetic 384-d vectors, each index kind.

The vectors are a Gaussian mixture on the unit sphere (2,000 clusters of
Zipf-distributed sizes, cosine ~0.7 to their centre), like sentence
embeddings, not uniform noise, so IVF partitions behave as on real data.
Queries are fresh draws from the same mixture. For each kind: build time,
resident memory growth, single-query and batched latency (p50/p95), and
recall@10 against exact search, swept over ``nprobe`` / ``efSearch``; then
exact (flat) latency against corpus size, which sets
``index.vector_index.APPROXIMATE_FROM``. ``--real`` repeats the IVF recall
check on real MiniLM embeddings of a built corpus index.

Each kind can run in its own process (``--types ivf``); results accumulate
in ``bench/out/search.json`` and the RESULTS.md section is rebuilt from all
of them.

    .venv/bin/python bench/search.py --types flat,ivf,ivfpq,hnsw [--n 1000000]
    .venv/bin/python bench/search.py --types sizes
    .venv/bin/python bench/search.py --types real [--real bench/out/index-reuters21578]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from common import OUT, REUTERS, PeakRSS, header, median, pct, rss_mb, table, write_section

DIM = 384
N_QUERIES = 1000
TIMED_QUERIES = 300
BATCH = 32


def mixture(n: int, seed: int, centers: np.ndarray, weights: np.ndarray, spread: float = 0.05) -> np.ndarray:
    """``n`` unit vectors around ``centers`` (row-normalised), generated in blocks."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    for i in range(0, n, 100_000):
        m = min(100_000, n - i)
        which = rng.choice(len(centers), size=m, p=weights)
        block = centers[which] + rng.normal(scale=spread, size=(m, DIM)).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[i : i + m] = block
    return out


def dataset(n: int):
    rng = np.random.default_rng(42)
    centers = rng.normal(size=(2000, DIM)).astype(np.float32)
    centers /= np.linalg.norm(centers, axis=1, keepdims=True)
    weights = 1.0 / np.arange(1, 2001) ** 0.7
    weights /= weights.sum()
    x = mixture(n, 1, centers, weights)
    q = mixture(N_QUERIES, 2, centers, weights)
    return x, q


def ground_truth(x: np.ndarray, q: np.ndarray, k: int = 10) -> np.ndarray:
    path = OUT / f"search-gt-{len(x)}.npy"
    if path.exists():
        return np.load(path)
    import faiss

    flat = faiss.IndexFlatIP(DIM)
    flat.add(x)
    _, ids = flat.search(q, k)
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(path, ids)
    return ids


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f[f >= 0]) & set(t)) / len(t) for f, t in zip(found, truth)]))


def latencies(index, q: np.ndarray, k: int = 10) -> tuple[list[float], float]:
    """Single-query milliseconds, and per-query milliseconds in batches of BATCH."""
    single = []
    for row in q[:TIMED_QUERIES]:
        t = time.perf_counter()
        index.search(row[None, :], k)
        single.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    for i in range(0, TIMED_QUERIES, BATCH):
        index.search(q[i : i + BATCH], k)
    return single, (time.perf_counter() - t) * 1000 / TIMED_QUERIES


def run_kind(kind: str, x: np.ndarray, q: np.ndarray, truth: np.ndarray) -> dict:
    import faiss

    from index import vector_index as vi

    ids = np.arange(len(x), dtype=np.int64)
    with PeakRSS() as mem:
        before = rss_mb()
        t = time.perf_counter()
        training = None
        if vi.needs_training(kind):
            rng = np.random.default_rng(0)
            size = vi.training_size(kind, len(x))
            training = x[np.sort(rng.choice(len(x), size=min(len(x), max(100_000, size)), replace=False))]
        index = vi.VectorIndex.create(kind, DIM, training, n_vectors=len(x))
        train_s = time.perf_counter() - t
        for i in range(0, len(x), 100_000):
            index.add(ids[i : i + 100_000], x[i : i + 100_000])
        build_s = time.perf_counter() - t
        del training
        held = rss_mb() - before
    # RSS growth misleads once earlier kinds have freed memory the allocator reuses; the serialised size does not
    size_mb = faiss.serialize_index(index.base).nbytes / 2**20
    result = {
        "kind": kind,
        "n": len(x),
        "train_s": train_s,
        "build_s": build_s,
        "rss_growth_mb": held,
        "peak_growth_mb": mem.growth,
        "index_mb": size_mb,
        "sweep": [],
    }
    base = faiss.downcast_index(index.base)
    if kind in ("ivf", "ivfpq"):
        result["nlist"] = base.nlist
        settings = sorted({4, 8, 16, 32, 64, 128, 256, base.nprobe})
        knob = "nprobe"
    elif kind == "hnsw":
        settings = sorted({16, 32, 64, 128, 256, vi._inner(base).hnsw.efSearch})
        knob = "efSearch"
    else:
        settings, knob = [None], ""
    default = base.nprobe if kind in ("ivf", "ivfpq") else vi._inner(base).hnsw.efSearch if kind == "hnsw" else None
    for value in settings:
        if knob == "nprobe":
            index.set_search_params(nprobe=value)
        elif knob == "efSearch":
            index.set_search_params(ef_search=value)
        _, found = index.search(q, 10)
        single, batched = latencies(index, q)
        entry = {
            knob or "setting": value,
            "default": value == default,
            "recall@10": recall(found, truth),
            "p50_ms": median(single),
            "p95_ms": pct(single, 95),
            "batched_ms_per_query": batched,
        }
        result["sweep"].append(entry)
        print(kind, entry, flush=True)
    return result


def sizes(x: np.ndarray, q: np.ndarray) -> list[dict]:
    """Exact search latency against the number of vectors."""
    from index import vector_index as vi

    out = []
    for n in (10_000, 25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 1_000_000):
        if n > len(x):
            break
        flat = vi.VectorIndex.create("flat", DIM)  # as the pipeline searches: one thread below 8 queries
        flat.add(np.arange(n), x[:n])
        single, batched = latencies(flat, q)
        out.append({"n": n, "p50_ms": median(single), "p95_ms": pct(single, 95), "batched_ms_per_query": batched})
        print(out[-1], flush=True)
        del flat
    return out


def ivf_sizes(x: np.ndarray, q: np.ndarray) -> list[dict]:
    """IVF recall@10 and latency against corpus size, nprobe swept: where ``auto`` may switch to IVF."""
    import faiss

    from index import vector_index as vi

    out = []
    for n in (50_000, 100_000, 200_000):
        if n > len(x):
            break
        flat = faiss.IndexFlatIP(DIM)
        flat.add(x[:n])
        _, truth = flat.search(q, 10)
        del flat
        rng = np.random.default_rng(0)
        training = x[np.sort(rng.choice(n, size=vi.training_size("ivf", n), replace=False))]
        index = vi.VectorIndex.create("ivf", DIM, training, n_vectors=n)
        index.add(np.arange(n, dtype=np.int64), x[:n])
        base = faiss.downcast_index(index.base)
        default = base.nprobe
        for nprobe in sorted({8, 16, 32, 64, 128, default}):
            index.set_search_params(nprobe=nprobe)
            _, found = index.search(q, 10)
            single, _ = latencies(index, q)
            out.append(
                {
                    "n": n,
                    "nlist": base.nlist,
                    "nprobe": nprobe,
                    "default": nprobe == default,
                    "recall@10": recall(found, truth),
                    "p50_ms": median(single),
                }
            )
            print(out[-1], flush=True)
    return out


def real(index_dir: Path, titles_from: Path) -> dict:
    """Each approximate kind at its defaults vs exact, and IVF with nprobe swept, on real MiniLM embeddings of a built index.

    Real news vectors are far more diffuse than the synthetic mixture, so the
    sweep is what sizes ``IVF_NPROBE_FRACTION``.
    """
    from index import layout
    from index import vector_index as vi
    from index.embedding import Embedder

    gen = layout.require_generation(index_dir)
    stored = vi.load_index(gen / layout.VECTORS_FILE)
    stored.compact()
    ids, vecs = zip(*vi.stored_vectors(stored.base))
    ids, vecs = np.concatenate(ids), np.vstack(vecs)
    titles = []
    for line in open(titles_from, encoding="utf-8"):
        title = json.loads(line).get("title") or ""
        if title.strip():
            titles.append(f"What happened: {title.strip().lower()}?")
        if len(titles) >= 500:
            break
    q = Embedder("all-MiniLM-L6-v2").encode(titles)
    truth = ids[np.argsort(-(q @ vecs.T), axis=1, kind="stable")[:, :10]]
    out = {"n": len(ids), "queries": len(q), "kinds": []}
    for kind in ("ivf", "hnsw", "ivfpq"):
        index = vi.VectorIndex.create(kind, vecs.shape[1], vecs if vi.needs_training(kind) else None, n_vectors=len(vecs))
        index.add(ids, vecs)
        _, found = index.search(q, 10)
        single, _ = latencies(index, q)
        base = index.base
        knob = f"nlist {base.nlist}, nprobe {base.nprobe}" if kind != "hnsw" else f"M {vi.HNSW_M}, efSearch {vi.HNSW_EF_SEARCH}"
        out["kinds"].append({"kind": kind, "settings": knob, "recall@10": recall(found, truth), "p50_ms": median(single)})
        print(out["kinds"][-1], flush=True)
        if kind == "ivf":
            out["nlist"], default, out["ivf_sweep"] = base.nlist, base.nprobe, []
            for nprobe in sorted({8, 16, 32, 48, 64, 96, 128, default}):
                index.set_search_params(nprobe=nprobe)
                _, found = index.search(q, 10)
                single, _ = latencies(index, q)
                out["ivf_sweep"].append(
                    {"nprobe": nprobe, "default": nprobe == default, "recall@10": recall(found, truth), "p50_ms": median(single)}
                )
                print(out["ivf_sweep"][-1], flush=True)
    return out


def report(data: dict) -> None:
    body = header("Vector search alone (synthetic clustered vectors)")
    body += f"- {data.get('n', 0):,} vectors x {DIM} d, Gaussian mixture on the unit sphere; {N_QUERIES} queries for recall, {TIMED_QUERIES} timed one at a time (p50/p95) and in batches of {BATCH}\n"
    body += "- recall@10 = overlap of the top 10 with exact inner-product search; memory = the index's serialised size (what it holds in RAM, vectors included)\n\n"
    rows = []
    for kind in ("flat", "ivf", "ivfpq", "hnsw"):
        r = data.get("kinds", {}).get(kind)
        if not r:
            continue
        flat_p50 = data["kinds"].get("flat", {}).get("sweep", [{}])[0].get("p50_ms")
        for e in r["sweep"]:
            knob = next((f"{k} {v}" for k, v in e.items() if k in ("nprobe", "efSearch")), "exact")
            if r.get("nlist"):
                knob = f"nlist {r['nlist']}, {knob}"
            rows.append(
                [
                    kind + (" (default)" if e["default"] else ""),
                    knob,
                    r["build_s"],
                    r.get("index_mb", r["rss_growth_mb"]),
                    e["recall@10"],
                    e["p50_ms"],
                    e["p95_ms"],
                    e["batched_ms_per_query"],
                    (flat_p50 / e["p50_ms"]) if flat_p50 else "",
                ]
            )
    body += table(
        rows,
        [
            "index",
            "search setting",
            "build s",
            "memory MiB",
            "recall@10",
            "p50 ms",
            "p95 ms",
            "batched ms/query",
            "speed-up vs flat p50",
        ],
    )
    if data.get("sizes"):
        body += "\n\nExact (flat) search against corpus size, single query:\n\n"
        body += table(
            [[f"{s['n']:,}", s["p50_ms"], s["p95_ms"], s["batched_ms_per_query"]] for s in data["sizes"]],
            ["vectors", "p50 ms", "p95 ms", "batched ms/query"],
        )
    if data.get("ivf_sizes"):
        body += (
            "\n\nIVF (default nlist) against corpus size, nprobe swept; recall@10 against exact search on the same vectors:\n\n"
        )
        body += table(
            [
                [
                    f"{r['n']:,}",
                    r["nlist"],
                    str(r["nprobe"]) + (" (default)" if r["default"] else ""),
                    r["recall@10"],
                    r["p50_ms"],
                ]
                for r in data["ivf_sizes"]
            ],
            ["vectors", "nlist", "nprobe", "recall@10", "p50 ms"],
        )
    if data.get("real"):
        r = data["real"]
        body += f"\n\nSame defaults on real embeddings ({r['n']:,} Reuters chunk vectors, {r['queries']} title questions):\n\n"
        body += table(
            [[k["kind"], k["settings"], k["recall@10"], k["p50_ms"]] for k in r["kinds"]],
            ["index", "settings", "recall@10", "p50 ms"],
        )
        if r.get("ivf_sweep"):
            body += f"\n\nIVF on the same real vectors (nlist {r['nlist']}), nprobe swept:\n\n"
            body += table(
                [
                    [str(e["nprobe"]) + (" (default)" if e["default"] else ""), e["recall@10"], e["p50_ms"]]
                    for e in r["ivf_sweep"]
                ],
                ["nprobe", "recall@10", "p50 ms"],
            )
    write_section("search", body)
    print(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument(
        "--types", default="flat,ivf,ivfpq,hnsw", help="comma list of flat, ivf, ivfpq, hnsw, sizes, ivfsizes, real"
    )
    parser.add_argument("--real", type=Path, default=OUT / "index-reuters21578")
    parser.add_argument("--titles", type=Path, default=REUTERS)
    args = parser.parse_args()
    types = args.types.split(",")
    path = OUT / "search.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    if data.get("n") != args.n:
        data = {"n": args.n, "kinds": {}}
    if any(t in ("flat", "ivf", "ivfpq", "hnsw", "sizes", "ivfsizes") for t in types):
        t = time.perf_counter()
        x, q = dataset(args.n)
        truth = ground_truth(x, q)
        print(f"data + ground truth {time.perf_counter() - t:.0f}s", flush=True)
        for kind in types:
            if kind == "sizes":
                data["sizes"] = sizes(x, q)
            elif kind == "ivfsizes":
                data["ivf_sizes"] = ivf_sizes(x, q)
            elif kind != "real":
                data["kinds"][kind] = run_kind(kind, x, q, truth)
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, indent=2) + "\n")
    if "real" in types:
        data["real"] = real(args.real, args.titles)
        path.write_text(json.dumps(data, indent=2) + "\n")
    report(data)


if __name__ == "__main__":
    main()
