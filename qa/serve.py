"""``qa serve``: the pipeline behind an HTTP JSON API (FastAPI + uvicorn).

Why this shape:

- **One warm pipeline, one thread touching it.** Loading the models and the
  index takes seconds and a few hundred MB; one copy per process is shared
  by every request. Only the answer worker (one thread) ever calls it:
  the index's SQLite connection, the BM25 arrays and the reader's buffers
  were written for one caller at a time, and ONNX Runtime already spreads
  one question over every core, so parallel calls would buy no throughput
  on a small machine, only races. Requests queue for the worker, which
  takes every question waiting (up to ``max_batch``) into one
  ``answer_batch`` call: under load, questions share one encode, one search
  and one read, which is where batching is cheaper than one by one.
- **A new index without a restart.** Before each batch the worker reads
  which index version is live (one small file, ``qa.opening.live_generation``,
  the chat's probe) and, when another process published a new one (``qa
  index add``), loads it through ``qa.opening`` (the path every front end
  shares) and answers from it; if that load fails it keeps the version it
  has and says why in ``/health``.
- **Small attack surface.** It binds 127.0.0.1 unless told otherwise;
  request bodies are capped (``max_body`` bytes, checked before the body is
  parsed), questions go through ``validate_question`` (length, no words),
  ``/batch`` takes at most ``MAX_BATCH_QUESTIONS``, and ``/document`` reads
  articles from the index's own store by document id, never from the file
  system, so no name (``../../etc/passwd``) can reach a file outside the
  corpus. At most ``max_waiting`` questions wait; more get 503 at once.

FastAPI and uvicorn are imported by this module only, which only ``qa
serve`` imports: ``qa ask`` stays light.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import Message, Receive, Scope, Send

from qa.config import QAConfig
from qa.errors import QAError, QuestionError
from qa.pipeline import printable_question, validate_question

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY = 256 * 1024  # bytes: 100 questions of 2,000 characters fit
DEFAULT_MAX_BATCH = 8  # questions answered in one ``answer_batch`` call
DEFAULT_MAX_WAITING = 256  # questions queued before new ones get 503
MAX_BATCH_QUESTIONS = 100  # per ``POST /batch``
ANSWER_TIMEOUT_S = 120.0

PipelineFactory = Callable[[QAConfig], Any]
GenerationProbe = Callable[[QAConfig], "str | None"]
AcrossFn = Callable[[Any, str, Any], dict[str, Any]]


# ----------------------------------------------------------------- the worker


@dataclass
class _Job:
    """Questions to answer together (one request), or a call to run on the worker."""

    questions: Sequence[str] = ()
    across: bool = False
    call: Callable[[Any], Any] | None = None
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)


class Overloaded(QAError):
    """Too many questions are waiting: the client should retry later (HTTP 503)."""


def _default_factory(config: QAConfig) -> Any:
    from qa.opening import load_pipeline

    return load_pipeline(config)


def _default_probe(config: QAConfig) -> str | None:
    from qa.opening import live_generation

    return live_generation(config.index_dir)


def _default_across(pipeline: Any, question: str, result: Any) -> dict[str, Any]:
    from qa.across import across_json

    return across_json(pipeline, question, result)


def loaded_generation(pipeline: Any) -> str | None:
    """The index version a real pipeline opened (``pipeline.index.generation.name``), if it says."""
    generation = getattr(getattr(pipeline, "index", None), "generation", None)
    return getattr(generation, "name", None) if generation is not None else None


class AnswerWorker:
    """The one thread that calls the pipeline; requests hand it jobs and wait on futures."""

    def __init__(
        self,
        config: QAConfig,
        pipeline: Any,
        *,
        factory: PipelineFactory = _default_factory,
        probe: GenerationProbe = _default_probe,
        across: AcrossFn = _default_across,
        max_batch: int = DEFAULT_MAX_BATCH,
        max_waiting: int = DEFAULT_MAX_WAITING,
    ) -> None:
        self.config = config
        self.pipeline = pipeline
        self.factory = factory
        self.probe = probe
        self.across = across
        self.max_batch = max(1, max_batch)
        self.max_waiting = max(1, max_waiting)
        self.generation: str | None = loaded_generation(pipeline) or self._probe()
        self.reload_error: str | None = None
        self._failed_generation: str | None = None  # not retried until another version is published
        self.reloads = 0
        self.answered = 0
        self.started = time.time()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="qa-serve-answers", daemon=True)
        self._thread.start()

    # -- what requests call (any thread) --------------------------------------
    def submit(self, questions: Sequence[str], across: bool = False) -> concurrent.futures.Future[list[dict[str, Any]]]:
        """Queue validated questions; the future gets one ``to_json()`` dict per question."""
        with self._waiting_lock:
            if self._waiting + len(questions) > self.max_waiting:
                raise Overloaded(f"{self._waiting} questions are waiting; try again shortly")
            self._waiting += len(questions)
        job = _Job(questions=list(questions), across=across)
        self._jobs.put(job)
        return job.future

    def call(self, fn: Callable[[Any], Any]) -> concurrent.futures.Future[Any]:
        """Run ``fn(pipeline)`` on the worker (reads of the index store)."""
        job = _Job(call=fn)
        self._jobs.put(job)
        return job.future

    def stop(self, timeout: float = 5.0) -> None:
        self._jobs.put(None)
        self._thread.join(timeout)

    @property
    def waiting(self) -> int:
        return self._waiting

    # -- the thread -----------------------------------------------------------
    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            batch = [job]
            size = len(job.questions)
            while size < self.max_batch:  # every question already waiting joins this call
                try:
                    nxt = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._jobs.put(None)
                    break
                batch.append(nxt)
                size += len(nxt.questions)
            # A request that timed out meanwhile is skipped; once running, a job cannot be cancelled.
            batch = [j for j in batch if j.future.set_running_or_notify_cancel() or self._release(j)]
            self._follow_index()
            calls = [j for j in batch if j.call is not None]
            asks = [j for j in batch if j.call is None]
            for j in calls:
                self._settle(j, lambda j=j: j.call(self.pipeline))  # type: ignore[misc]
            # A request with "across" reads every passage (no early exit, qa.early_exit), as its listing does,
            # so its answer's probability is the one listed beside it; such requests share a call of their own.
            for group in ([j for j in asks if not j.across], [j for j in asks if j.across]):
                if group:
                    self._answer(group)

    def _release(self, job: _Job) -> bool:
        with self._waiting_lock:
            self._waiting -= len(job.questions)
        return False

    def _probe(self) -> str | None:
        try:
            return self.probe(self.config)
        except Exception:  # an optimisation: never a failure
            log.exception("could not read the index version")
            return None

    def _follow_index(self) -> None:
        """Load the live index version when another process published a new one."""
        live = self._probe()
        if live is None or live == self.generation or live == self._failed_generation:
            return
        try:
            fresh = self.factory(self.config)
        except Exception as err:  # keep answering from the version we have
            if live != self._failed_generation:  # said once per version, not per question
                log.warning("could not load the new index version %s (%s); answering from %s", live, err, self.generation)
            self.reload_error = f"{live}: {err}"
            self._failed_generation = live
            return
        old, self.pipeline = self.pipeline, fresh
        self.generation = loaded_generation(fresh) or live
        self.reload_error = None
        self.reloads += 1
        close = getattr(getattr(old, "index", None), "close", None)
        if callable(close):
            try:
                close()
            except Exception:
                log.exception("could not close the previous index")

    def _answer(self, jobs: list[_Job]) -> None:
        questions = [q for j in jobs for q in j.questions]
        try:
            try:
                results = self._ask(questions, jobs[0].across)
            except QuestionError:  # validated already; still, one bad question fails only its request
                results = None
            pos = 0
            for j in jobs:
                n = len(j.questions)
                mine = results[pos : pos + n] if results is not None else None
                pos += n
                self._settle(j, functools.partial(self._payload, j, mine))
        except Exception as err:  # an index or model failure: every waiting request hears it
            for j in jobs:
                if not j.future.done():
                    j.future.set_exception(err)
        finally:
            with self._waiting_lock:
                self._waiting -= len(questions)

    def _ask(self, questions: list[str], across: bool) -> list[Any]:
        """Answers to ``questions``, read from every passage for an "across" request (no early exit, ``qa.early_exit``)."""
        if across:
            return list(self.pipeline.answer_batch(questions, early_exit=False))
        return list(self.pipeline.answer_batch(questions))

    def _payload(self, job: _Job, results: list[Any] | None) -> list[dict[str, Any]]:
        if results is None:
            results = [self._ask([q], job.across)[0] for q in job.questions]
        out = []
        for question, result in zip(job.questions, results, strict=True):
            record = result.to_json()
            if job.across:
                record.update(self.across(self.pipeline, question, result))  # "across", "articles_differ"
            out.append(record)
        self.answered += len(out)
        return out

    @staticmethod
    def _settle(job: _Job, fn: Callable[[], Any]) -> None:
        try:
            job.future.set_result(fn())
        except BaseException as err:  # noqa: BLE001 - handed to the request that asked
            job.future.set_exception(err)

    # -- facts for /health and /index -------------------------------------------
    def index_facts(self) -> dict[str, Any]:
        manifest = getattr(getattr(self.pipeline, "index", None), "manifest", None)
        facts: dict[str, Any] = {
            "corpus": str(self.config.corpus),
            "index_dir": str(self.config.index_dir),
            "generation": self.generation,
            "documents": getattr(manifest, "documents", None),
            "chunks": getattr(manifest, "chunks", None),
        }
        return facts


# ------------------------------------------------------------------ the models


class AskRequest(BaseModel):
    """``POST /ask``: one question."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="the question, as a user would type it")
    across: bool = Field(False, description="also group the answers above the threshold by article (newest first)")


