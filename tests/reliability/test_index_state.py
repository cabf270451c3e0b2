"""Missing, damaged, mismatched or too-new indexes.

Every case ends in one line naming the fix (`qa index`), never a
traceback; `qa index` itself then repairs the index (rebuilding from the
corpus, which is always safe), and `qa ask` refreshes what is merely stale
or built for another model.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from index import layout
from index.builder import index_status, update_index
from index.corpus_index import CorpusIndex
from index.vector_index import search
from qa.cli import main
from qa.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, QAError
from qa.pipeline import QAPipeline
from tests.fakes import FastEmbedder

from .conftest import assert_one_line_error, cli_args, copy_seeds, run_qa

QUESTION = "How many people were murdered in Haiti between July and September?"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, seed_config, embedder):
    """A built index over three seed articles, copied afresh by each test."""
    root = tmp_path_factory.mktemp("pristine")
    config = replace(seed_config, corpus=copy_seeds(root / "corpus", 3), index_dir=root / "index")
    update_index(config, progress=False, embedder=embedder)
    return config


@pytest.fixture()
def config(pristine, tmp_path):
    shutil.copytree(pristine.index_dir, tmp_path / "index", symlinks=True)
    return replace(pristine, index_dir=tmp_path / "index")


def live(config) -> Path:
    return layout.current_generation(config.index_dir)


def index_files(config) -> list[str]:
    gen = live(config)
    return sorted(p.relative_to(gen).as_posix() for p in gen.rglob("*") if p.is_file())


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(max(1, len(data))))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "delete":
        path.unlink()
    else:  # pragma: no cover
        raise ValueError(how)


def expect_refusal(config, *errors: type[QAError]) -> str:
    """Opening (and answering) fails with one of ``errors``, one line naming `qa index`."""
    with pytest.raises(errors) as err:
        index = CorpusIndex.open(config.index_dir, config.model_name)
        index.bm25.search([QUESTION], 5)
    message = str(err.value)
    assert "\n" not in message and "qa index" in message, message
    return message


def expect_working(config, embedder=None) -> None:
    """The live index opens, is self-consistent, and answers through both retrievers."""
    index = CorpusIndex.open(config.index_dir, config.model_name)
    assert index.vectors.ntotal == index.store.chunk_count() == len(index.bm25.chunk_ids) > 0
    assert index.bm25.search([QUESTION], 5)[0]
    vectors = (embedder or FastEmbedder()).encode([QUESTION])
    _, ids = search(index.vectors, vectors, 5)
    assert (ids[0] >= 0).any()
    assert sorted(p.name for p in config.index_dir.glob("gen-*")) == [index.generation.name]


def repair(config) -> list[str]:
    """What `qa index` does (without --rebuild); returns its warnings."""
    report = update_index(config, progress=False, embedder=FastEmbedder())
    return report.warnings


# ---------------------------------------------------------------- missing
def test_missing_index(config, capsys):
    shutil.rmtree(config.index_dir)
    with pytest.raises(IndexMissingError, match=r"no index in .*; run `qa index` first"):
        CorpusIndex.open(config.index_dir, config.model_name)
    assert index_status(config) == "missing"
    code = main(["ask", QUESTION, "--no-update", *cli_args(config)])
    assert code == 1
    assert_one_line_error(capsys.readouterr().err, "no index in", "run `qa index` first")


# ---------------------------------------------------------------- damaged files
@pytest.mark.parametrize("how", ["truncate", "garbage", "empty", "delete"])
def test_any_damaged_file_is_refused_then_repaired(config, pristine, tmp_path, how):
    """Each file of the generation in turn: refused on open, repaired by `qa index`."""
    names = index_files(config)
    assert "manifest.json" in names and len(names) >= 4, names
    for name in names:
        case = replace(config, index_dir=tmp_path / f"{how}-{name.replace('/', '_')}")
        shutil.copytree(pristine.index_dir, case.index_dir)
        if how in ("truncate", "empty") and (live(case) / name).stat().st_size == 0:
            continue  # nothing to take away
        damage(live(case) / name, how)
        message = expect_refusal(case, IndexCorruptError)
        assert name.split("/")[-1] in message or "manifest" in message, message
        warnings = repair(case)
        assert any("rebuilt from scratch" in w for w in warnings), (name, warnings)
        expect_working(case)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\xff garbage", "unreadable"), (b"gen-999999\n", "missing version"), (b"../../etc\n", "missing version")],
)
def test_damaged_pointer_is_refused_then_repaired(config, content, message):
    (config.index_dir / layout.CURRENT_FILE).write_bytes(content)
    assert message in expect_refusal(config, IndexCorruptError)
    with pytest.raises(IndexCorruptError, match="qa index"):
        index_status(config)  # what `qa ask` checks first
    repair(config)
    expect_working(config)


def test_deleted_pointer_is_a_missing_index(config):
    (config.index_dir / layout.CURRENT_FILE).unlink()
    expect_refusal(config, IndexMissingError)
    repair(config)
    expect_working(config)


# ---------------------------------------------------------------- inconsistent parts
def _rerecord(config) -> None:
    """Re-write the manifest's file list: damage the size/checksum check cannot see."""
    gen = live(config)
    layout.write_manifest(gen, layout.read_manifest(gen))


