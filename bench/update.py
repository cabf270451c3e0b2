"""Adding / removing one article to a ~20,000-document index (Reuters-21578).

Needs the index kept by ``bench/ingest.py`` (``bench/out/index-reuters21578``);
works on a scratch copy of it. Measured, model loaded once, medians:

- ``update_index`` after one new .txt article (a BBC story) appears in the
  corpus folder, then after it is removed;
- the worst update: one that also compacts the vector delta into the base;
- the same work as the previous builder did per update (copy SQLite, read
  and rewrite the whole FAISS file, re-tokenise every chunk and rebuild
  bm25s), in the same process, as the baseline;
- end to end, ``qa index add FILE`` / ``qa index remove DOC`` as separate
  processes (Python start-up, imports and model load included).

    .venv/bin/python bench/update.py [--index bench/out/index-reuters21578] [--reps 15]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

from common import BBC, OUT, ROOT, header, median, pct, save_raw, table, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=OUT / "index-reuters21578")
    parser.add_argument("--articles", type=Path, default=BBC, help="jsonl whose texts are added one by one")
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()

    from index import layout
    from index import vector_index as vi
    from index.builder import update_index
    from index.embedding import Embedder
    from qa.config import QAConfig

    manifest = layout.read_manifest(layout.require_generation(args.index))
    corpus = Path(manifest.corpus)
    scratch = OUT / "work" / "update-index"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(args.index, scratch)
    config = QAConfig(corpus=corpus, index_dir=scratch)
    emb = Embedder("all-MiniLM-L6-v2")
    _ = emb.model  # load before timing
    emb.encode(["warm up"] * 8)
    texts = [json.loads(line)["text"] for line, _ in zip(open(args.articles, encoding="utf-8"), range(args.reps + 10))]
    added: list[Path] = []
    raw: dict = {"documents": manifest.documents, "chunks": manifest.chunks, "add": [], "remove": []}
    try:
        for i in range(args.reps):
            path = corpus / f"bench-add-{i:03d}.txt"
            path.write_text(texts[i], encoding="utf-8")
            added.append(path)
            t = time.perf_counter()
            report = update_index(config, progress=False, embedder=emb)
            raw["add"].append({"s": time.perf_counter() - t, "embedded": report.embedded_chunks, "timings": report.timings})
            assert report.added_files == [path.name] and not report.rebuilt, report
        for path in list(added):
            path.unlink()
            added.remove(path)
            t = time.perf_counter()
            report = update_index(config, progress=False, embedder=emb)
            raw["remove"].append({"s": time.perf_counter() - t, "timings": report.timings})
        # worst case: this update also merges the delta into the base
        path = corpus / "bench-add-compact.txt"
        path.write_text(texts[args.reps], encoding="utf-8")
        added.append(path)
        saved = vi.DELTA_MIN, vi.DELTA_FRACTION
        vi.DELTA_MIN, vi.DELTA_FRACTION = 0, 0.0
        t = time.perf_counter()
        update_index(config, progress=False, embedder=emb)
        raw["add_with_compaction_s"] = time.perf_counter() - t
        vi.DELTA_MIN, vi.DELTA_FRACTION = saved
        raw["old_way_s"] = [old_way(scratch) for _ in range(3)]
        raw["cli_add_s"], raw["cli_remove_s"] = [], []
        for i in range(3):
            src = OUT / "work" / f"cli-add-{i}.txt"
            src.write_text(texts[args.reps + 1 + i], encoding="utf-8")
            common = ["--corpus", str(corpus), "--index-dir", str(scratch), "-q"]
            t = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/qa"), "index", "add", str(src), *common], check=True, capture_output=True)
            raw["cli_add_s"].append(time.perf_counter() - t)
            added.append(corpus / src.name)
            t = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/qa"), "index", "remove", src.name, *common], check=True, capture_output=True)
            raw["cli_remove_s"].append(time.perf_counter() - t)
            added.remove(corpus / src.name)
    finally:
        for path in added:
            path.unlink(missing_ok=True)
    shutil.rmtree(scratch, ignore_errors=True)

    add_s = [r["s"] for r in raw["add"]]
    rem_s = [r["s"] for r in raw["remove"]]
    old = median(raw["old_way_s"])
    phases = {k: median([r["timings"].get(k, 0.0) for r in raw["add"]]) for k in raw["add"][0]["timings"]}
    save_raw("update", raw)
    rows = [
        ["add one article (`update_index`)", median(add_s) * 1000, pct(add_s, 95) * 1000, old / median(add_s)],
        ["remove one article (`update_index`)", median(rem_s) * 1000, pct(rem_s, 95) * 1000, old / median(rem_s)],
        ["add one article, update compacts the vector delta (worst case)", raw["add_with_compaction_s"] * 1000, "", ""],
        ["previous builder's per-update work (baseline)", old * 1000, max(raw["old_way_s"]) * 1000, 1.0],
        [
            "`qa index add FILE` end to end (new process, model load)",
            median(raw["cli_add_s"]) * 1000,
            max(raw["cli_add_s"]) * 1000,
            "",
        ],
        [
            "`qa index remove DOC` end to end (new process)",
            median(raw["cli_remove_s"]) * 1000,
            max(raw["cli_remove_s"]) * 1000,
            "",
        ],
    ]
    body = header(f"Incremental update of a {manifest.documents:,}-document index")
    body += f"- index: Reuters-21578, {manifest.documents:,} documents, {manifest.chunks:,} chunks, `{manifest.index_type}`; {args.reps} runs each\n"
    body += f"- chunks embedded per added article: median {median([r['embedded'] for r in raw['add']]):.0f}\n\n"
    body += table(rows, ["operation", "p50 ms", "p95/max ms", "speed-up vs baseline"])
    body += "\n\nPhases of one add (median ms): " + ", ".join(f"{k} {v * 1000:.0f}" for k, v in phases.items()) + "\n"
    body += "\nTarget: adding one article to a 20,000-document index in under 2 s.\n"
    write_section("update", body)
    print(body)


def old_way(index_dir: Path) -> float:
    """What the previous builder did on every update, whatever changed."""
    import tempfile

    import bm25s
    import faiss

    from index import layout
    from index.store import MetadataStore
    from index.text import stemmer

    gen = layout.require_generation(index_dir)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        t = time.perf_counter()
        shutil.copy2(gen / layout.METADATA_FILE, Path(tmp) / layout.METADATA_FILE)
        vectors = faiss.read_index(str(gen / layout.VECTORS_FILE))
        faiss.write_index(vectors, str(Path(tmp) / layout.VECTORS_FILE))
        store = MetadataStore(Path(tmp) / layout.METADATA_FILE, readonly=True)
        ids, texts = zip(*store.iter_chunk_texts())
        store.close()
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(list(texts), stopwords="en", stemmer=stemmer(), show_progress=False), show_progress=False)
        retriever.save(str(Path(tmp) / "bm25"))
        return time.perf_counter() - t


if __name__ == "__main__":
    main()