class BatchRequest(BaseModel):
    """``POST /batch``: several questions, answered in order."""

    model_config = ConfigDict(extra="forbid")
    questions: list[str] = Field(max_length=MAX_BATCH_QUESTIONS, description=f"at most {MAX_BATCH_QUESTIONS} questions")
    across: bool = False


class CandidateOut(BaseModel):
    answer: str
    score: float
    doc: str
    start: int
    end: int
    passage: str
    passage_start: int


class AnswerOut(BaseModel):
    """The ``qa ask --json`` contract (``across`` only when asked for)."""

    question: str
    answer: str
    no_answer: bool
    score: float
    doc: str | None
    start: int
    end: int
    title: str | None
    date: str | None
    passage: str
    passage_start: int
    candidates: list[CandidateOut]
    across: list[dict[str, Any]] | None = Field(
        None, description="with `across`: each article's answers above the threshold, newest first"
    )
    articles_differ: bool | None = Field(None, description="with `across`: whether the articles' best answers differ")


class BatchLineOut(BaseModel):
    """One ``/batch`` result: ``id`` (0-based position) plus the answer, or ``error``."""

    model_config = ConfigDict(extra="allow")
    id: int
    error: str | None = None


class BatchOut(BaseModel):
    results: list[BatchLineOut]