def test_metadata_from_another_build_is_refused_then_repaired(config, tmp_path, embedder):
    other = replace(config, corpus=copy_seeds(tmp_path / "other", 1), index_dir=tmp_path / "other-index")
    update_index(other, progress=False, embedder=embedder)
    shutil.copy(live(other) / layout.METADATA_FILE, live(config) / layout.METADATA_FILE)
    _rerecord(config)
    assert "inconsistent" in expect_refusal(config, IndexCorruptError)
    repair(config)
    expect_working(config)


def test_metadata_rows_lost_is_refused_then_repaired(config):
    db = live(config) / layout.METADATA_FILE
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM chunks WHERE chunk_id % 2 = 0")
    _rerecord(config)
    expect_refusal(config, IndexCorruptError)
    repair(config)
    expect_working(config)


def test_metadata_not_a_database_is_refused_then_repaired(config):
    db = live(config) / layout.METADATA_FILE
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(db.stat().st_size - 16))
    _rerecord(config)
    assert "metadata" in expect_refusal(config, IndexCorruptError)
    warnings = repair(config)
    assert any("rebuilt from scratch" in w for w in warnings), warnings
    expect_working(config)


def test_vectors_from_another_build_are_refused_then_repaired(config, tmp_path, embedder):
    other = replace(config, corpus=copy_seeds(tmp_path / "other", 1), index_dir=tmp_path / "other-index")
    update_index(other, progress=False, embedder=embedder)
    for path in live(config).glob(f"{layout.VECTORS_FILE}*"):
        path.unlink()
    for path in live(other).glob(f"{layout.VECTORS_FILE}*"):
        shutil.copy(path, live(config) / path.name)
    _rerecord(config)
    assert "inconsistent" in expect_refusal(config, IndexCorruptError)
    repair(config)
    expect_working(config)


# ---------------------------------------------------------------- other model, dimension, version
def _edit_manifest(config, **changes) -> None:
    path = live(config) / layout.MANIFEST_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_other_model_is_refused_and_refreshed_by_ask(config, embedder, capsys):
    _edit_manifest(config, model_name="some-org/another-model")
    message = expect_refusal(config, IndexMismatchError)
    assert "another-model" in message
    assert index_status(config) == "model-mismatch"  # `qa ask` rebuilds this by itself
    code = main(["ask", QUESTION, "--no-update", *cli_args(config)])
    assert code == 1
    assert_one_line_error(capsys.readouterr().err, "built with model", "qa index")
    repair(config)
    expect_working(config)


def test_manifest_dimension_disagreeing_with_vectors_is_refused(config):
    _edit_manifest(config, dimension=128)
    assert "dimension 384" in expect_refusal(config, IndexMismatchError)
    repair(config)
    expect_working(config)


def test_model_of_another_dimension_is_refused(config, tmp_path, embedder):
    class Small(FastEmbedder):
        dimension = 128

    update_index(config, rebuild=True, progress=False, embedder=Small())
    CorpusIndex.open(config.index_dir, config.model_name)  # consistent in itself...
    with pytest.raises(IndexMismatchError, match=r"dimension 128.*makes 384.*qa index --rebuild"):
        QAPipeline.load(config.with_overrides(reader="sentence"), embedder=embedder)  # ...but not for this model
    # BM25 alone needs no vectors and still answers
    QAPipeline.load(config.with_overrides(reader="span", retriever="bm25"), embedder=embedder).answer(QUESTION)


def test_newer_format_is_refused_then_rebuilt_by_qa_index(config, capsys):
    _edit_manifest(config, format_version=layout.FORMAT_VERSION + 1)
    message = expect_refusal(config, IndexMismatchError)
    assert "newer corpus-qa" in message
    with pytest.raises(IndexMismatchError):
        index_status(config)
    code = main(["ask", QUESTION, *cli_args(config)])
    assert code == 1
    assert_one_line_error(capsys.readouterr().err, "newer corpus-qa", "qa index")
    repair(config)
    expect_working(config)


def test_manifest_without_version_is_refused(config):
    _edit_manifest(config, format_version="two")
    expect_refusal(config, IndexCorruptError)
    repair(config)
    expect_working(config)


# ---------------------------------------------------------------- the real commands
def test_qa_ask_on_a_damaged_index_is_one_line_and_qa_index_repairs_it(config):
    damage(live(config) / layout.VECTORS_FILE, "truncate")
    proc = run_qa("ask", QUESTION, *cli_args(config))
    assert proc.returncode == 1
    assert_one_line_error(proc.stderr, "vectors.faiss is damaged", "run `qa index` to rebuild it")
    assert proc.stdout == ""
    proc = run_qa("index", "-q", *cli_args(config))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "warning: the previous index was unreadable, so it was rebuilt from scratch" in proc.stderr
    expect_working(config)
