"""Vector indexes (flat, ivf, ivfpq, hnsw): small synthetic data, no model."""

from __future__ import annotations

import os

import numpy as np
import pytest

from index import vector_index as vi

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


@pytest.mark.parametrize("kind", ["ivf", "ivfpq"])
def test_too_few_vectors_is_one_note_of_ours_not_faiss_raw_warning(kind, capfd):
    """FAISS printed "WARNING clustering 19 points to 1 centroids" straight to the terminal."""
    x = clustered(19)
    ids = np.arange(19, dtype=np.int64)
    index = build(kind, x, ids)
    _, found = index.search(x[:1], 3)
    assert set(found[0]) <= set(ids.tolist())  # still searchable: three real ids come back
    assert "WARNING" not in capfd.readouterr().err
    note = vi.undertrained_note(kind, 19)
    assert note is not None and "--index-type auto picks flat" in note
    assert vi.undertrained_note(kind, 20_000) is None and vi.undertrained_note("flat", 19) is None


def test_a_build_asked_for_ivf_on_a_few_chunks_says_so_once(tmp_path):
    from index.builder import update_index
    from qa.config import QAConfig
    from tests.fakes import FastEmbedder

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title line here\nThe harbour in Oslo opened in 1901.\n", encoding="utf-8")
    config = QAConfig(corpus=corpus, index_dir=tmp_path / "i", index_type="ivf")
    report = update_index(config, progress=False, embedder=FastEmbedder())
    assert report.index_type == "ivf"
    assert [w for w in report.warnings if "needs about" in w] == [vi.undertrained_note("ivf", report.chunks)]


def test_a_flat_index_stores_float16_and_scores_within_rounding_of_float32(data):
    x, ids, q = data
    index = build("flat", x, ids)
    inner = vi.faiss.downcast_index(index.base.index)
    assert isinstance(inner, vi.faiss.IndexScalarQuantizer) and inner.code_size == 2 * DIM  # two bytes a component
    scores, found = vi.search(index, q, 10)
    exact = q @ x.T
    rows = np.searchsorted(ids, found)  # ids are sorted: row of each id found
    assert np.allclose(scores, np.take_along_axis(exact, rows, axis=1), atol=1e-3)
    assert recall(found, exact_top(x, ids, q, 10)) >= 0.99


def test_a_float32_flat_index_saved_before_still_loads_and_searches(data, tmp_path):
    """Indexes built before float16 storage keep their IndexFlatIP base."""
    x, ids, q = data
    old = vi.VectorIndex("flat", DIM, vi.faiss.IndexIDMap2(vi.faiss.IndexFlatIP(DIM)))
    old.add(ids, x)
    old.save(tmp_path / "vectors.faiss")
    loaded = vi.load_index(tmp_path / "vectors.faiss")
    assert isinstance(vi.faiss.downcast_index(loaded.base.index), vi.faiss.IndexFlatIP)
    _, found = vi.search(loaded, q, 10)
    assert np.array_equal(found, exact_top(x, ids, q, 10))
