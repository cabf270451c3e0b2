"""`qa index` and `qa batch` killed (SIGKILL) at random moments lose nothing.

After any kill, the index is either the old one or the new one, complete:
it opens, it answers, and the next `qa index` works and sweeps away the
half-written generation. A killed `qa batch` leaves only whole JSON lines.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index import layout
from index.builder import update_index
from index.corpus_index import CorpusIndex
from qa.errors import IndexMissingError
from tests.helpers import SEEDS

from .conftest import cli_args, copy_seeds, start_qa

QUESTION = "How many Kenyan police officers are in Haiti?"
TOPICS = ["harbour", "railway", "vaccine", "election", "drought", "festival", "bridge", "library", "orchestra", "glacier"]


def synthetic_articles(folder: Path, count: int) -> set[str]:
    """``count`` plain articles of a few paragraphs each; returns their names."""
    rng = random.Random(count)
    names = set()
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        paragraphs = [
            " ".join(
                f"The {topic} project number {i} cost {rng.randint(2, 900)} million dollars in {rng.randint(1990, 2024)}."
                for _ in range(rng.randint(3, 6))
            )
            for _ in range(6)
        ]
        name = f"zz_{i:03d}_{topic}.txt"
        (folder / name).write_text(f"The {topic} story {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        names.add(name)
    return names


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.glob("gen-*"))


def newest_generation(index_dir: Path) -> Path | None:
    gens = generations(index_dir)
    return index_dir / gens[-1] if gens else None


def kill_when(proc: subprocess.Popen, ready, timeout: float = 240) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()`` holds; False when it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.003)
    proc.kill()
    proc.wait()
    raise AssertionError("the process neither reached the kill point nor ended")


def documents(config) -> set[str]:
    """Doc ids of the live index, after checking it opens and answers."""
    index = CorpusIndex.open(config.index_dir, config.model_name)
    assert index.vectors.ntotal == index.store.chunk_count() == len(index.bm25.chunk_ids)
    assert index.bm25.search([QUESTION], 5)[0], "the index must answer"
    return {row[0] for row in index.store.conn.execute("SELECT doc_id FROM documents")}


@pytest.fixture()
def corpus(tmp_path):
    return copy_seeds(tmp_path / "corpus")


def test_killed_first_build_leaves_no_index_or_a_whole_one(corpus, tmp_path, seed_config, embedder):
    config = replace(seed_config, corpus=corpus, index_dir=tmp_path / "index")
    proc = start_qa("index", "-q", *cli_args(config))
    # Kill once the build is under way (its new generation folder exists).
    killed = kill_when(proc, lambda: newest_generation(config.index_dir) is not None)
    assert killed, proc.stderr.read().decode()
    with pytest.raises(IndexMissingError):
        CorpusIndex.open(config.index_dir, config.model_name)
    report = update_index(config, progress=False, embedder=embedder)
    assert report.rebuilt
    assert documents(config) == {p.name for p in SEEDS.glob("*.txt")}
    assert generations(config.index_dir) == [layout.current_generation(config.index_dir).name]


def test_killed_rebuild_always_leaves_old_or_new_index(corpus, tmp_path, seed_config, embedder):
    config = replace(seed_config, corpus=corpus, index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=embedder)
    old_docs = documents(config)
    new_docs = old_docs | synthetic_articles(corpus, 15)

    def new_file(name: str):
        def ready() -> bool:
            gen = newest_generation(config.index_dir)
            return gen is not None and gen != layout.current_generation(config.index_dir) and any(gen.glob(name))

        return ready

    def after(seconds: float):
        start = time.monotonic()
        return lambda: time.monotonic() - start >= seconds

    kill_points = {
        "0.5 s": after(0.5),
        "1.5 s": after(1.5),
        "new generation started": new_file("*"),
        "metadata written": new_file(layout.METADATA_FILE),
        "vectors written": new_file(f"{layout.VECTORS_FILE}*"),
        "manifest written": new_file(layout.MANIFEST_FILE),
        "random 2-6 s": after(random.uniform(2, 6)),
        "just published": lambda: layout.current_generation(config.index_dir).name != first_live,
    }
    first_live = layout.current_generation(config.index_dir).name
    outcomes = {}
    for label, ready in kill_points.items():
        proc = start_qa("index", "--rebuild", "-q", *cli_args(config))
        killed = kill_when(proc, ready)
        stderr = proc.stderr.read().decode()
        assert "Traceback" not in stderr, stderr
        docs = documents(config)  # opens and answers, whatever the moment
        assert docs in (old_docs, new_docs), label
        assert not list(config.index_dir.glob(f".{layout.CURRENT_FILE}.*")) or killed
        outcomes[label] = ("killed" if killed else "finished", "new" if docs == new_docs else "old")
    # The early points must have caught the build in the middle.
    assert outcomes["new generation started"][0] == "killed", outcomes
    assert outcomes["metadata written"] == ("killed", "old"), outcomes
    assert outcomes["just published"][1] == "new", outcomes

    # The next `qa index` works and leaves exactly one generation, no temp files.
    update_index(config, progress=False, embedder=embedder)
    assert documents(config) == new_docs
    assert generations(config.index_dir) == [layout.current_generation(config.index_dir).name]
    assert not list(config.index_dir.glob(f".{layout.CURRENT_FILE}.*"))


def test_killed_batch_leaves_only_whole_lines(seed_index, tmp_path):
    questions = tmp_path / "questions.txt"
    lines = ["How many Kenyan police officers are in Haiti?", "Who leads the mission?", "?!", "What did the OAS say?"]
    questions.write_text("\n".join(lines * 40) + "\n", encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    proc = start_qa("batch", questions, "-o", out, "--batch-size", "1", "--reader", "sentence", *cli_args(seed_index))
    delay = random.uniform(0, 0.3)

    def partial() -> Path | None:
        # Answers go to a temporary file beside -o, renamed into place at the end.
        return next(iter(tmp_path.glob(".answers.jsonl.*.partial")), None)

    def some_written() -> bool:
        found = partial()
        if found is not None and found.read_bytes().count(b"\n") >= 3:
            time.sleep(delay)
            return True
        return False

    assert kill_when(proc, some_written), proc.stderr.read().decode()
    assert not out.exists()  # a killed run never replaces the output
    data = partial().read_bytes()
    assert data.endswith(b"\n"), data[-200:]
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert 3 <= len(records) < len(lines) * 40
    assert [r["id"] for r in records] == list(range(1, len(records) + 1))
    assert all(("error" in r) == (lines[(r["id"] - 1) % 4] == "?!") for r in records)
