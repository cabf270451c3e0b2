"""``qa serve``: the real server (uvicorn on a free localhost port) over a small fake pipeline.

No HTTP mocking: every test talks to a running server through a socket.
The pipeline is a fake (no model) so these run in a second; the
end-to-end test with the real pipeline is ``tests/e2e/test_serve.py``.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from index.types import Document, Metadata
from qa.config import QAConfig
from qa.errors import QAError
from qa.pipeline import validate_question
from qa.serve import AnswerWorker, bind, is_loopback, make_server
from qa.types import Candidate, QAResult

TEXT = "The mission has 800 officers. Earlier, nearly 400 officers were deployed."
DOCS = {"a.txt": Document("a.txt", TEXT, Metadata(title="Mission grows", date="2025-04-14"))}


@dataclass
class FakePipeline:
    """Answers with the question's own length as the span, so mix-ups between requests show."""

    config: QAConfig
    name: str = "gen-000001"
    threads: set[int] = field(default_factory=set)
    batches: list[int] = field(default_factory=list)
    early_exits: list[bool] = field(default_factory=list)
    gate: threading.Event | None = None
    threshold: float = 0.5

    @property
    def index(self) -> SimpleNamespace:
        return SimpleNamespace(
            generation=Path("/x") / self.name,
            manifest=SimpleNamespace(documents=1, chunks=2, model_name="m", backend="onnx", precision="fp32", created="now"),
        )

    def answer_batch(self, questions: list[str], early_exit: bool = True) -> list[QAResult]:
        self.threads.add(threading.get_ident())
        self.batches.append(len(questions))
        self.early_exits.append(early_exit)
        if self.gate is not None:
            self.gate.wait(10)
        return [self._result(q) for q in questions]

    def answer(self, question: str) -> QAResult:
        return self.answer_batch([question])[0]

    def _result(self, question: str) -> QAResult:
        validate_question(question, self.config)
        start = TEXT.index("800")
        cand = Candidate("800", 0.9, "a.txt", start, start + 3, TEXT, 0)
        return QAResult(
            question, "800", False, 0.9, "a.txt", start, start + 3, f"{self.name}:{len(question)}", "2025-04-14", TEXT, 0, [cand]
        )

    def document(self, doc_id: str) -> Document:
        if doc_id not in DOCS:
            raise QAError(f"document {doc_id!r} is not in the index")
        return DOCS[doc_id]


class Probe:
    def __init__(self, value: str = "gen-000001") -> None:
        self.value = value

    def __call__(self, config: QAConfig) -> str:
        return self.value


@contextlib.contextmanager
def running(worker: AnswerWorker, max_body: int = 4096) -> Iterator[httpx.Client]:
    """The real uvicorn server for ``worker`` on a free 127.0.0.1 port, and a client for it."""
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = make_server(worker, max_body=max_body)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.started
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(10)
        worker.stop()
        sock.close()


@pytest.fixture
def config(tmp_path) -> QAConfig:
    return QAConfig(corpus=tmp_path / "c", index_dir=tmp_path / "i")


def make_worker(config: QAConfig, pipeline: FakePipeline | None = None, **kw) -> AnswerWorker:
    kw.setdefault("probe", Probe())
    kw.setdefault("across", lambda p, q, r: {"across": [{"doc": r.doc, "answers": [r.answer]}], "articles_differ": False})
    return AnswerWorker(config, pipeline or FakePipeline(config), **kw)


def test_ask_returns_the_qa_ask_json_object(config):
    pipeline = FakePipeline(config)
    with running(make_worker(config, pipeline)) as client:
        response = client.post("/ask", json={"question": "How many officers?"})
        assert response.status_code == 200
        assert response.json() == pipeline.answer("How many officers?").to_json()
        assert "across" not in response.json()
        across = client.post("/ask", json={"question": "How many officers?", "across": True}).json()
        assert across["across"] == [{"doc": "a.txt", "answers": ["800"]}] and across["articles_differ"] is False
        # the answer beside an "across" listing reads every passage, as the listing does (qa.early_exit)
        assert pipeline.early_exits[-2:] == [True, False]


