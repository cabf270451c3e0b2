"""The export cache: built once, atomic, keyed by content, repaired with one note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import layout, model_cache


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("QA_CACHE_DIR", str(root))
    return root


def _builder(calls: list):
    def build(dest: Path) -> dict:
        calls.append(dest)
        (dest / "model.onnx").write_bytes(b"x" * 1000)
        return {"dimension": 3}

    return build


def test_built_once_then_reused(cache, capsys):
    calls: list = []
    first = model_cache.ensure_artifact("encoder-fp32", "k", _builder(calls), "m")
    second = model_cache.ensure_artifact("encoder-fp32", "k", _builder(calls), "m")
    assert first == second and len(calls) == 1
    assert model_cache.read_meta(first)["dimension"] == 3
    assert [p.name for p in cache.iterdir() if p.name.startswith(".tmp")] == []  # built aside, renamed in
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("qa: note: exporting m to ONNX once")


def test_another_key_is_another_folder():
    calls: list = []
    a = model_cache.ensure_artifact("encoder-fp32", "source=1", _builder(calls), "m")
    b = model_cache.ensure_artifact("encoder-fp32", "source=2", _builder(calls), "m")
    assert a != b and len(calls) == 2


@pytest.mark.parametrize("damage", ["truncate", "delete", "meta"])
def test_damaged_cache_is_rebuilt_with_one_note(damage, capsys):
    calls: list = []
    folder = model_cache.ensure_artifact("reader-fp32", "k", _builder(calls), "m")
    capsys.readouterr()
    if damage == "truncate":
        (folder / "model.onnx").write_bytes(b"x" * 10)
    elif damage == "delete":
        (folder / "model.onnx").unlink()
    else:
        (folder / model_cache.META_FILE).write_text("{not json", encoding="utf-8")
    again = model_cache.ensure_artifact("reader-fp32", "k", _builder(calls), "m")
    assert again == folder and len(calls) == 2
    assert (folder / "model.onnx").stat().st_size == 1000
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "was damaged" in err[0] and "rebuilding it" in err[0]


def test_unloadable_cache_is_rebuilt_once(capsys):
    calls: list = []
    loads: list = []

    def load(folder: Path):
        loads.append(folder)
        if len(loads) == 1:
            raise RuntimeError("[ONNXRuntimeError] : 7 : INVALID_PROTOBUF : Load model failed")
        return "session"

    folder, session = model_cache.load_with_repair("encoder-fp32", "k", _builder(calls), "m", load)
    assert session == "session" and len(calls) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "INVALID_PROTOBUF" in err[1]  # the first export's note, then the repair's


def test_source_hash_is_content_based_and_memoised(tmp_path):
    src = tmp_path / "model"
    src.mkdir()
    (src / "config.json").write_text("{}", encoding="utf-8")
    (src / "model.safetensors").write_bytes(b"weights")
    (src / "README.md").write_text("not a model file", encoding="utf-8")
    first = model_cache.source_hash(src)
    assert model_cache.source_hash(src) == first
    (src / "README.md").write_text("edited", encoding="utf-8")
    assert model_cache.source_hash(src) == first  # documentation does not change the model
    (src / "model.safetensors").write_bytes(b"other weights")
    assert model_cache.source_hash(src) != first


def test_manifest_without_encoder_fields_reads_as_torch_fp32(tmp_path):
    gen = tmp_path / "gen-000001"
    gen.mkdir()
    fields = {f: 0 for f in ("dimension", "documents", "chunks", "chunk_tokens", "chunk_overlap_sentences")}
    data = {
        "format_version": layout.FORMAT_VERSION,
        "model_name": "m",
        "index_type": "flat",
        "corpus": "c",
        "fingerprint": "f",
        "created": "now",
        **fields,
    }
    (gen / layout.MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert layout.encoder_of(layout.read_manifest(gen)) == ("torch", "fp32")
    data.update(backend="onnx", precision="int8")
    (gen / layout.MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert layout.encoder_of(layout.read_manifest(gen)) == ("onnx", "int8")


def test_a_folder_without_config_json_is_not_a_model(tmp_path):
    """Refused before any file is hashed: ``model_name = "/usr"`` must not read a whole tree first."""
    from index.model_location import local_model_folder

    (tmp_path / "notes.txt").write_text("not a model\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="no config.json"):
        local_model_folder(str(tmp_path))
    (tmp_path / "config.json").write_text("{}\n", encoding="utf-8")
    assert local_model_folder(str(tmp_path)) == tmp_path
