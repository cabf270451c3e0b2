"""`qa eval` and `qa batch` end to end on the seed index (the real model)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import DEV_GOLD


def _qa(*args, seed_index, **kw):
    cmd = [sys.executable, "-m", "qa.cli", *args, "--corpus", str(seed_index.corpus), "--index-dir", str(seed_index.index_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def test_eval_dev_gold(seed_index, tmp_path):
    report = tmp_path / "report.jsonl"
    proc = _qa("eval", str(DEV_GOLD), "--json", "--report", str(report), seed_index=seed_index)
    assert proc.returncode == 0, proc.stderr
    metrics = json.loads(proc.stdout)
    assert metrics["questions"] == 33
    assert metrics["recall@5"] >= 90.0
    assert metrics["doc_accuracy@1"] >= 80.0
    assert metrics["f1"] >= 50.0
    lines = [json.loads(l) for l in report.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 33 and all("f1" in l for l in lines)


def test_batch_jsonl_in_order_with_ids(seed_index, tmp_path, seed_corpus):
    src = tmp_path / "q.jsonl"
    rows = [json.loads(l) for l in DEV_GOLD.read_text(encoding="utf-8").splitlines()[:5]]
    src.write_text(
        "\n".join(json.dumps({"id": r["id"], "question": r["question"], "topic": "haiti"}) for r in rows) + "\n{bad json\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = _qa("batch", str(src), "-o", str(out), seed_index=seed_index)
    assert proc.returncode == 1  # one bad line
    lines = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [l["id"] for l in lines[:5]] == [r["id"] for r in rows]
    assert all(l["topic"] == "haiti" for l in lines[:5])
    assert "error" in lines[5]
    for l in lines[:5]:
        text = (seed_corpus / l["doc"]).read_text(encoding="utf-8")
        assert text[l["start"] : l["end"]] == l["answer"]
