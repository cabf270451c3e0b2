"""Two writers are refused cleanly; readers keep answering through a rebuild."""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import replace

import pytest
from filelock import FileLock

from index import layout
from index.builder import update_index
from index.corpus_index import CorpusIndex
from qa.cli import main
from qa.errors import IndexLockedError
from qa.pipeline import QAPipeline
from tests.fakes import FastEmbedder

from .conftest import assert_one_line_error, cli_args, copy_seeds, run_qa, start_qa
from .test_interruption import newest_generation, synthetic_articles

QUESTION = "How many Kenyan police officers are in Haiti?"


@pytest.fixture()
def config(tmp_path, seed_config, embedder):
    config = replace(seed_config, corpus=copy_seeds(tmp_path / "corpus"), index_dir=tmp_path / "index", reader="sentence")
    update_index(config, progress=False, embedder=embedder)
    return config


def test_second_writer_gets_a_clear_message(config, capsys):
    """While one `qa index` holds the lock, another says so in one line (exit 1)."""
    with FileLock(str(config.index_dir / layout.LOCK_FILE), timeout=0):
        with pytest.raises(IndexLockedError, match="another `qa index` is updating"):
            update_index(config, progress=False)
        assert main(["index", *cli_args(config)]) == 1
        assert_one_line_error(capsys.readouterr().err, "another `qa index` is updating", "wait for it to finish")
        proc = run_qa("index", "--rebuild", *cli_args(config))
        assert proc.returncode == 1
        assert_one_line_error(proc.stderr, "another `qa index` is updating")
    # the lock is released with its holder: the next build goes ahead
    assert update_index(config, rebuild=True, progress=False, embedder=FastEmbedder()).rebuilt


def test_readers_keep_answering_while_another_process_rebuilds(config, embedder):
    pipeline = QAPipeline.load(config, embedder=embedder)
    before = pipeline.answer(QUESTION).to_json()
    old_gen = pipeline.index.generation
    synthetic_articles(config.corpus, 5)

    writer = start_qa("index", "--rebuild", "-q", *cli_args(config))
    try:
        # Wait until the writer is building (it holds the lock, its generation exists).
        assert not kill_when_started(writer, config)
        # A second writer is refused, at once.
        with pytest.raises(IndexLockedError):
            update_index(config, progress=False, embedder=embedder)
        # Readers already open answer as before; new readers open the old index.
        answers = 0
        while writer.poll() is None:
            assert pipeline.answer(QUESTION).to_json() == before
            fresh = CorpusIndex.open(config.index_dir, config.model_name)
            assert fresh.bm25.search([QUESTION], 3)[0]
            answers += 1
            time.sleep(0.5)  # leave the cores to the writer
        assert writer.returncode == 0, writer.stderr.read().decode()
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert answers >= 1
    # The old generation is gone from disk, and the open pipeline still answers from it.
    assert not old_gen.exists()
    assert pipeline.answer(QUESTION).to_json() == before
    # A pipeline opened now sees the rebuilt index.
    after = QAPipeline.load(config, embedder=embedder)
    assert after.index.generation != old_gen
    assert after.index.store.document_count() == pipeline.index.store.document_count() + 5


def kill_when_started(writer, config) -> bool:
    """Wait (without killing) until ``writer`` has started its new generation."""
    deadline = time.monotonic() + 240
    live = layout.current_generation(config.index_dir)
    while time.monotonic() < deadline:
        gen = newest_generation(config.index_dir)
        if gen is not None and gen != live:
            return False
        if writer.poll() is not None:
            raise AssertionError("the writer ended before it was seen building: " + writer.stderr.read().decode())
        time.sleep(0.003)
    raise AssertionError("the writer never started building")


def test_ask_answers_from_the_live_index_while_a_writer_holds_the_lock(config, embedder, monkeypatch, capsys):
    """`qa ask` would refresh a stale index, but another `qa index` is on it: answer anyway."""
    real = QAPipeline.load.__func__
    monkeypatch.setattr(QAPipeline, "load", classmethod(lambda cls, cfg, embedder_=None: real(cls, cfg, embedder=embedder)))
    synthetic_articles(config.corpus, 1)  # stale now
    with FileLock(str(config.index_dir / layout.LOCK_FILE), timeout=0):
        code = main(["ask", QUESTION, "--json", "--reader", "sentence", *cli_args(config)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.strip() == "qa: note: another `qa index` is updating the index; answering from the current one"
    assert json.loads(out)["question"] == QUESTION


def test_add_while_another_writer_holds_the_lock_waits_its_turn_and_indexes_the_file(config, tmp_path):
    """The file is copied before the lock turns out to be taken: failing then would read as if it had not been added."""
    new = tmp_path / "new.txt"
    new.write_text("Zanzibar's harbour authority opened a ferry terminal on Monday, officials said.\n", encoding="utf-8")
    lock = FileLock(str(config.index_dir / layout.LOCK_FILE), timeout=0)
    lock.acquire()
    try:
        proc = start_qa("index", "add", new, *cli_args(config), stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not (config.corpus / "new.txt").exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # the add is waiting for the lock now
        assert proc.poll() is None, proc.communicate()
    finally:
        lock.release()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "another `qa index` is updating the index; the files are copied into the corpus, waiting for it to finish" in err
    assert "+1 new" in out
