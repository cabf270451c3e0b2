"""Vector indexes (flat, ivf, ivfpq, hnsw) and the segmented BM25: small synthetic data, no model."""

from __future__ import annotations

import os

import numpy as np
import pytest

from index import vector_index as vi
from index.bm25 import BM25Index
from index.text import tokenize

DIM = 32
TYPES = ("flat", "ivf", "ivfpq", "hnsw")


def clustered(n: int, dim: int = DIM, centers: int = 50, seed: int = 0) -> np.ndarray:
    """Normalised points around random centres (a Gaussian mixture), like real embeddings."""
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centers, dim))
    x = c[rng.integers(0, centers, n)] + 0.35 * rng.normal(size=(n, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def exact_top(x: np.ndarray, ids: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    return ids[np.argsort(-(q @ x.T), axis=1, kind="stable")[:, :k]]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def build(kind: str, x: np.ndarray, ids: np.ndarray) -> vi.VectorIndex:
    index = vi.VectorIndex.create(kind, DIM, x if vi.needs_training(kind) else None, n_vectors=len(x))
    index.add(ids, x)
    return index


@pytest.fixture(scope="module")
def data():
    x = clustered(4000)
    ids = np.arange(10, 4010, dtype=np.int64)  # ids are not row numbers
    q = clustered(50, seed=1)
    return x, ids, q


@pytest.mark.parametrize("kind", TYPES)
def test_add_search_recall(kind, data):
    x, ids, q = data
    index = build(kind, x, ids)
    assert index.ntotal == len(x) and index.index_type == kind
    _, found = vi.search(index, q, 10)
    floor = 0.8 if kind == "ivfpq" else 0.95
    assert recall(found, exact_top(x, ids, q, 10)) >= floor


@pytest.mark.parametrize("kind", TYPES)
def test_remove_save_load_round_trip(kind, data, tmp_path):
    x, ids, q = data
    index = build(kind, x, ids)
    gone = ids[::3]
    index.remove(gone.tolist())
    assert index.ntotal == len(ids) - len(gone)
    scores, found = vi.search(index, q, 10)
    assert not np.isin(found, gone).any()
    index.save(tmp_path / "v.faiss")
    loaded = vi.load_index(tmp_path / "v.faiss")
    assert loaded.index_type == kind and loaded.ntotal == index.ntotal
    scores2, found2 = vi.search(loaded, q, 10)
    assert not np.isin(found2, gone).any()
    if kind == "hnsw":  # a third removed: saving compacted it, i.e. rebuilt the graph
        assert recall(found2, found) >= 0.95
    else:
        np.testing.assert_array_equal(found, found2)
        np.testing.assert_allclose(scores, scores2, rtol=1e-5)


@pytest.mark.parametrize("kind", TYPES)
def test_incremental_delta_and_tombstones(kind, data, tmp_path):
    """After a load, adds go to the delta and removals to tombstones; the base file is linked."""
    x, ids, q = data
    base_x, base_ids, new_x, new_ids = x[:3000], ids[:3000], x[3000:3010], ids[3000:3010]
    build(kind, base_x, base_ids).save(tmp_path / "a.faiss")
    loaded = vi.load_index(tmp_path / "a.faiss", lazy=True)
    assert not loaded.base_loaded
    loaded.add(new_ids, new_x)
    loaded.remove([int(base_ids[0]), int(new_ids[0])])
    assert loaded.ntotal == 3000 + 10 - 2
    (tmp_path / "b").mkdir()
    loaded.save(tmp_path / "b" / "a.faiss")
    assert os.stat(tmp_path / "a.faiss").st_ino == os.stat(tmp_path / "b" / "a.faiss").st_ino  # base not rewritten
    again = vi.load_index(tmp_path / "b" / "a.faiss")
    assert again.ntotal == loaded.ntotal
    _, hits = vi.search(again, new_x[1:], 1)
    assert hits[:, 0].tolist() == new_ids[1:].tolist()  # the new vectors are their own nearest neighbours
    _, hits = vi.search(again, np.vstack([base_x[0], new_x[0]]), 20)
    assert base_ids[0] not in hits and new_ids[0] not in hits
    # compaction folds delta and tombstones into the base with the same results
    before = vi.search(again, q, 10)[1]
    again.compact()
    assert again.delta.ntotal == 0 and len(again.dead) == 0 and again.ntotal == 3008
    after = vi.search(again, q, 10)[1]
    assert recall(after, before) >= (1.0 if kind in ("flat", "ivf") else 0.9)  # hnsw: graph rebuilt


def test_compaction_threshold(data, monkeypatch, tmp_path):
    x, ids, _ = data
    monkeypatch.setattr(vi, "DELTA_MIN", 5)
    monkeypatch.setattr(vi, "DELTA_FRACTION", 0.0)
    build("flat", x[:100], ids[:100]).save(tmp_path / "a.faiss")
    loaded = vi.load_index(tmp_path / "a.faiss", lazy=True)
    loaded.add(ids[100:110], x[100:110])
    (tmp_path / "b").mkdir()
    loaded.save(tmp_path / "b" / "a.faiss")
    assert loaded.compactions == 1 and loaded.delta.ntotal == 0
    assert vi.load_index(tmp_path / "b" / "a.faiss").base.ntotal == 110


@pytest.mark.parametrize("target", ["ivf", "hnsw", "flat"])
def test_conversion_keeps_ids_without_reembedding(target, data):
    x, ids, q = data
    index = build("flat", x, ids)
    index.remove(ids[:5])
    converted = index.converted(target)
    assert converted.index_type == target and converted.ntotal == len(ids) - 5
    _, found = vi.search(converted, q, 10)
    assert recall(found, exact_top(x[5:], ids[5:], q, 10)) >= 0.95


def test_auto_choice_by_size(monkeypatch):
    assert vi.choose_index_type("auto", 10) == "flat"
    assert vi.choose_index_type("auto", vi.APPROXIMATE_FROM) == vi.APPROXIMATE_TYPE
    monkeypatch.setattr(vi, "APPROXIMATE_FROM", 100)
    assert vi.choose_index_type("auto", 99) == "flat"
    assert vi.choose_index_type("auto", 100) == "ivf"
    assert vi.choose_index_type("hnsw", 10) == "hnsw"
    with pytest.raises(ValueError):
        vi.choose_index_type("annoy", 10)


def test_ivf_parameters_follow_size():
    assert vi.nlist_for(1_000_000) == 4000
    assert vi.nprobe_for(4000) == 500  # 1/8 of the lists
    assert vi.nprobe_for(100) == 32  # at least 32...
    assert vi.nprobe_for(20) == 20 and vi.nprobe_for(10) == 10  # ...but never more than there are


# BM25 -------------------------------------------------------------------------
TEXTS = [
    "The central bank raised interest rates by half a point on Tuesday.",
    "Police officers from Kenya arrived in Haiti to fight the gangs.",
    "Cocoa prices rose after showers in the Bahia cocoa zone.",
    "The murdered journalist was remembered by colleagues.",
    "Rates of inflation fell for the third month running.",
    "Gangs control most of the capital, police said.",
    "Wheat exports from the United States reached 1,247 tonnes.",
    "The bank said the murder rate had not changed.",
]


def test_bm25_scores_match_bm25s():
    import bm25s
    import Stemmer

    ours = BM25Index.build(list(range(len(TEXTS))), TEXTS)
    ref = bm25s.BM25()
    ref.index(bm25s.tokenize(TEXTS, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False), show_progress=False)
    for query in ["bank rates", "police gangs Haiti", "murdered", "1,247 tonnes cocoa"]:
        tokens = tokenize([query])[0]
        expected = (
            ref.get_scores([t for t in tokens if t in ref.vocab_dict])
            if any(t in ref.vocab_dict for t in tokens)
            else np.zeros(len(TEXTS))
        )
        np.testing.assert_allclose(ours.scores(tokens), expected, rtol=1e-5, atol=1e-6)


def test_bm25_incremental_equals_monolithic(tmp_path):
    """Segments added one by one score exactly like one index over all chunks."""
    whole = BM25Index.build(list(range(len(TEXTS))), TEXTS)
    inc = BM25Index()
    folder = tmp_path / "g0"
    inc.save(folder)
    for i, text in enumerate(TEXTS):
        inc = BM25Index.load(folder)
        inc.add([i], [text])
        folder = tmp_path / f"g{i + 1}"
        inc.save(folder)
    inc = BM25Index.load(folder)
    assert len(inc.segments) <= 4  # merged like a binary counter
    for query in ["bank rates", "police gangs", "murder", "cocoa"]:
        a, b = whole.search([query], 5)[0], inc.search([query], 5)[0]
        assert [c for c, _ in a] == [c for c, _ in b]
        np.testing.assert_allclose([s for _, s in a], [s for _, s in b], rtol=1e-5)


def test_bm25_remove_links_and_purge(tmp_path):
    index = BM25Index.build(list(range(100, 100 + len(TEXTS))), TEXTS)
    index.save(tmp_path / "a")
    loaded = BM25Index.load(tmp_path / "a")
    loaded.remove([101])
    assert 101 not in [c for c, _ in loaded.search(["police Haiti"], 5)[0]]
    assert sorted(loaded.chunk_ids.tolist()) == [i for i in range(100, 108) if i != 101]
    loaded.add([200], ["Haiti police chief resigned."])
    loaded.save(tmp_path / "b")
    first = tmp_path / "a" / f"{index.segments[0].name}.npz"
    assert os.stat(first).st_ino == os.stat(tmp_path / "b" / first.name).st_ino  # unchanged segment linked
    again = BM25Index.load(tmp_path / "b")
    assert [c for c, _ in again.search(["Haiti police"], 3)[0]][0] == 200
    again.remove([100, 102, 103])  # > PURGE_FRACTION of the base segment: purged at the next save
    again.save(tmp_path / "c")
    final = BM25Index.load(tmp_path / "c")
    assert len(final.dead) == 0
    assert sorted(final.chunk_ids.tolist()) == [104, 105, 106, 107, 200]
    assert final.search(["cocoa"], 5)[0] == []
    assert final.search(["gangs capital"], 5)[0][0][0] == 105


def test_bm25_empty_and_unknown_words(tmp_path):
    empty = BM25Index()
    assert empty.search(["anything"], 5) == [[]]
    empty.save(tmp_path / "e")
    assert BM25Index.load(tmp_path / "e").search(["x"], 3) == [[]]
    index = BM25Index.build([1], ["Only this."])
    assert index.search(["zebra quantum", "the of"], 3) == [[], []]


def test_bm25_bounded_pending_buffer_gives_the_same_scores(monkeypatch):
    import index.bm25 as bm25_module

    whole = BM25Index.build(list(range(len(TEXTS))), TEXTS)
    monkeypatch.setattr(bm25_module, "PENDING_TOKENS_MAX", 5)
    small = BM25Index()
    for i, text in enumerate(TEXTS):
        small.add([i], [text])
    small.flush()
    for query in ["bank rates", "police gangs", "cocoa"]:
        np.testing.assert_allclose(whole.scores(tokenize([query])[0]), small.scores(tokenize([query])[0]), rtol=1e-5)
