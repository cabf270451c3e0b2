"""Incremental index updates: add / remove / change files, stable ids, index choice.

A deterministic hashing embedder stands in for the model, so these run in
well under a second each; ``tests/e2e/test_builder.py`` covers the real model.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import replace

import numpy as np
import pytest

from index import builder, layout
from index import vector_index as vi
from index.builder import update_index
from index.chunking import approx_token_count
from index.corpus_index import CorpusIndex
from index.store import MetadataStore
from qa.config import QAConfig

DIM = 64
TOPICS = [
    "bank rates inflation",
    "police gangs haiti",
    "cocoa harvest bahia",
    "wheat exports tonnes",
    "election vote senate",
    "football match goal",
    "oil prices opec",
    "storm flood rain",
]


class FakeEmbedder:
    """Bag of hashed words, normalised: similar texts get similar vectors."""

    model_name = "fake"
    dimension = DIM

    def __init__(self, *args, **kwargs) -> None:
        self.encoded = 0

    def count_tokens(self, texts):
        return approx_token_count(texts)

    def encode(self, texts, progress=False):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.strip(".,").encode()) % DIM] += 1.0
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        self.encoded += len(texts)
        return out


def article(i: int, sentences: int = 12) -> str:
    topic = TOPICS[i % len(TOPICS)]
    return " ".join(f"Article {i} reports on {topic} item {j} with figure {i * 100 + j}." for j in range(sentences)) + "\n"


@pytest.fixture()
def config(tmp_path) -> QAConfig:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"a{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return QAConfig(corpus=corpus, index_dir=tmp_path / "index", chunk_tokens=60)


def chunk_map(config: QAConfig) -> dict[int, tuple[str, int, int]]:
    gen = layout.current_generation(config.index_dir)
    store = MetadataStore(gen / layout.METADATA_FILE, readonly=True)
    try:
        return {cid: (doc, a, b) for cid, doc, a, b in store.conn.execute("SELECT chunk_id, doc_id, start, end FROM chunks")}
    finally:
        store.close()


def opened(config: QAConfig) -> CorpusIndex:
    return CorpusIndex.open(config.index_dir, config.model_name)


def consistent(config: QAConfig) -> CorpusIndex:
    index = opened(config)
    n = index.store.chunk_count()
    assert index.vectors.ntotal == n == len(index.bm25.chunk_ids) == index.manifest.chunks
    assert set(index.bm25.chunk_ids.tolist()) == set(chunk_map(config))
    return index


def dense_ids(index: CorpusIndex, embedder: FakeEmbedder, text: str, k: int = 5) -> list[int]:
    _, ids = vi.search(index.vectors, embedder.encode([text]), k)
    return [i for i in ids[0].tolist() if i >= 0]


def test_add_one_article_embeds_only_it_and_links_the_rest(config):
    emb = FakeEmbedder()
    first = update_index(config, progress=False, embedder=emb)
    assert first.rebuilt and first.index_type == "flat"
    before = chunk_map(config)
    old_gen = layout.current_generation(config.index_dir)
    inode = os.stat(old_gen / layout.VECTORS_FILE).st_ino
    segs = {p.name: os.stat(p).st_ino for p in (old_gen / layout.BM25_DIR).glob("*.npz")}

    (config.corpus / "new.txt").write_text(
        "Volcano erupts near the village of Zzyzx. Ash covered the fields.\n", encoding="utf-8"
    )
    emb.encoded = 0
    report = update_index(config, progress=False, embedder=emb)
    assert report.added_files == ["new.txt"] and not report.rebuilt
    assert report.embedded_chunks == emb.encoded == 1
    after = chunk_map(config)
    assert {k: v for k, v in after.items() if k in before} == before  # old ids unchanged
    new_ids = set(after) - set(before)
    assert len(new_ids) == 1 and min(new_ids) > max(before)
    gen = layout.current_generation(config.index_dir)
    assert os.stat(gen / layout.VECTORS_FILE).st_ino == inode  # base vectors hard-linked, not rewritten
    assert all(os.stat(gen / layout.BM25_DIR / name).st_ino == ino for name, ino in segs.items())
    index = consistent(config)
    (new_id,) = new_ids
    assert index.bm25.search(["Zzyzx volcano"], 3)[0][0][0] == new_id
    assert dense_ids(index, emb, "Volcano erupts near the village of Zzyzx. Ash covered the fields.")[0] == new_id


def test_remove_and_change_keep_other_ids(config):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    before = chunk_map(config)
    (config.corpus / "a003.txt").unlink()
    (config.corpus / "a005.txt").write_text("Completely new text about a zeppelin landing in Quixote town.\n", encoding="utf-8")
    emb.encoded = 0
    report = update_index(config, progress=False, embedder=emb)
    assert report.removed_files == ["a003.txt"] and report.changed_files == ["a005.txt"]
    assert emb.encoded == report.embedded_chunks == 1
    after = chunk_map(config)
    untouched = {k: v for k, v in before.items() if v[0] not in ("a003.txt", "a005.txt")}
    assert {k: after[k] for k in untouched} == untouched
    assert not any(v[0] == "a003.txt" for v in after.values())
    index = consistent(config)
    gone = {k for k, v in before.items() if v[0] in ("a003.txt", "a005.txt")}
    assert not gone & set(dense_ids(index, emb, article(3), 50))
    assert not gone & {c for c, _ in index.bm25.search(["police gangs haiti Article 3"], 50)[0]}
    assert after[index.bm25.search(["zeppelin Quixote"], 1)[0][0][0]][0] == "a005.txt"


def test_ids_never_reused_after_removing_the_newest(config):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    top = max(chunk_map(config))
    (config.corpus / "a011.txt").unlink()  # holds the highest ids
    (config.corpus / "z.txt").write_text("A brand new piece on glaciers.\n", encoding="utf-8")
    update_index(config, progress=False, embedder=emb)
    new = [k for k, v in chunk_map(config).items() if v[0] == "z.txt"]
    assert new and min(new) > top  # a tombstoned id must never come back
    consistent(config)


def test_jsonl_record_change_reembeds_only_that_record(config):
    emb = FakeEmbedder()
    records = [{"id": str(i), "title": f"T{i}", "text": article(i, 4)} for i in range(20)]
    path = config.corpus / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    update_index(config, progress=False, embedder=emb)
    before = chunk_map(config)
    records[7]["text"] = "Record seven now reports a meteor shower over Ouagadougou."
    records[8]["title"] = "Retitled"  # same text, new title: its chunks are searched by the title, so re-embedded
    del records[9]
    records.append({"id": "99", "text": "A late record about a kangaroo court."})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    emb.encoded = 0
    report = update_index(config, progress=False, embedder=emb)
    after = chunk_map(config)
    redone = [k for k, v in after.items() if v[0] in ("wire.jsonl#7", "wire.jsonl#8", "wire.jsonl#99")]
    assert report.changed_files == ["wire.jsonl"] and emb.encoded == len(redone) == report.embedded_chunks
    keep = {k: v for k, v in before.items() if v[0] not in ("wire.jsonl#7", "wire.jsonl#8", "wire.jsonl#9")}
    assert {k: after[k] for k in keep} == keep
    index = consistent(config)
    assert index.store.document("wire.jsonl#8").metadata.title == "Retitled"
    assert index.store.document("wire.jsonl#9") is None
    found = {after[i][0] for i, _ in index.bm25.search(["retitled"], 5)[0]}
    assert found == {"wire.jsonl#8"}  # found by the new title, which its text never says


def test_chunks_are_found_by_their_article_title(config):
    """A record's chunks lead with its title, for BM25 and vectors alike; the stored text stays the article's."""
    emb = FakeEmbedder()
    records = [
        {"id": "match", "title": "Dundee Utd 4-1 Aberdeen", "text": article(5, 10)},
        *({"id": str(i), "title": f"Other story {i}", "text": article(i, 10)} for i in range(6)),
    ]
    (config.corpus / "sport.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    update_index(config, progress=False, embedder=emb)
    index = consistent(config)
    chunks = {k: v for k, v in chunk_map(config).items() if v[0] == "sport.jsonl#match"}
    assert len(chunks) > 1  # the title reaches chunks past the first
    assert {i for i, _ in index.bm25.search(["aberdeen dundee"], len(chunks))[0]} == set(chunks)
    assert set(dense_ids(index, emb, "Dundee Utd 4-1 Aberdeen", len(chunks))) == set(chunks)
    assert "Aberdeen" not in index.store.document("sport.jsonl#match").text


def test_many_small_updates_match_a_full_rebuild(config, tmp_path):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    for i in range(12, 30):
        (config.corpus / f"a{i:03d}.txt").write_text(article(i), encoding="utf-8")
        if i % 5 == 0:
            (config.corpus / f"a{i - 7:03d}.txt").unlink()
        update_index(config, progress=False, embedder=emb)
    inc = consistent(config)
    full_config = replace(config, index_dir=tmp_path / "full")
    update_index(full_config, progress=False, embedder=emb)
    full = consistent(full_config)
    for query in ["police gangs haiti figure 2105", "cocoa harvest", "storm flood rain item 3"]:
        # ids differ between the two indexes and ties may order differently: compare the scores, to
        # float16 rounding (a rebuilt flat base stores its vectors in float16, an update's delta in float32)
        q = emb.encode([query])
        np.testing.assert_allclose(vi.search(inc.vectors, q, 8)[0], vi.search(full.vectors, q, 8)[0], atol=5e-4)
        inc_bm25 = [s for _, s in inc.bm25.search([query], 8)[0]]
        full_bm25 = [s for _, s in full.bm25.search([query], 8)[0]]
        if len(inc.bm25.segments) == 1 and not len(inc.bm25.dead):  # same statistics only once compacted
            np.testing.assert_allclose(inc_bm25, full_bm25, rtol=1e-5)
        assert len(inc_bm25) == len(full_bm25)


def test_auto_choice_and_growth_into_ivf(config, monkeypatch):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    n = opened(config).vectors.ntotal
    assert opened(config).manifest.index_type == "flat"
    monkeypatch.setattr(vi, "APPROXIMATE_FROM", n + 5)
    for i in range(12, 20):
        (config.corpus / f"a{i:03d}.txt").write_text(article(i), encoding="utf-8")
    emb.encoded = 0
    report = update_index(config, progress=False, embedder=emb)
    assert report.converted and report.index_type == "ivf"
    assert emb.encoded == report.embedded_chunks < report.chunks  # converted from stored vectors, not re-embedded
    index = consistent(config)
    assert index.manifest.index_type == "ivf" and vi.kind_of(index.vectors.base) == "ivf"
    # recall of the approximate index against exact search over the same vectors
    ids = np.array(sorted(chunk_map(config)))
    texts = [
        opened(config).store.chunks([int(i)])[int(i)].search_text(index.store.document(chunk_map(config)[int(i)][0])) for i in ids
    ]
    x = emb.encode(texts)
    q = x[::3] + 0.05
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    truth = ids[np.argsort(-(q @ x.T), axis=1, kind="stable")[:, :10]]
    _, found = vi.search(index.vectors, q, 10)
    assert np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]) >= 0.95


def test_full_build_picks_ivf_past_threshold(config, monkeypatch):
    monkeypatch.setattr(vi, "APPROXIMATE_FROM", 10)
    emb = FakeEmbedder()
    report = update_index(config, progress=False, embedder=emb)
    assert report.index_type == "ivf" and emb.encoded == report.chunks  # trained from the spool: embedded once
    assert not list(layout.current_generation(config.index_dir).glob("*.spool.npy"))
    consistent(config)


@pytest.mark.parametrize("kind", ["hnsw", "ivfpq", "ivf"])
def test_explicit_type_with_removals(config, kind):
    emb = FakeEmbedder()
    update_index(replace(config, index_type=kind), progress=False, embedder=emb)
    assert opened(config).manifest.index_type == kind
    gone = {k for k, v in chunk_map(config).items() if v[0] == "a002.txt"}
    (config.corpus / "a002.txt").unlink()
    (config.corpus / "b.txt").write_text("Glaciers retreat in the Andes, scientists said.\n", encoding="utf-8")
    update_index(replace(config, index_type=kind), progress=False, embedder=emb)
    index = consistent(config)
    assert not gone & set(dense_ids(index, emb, article(2), 40))


def test_explicit_type_change_converts_or_reembeds(config):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    emb.encoded = 0
    report = update_index(replace(config, index_type="hnsw"), progress=False, embedder=emb)
    assert report.converted and report.index_type == "hnsw" and emb.encoded == 0
    report = update_index(replace(config, index_type="ivfpq"), progress=False, embedder=emb)
    assert report.index_type == "ivfpq" and emb.encoded == 0
    report = update_index(replace(config, index_type="flat"), progress=False, embedder=emb)
    assert report.rebuilt and report.index_type == "flat" and emb.encoded == report.chunks  # ivfpq codes are lossy
    consistent(config)


def test_cli_add_and_remove(config, tmp_path, monkeypatch, capsys):
    from qa.cli import main

    monkeypatch.setattr(builder, "make_embedder", FakeEmbedder)
    common = ["--corpus", str(config.corpus), "--index-dir", str(config.index_dir)]
    assert main(["index", *common, "-q"]) == 0
    src = tmp_path / "incoming"
    src.mkdir()
    (src / "fresh.txt").write_text("Fresh news on a submarine cable cut.\n", encoding="utf-8")
    assert main(["index", "add", str(src / "fresh.txt"), *common, "-q"]) == 0
    assert (config.corpus / "fresh.txt").exists()
    assert "+1 new" in capsys.readouterr().out
    assert main(["index", "remove", "a001.txt", *common, "-q"]) == 0
    assert not (config.corpus / "a001.txt").exists()
    assert list((config.index_dir / "removed").rglob("a001.txt"))
    assert "-1 removed" in capsys.readouterr().out
    assert main(["index", "status", *common]) == 0
    status = capsys.readouterr().out
    assert "fresh" in status
    index = consistent(config)
    assert not any(v[0] == "a001.txt" for v in chunk_map(config).values())
    assert index.manifest.documents == 12
    # what the live index holds and was built with, as GET /index says it
    assert f"12 documents, {index.manifest.chunks} chunks (flat)" in status
    assert index.manifest.created in status and "gen-" in status


def test_old_format_index_is_rebuilt(config):
    emb = FakeEmbedder()
    update_index(config, progress=False, embedder=emb)
    gen = layout.current_generation(config.index_dir)
    data = json.loads((gen / layout.MANIFEST_FILE).read_text())
    data["format_version"] = 1
    (gen / layout.MANIFEST_FILE).write_text(json.dumps(data))
    assert builder.index_status(config) == "stale"
    assert update_index(config, progress=False, embedder=emb).rebuilt