def test_bad_questions_and_bodies_are_refused_with_a_reason(config):
    with running(make_worker(config), max_body=4096) as client:
        empty = client.post("/ask", json={"question": "   "})
        assert empty.status_code == 422 and "empty" in empty.json()["detail"]
        symbols = client.post("/ask", json={"question": "?!?"})
        assert symbols.status_code == 422 and "no words" in symbols.json()["detail"]
        long = client.post("/ask", json={"question": "why " * 600})
        assert long.status_code == 422 and "limit is 2,000" in long.json()["detail"]
        assert client.post("/ask", json={"question": "ok?", "extra": 1}).status_code == 422
        assert client.post("/ask", json={"q": "ok?"}).status_code == 422
        assert client.post("/ask", content=b"not json", headers={"content-type": "application/json"}).status_code == 422
        for body in (b'{"question": "ok?", "extra": 1e309}', b'{"question": 1e309}', b'{"question": "ok?", "across": NaN}'):
            # Python's json reads these as infinity / NaN; FastAPI's own 422 echoed them back and failed with a 500
            odd = client.post("/ask", content=body, headers={"content-type": "application/json"})
            assert odd.status_code == 422, body
            assert odd.json()["detail"][0]["input"] in ("inf", "nan"), odd.json()
        big = client.post("/ask", json={"question": "x" * 5000})
        assert big.status_code == 413 and "limit is 4096 bytes" in big.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"question": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        assert client.post("/ask", content=chunks(), headers={"content-type": "application/json"}).status_code == 413
        assert client.get("/health").status_code == 200  # still serving


def test_batch_answers_in_order_and_reports_bad_lines(config):
    with running(make_worker(config), max_body=64 * 1024) as client:
        response = client.post("/batch", json={"questions": ["How many?", "", "And how many officers now?"]})
        assert response.status_code == 200
        lines = response.json()["results"]
        assert [line["id"] for line in lines] == [0, 1, 2]
        assert lines[0]["title"] == "gen-000001:9" and lines[2]["title"] == "gen-000001:26"
        assert "empty" in lines[1]["error"] and "answer" not in lines[1]
        too_many = client.post("/batch", json={"questions": ["q?"] * 101})
        assert too_many.status_code == 422


def test_lone_surrogates_echoed_back_are_not_a_500(config):
    """A ``\\ud800`` escape echoed back (a ``/batch`` error line, a 422 naming a key) could not be
    encoded as UTF-8: the request ended in a 500 with a traceback in the server log."""
    with running(make_worker(config), max_body=64 * 1024) as client:
        post = {"headers": {"content-type": "application/json"}}
        batch = client.post("/batch", content=b'{"questions": ["\\ud800", "How many?"]}', **post)
        assert batch.status_code == 200, batch.text
        lines = batch.json()["results"]
        assert lines[0]["question"] == "\ufffd" and "error" in lines[0] and lines[1]["answer"] == "800"
        key = client.post("/ask", content=b'{"question": "How many?", "\\ud800": 1}', **post)
        assert key.status_code == 422, key.text
        assert "\ufffd" in key.text
        value = client.post("/ask", content=b'{"question": ["\\udcff"]}', **post)
        assert value.status_code == 422, value.text
        assert value.json()["detail"][0]["input"] == ["\ufffd"]
        assert client.get("/health").status_code == 200


def test_document_reads_the_index_never_the_file_system(config, tmp_path):
    with running(make_worker(config)) as client:
        ok = client.get("/document", params={"id": "a.txt"})
        assert ok.status_code == 200 and ok.json()["text"] == TEXT and ok.json()["date"] == "2025-04-14"
        for name in ("../../etc/passwd", "/etc/passwd", "a.txt/../../../etc/hostname", str(tmp_path)):
            response = client.get("/document", params={"id": name})
            assert response.status_code == 404, name
            assert "root:" not in response.text
        assert client.get("/../../etc/passwd").status_code == 404
        assert client.get("/static/../../etc/passwd").status_code == 404