class HealthOut(BaseModel):
    status: str
    generation: str | None
    documents: int | None
    chunks: int | None
    waiting: int
    reload_error: str | None = None


class DocumentOut(BaseModel):
    doc: str
    title: str | None
    date: str | None
    text: str


# --------------------------------------------------------------------- the app


class BodyLimit:
    """ASGI middleware: requests whose body exceeds ``max_bytes`` get 413 before any parsing.

    Checks ``Content-Length`` first, then counts what actually arrives (a
    chunked upload has no length), buffering at most ``max_bytes``.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(send)
                    return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._refuse(send)
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        payload = f'{{"detail":"request body too large: the limit is {self.max_bytes} bytes"}}'.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def create_app(worker: AnswerWorker, *, version: str = "") -> FastAPI:
    """The FastAPI app over ``worker`` (without the body limit: ``wrap`` adds it)."""
    app = FastAPI(
        title="corpus-qa",
        version=version or "0",
        description="Extractive answers from a folder of articles: every answer is a verbatim span with offsets.",
    )
    app.exception_handler(RequestValidationError)(_invalid_request)
    _add_answer_routes(app, worker)
    _add_info_routes(app, worker)
    return app


def json_safe(value: Any) -> Any:
    """``value`` (already JSON-encodable) with every NaN or infinity as its text ("inf"), lone surrogates as U+FFFD.

    Python's json reads ``1e309`` as infinity, and FastAPI's own 422 handler
    echoes the bad input back, which strict JSON cannot write: the request
    became a 500. The client gets its 422 with the value spelled out instead.
    Likewise ``"\\ud800"`` (a lone surrogate escape, in a value or a key):
    echoed back in a 422 or a ``/batch`` error line, it cannot be encoded as
    UTF-8 and the request ended in a 500 with a traceback in the server log.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return printable_question(value)
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 for a body that does not fit the request model, made strict-JSON safe (``json_safe``)."""
    return JSONResponse(status_code=422, content={"detail": json_safe(jsonable_encoder(exc.errors()))})


def _clean(question: str, config: QAConfig) -> str:
    """``question`` validated as the CLI does; an invalid one is the client's fault (422)."""
    try:
        return validate_question(question, config)
    except QuestionError as err:
        raise HTTPException(status_code=422, detail=str(err)) from err


