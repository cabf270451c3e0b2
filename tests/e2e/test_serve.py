"""``qa serve`` end to end: the real command, the real pipeline, over HTTP on a free localhost port."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

pytestmark = pytest.mark.slow

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONUNBUFFERED": "1"}
LISTENING = re.compile(r"answering on (http://127\.0\.0\.1:\d+)")


def qa(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, env=ENV, timeout=timeout)


def start_server(*args: str, timeout: float = 120) -> tuple[subprocess.Popen, str]:
    """``qa serve --port 0 ARGS`` started; its base URL, read from the line it prints."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", "0", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=ENV,
    )
    deadline = time.monotonic() + timeout
    seen = []
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        m = LISTENING.search(line)
        if m:
            return proc, m.group(1)
    proc.kill()
    raise AssertionError("qa serve did not start: " + "".join(seen)[-2000:])


@pytest.fixture
def workspace(seed_index, tmp_path) -> Iterator[list[str]]:
    """A private copy of the seed corpus and index (this test adds an article)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_index.corpus, corpus)
    shutil.copytree(seed_index.index_dir, index)
    yield ["--corpus", str(corpus), "--index-dir", str(index)]


def test_serve_answers_like_qa_ask_and_follows_a_new_index(workspace, tmp_path):
    question = "How many people in Haiti remain displaced?"
    expected = json.loads(qa("ask", question, "--json", "--no-update", *workspace).stdout)
    proc, url = start_server("--no-update", *workspace)
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            health = client.get("/health").json()
            assert health["status"] == "ok" and health["documents"] == 5
            first_generation = health["generation"]
            answer = client.post("/ask", json={"question": question}).json()
            assert answer == expected  # the `qa ask --json` object, exactly
            assert "600,000" in answer["answer"]
            lines = client.post("/batch", json={"questions": [question, "!!!"]}).json()["results"]
            assert lines[0]["answer"] == expected["answer"] and "error" in lines[1]

            article = tmp_path / "bridge.txt"
            article.write_text(
                "The Harbour Bridge in Port Elspeth reopened on Monday after two years of repairs "
                "that cost 40 million dollars, the city council said.\n",
                encoding="utf-8",
            )
            added = qa("index", "add", str(article), *workspace)
            assert added.returncode == 0, added.stderr
            after = client.post("/ask", json={"question": "How much did the Harbour Bridge repairs cost?"}).json()
            assert after["doc"] == "bridge.txt" and "40 million" in after["answer"]
            index = client.get("/index").json()
            assert index["generation"] != first_generation and index["documents"] == 6 and index["reloads"] == 1
            doc = client.get("/document", params={"id": "bridge.txt"}).json()
            assert doc["text"].startswith("The Harbour Bridge")
            assert client.get("/document", params={"id": "../../../../etc/passwd"}).status_code == 404
    finally:
        proc.send_signal(signal.SIGTERM)  # a service manager's stop: a clean exit, status 0
        proc.wait(30)
    assert proc.returncode == 0


def test_serve_stops_cleanly_on_ctrl_c(workspace):
    proc, url = start_server("--no-update", *workspace)
    assert httpx.get(url + "/health", timeout=30).status_code == 200
    proc.send_signal(signal.SIGINT)
    proc.wait(30)
    assert proc.returncode == 0


def test_serve_refuses_a_bad_port():
    proc = qa("serve", "--port", "70000")
    assert proc.returncode == 2 and "--port must be between 0 and 65535" in proc.stderr