def test_health_index_and_openapi(config):
    with running(make_worker(config)) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["generation"] == "gen-000001"
        assert health["documents"] == 1 and health["chunks"] == 2
        index = client.get("/index").json()
        assert index["generation"] == "gen-000001" and index["corpus"] == str(config.corpus)
        assert index["threshold"] == 0.5 and index["model"] == "m"
        spec = client.get("/openapi.json").json()
        assert {"/ask", "/batch", "/health", "/index", "/document"} <= set(spec["paths"])
        assert client.get("/docs").status_code == 200
        root = client.get("/", follow_redirects=False)  # a browser pointed at the server
        assert root.status_code == 307 and root.headers["location"] == "/docs"
        assert "/" not in spec["paths"]


def test_a_new_index_version_is_picked_up_without_restart(config):
    probe = Probe("gen-000001")
    made: list[FakePipeline] = []

    def factory(cfg: QAConfig) -> FakePipeline:
        made.append(FakePipeline(cfg, name=probe.value))
        return made[-1]

    with running(make_worker(config, FakePipeline(config), probe=probe, factory=factory)) as client:
        assert client.post("/ask", json={"question": "How many?"}).json()["title"] == "gen-000001:9"
        probe.value = "gen-000002"  # another process published a new version
        assert client.post("/ask", json={"question": "How many?"}).json()["title"] == "gen-000002:9"
        assert client.get("/index").json()["generation"] == "gen-000002"
        assert client.get("/index").json()["reloads"] == 1
        assert len(made) == 1  # loaded once, not per question


def test_a_new_version_that_fails_to_load_keeps_the_current_one(config):
    probe = Probe("gen-000001")
    calls = []

    def factory(cfg: QAConfig) -> FakePipeline:
        calls.append(1)
        raise QAError("index file vectors.faiss is damaged")

    with running(make_worker(config, FakePipeline(config), probe=probe, factory=factory)) as client:
        probe.value = "gen-000002"
        for _ in range(3):
            assert client.post("/ask", json={"question": "How many?"}).json()["title"] == "gen-000001:9"
        health = client.get("/health").json()
        assert health["generation"] == "gen-000001" and "damaged" in health["reload_error"]
        assert len(calls) == 1  # not retried for every question


def test_concurrent_requests_share_one_thread_and_get_their_own_answers(config):
    pipeline = FakePipeline(config)
    with running(make_worker(config, pipeline, max_batch=8)) as client:
        questions = [f"How many officers{'?' * (i % 7 + 1)} {'x' * i}" for i in range(40)]

        def ask(q: str) -> tuple[str, dict]:
            return q, client.post("/ask", json={"question": q}).json()

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, questions))
    for q, answer in answers:
        assert answer["question"] == q and answer["title"] == f"gen-000001:{len(q)}"
    assert len(pipeline.threads) == 1  # only the answer worker called the pipeline
    assert sum(pipeline.batches) == 40 and max(pipeline.batches) <= 8


def test_too_many_waiting_questions_get_503(config):
    gate = threading.Event()
    worker = make_worker(config, FakePipeline(config, gate=gate), max_waiting=2, max_batch=1)
    with running(worker) as client:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            first = pool.submit(client.post, "/ask", json={"question": "one?"})
            time.sleep(0.3)
            second = pool.submit(client.post, "/ask", json={"question": "two?"})
            time.sleep(0.3)
            third = client.post("/ask", json={"question": "three?"})
            assert third.status_code == 503 and third.headers["retry-after"] == "1"
            gate.set()
            assert first.result().status_code == 200 and second.result().status_code == 200


def test_default_bind_is_this_machine_only():
    import qa.serve as server
    from qa.commands import serve as command

    assert command.DEFAULT_HOST == server.DEFAULT_HOST == "127.0.0.1"
    assert command.DEFAULT_PORT == server.DEFAULT_PORT
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--port", "-1"], "--port must be between 0 and 65535"),
        (["--max-body", "10"], "--max-body must be at least 1024 bytes"),
        (["--max-batch", "0"], "--max-batch must be between 1 and 64"),
    ],
)
def test_serve_flags_are_checked_before_anything_loads(flags, message, capsys):
    from qa.cli import main

    assert main(["serve", *flags]) == 2
    assert message in capsys.readouterr().err
