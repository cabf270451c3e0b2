"""The segmented BM25 of index/bm25.py: parity with bm25s, incremental segments, removal and purge, small synthetic data."""

from __future__ import annotations

import os

import numpy as np

from index.bm25 import BM25Index
from index.text import tokenize

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


def test_words_the_corpus_never_uses_get_the_highest_idf() -> None:
    unseen, known = BM25Index.build(list(range(len(TEXTS))), TEXTS).idf(["zzzunseen", tokenize(["cocoa"])[0][0]])
    assert unseen > known > 0
