"""The ONNX Runtime backend (issue 13): same vectors and logits as torch, no torch on the query path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from index.builder import index_status, update_index
from index.model_location import resolve_model_path
from qa.config import QAConfig
from qa.errors import IndexMismatchError
from qa.pipeline import QAPipeline
from qa.readers.span_model import encode_windows
from tests.helpers import SEEDS

HEAVY = ("torch", "transformers", "sentence_transformers", "sklearn", "textual")
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def imported_modules(stderr: str) -> set[str]:
    """Top-level packages named in ``python -X importtime`` output."""
    names = set()
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)$", line)
        if m:
            names.add(m.group(1).split(".")[0])
    return names


def run_importtime(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qa.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
        encoding="utf-8",
        errors="replace",
    )


def test_qa_ask_imports_no_torch_transformers_or_sklearn(seed_index, span_pipeline):
    """With the exports cached (the fixtures made them), a one-shot ``qa ask`` stays torch-free."""
    proc = run_importtime(
        "ask",
        "How many people in Haiti remain displaced?",
        "--json",
        "--corpus",
        str(seed_index.corpus),
        "--index-dir",
        str(seed_index.index_dir),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert "600,000" in result["answer"]
    modules = imported_modules(proc.stderr)
    assert {"onnxruntime", "tokenizers", "faiss", "Stemmer"} <= modules  # the path really ran
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize("command", ["batch", "eval", "index add"])
def test_other_query_commands_import_no_torch(command, seed_index, span_pipeline, tmp_path):
    """``qa batch``, ``qa eval`` and ``qa index add`` (which embeds) stay torch-free too."""
    where = ["--corpus", str(seed_index.corpus), "--index-dir", str(seed_index.index_dir)]
    if command == "batch":
        questions = tmp_path / "q.txt"
        questions.write_text("Who leads Kenya?\nHow many people in Haiti remain displaced?\n", encoding="utf-8")
        args = ["batch", str(questions), "-o", str(tmp_path / "out.jsonl"), *where]
    elif command == "eval":
        args = ["eval", str(SEEDS.parent / "data" / "gold" / "dev.jsonl"), "--limit", "3", *where]
    else:
        import shutil

        corpus = tmp_path / "corpus"
        shutil.copytree(seed_index.corpus, corpus)
        shutil.copytree(seed_index.index_dir, tmp_path / "index")
        article = tmp_path / "new.txt"
        article.write_text(
            "The harbour bridge reopened on Monday after two years of repairs costing 40 million dollars.", encoding="utf-8"
        )
        args = ["index", "add", str(article), "--corpus", str(corpus), "--index-dir", str(tmp_path / "index")]
    proc = run_importtime(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = imported_modules(proc.stderr)
    assert "onnxruntime" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_qa_help_imports_no_model_code():
    proc = run_importtime("--help")
    assert proc.returncode == 0
    modules = imported_modules(proc.stderr)
    assert not modules & {*HEAVY, "onnxruntime", "tokenizers", "faiss", "bm25s"}, sorted(modules)


def _texts() -> list[str]:
    """Sentence- to page-sized slices of the seeds: many over 128 word pieces, some over 256."""
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for size in (80, 400, 900, 1600):
            texts += [text[i : i + size] for i in range(0, len(text), size * 2)][:6]
    return texts + ["Who?", "How many people in Haiti remain displaced?", "  spaces around  "]


def test_onnx_fp32_embeddings_match_sentence_transformers(embedder):
    from sentence_transformers import SentenceTransformer

    texts = _texts()
    counts = embedder.count_tokens(texts)
    assert max(counts) > 256 and sum(c > 128 for c in counts) >= 10  # the 128-token gotcha is exercised
    reference = SentenceTransformer(resolve_model_path("all-MiniLM-L6-v2"), device="cpu").encode(
        texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True
    )
    ours = embedder.encode(texts)
    assert ours.shape == reference.shape and ours.dtype == np.float32
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines.min()


def test_the_batch_size_does_not_change_the_vectors(embedder):
    """Small batches are the default for speed (``index.settings.MODEL_BATCH``); each is padded to its own longest text."""
    from index.onnx_encoder import OnnxEmbedder

    texts = _texts()
    small = OnnxEmbedder("all-MiniLM-L6-v2", batch_size=8).encode(texts)
    wide = OnnxEmbedder("all-MiniLM-L6-v2", batch_size=64).encode(texts)
    assert (small * wide).sum(axis=1).min() >= 0.99999


def test_onnx_reader_windows_and_logits_match_torch():
    from qa.readers.span import SpanReader

    path = QAConfig().reader_path
    onnx, torch = SpanReader(path, backend="onnx"), SpanReader(path, backend="torch")
    texts = _texts()
    questions = ["What happened?", "Who said it?", "Où est le café “Rosé”?"] * (len(texts) // 3)
    passages = texts[: len(questions)]
    a = encode_windows(onnx.tokenizer, questions, passages, onnx.max_length, onnx.stride)
    b = encode_windows(torch.tokenizer, questions, passages, torch.max_length, torch.stride)
    assert list(a["overflow_to_sample_mapping"]) == list(b["overflow_to_sample_mapping"])
    assert a["input_ids"] == b["input_ids"] and a["token_type_ids"] == b["token_type_ids"]
    assert [list(map(tuple, x)) for x in a["offset_mapping"]] == [list(map(tuple, x)) for x in b["offset_mapping"]]
    for i in range(len(a)):
        assert a.word_ids(i) == b.word_ids(i) and a.sequence_ids(i) == b.sequence_ids(i)
    sample = slice(0, 40)
    sub_a = type(a)(a.encodings[sample], list(a["overflow_to_sample_mapping"])[sample])
    starts_a, ends_a = onnx._logits(sub_a)
    starts_b, ends_b = torch._logits({k: b[k][sample] for k in ("input_ids", "token_type_ids")})
    for x, y in zip(starts_a + ends_a, starts_b + ends_b):
        assert np.abs(x - y[: len(x)]).max() < 1e-3


def test_index_records_backend_and_precision_and_refuses_another(seed_index, embedder, tmp_path):
    config = QAConfig(corpus=seed_index.corpus, index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=embedder)
    from index import layout

    manifest = layout.read_manifest(layout.current_generation(config.index_dir))
    assert (manifest.backend, manifest.precision) == ("onnx", "fp32")
    assert index_status(config) == "fresh"
    int8 = config.with_overrides(precision="int8")
    assert index_status(int8) == "model-mismatch"  # `qa ask` rebuilds; `--no-update` refuses:
    with pytest.raises(IndexMismatchError, match=r"built with backend 'onnx' \(fp32\), not backend 'onnx' \(int8\).*qa index"):
        QAPipeline.load(int8)
    assert index_status(config.with_overrides(backend="torch")) == "model-mismatch"


def test_a_model_folder_shares_the_export_of_identical_files(embedder, tmp_path, capsys):
    """``model_name`` may be a folder (e.g. a hub download): exports are keyed by content, not by name."""
    import shutil

    from index.embedding import make_embedder

    folder = tmp_path / "my-minilm"
    shutil.copytree(resolve_model_path("all-MiniLM-L6-v2"), folder)
    other = make_embedder(str(folder))
    assert other.folder == embedder.folder  # same files, same export: nothing exported again
    assert "exporting" not in capsys.readouterr().err
    text = ["The harbour bridge reopened on Monday."]
    assert np.allclose(other.encode(text), embedder.encode(text), atol=1e-6)


def spins_only_within_a_run(session) -> bool:
    """Whether an ONNX Runtime session's threads spin between operators but stop when a run returns."""
    options = session.get_session_options()
    try:
        no_spin = options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    except Exception:  # noqa: BLE001 - onnxruntime raises a plain Exception for an unset key: the default, spinning
        no_spin = False
    return (
        options.use_per_session_threads and not no_spin and options.get_session_config_entry("session.force_spinning_stop") == "1"
    )


def test_encoder_and_reader_threads_stop_spinning_when_a_run_returns(span_pipeline):
    """Threads spinning after the encoder's run held the cores the reader needed next (bench/ort_spin.py)."""
    assert span_pipeline.embedder.backend == "onnx" and span_pipeline.reader.backend == "onnx"
    assert spins_only_within_a_run(span_pipeline.embedder.session)
    assert spins_only_within_a_run(span_pipeline.reader.session)


def test_indexing_encodes_with_the_same_session_settings(tmp_path, monkeypatch):
    """The builder's encoder is made like a question's, and indexes."""
    import index.builder as builder
    from index.embedding import make_embedder

    made = []

    def recording(*args, **kwargs):
        embedder = make_embedder(*args, **kwargs)
        made.append(embedder)
        return embedder

    monkeypatch.setattr(builder, "make_embedder", recording)
    config = QAConfig(corpus=SEEDS, index_dir=tmp_path / "index")
    report = update_index(config)
    assert len(made) == 1 and made[0].backend == "onnx" and report.chunks > 0
    assert spins_only_within_a_run(made[0].session)
