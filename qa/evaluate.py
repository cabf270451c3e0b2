"""Score the pipeline against a gold set: answers, retrieval and latency.

Answer metrics follow the official SQuAD scripts exactly (``qa.metrics``):
exact match and token F1, each the best over the acceptable answers, with
SQuAD 2.0's rule for unanswerable questions (right only when the system
says "no answer"). Retrieval metrics look at ``QAResult.passages`` (the
retriever's ranking) for answerable questions only, since an unanswerable
question has no right passage.

Units: every rate (``exact_match``, ``f1``, ``has_answer_*``,
``no_answer_accuracy``, ``recall@k``, ``doc_accuracy@1``) is a percentage
(0-100), as the official SQuAD script reports; ``mrr@10`` is a mean
reciprocal rank in 0-1; latencies are milliseconds per question.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from qa.calibration import calibration_metrics
from qa.corpus_paths import corpus_member
from qa.errors import QuestionError, UsageError
from qa.metrics import exact_match, f1, max_over_gold, normalize_answer
from qa.types import Passage, QAResult

RECALL_DEPTHS = (1, 5, 10)
MRR_DEPTH = 10


class AnsweringPipeline(Protocol):
    """The part of ``qa.pipeline.QAPipeline`` evaluation needs."""

    def answer(self, question: str, hide: Sequence[str] = ()) -> QAResult: ...

    def answer_in_text(self, question: str, text: str, doc_id: str = "") -> QAResult: ...


@dataclass(frozen=True)
class GoldItem:
    """One gold question, from a gold ``.jsonl`` or from a SQuAD file.

    Attributes:
        id: stable question id.
        question: the question text.
        answers: every acceptable answer; empty means unanswerable.
        doc: document id holding the answer (``None`` when unknown/none).
        context: the text that answers it, when known (SQuAD paragraphs);
            the closed setting reads only that text.
        kind: for generated near misses (``qa.nearmiss``): ``twin`` or the rule
            that made it unanswerable; metrics are then also given per kind.
        hide: strings whose sentences the reader must not see for this question
            (``answer_removed`` near misses).
    """

    id: str
    question: str
    answers: tuple[str, ...]
    doc: str | None = None
    context: str | None = None
    kind: str | None = None
    hide: tuple[str, ...] = ()


@dataclass
class QuestionScore:
    """How one question went: the per-question line of ``--report``."""

    id: str
    question: str
    gold_answers: tuple[str, ...]
    gold_doc: str | None
    prediction: str
    no_answer: bool
    score: float
    doc: str | None
    em: float
    f1: float
    rank: int | None  # rank of the first passage holding a gold answer (open setting)
    latency_ms: float
    error: str | None = None
    top_em: float = 0.0  # exact match of the most probable candidate, answered or refused (calibration)
    kind: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.gold_answers)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "question": self.question,
            "gold_answers": list(self.gold_answers),
            "gold_doc": self.gold_doc,
            "prediction": self.prediction,
            "no_answer": self.no_answer,
            "score": round(float(self.score), 4),
            "doc": self.doc,
            "em": self.em,
            "f1": round(self.f1, 4),
            "rank": self.rank,
            "latency_ms": round(self.latency_ms, 2),
            "top_em": self.top_em,  # the score's own outcome, answered or refused: reports pool into calibration
        }
        if self.kind is not None:
            record["kind"] = self.kind
        if self.error is not None:
            record["error"] = self.error
        return record


@dataclass
class EvalRun:
    """Aggregate metrics plus every per-question score."""

    metrics: dict[str, Any]
    scores: list[QuestionScore]


# --------------------------------------------------------------------------- gold


def parse_gold_record(obj: Any, line_no: int) -> GoldItem:
    """Validate one gold line; ``answers`` may be strings or SQuAD ``{"text"}`` objects.

    Raises:
        UsageError: a missing/ill-typed field, naming the line, since a
            silently skipped gold question would skew every metric.
    """
    where = f"gold line {line_no}"
    if not isinstance(obj, dict):
        raise UsageError(f"{where}: expected a JSON object")
    question = obj.get("question")
    if not isinstance(question, str) or not question.strip():
        raise UsageError(f"{where}: missing or empty 'question'")
    if "answers" not in obj:
        # A per-question report, or a typo, read as gold would count every
        # question as unanswerable: say so rather than score it.
        raise UsageError(f"{where}: no 'answers' field (use [] for an unanswerable question; is this a --report file?)")
    raw_answers = obj["answers"]
    if not isinstance(raw_answers, list):
        raise UsageError(f"{where}: 'answers' must be a list ([] = unanswerable)")
    answers: list[str] = []
    for ans in raw_answers:
        text = ans.get("text") if isinstance(ans, dict) else ans
        if not isinstance(text, str):
            raise UsageError(f"{where}: every answer must be a string")
        if text.strip() and text not in answers:
            answers.append(text)
    doc = obj.get("doc")
    context = obj.get("context")
    kind = obj.get("kind")
    hide = obj.get("hide", [])
    if not isinstance(hide, list) or not all(isinstance(h, str) for h in hide):
        raise UsageError(f"{where}: 'hide' must be a list of strings")
    return GoldItem(
        id=str(obj.get("id", line_no)),
        question=question.strip(),
        answers=tuple(answers),
        doc=str(doc) if doc is not None else None,
        context=context if isinstance(context, str) else None,
        kind=kind if isinstance(kind, str) else None,
        hide=tuple(hide),
    )


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold ``.jsonl`` (id, question, answers, doc), skipping blank lines.

    Raises:
        UsageError: missing file or a malformed line.
    """
    items: list[GoldItem] = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(f"gold line {line_no} of {path} is not JSON: {exc.msg}") from exc
                except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting 1,000 deep
                    raise UsageError(
                        f"gold line {line_no} of {path} is not usable JSON: {(str(exc).splitlines() or [type(exc).__name__])[0][:120]}"
                    ) from exc
                items.append(parse_gold_record(obj, line_no))
    except FileNotFoundError as exc:
        raise UsageError(f"gold file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    if not items:
        raise UsageError(f"gold file {path} holds no questions")
    return items


def corpus_context_lookup(corpus_dir: Path) -> Callable[[GoldItem], str | None]:
    """Find the text of a gold item's ``doc`` in the corpus (closed setting).

    A gold ``.jsonl`` names documents, not paragraphs, so the closed setting
    reads the whole article: ``<file>`` is read as is, ``<file>.jsonl#<id>``
    is that record's ``text``. Files are cached because many questions share
    one article.
    """
    cache: dict[str, dict[str, str] | str | None] = {}

    def load(file_name: str, jsonl: bool) -> dict[str, str] | str | None:
        if file_name not in cache:
            path = corpus_member(corpus_dir, file_name, follow_link=True)
            if path is None:  # ``../../etc/passwd``: never read outside the corpus
                cache[file_name] = None
                return None
            try:
                if jsonl:
                    records: dict[str, str] = {}
                    with open(path, encoding="utf-8") as fh:
                        for line in fh:
                            if line.strip():
                                rec = json.loads(line)
                                if isinstance(rec, dict) and "id" in rec:
                                    records[str(rec["id"])] = str(rec.get("text", ""))
                    cache[file_name] = records
                else:
                    cache[file_name] = path.read_text(encoding="utf-8")
            except (OSError, ValueError, RecursionError):  # unreadable, not UTF-8, bad JSON
                cache[file_name] = None
        return cache[file_name]

    def lookup(item: GoldItem) -> str | None:
        if item.context is not None:
            return item.context
        if not item.doc:
            return None
        file_name, sep, record_id = item.doc.partition("#")
        if sep and file_name.endswith(".jsonl"):
            records = load(file_name, jsonl=True)
            return records.get(record_id) if isinstance(records, dict) else None
        text = load(item.doc, jsonl=False)
        return text if isinstance(text, str) else None

    return lookup


# ------------------------------------------------------------------ per question


def passage_has_answer(passage_text: str, golds: Sequence[str]) -> bool:
    """True when the normalised passage contains a normalised gold answer.

    Matching is on whole normalised tokens (``"710"`` does not match inside
    ``"17100"``), so a passage only counts when it really states the answer.
    """
    haystack = f" {normalize_answer(passage_text)} "
    for gold in golds:
        needle = normalize_answer(gold)
        if needle and f" {needle} " in haystack:
            return True
    return False


def first_hit_rank(passages: Sequence[Passage], golds: Sequence[str], depth: int = MRR_DEPTH) -> int | None:
    """1-based position of the first passage (within ``depth``) holding a gold answer."""
    if not golds:
        return None
    for position, passage in enumerate(passages[:depth], start=1):
        if passage_has_answer(passage.text, golds):
            return position
    return None


def score_result(item: GoldItem, result: QAResult, latency_ms: float, *, retrieval: bool = True) -> QuestionScore:
    """Score one pipeline result against its gold item."""
    prediction = "" if result.no_answer else result.answer
    top = result.candidates[0].answer if result.candidates else ""
    return QuestionScore(
        id=item.id,
        question=item.question,
        gold_answers=item.answers,
        gold_doc=item.doc,
        prediction=prediction,
        no_answer=result.no_answer,
        score=float(result.score),
        doc=result.doc,
        em=max_over_gold(exact_match, prediction, item.answers),
        f1=max_over_gold(f1, prediction, item.answers),
        rank=first_hit_rank(result.passages, item.answers) if retrieval else None,
        latency_ms=latency_ms,
        top_em=max_over_gold(exact_match, top, item.answers) if item.answers and top else 0.0,
        kind=item.kind,
    )


def error_score(item: GoldItem, message: str, latency_ms: float) -> QuestionScore:
    """A question the pipeline refused: scored as "no answer", flagged with the error."""
    return QuestionScore(
        id=item.id,
        question=item.question,
        gold_answers=item.answers,
        gold_doc=item.doc,
        prediction="",
        no_answer=True,
        score=0.0,
        doc=None,
        em=max_over_gold(exact_match, "", item.answers),
        f1=max_over_gold(f1, "", item.answers),
        rank=None,
        latency_ms=latency_ms,
        error=message,
        kind=item.kind,
    )


# -------------------------------------------------------------------- aggregate


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolation percentile (numpy's default), ``None`` when empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _pct(numerator: float, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 4) if denominator else None


def summarize(scores: Sequence[QuestionScore], total_seconds: float, *, retrieval: bool = True) -> dict[str, Any]:
    """Aggregate per-question scores into the ``qa eval --json`` metrics object.

    Rates are percentages; ``None`` marks a rate with an empty denominator
    (e.g. ``no_answer_accuracy`` when no question is unanswerable).
    """
    n = len(scores)
    has = [s for s in scores if s.answerable]
    no = [s for s in scores if not s.answerable]
    metrics: dict[str, Any] = {
        "setting": "open" if retrieval else "closed",
        "questions": n,
        "answerable": len(has),
        "unanswerable": len(no),
        "errors": sum(1 for s in scores if s.error is not None),
        "exact_match": _pct(sum(s.em for s in scores), n),
        "f1": _pct(sum(s.f1 for s in scores), n),
        "has_answer_exact": _pct(sum(s.em for s in has), len(has)),
        "has_answer_f1": _pct(sum(s.f1 for s in has), len(has)),
        "no_answer_accuracy": _pct(sum(s.em for s in no), len(no)),
    }
    if retrieval:
        for k in RECALL_DEPTHS:
            metrics[f"recall@{k}"] = _pct(sum(1 for s in has if s.rank is not None and s.rank <= k), len(has))
        mrr = sum(1.0 / s.rank for s in has if s.rank is not None and s.rank <= MRR_DEPTH)
        metrics[f"mrr@{MRR_DEPTH}"] = round(mrr / len(has), 4) if has else None
        with_doc = [s for s in has if s.gold_doc]
        metrics["doc_accuracy@1"] = _pct(sum(1 for s in with_doc if s.doc == s.gold_doc), len(with_doc))
    metrics.update(calibration_metrics([s.score for s in scores], [s.top_em for s in scores]))
    if any(s.kind is not None for s in scores):
        metrics["by_kind"] = by_kind(scores)
    latencies = [s.latency_ms for s in scores if s.error is None]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    metrics["latency_p50_ms"] = round(p50, 2) if p50 is not None else None
    metrics["latency_p95_ms"] = round(p95, 2) if p95 is not None else None
    metrics["total_seconds"] = round(total_seconds, 3)
    metrics["questions_per_second"] = round(n / total_seconds, 2) if total_seconds > 0 else None
    return metrics


def by_kind(scores: Sequence[QuestionScore]) -> dict[str, dict[str, Any]]:
    """Near-miss sets: per kind, how many questions, how many refused, and (twins) how many answered right."""
    out: dict[str, dict[str, Any]] = {}
    for kind in sorted({s.kind or "other" for s in scores}):
        members = [s for s in scores if (s.kind or "other") == kind]
        row: dict[str, Any] = {"questions": len(members), "refused": _pct(sum(1 for s in members if s.no_answer), len(members))}
        answerable = [s for s in members if s.answerable]
        if answerable:
            row["exact_match"] = _pct(sum(s.em for s in answerable), len(answerable))
            right_at_all = [s for s in answerable if s.top_em]
            row["right_kept"] = _pct(sum(1 for s in right_at_all if not s.no_answer), len(right_at_all))
        out[kind] = row
    return out


# ----------------------------------------------------------------------- driver


def evaluate(
    pipeline: AnsweringPipeline,
    gold: Iterable[GoldItem],
    *,
    closed: bool = False,
    context_of: Callable[[GoldItem], str | None] | None = None,
    on_score: Callable[[QuestionScore], None] | None = None,
    progress: bool = False,
    total: int | None = None,
) -> EvalRun:
    """Answer every gold question one at a time and score it.

    Questions go through ``answer()`` individually (not ``answer_batch``)
    so each latency is what a user asking that one question would wait.

    Args:
        pipeline: anything with ``answer`` / ``answer_in_text``.
        gold: the gold items, in order.
        closed: read only each question's own text via ``answer_in_text``
            (no retrieval, so no retrieval metrics); items whose text
            cannot be found are skipped and counted in ``skipped``.
        context_of: where the closed setting gets an item's text; defaults
            to ``item.context``.
        on_score: called after each question (streams ``--report``).
        progress: show a tqdm bar on standard error.
        total: number of items, for the progress bar.

    Raises:
        QAError: any pipeline failure other than a refused question (index
            or model trouble makes every later number meaningless).
    """
    find_context = context_of or (lambda item: item.context)
    items: Iterable[GoldItem] = gold
    if progress:
        from tqdm import tqdm

        items = tqdm(gold, total=total, desc="eval", unit="q", leave=False)
    scores: list[QuestionScore] = []
    skipped = 0
    started = time.perf_counter()
    for item in items:
        text = find_context(item) if closed else None
        if closed and text is None:
            skipped += 1
            continue
        score = _answer_and_score(pipeline, item, text, closed)
        scores.append(score)
        if on_score is not None:
            on_score(score)
    metrics = summarize(scores, time.perf_counter() - started, retrieval=not closed)
    if closed:
        metrics["skipped"] = skipped
    return EvalRun(metrics=metrics, scores=scores)


def _answer_and_score(pipeline: AnsweringPipeline, item: GoldItem, text: str | None, closed: bool) -> QuestionScore:
    """Ask ``item``'s question the way the setting says and score the answer.

    The latency covers the answering call alone; a refused question
    (``QuestionError``) is scored as an error rather than ending the run.
    """
    t0 = time.perf_counter()
    try:
        if closed:
            result = pipeline.answer_in_text(item.question, text or "", item.doc or "")
        elif item.hide:
            result = pipeline.answer(item.question, hide=item.hide)
        else:
            result = pipeline.answer(item.question)
    except QuestionError as err:
        return error_score(item, str(err), (time.perf_counter() - t0) * 1000)
    return score_result(item, result, (time.perf_counter() - t0) * 1000, retrieval=not closed)


# -------------------------------------------------------------------- rendering

_ROWS: tuple[tuple[str, str, str], ...] = (
    ("exact_match", "Exact match", "%"),
    ("f1", "F1", "%"),
    ("has_answer_exact", "  answerable: exact match", "%"),
    ("has_answer_f1", "  answerable: F1", "%"),
    ("no_answer_accuracy", "  unanswerable: no-answer accuracy", "%"),
    ("recall@1", "Recall@1 (answerable)", "%"),
    ("recall@5", "Recall@5", "%"),
    ("recall@10", "Recall@10", "%"),
    ("mrr@10", "MRR@10", ""),
    ("doc_accuracy@1", "Doc accuracy@1", "%"),
    ("ece", "Calibration error (ECE, 10 bins)", ""),
    ("accuracy@50%coverage", "Accuracy, 50% most confident", "%"),
    ("accuracy@80%coverage", "Accuracy, 80% most confident", "%"),
    ("accuracy@100%coverage", "Accuracy, all answered", "%"),
    ("risk_coverage_auc", "Risk-coverage AUC", "%"),
    ("latency_p50_ms", "Latency p50", " ms"),
    ("latency_p95_ms", "Latency p95", " ms"),
    ("total_seconds", "Total time", " s"),
    ("questions_per_second", "Throughput", " q/s"),
    ("load_seconds", "Model and index load", " s"),
    ("best_threshold", "Best no-answer threshold", ""),
    ("f1_at_best_threshold", "  F1 at that threshold", "%"),
    ("exact_match_at_best_threshold", "  exact match at that threshold", "%"),
)


def format_table(metrics: dict[str, Any]) -> str:
    """The human-readable metrics table ``qa eval`` prints."""
    counts = (
        f"{metrics['questions']} ({metrics['answerable']} answerable, "
        f"{metrics['unanswerable']} unanswerable"
        + (f", {metrics['errors']} refused" if metrics.get("errors") else "")
        + (f", {metrics['skipped']} skipped: no text" if metrics.get("skipped") else "")
        + ")"
    )
    rows = [("Setting", metrics["setting"]), ("Questions", counts)]
    for key, label, unit in _ROWS:
        if key not in metrics:
            continue
        value = metrics[key]
        if value is None:
            rows.append((label, "n/a"))
        elif key in ("mrr@10", "best_threshold", "ece"):
            rows.append((label, f"{value:.3f}"))
        else:
            rows.append((label, f"{value:.2f}{unit}"))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    if metrics.get("reliability"):
        lines.append("Reliability (confidence bin: questions, mean confidence, accuracy)")
        for row in metrics["reliability"]:
            if row["count"]:
                lines.append(f"  {row['bin']}: {row['count']:>5}  {row['confidence']:.3f}  {row['accuracy']:.3f}")
    for kind, row in metrics.get("by_kind", {}).items():
        extra = ""
        if "exact_match" in row:
            extra = f", exact match {row['exact_match']:.1f}%, right answers kept {_fmt(row.get('right_kept'))}"
        lines.append(f"  {kind}: {row['questions']} questions, refused {_fmt(row['refused'])}{extra}")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def format_errors(scores: Iterable[QuestionScore]) -> str:
    """Readable list of the questions missed (EM == 0), for ``--errors``."""
    blocks: list[str] = []
    for s in scores:
        if s.em:
            continue
        gold = " | ".join(s.gold_answers) if s.gold_answers else "(no answer)"
        predicted = "(no answer)" if s.no_answer or not s.prediction else repr(s.prediction)
        where = f"doc {s.doc}" if s.doc else "no doc"
        if s.gold_doc and s.doc != s.gold_doc:
            where += f" (gold {s.gold_doc})"
        rank = f", right passage at rank {s.rank}" if s.rank else ""
        lines = [
            f"[{s.id}] {s.question}",
            f"    gold:      {gold}",
            f"    predicted: {predicted}  (F1 {s.f1:.2f}, score {s.score:.3f}, {where}{rank})",
        ]
        if s.error:
            lines.append(f"    error:     {s.error}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks) if blocks else "No failed questions."


# --------------------------------------------------------------- no-answer threshold


def best_threshold(scores: Sequence[QuestionScore]) -> dict[str, float]:
    """The confidence threshold that maximises F1 over answerable + unanswerable questions.

    Expects scores from a run with threshold 0 (every question answered), as
    the official SQuAD 2.0 script's ``best_f1_thresh``: a question is
    abstained on when its confidence is below the threshold, which turns an
    unanswerable question right and an answerable one wrong. Between two
    observed confidences the midpoint is returned, so the choice is not
    glued to one question's score.
    """
    items = [s for s in scores if s.error is None]
    if not items:
        return {"threshold": 0.0, "f1": 0.0, "exact_match": 0.0}
    cuts = sorted({s.score for s in items})
    candidates = [0.0] + [(a + b) / 2 for a, b in zip(cuts, cuts[1:])] + [cuts[-1] + 1e-6]
    best: tuple[tuple[float, float, float], float, float, float] | None = None
    for t in candidates:
        f1_sum = em_sum = 0.0
        for s in items:
            answered = s.score >= t
            if s.answerable:
                f1_sum += s.f1 if answered else 0.0
                em_sum += s.em if answered else 0.0
            else:
                f1_sum += 0.0 if answered else 1.0
                em_sum += 0.0 if answered else 1.0
        key = (f1_sum, em_sum, -t)
        if best is None or key > best[0]:
            best = (key, t, f1_sum, em_sum)
    assert best is not None  # candidates is never empty
    _, t, f1_sum, em_sum = best
    n = len(items)
    return {"threshold": round(t, 4), "f1": 100 * f1_sum / n, "exact_match": 100 * em_sum / n}
