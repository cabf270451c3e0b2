"""IVF recall against nprobe on real MiniLM vectors (the Reuters index kept by bench/ingest.py).

Writes bench/out/real_ivf_sweep.json, which bench/search.py puts in its RESULTS.md section.

    .venv/bin/python bench/real_ivf_sweep.py   (from the repository root)
"""
import sys, json, time
sys.path.insert(0, 'bench'); sys.path.insert(0, '.')
import numpy as np, faiss
from common import OUT, REUTERS
from search import recall, latencies
from index import layout, vector_index as vi
from index.embedding import Embedder
gen = layout.require_generation(OUT / 'index-reuters21578')
stored = vi.load_index(gen / layout.VECTORS_FILE); stored.compact()
ids, vecs = zip(*vi.stored_vectors(stored.base)); ids, vecs = np.concatenate(ids), np.vstack(vecs)
titles = [f"What happened: {json.loads(l).get('title','').strip().lower()}?" for l in open(REUTERS)][:600]
titles = [t for t in titles if len(t) > 20][:500]
q = Embedder("all-MiniLM-L6-v2").encode(titles)
truth = ids[np.argsort(-(q @ vecs.T), axis=1, kind="stable")[:, :10]]
index = vi.VectorIndex.create("ivf", vecs.shape[1], vecs, n_vectors=len(vecs)); index.add(ids, vecs)
base = faiss.downcast_index(index.base)
out = []
for nprobe in (8, 16, 21, 32, 48, 64, 96, 128):
    index.set_search_params(nprobe=nprobe)
    _, found = index.search(q, 10)
    single, _ = latencies(index, q)
    out.append({"n": len(ids), "nlist": base.nlist, "nprobe": nprobe, "recall@10": recall(found, truth), "p50_ms": float(np.median(single))})
    print(out[-1], flush=True)
json.dump(out, open(OUT / 'real_ivf_sweep.json', 'w'), indent=1)
