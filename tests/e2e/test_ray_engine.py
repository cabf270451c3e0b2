"""`--engine ray` on a real local Ray (2 CPUs, no mocks): the same index, the same answers as a local run.

Ray starts once for the module (``ray.init``); the code's ``connect()``
reuses it, so in-process builds and CLI runs share one cluster. The kill
test's driver is a separate ``qa index`` process that joins this cluster
with ``--ray-address``, as a user's driver joins ``ray start --head``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import layout
from index.builder import BuildReport, update_index
from index.corpus_index import CorpusIndex
from index.vector_index import stored_vectors
from qa.config import QAConfig
from qa.evaluate import evaluate, load_gold
from qa.pipeline import QAPipeline
from tests.helpers import DEV_GOLD, SEEDS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own settings, renamed in 2.60

ray = pytest.importorskip("ray", reason="the Ray extra is not installed (pip install -e '.[ray]'; `make test` does)")

from index.ray_engine import INSTALL_HINT, SHARDS_DIR, RayEngine  # noqa: E402
from qa.ray_answer import RayAnswerPool  # noqa: E402

ENV = {
    **os.environ,
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONUNBUFFERED": "1",
}
QA = [sys.executable, "-m", "qa.cli"]
BBC = Path(__file__).resolve().parents[2] / "data" / "corpora" / "bbc" / "bbc-news.jsonl"
UNANSWERABLE = "What colour was the Prime Minister's umbrella at the 1987 Eurovision final?"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local Ray with 2 CPUs for the whole module."""
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        yield ray
    finally:
        ray.shutdown()


def ray_engine(config: QAConfig) -> RayEngine:
    return RayEngine(config.model_name, config.embed_batch_size, config.backend, config.precision)


def bbc_articles(count: int, start: int = 0) -> list[dict[str, Any]]:
    with BBC.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(start + count), fh, strict=False)]
    return rows[start:]


def write_article(corpus: Path, row: dict[str, Any]) -> str:
    """One BBC record as a plain ``.txt`` article (title line, blank line, text); its file name."""
    name = "bbc_" + row["id"].replace("/", "_") + ".txt"
    (corpus / name).write_text(f"{row['title']}\n\n{row['text']}\n", encoding="utf-8")
    return name


@pytest.fixture(scope="module")
def built(cluster, embedder, seed_config, tmp_path_factory) -> tuple[QAConfig, QAConfig, BuildReport, BuildReport]:
    """seeds/ indexed twice from one private copy: locally, and with the Ray engine."""
    root = tmp_path_factory.mktemp("ray-seeds")
    corpus = shutil.copytree(SEEDS, root / "corpus")
    local = replace(seed_config, corpus=corpus, index_dir=root / "index-local")
    on_ray = replace(seed_config, corpus=corpus, index_dir=root / "index-ray")
    local_report = update_index(local, progress=False, embedder=embedder)
    ray_report = update_index(on_ray, progress=False, engine=ray_engine(on_ray))
    return local, on_ray, local_report, ray_report


def chunk_rows(config: QAConfig) -> list[tuple[Any, ...]]:
    index = CorpusIndex.open(config.index_dir, config.model_name)
    try:
        return index.store.conn.execute("SELECT chunk_id, doc_id, start, end, sentences FROM chunks ORDER BY chunk_id").fetchall()
    finally:
        index.close()


def documents(config: QAConfig) -> list[tuple[Any, ...]]:
    index = CorpusIndex.open(config.index_dir, config.model_name)
    try:
        return index.store.conn.execute("SELECT doc_id, file, content_hash, text FROM documents ORDER BY doc_id").fetchall()
    finally:
        index.close()


def vectors(config: QAConfig) -> dict[int, np.ndarray]:
    """Every live vector of the index by chunk id (base and delta, tombstones dropped)."""
    index = CorpusIndex.open(config.index_dir, config.model_name)
    try:
        found: dict[int, np.ndarray] = {}
        for part in (index.vectors.base, index.vectors.delta):
            if part.ntotal:
                for ids, vecs in stored_vectors(part):
                    found.update(zip(ids.tolist(), np.array(vecs, dtype=np.float32), strict=True))
        for dead in index.vectors.dead.tolist():
            found.pop(dead, None)
        assert len(found) == index.vectors.ntotal
        return found
    finally:
        index.close()


