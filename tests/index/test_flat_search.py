"""numpy search of a flat index (index.flat_search) against FAISS's own search of the same index."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import vector_index as vi
from index.flat_search import flat_view

DIM = 24


def unit_rows(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def flat_index(x: np.ndarray, ids: np.ndarray) -> vi.VectorIndex:
    index = vi.VectorIndex.create("flat", DIM)
    index.add(ids, x)
    return index


@pytest.fixture(scope="module")
def vectors():
    return unit_rows(3000, 0), np.random.default_rng(1).permutation(np.arange(5, 3005, dtype=np.int64) * 7), unit_rows(7, 2)


def test_one_question_gets_faiss_ids_and_scores(vectors):
    x, ids, q = vectors
    index = flat_index(x, ids)
    for k in (1, 10, 50):
        faiss_scores, faiss_ids = index.base.search(q, k)
        scores, found = vi.search(index, q, k)
        assert index._flat is not None  # the numpy path answered
        assert np.array_equal(found, faiss_ids)
        assert np.allclose(scores, faiss_scores, atol=1e-5)


def test_tombstoned_ids_are_never_found(vectors):
    x, ids, q = vectors
    index = flat_index(x, ids)
    index.base_dirty = False  # a saved base: removals become tombstones, not FAISS removals
    index._base_file = None
    _, before = vi.search(index, q, 20)
    dead = before[:, :3].ravel()
    index.remove(dead.tolist())
    assert len(index.dead) == len(set(dead.tolist()))
    _, after = vi.search(index, q, 20)
    assert not set(after.ravel().tolist()) & set(dead.tolist())
    live = ~np.isin(ids, dead)
    truth = ids[live][np.argsort(-(q @ x[live].T), axis=1, kind="stable")[:, :20]]
    assert np.array_equal(after, truth)


def test_fewer_live_vectors_than_asked_pad_with_minus_one():
    x, ids = unit_rows(5, 3), np.array([40, 41, 42, 43, 44], dtype=np.int64)
    view = flat_view(flat_index(x, ids).base, np.array([41], dtype=np.int64))
    assert view is not None
    scores, found = view.search(unit_rows(1, 4), 6)
    assert sorted(found[0, :4].tolist()) == [40, 42, 43, 44]
    assert found[0, 4:].tolist() == [-1, -1] and np.isneginf(scores[0, 4:]).all()
    assert np.all(np.diff(scores[0, :4]) <= 0)


def test_equal_scores_are_ordered_by_id():
    row = unit_rows(1, 5)
    x = np.repeat(row, 4, axis=0)
    view = flat_view(flat_index(x, np.array([9, 3, 7, 1], dtype=np.int64)).base, np.zeros(0, np.int64))
    assert view is not None
    assert view.search(row, 4)[1][0].tolist() == [1, 3, 7, 9]


def test_the_view_is_taken_again_after_the_base_grows(vectors):
    """Adding to a base being built may move FAISS's array: a stale view must never be read."""
    x, ids, q = vectors
    index = flat_index(x[:100], ids[:100])
    vi.search(index, q, 5)
    first = index._flat
    index.add(ids[100:], x[100:])
    _, found = vi.search(index, q, 5)
    assert index._flat is not first and index._flat is not None and index._flat.ntotal == 3000
    assert np.array_equal(found, index.base.search(q, 5)[1])


def test_other_index_kinds_and_large_batches_stay_with_faiss(vectors):
    x, ids, q = vectors
    hnsw = vi.VectorIndex.create("hnsw", DIM)
    hnsw.add(ids, x)
    vi.search(hnsw, q, 5)
    assert hnsw._flat is None
    flat = flat_index(x, ids)
    batch = unit_rows(vi.SINGLE_THREAD_BELOW, 6)
    _, found = vi.search(flat, batch, 5)
    assert flat._flat is None  # a batch of questions goes to FAISS's BLAS path
    assert np.array_equal(found, flat.base.search(batch, 5)[1])


def test_a_plain_faiss_index_has_no_view():
    assert flat_view(faiss.IndexFlatIP(DIM), np.zeros(0, np.int64)) is None
