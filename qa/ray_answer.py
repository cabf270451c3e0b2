"""``qa batch --engine ray`` and ``qa eval --engine ray``: questions answered by Ray actors.

Each actor loads the pipeline once (``qa.opening.load_pipeline``: the index
opened read-only, its vectors memory-mapped, the same models as a local
run). The driver refreshes the index first (``qa.opening.refresh_index``),
then splits each batch of questions into contiguous parts, one per actor, and
joins the answers back in input order: the output is a local run's, line for
line. ``qa eval`` gives each actor a contiguous part of the gold set; each
runs the local ``evaluate`` on its part (so per-question latencies are what
one question costs there) and the driver scores the parts, in order, as one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from index.ray_engine import actor_cpus, cluster_shape, connect
from qa.errors import QuestionError


def split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """``items`` cut into at most ``parts`` contiguous, non-empty, near-equal runs (order kept)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    runs, start = [], 0
    for n in range(parts):
        end = start + size + (1 if n < extra else 0)
        runs.append(items[start:end])
        start = end
    return [r for r in runs if len(r)]


class Answerer:
    """One actor's pipeline, loaded once; question errors come back as values, not tracebacks."""

    def __init__(self, config: Any, threads: int) -> None:
        import os

        os.environ["QA_THREADS"] = str(max(1, threads))
        from qa.opening import load_pipeline

        self.pipeline = load_pipeline(config)

    def ready(self) -> bool:
        return True

    def answer_batch(self, questions: Sequence[str]) -> tuple[str, Any]:
        try:
            return "ok", self.pipeline.answer_batch(list(questions))
        except QuestionError as err:
            return "question", str(err)

    def answer(self, question: str, hide: Sequence[str] = ()) -> tuple[str, Any]:
        try:
            return "ok", self.pipeline.answer(question, hide=hide)
        except QuestionError as err:
            return "question", str(err)

    def evaluate(self, gold: Sequence[Any], closed: bool, corpus: Any) -> Any:
        from qa.evaluate import corpus_context_lookup, evaluate

        context_of = corpus_context_lookup(corpus) if closed else None
        return evaluate(self.pipeline, gold, closed=closed, context_of=context_of)


def _unwrap(reply: tuple[str, Any]) -> Any:
    kind, value = reply
    if kind == "question":
        raise QuestionError(value)
    return value


class RayAnswerPool:
    """A ``BatchPipeline`` / ``AnsweringPipeline`` whose answers come from Ray actors.

    Args:
        config: the ``QAConfig`` every actor loads its pipeline with.
        address: a cluster to join; ``None`` starts a local Ray.
        workers: actors; default one per cluster CPU.
    """

    def __init__(self, config: Any, address: str | None = None, workers: int | None = None) -> None:
        self.ray = connect(address)
        cpus, _gpus = cluster_shape(self.ray)
        count = max(1, workers or int(cpus))
        per_actor = actor_cpus(cpus + 0.5, count)  # no read tasks here: the whole cluster is the actors'
        remote = self.ray.remote(num_cpus=per_actor)(Answerer)
        self.actors = [remote.remote(config, max(1, int(per_actor))) for _ in range(count)]
        self.ray.get([a.ready.remote() for a in self.actors])  # a model that cannot load fails here, once

    def answer_batch(self, questions: Sequence[str]) -> list[Any]:
        parts = split(list(questions), len(self.actors))
        replies = self.ray.get([actor.answer_batch.remote(part) for actor, part in zip(self.actors, parts)])
        out: list[Any] = []
        for reply in replies:
            out.extend(_unwrap(reply))
        return out

    def answer(self, question: str, hide: Sequence[str] = ()) -> Any:
        return _unwrap(self.ray.get(self.actors[0].answer.remote(question, hide)))

    def evaluate(self, gold: Sequence[Any], *, closed: bool, corpus: Any, on_score: Callable[[Any], None] | None = None) -> Any:
        """``qa.evaluate.evaluate`` over the actors: same scores, in gold order."""
        from qa.evaluate import EvalRun, summarize

        started = time.perf_counter()
        parts = split(list(gold), len(self.actors))
        runs = self.ray.get([actor.evaluate.remote(part, closed, corpus) for actor, part in zip(self.actors, parts)])
        scores = [score for run in runs for score in run.scores]
        for score in scores:
            if on_score is not None:
                on_score(score)
        metrics = summarize(scores, time.perf_counter() - started, retrieval=not closed)
        if closed:
            metrics["skipped"] = sum(int(run.metrics.get("skipped", 0)) for run in runs)
        return EvalRun(metrics=metrics, scores=scores)

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []


def open_ray_pool(config: Any, args: Any) -> RayAnswerPool:
    """Refresh the index here (new or changed files only), then start the answering actors."""
    import sys

    from qa.opening import refresh_index, report_line

    connect(args.ray_address)  # Ray missing or unreachable: say so before any work
    report = refresh_index(config, progress=sys.stderr.isatty())
    if report is not None:
        print(report_line(report), file=sys.stderr)
    return RayAnswerPool(config, address=args.ray_address, workers=args.ray_workers)