def assert_same_index(local: QAConfig, on_ray: QAConfig) -> None:
    """Same chunk ids, doc ids, offsets and sentences; vectors at cosine >= 0.9999; the same manifest encoder."""
    assert chunk_rows(on_ray) == chunk_rows(local)
    assert documents(on_ray) == documents(local)
    ours, theirs = vectors(local), vectors(on_ray)
    assert sorted(ours) == sorted(theirs) == [row[0] for row in chunk_rows(local)]
    ids = sorted(ours)
    a = np.stack([ours[i] for i in ids])
    b = np.stack([theirs[i] for i in ids])
    cosine = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    assert cosine.min() >= 0.9999, (float(cosine.min()), ids[int(cosine.argmin())])
    for name in ("model_name", "dimension", "backend", "precision", "chunks", "fingerprint"):
        assert getattr(layout.read_manifest(layout.current_generation(on_ray.index_dir)), name) == getattr(
            layout.read_manifest(layout.current_generation(local.index_dir)), name
        ), name


def cli_args(config: QAConfig) -> list[str]:
    return ["--corpus", str(config.corpus), "--index-dir", str(config.index_dir)]


def run_qa(*args: str, timeout: float = 120, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """``qa ARGS`` in a subprocess; ``prelude`` runs first (e.g. to hide Ray)."""
    code = f"import sys\n{prelude}\nfrom qa.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, env=ENV, encoding="utf-8"
    )


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("qa: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# ------------------------------------------------------------------- the index


def test_ray_build_equals_local_build(built):
    local, on_ray, local_report, ray_report = built
    assert ray_report.first_build and ray_report.documents == local_report.documents == 5
    assert ray_report.chunks == local_report.chunks == ray_report.embedded_chunks > 0
    assert_same_index(local, on_ray)
    gen = layout.current_generation(on_ray.index_dir)
    assert not (gen / SHARDS_DIR).exists()  # the shards never reach the published generation
    assert sorted(p.name for p in on_ray.index_dir.glob("gen-*")) == [gen.name]


def test_ray_index_gives_the_same_answers_on_dev_gold(built, embedder):
    """Local eval on the local index vs the Ray eval (actors) on the Ray-built index: the same answer per question."""
    local, on_ray, _, _ = built
    gold = load_gold(DEV_GOLD)
    expected = evaluate(QAPipeline.load(local, embedder=embedder), gold)
    pool = RayAnswerPool(on_ray, workers=2)
    try:
        got = pool.evaluate(gold, closed=False, corpus=on_ray.corpus)
    finally:
        pool.close()
    assert [s.id for s in got.scores] == [s.id for s in expected.scores] == [g.id for g in gold]
    assert [(s.prediction, s.no_answer, s.doc, s.rank) for s in got.scores] == [
        (s.prediction, s.no_answer, s.doc, s.rank) for s in expected.scores
    ]
    for name in ("exact_match", "f1", "recall@5", "doc_accuracy@1", "questions"):
        assert got.metrics.get(name) == expected.metrics.get(name), name


def test_batch_on_ray_equals_local_line_for_line(built, run_cli, tmp_path):
    local, _, _, _ = built
    questions = [json.loads(line)["question"] for line in DEV_GOLD.read_text(encoding="utf-8").splitlines()[:5]]
    src = tmp_path / "questions.txt"
    src.write_text("\n".join([*questions[:3], UNANSWERABLE, *questions[3:]]) + "\n", encoding="utf-8")
    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / f"{engine}.jsonl"
        code, _stdout, err = run_cli("batch", src, "-o", out, "--engine", engine, "--batch-size", "2", *cli_args(local))
        assert code == 0, err
        outputs[engine] = out.read_text(encoding="utf-8")
    lines = outputs["ray"].splitlines()
    assert lines == outputs["local"].splitlines() and len(lines) == 6
    assert json.loads(lines[3])["no_answer"] is True
    assert outputs["ray"] == outputs["local"]


def test_eval_on_ray_equals_local(built, run_cli, tmp_path):
    """`qa eval --engine ray --json --report`: the local metrics and per-question predictions (latencies aside)."""
    local, _, _, _ = built
    results = {}
    for engine in ("local", "ray"):
        report = tmp_path / f"{engine}.jsonl"
        code, out, err = run_cli(
            "eval", DEV_GOLD, "--json", "--limit", "8", "--report", report, "--engine", engine, *cli_args(local)
        )
        assert code == 0, err
        metrics = {k: v for k, v in json.loads(out).items() if not any(t in k for t in ("latency", "second", "_ms"))}
        rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
        results[engine] = metrics, [{k: v for k, v in row.items() if k != "latency_ms"} for row in rows]
    assert len(results["ray"][1]) == 8
    (ray_metrics, ray_rows), (local_metrics, local_rows) = results["ray"], results["local"]
    assert ray_rows == local_rows
    assert {k: v for k, v in ray_metrics.items() if v != local_metrics.get(k)} == {}


def test_incremental_ray_update_embeds_only_the_new_file(cluster, embedder, seed_config, tmp_path):
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    local = replace(seed_config, corpus=corpus, index_dir=tmp_path / "index-local")
    on_ray = replace(seed_config, corpus=corpus, index_dir=tmp_path / "index-ray")
    update_index(local, progress=False, embedder=embedder)
    update_index(on_ray, progress=False, engine=ray_engine(on_ray))
    name = write_article(corpus, bbc_articles(1)[0])
    local_report = update_index(local, progress=False, embedder=embedder)
    ray_report = update_index(on_ray, progress=False, engine=ray_engine(on_ray))
    assert ray_report.added_files == local_report.added_files == [name]
    assert not ray_report.changed_files and not ray_report.rebuilt
    new_chunks = sum(1 for row in chunk_rows(on_ray) if row[1] == name)
    assert ray_report.embedded_chunks == local_report.embedded_chunks == new_chunks > 0
    assert ray_report.chunks == local_report.chunks
    assert_same_index(local, on_ray)


# ------------------------------------------------------------------ reliability


def test_killed_ray_driver_leaves_the_live_index_intact(cluster, embedder, seed_config, tmp_path):
    """SIGKILL of a `qa index --engine ray` driver (joined to the module's cluster) mid-build: the live index answers as before."""
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    config = replace(seed_config, corpus=corpus, index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=embedder)
    live = layout.current_generation(config.index_dir)
    question = json.loads(DEV_GOLD.read_text(encoding="utf-8").splitlines()[0])["question"]
    pipeline = QAPipeline.load(config, embedder=embedder)
    before = pipeline.answer(question)
    for row in bbc_articles(40, start=10):
        write_article(corpus, row)

    address = cluster.get_runtime_context().gcs_address
    proc = subprocess.Popen(
        [*QA, "index", "-q", "--engine", "ray", "--ray-address", address, *cli_args(config)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def shards_started() -> bool:  # the cluster is embedding into the new generation's shard folder
        return any(gen != live and (gen / SHARDS_DIR).exists() for gen in config.index_dir.glob("gen-*"))

    killed = kill_when(proc, shards_started, timeout=90)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert killed, f"the build ended before the kill point: {stderr}"
    assert "Traceback" not in stderr, stderr
    assert layout.current_generation(config.index_dir) == live
    reopened = QAPipeline.load(config, embedder=embedder)
    after = reopened.answer(question)
    assert (after.answer, after.doc, after.start, after.end) == (before.answer, before.doc, before.start, before.end)
    report = update_index(config, progress=False, embedder=embedder)
    assert len(report.added_files) == 40 and report.embedded_chunks > 0
    assert sorted(p.name for p in config.index_dir.glob("gen-*")) == [layout.current_generation(config.index_dir).name]


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float) -> bool:
    """SIGKILL ``proc`` once ``ready()`` holds; False when it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    raise AssertionError("the driver neither reached the kill point nor ended")


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize("command", ["index", "batch", "eval"])
def test_without_ray_one_line_install_hint(command, tmp_path):
    """No Ray importable: one `qa: error:` line with the install hint, non-zero, no traceback (in a fresh process)."""
    corpus = shutil.copytree(SEEDS, tmp_path / "corpus")
    questions = tmp_path / "q.txt"
    questions.write_text("Who is the president of Kenya?\n", encoding="utf-8")
    extra = {"index": [], "batch": [str(questions)], "eval": [str(DEV_GOLD)]}[command]
    proc = run_qa(
        command,
        *extra,
        "--engine",
        "ray",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(tmp_path / "index"),
        prelude="sys.modules['ray'] = None  # as if corpus-qa[ray] were not installed",
    )
    assert proc.returncode != 0
    assert_one_line_error(proc.stderr, INSTALL_HINT)
    assert not (tmp_path / "index").exists() or not list((tmp_path / "index").glob("gen-*"))


def test_unreachable_ray_address_fails_fast_in_one_line(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    proc = run_qa(
        "index",
        "--engine",
        "ray",
        "--ray-address",
        f"127.0.0.1:{port}",
        "--corpus",
        str(SEEDS),
        "--index-dir",
        str(tmp_path / "i"),
    )
    assert time.monotonic() - started < 30
    assert proc.returncode != 0
    assert_one_line_error(proc.stderr, f"127.0.0.1:{port}", "ray start --head")
    assert not (tmp_path / "i").exists() or not list((tmp_path / "i").glob("gen-*"))


@pytest.mark.parametrize(
    ("flags", "fragment"),
    [
        (["--engine", "ray", "--ray-workers", "0"], "--ray-workers must be at least 1"),
        (["--ray-workers", "2"], "need --engine ray"),
        (["--ray-address", "127.0.0.1:6379"], "need --engine ray"),
    ],
)
def test_ray_flag_usage_errors(flags, fragment, run_cli, tmp_path):
    code, _out, err = run_cli("index", *flags, "--corpus", SEEDS, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, fragment)
    assert not (tmp_path / "i").exists()
