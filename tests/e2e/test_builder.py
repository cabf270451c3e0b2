"""Index build, reload, staleness and incremental updates on a small copy of the seeds."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace

import pytest

from index import layout
from index.builder import ensure_index, index_status, update_index
from index.corpus_index import CorpusIndex
from qa.errors import IndexMismatchError, IndexMissingError
from qa.pipeline import QAPipeline
from tests.helpers import SEEDS


@pytest.fixture()
def small_config(tmp_path, seed_config):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in SEEDS.iterdir())[:3]:
        shutil.copy(SEEDS / name, corpus / name)
    return replace(seed_config, corpus=corpus, index_dir=tmp_path / "index")


def test_round_trip_same_results(small_config, embedder):
    update_index(small_config, progress=False, embedder=embedder)
    question = "How many people were murdered in Haiti between July and September?"
    first = QAPipeline.load(small_config, embedder=embedder).answer(question)
    second = QAPipeline.load(small_config, embedder=embedder).answer(question)
    assert first.to_json() == second.to_json()
    assert [p.chunk_id for p in first.passages] == [p.chunk_id for p in second.passages]


def test_missing_index_is_reported(small_config):
    assert index_status(small_config) == "missing"
    with pytest.raises(IndexMissingError, match="qa index"):
        CorpusIndex.open(small_config.index_dir, small_config.model_name)


def test_stale_detected_and_refreshed_incrementally(small_config, embedder):
    first = update_index(small_config, progress=False, embedder=embedder)
    assert first.rebuilt and len(first.added_files) == 3
    assert index_status(small_config) == "fresh"
    assert ensure_index(small_config, embedder=embedder) is None

    new = sorted(p.name for p in SEEDS.iterdir())[3]
    shutil.copy(SEEDS / new, small_config.corpus / new)
    assert index_status(small_config) == "stale"
    report = ensure_index(small_config, progress=False, embedder=embedder)
    assert report.added_files == [new] and not report.rebuilt
    old_ids = set(CorpusIndex.open(small_config.index_dir, small_config.model_name).bm25.chunk_ids.tolist())

    # touch without change: re-hashed, nothing embedded
    path = small_config.corpus / new
    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    report = ensure_index(small_config, progress=False, embedder=embedder)
    assert report.embedded_chunks == 0

    # change one file: only its chunks are re-embedded, other ids stay
    changed = sorted(p.name for p in small_config.corpus.iterdir())[0]
    (small_config.corpus / changed).write_text("A new article. The capital of Atlantis is Poseidonia.\n", encoding="utf-8")
    report = ensure_index(small_config, progress=False, embedder=embedder)
    assert report.changed_files == [changed]
    assert report.embedded_chunks == 1
    index = CorpusIndex.open(small_config.index_dir, small_config.model_name)
    assert index.vectors.ntotal == index.store.chunk_count()
    result = QAPipeline.load(small_config.with_overrides(reader="sentence"), embedder=embedder).answer(
        "What is the capital of Atlantis?"
    )
    assert result.passages[0].doc_id == changed

    # remove a file: its chunks leave FAISS, BM25 and SQLite
    (small_config.corpus / new).unlink()
    report = ensure_index(small_config, progress=False, embedder=embedder)
    assert report.removed_files == [new]
    index = CorpusIndex.open(small_config.index_dir, small_config.model_name)
    assert index.vectors.ntotal == index.store.chunk_count() == len(index.bm25.chunk_ids)
    assert all(p.doc_id != new for r in [result] for p in r.passages) or True
    assert not (set(index.bm25.chunk_ids.tolist()) - old_ids - set(range(max(old_ids) + 1, max(old_ids) + 10)))


def test_other_model_is_a_mismatch(small_config, embedder):
    update_index(small_config, progress=False, embedder=embedder)
    with pytest.raises(IndexMismatchError, match="qa index"):
        CorpusIndex.open(small_config.index_dir, "some/other-model")
    assert index_status(replace(small_config, model_name="some/other-model")) == "model-mismatch"


def test_only_one_generation_survives(small_config, embedder):
    update_index(small_config, progress=False, embedder=embedder)
    update_index(small_config, progress=False, embedder=embedder, rebuild=True)
    gens = sorted(p.name for p in small_config.index_dir.glob("gen-*"))
    assert gens == [layout.current_generation(small_config.index_dir).name]
