"""``qa eval --html`` end to end: the real command and pipeline on the seed dev gold."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from tests.helpers import DEV_GOLD

pytestmark = pytest.mark.slow


class Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.srcs: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "img":
            self.srcs.append(a.get("src") or "")
        self.marks += tag == "mark"


def test_qa_eval_html_writes_a_self_contained_report(seed_index, span_pipeline, tmp_path):
    out = tmp_path / "report.html"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "eval",
            str(DEV_GOLD),
            "--limit",
            "6",
            "--html",
            str(out),
            "--corpus",
            str(seed_index.corpus),
            "--index-dir",
            str(seed_index.index_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Exact match" in proc.stdout  # the table is still printed
    page = Images()
    page.feed(out.read_text(encoding="utf-8"))
    assert {"metrics", "reliability", "risk-coverage", "confidence", "questions"} <= page.ids
    assert len(page.srcs) == 3 and all(s.startswith("data:image/png;base64,") for s in page.srcs)
    assert page.marks >= 4  # answers highlighted in their passages