async def _awaited(future: concurrent.futures.Future[Any]) -> Any:
    """The worker's result, with each failure mapped to its HTTP status: bad question 422, index or model trouble 503, too slow 504."""
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), ANSWER_TIMEOUT_S)
    except QuestionError as err:
        raise HTTPException(status_code=422, detail=str(err)) from err
    except QAError as err:
        raise HTTPException(status_code=503, detail=str(err)) from err
    except TimeoutError as err:
        raise HTTPException(status_code=504, detail="the answer took too long") from err


def _submit(worker: AnswerWorker, questions: list[str], across: bool) -> concurrent.futures.Future[list[dict[str, Any]]]:
    """Queue ``questions`` on ``worker``; a full queue is a 503 that asks the client to retry in a second."""
    try:
        return worker.submit(questions, across)
    except Overloaded as err:
        raise HTTPException(status_code=503, detail=str(err), headers={"Retry-After": "1"}) from err


def _add_answer_routes(app: FastAPI, worker: AnswerWorker) -> None:
    """``POST /ask`` and ``POST /batch``: the routes that queue questions on the worker."""
    config = worker.config

    @app.post("/ask", response_model=AnswerOut, summary="answer one question (the `qa ask --json` object)")
    async def ask(request: AskRequest) -> JSONResponse:
        _clean(request.question, config)
        # The pipeline validates again and echoes the question as typed, as `qa ask` does.
        records = await _awaited(_submit(worker, [request.question], request.across))
        return JSONResponse(records[0])

    @app.post("/batch", response_model=BatchOut, summary="answer several questions, in order")
    async def batch(request: BatchRequest) -> JSONResponse:
        lines: list[dict[str, Any] | None] = []
        todo: list[tuple[int, str]] = []
        for i, question in enumerate(request.questions):
            try:
                validate_question(question, config)
            except QuestionError as err:
                lines.append({"id": i, "question": printable_question(question), "error": str(err)})
                continue
            lines.append(None)
            todo.append((i, question))
        if todo:
            records = await _awaited(_submit(worker, [q for _, q in todo], request.across))
            for (i, _), record in zip(todo, records, strict=True):
                lines[i] = {"id": i, **record}
        return JSONResponse({"results": lines})


def _add_info_routes(app: FastAPI, worker: AnswerWorker) -> None:
    """``GET /health``, ``/index`` and ``/document``: what is answering, read without queueing a question."""
    config = worker.config

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        """A browser pointed at the server lands on the API's own page, not on ``{"detail": "Not Found"}``."""
        return RedirectResponse("/docs")

    @app.get("/health", response_model=HealthOut, summary="is it up, and which index version answers")
    async def health() -> dict[str, Any]:
        facts = worker.index_facts()
        return {
            "status": "ok",
            "generation": facts["generation"],
            "documents": facts["documents"],
            "chunks": facts["chunks"],
            "waiting": worker.waiting,
            "reload_error": worker.reload_error,
        }

    @app.get("/index", summary="the corpus, index version, counts and settings answering now")
    async def index_info() -> dict[str, Any]:
        def read(pipeline: Any) -> dict[str, Any]:
            manifest = getattr(getattr(pipeline, "index", None), "manifest", None)
            return {
                "model": getattr(manifest, "model_name", config.model_name),
                "backend": getattr(manifest, "backend", config.backend),
                "precision": getattr(manifest, "precision", config.precision),
                "built": getattr(manifest, "created", None),
                "threshold": getattr(pipeline, "threshold", None),
            }

        extra = await _awaited(worker.call(read))
        return {**worker.index_facts(), **extra, "reloads": worker.reloads, "answered": worker.answered}

    @app.get("/document", response_model=DocumentOut, summary="one article of the index, by its `doc` id")
    async def document(id: str = Query(..., max_length=1000, description="a `doc` value from an answer")) -> dict[str, Any]:
        # Looked up in the index's store by id: no path is ever opened, so a
        # name outside the corpus is simply an unknown id.
        def read(pipeline: Any) -> Any:
            try:
                return pipeline.document(id)
            except QAError:
                return None

        doc = await _awaited(worker.call(read))
        if doc is None:
            raise HTTPException(status_code=404, detail="no such document in the index")
        return {"doc": doc.doc_id, "title": doc.metadata.title, "date": doc.metadata.date, "text": doc.text}


def wrap(app: Any, max_body: int = DEFAULT_MAX_BODY) -> Any:
    """``app`` behind the body-size limit: what uvicorn serves."""
    return BodyLimit(app, max_body)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> Any:
    """A listening socket on ``host:port`` (port 0: a free one, read back with ``getsockname``)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def make_server(worker: AnswerWorker, *, max_body: int = DEFAULT_MAX_BODY, version: str = "") -> Any:
    """The uvicorn server for ``worker``'s app behind the body limit (``.run(sockets=[...])`` serves)."""
    import uvicorn

    return uvicorn.Server(
        uvicorn.Config(
            wrap(create_app(worker, version=version), max_body),
            log_level="warning",
            access_log=False,
            timeout_keep_alive=5,
            limit_concurrency=1024,
            h11_max_incomplete_event_size=16 * 1024,  # request line and headers
            lifespan="off",
        )
    )


def serve(
    worker: AnswerWorker,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    max_body: int = DEFAULT_MAX_BODY,
    version: str = "",
    on_listening: Callable[[str, int], None] | None = None,
) -> None:
    """Bind ``host:port`` (0 picks a free port), announce it, and serve until interrupted."""
    sock = bind(host, port)
    server = make_server(worker, max_body=max_body, version=version)
    if on_listening is not None:
        on_listening(host, sock.getsockname()[1])
    import signal

    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal;
    # both arrive here as KeyboardInterrupt: a normal stop, exit status 0.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if main else None
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        worker.stop()
        sock.close()
