"""Answer a file of questions in batches, streaming JSON lines out.

Designed for large inputs (10,000+ questions): input is read lazily, a batch
of questions is answered with one ``answer_batch`` call (the model loads
once and encodes many questions per call), and each batch's lines are
written in one piece and flushed, so an interrupted run leaves only
complete, parseable lines behind. A bad input line never stops the run; it
gets an output line with an ``error`` field instead.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from qa.errors import QuestionError, UsageError
from qa.json_lines import json_text
from qa.types import QAResult

DEFAULT_BATCH_SIZE = 32
INPUT_SUFFIXES = (".txt", ".jsonl")
# Output keys of a result line; an input field with one of these names is
# carried through as ``input_<name>`` so it never overwrites the answer.
RESERVED_KEYS = frozenset(
    {
        "id",
        "error",
        "question",
        "answer",
        "no_answer",
        "score",
        "doc",
        "start",
        "end",
        "title",
        "date",
        "passage",
        "passage_start",
        "candidates",
    }
)


class BatchPipeline(Protocol):
    """The part of ``qa.pipeline.QAPipeline`` batch answering needs."""

    def answer(self, question: str) -> QAResult: ...

    def answer_batch(self, questions: Sequence[str]) -> list[QAResult]: ...


@dataclass
class BatchItem:
    """One input line: a question to answer, or the reason it cannot be.

    Attributes:
        id: the given ``id``, else the 1-based line number in the input.
        question: the question text (``None`` when the line had none).
        extra: other JSON fields, carried through to the output line.
        error: why the line cannot be answered; ``None`` when it can.
    """

    id: Any
    question: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class BatchSummary:
    """Counts for the closing one-line summary and the exit status."""

    answered: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return (self.answered + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return f"qa batch: {self.answered} answered, {self.failed} failed in {self.seconds:.1f} s ({self.rate:.1f} q/s)"


# ------------------------------------------------------------------------ input


def input_format(path: str) -> str:
    """``txt`` or ``jsonl`` from the file name; ``-`` (stdin) is decided later by content.

    Raises:
        UsageError: any other extension, since guessing would misread it.
    """
    if path == "-":
        return "auto"
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        raise UsageError(f"input must be a .txt or .jsonl file (or - for standard input), got {path}")
    return suffix[1:]


def sniff_format(lines: Iterator[str]) -> tuple[str, Iterator[str]]:
    """Decide txt vs jsonl from the first non-blank line, without losing any line.

    Returns:
        The format and an iterator that yields every line again from the start.
    """
    head: list[str] = []
    fmt = "txt"
    for line in lines:
        head.append(line)
        if line.strip():
            fmt = "jsonl" if line.lstrip().startswith("{") else "txt"
            break
    return fmt, itertools.chain(head, lines)


def parse_txt_line(line: str, line_no: int) -> BatchItem:
    """A plain-text line is the question itself; its id is its line number."""
    return BatchItem(id=line_no, question=line.strip())


def parse_jsonl_line(line: str, line_no: int) -> BatchItem:
    """A JSON object with ``question`` (required) and ``id`` (optional).

    Malformed lines become items carrying an ``error`` rather than raising,
    because one bad line must not cost the answers to all the others.
    """
    try:
        obj = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        return BatchItem(id=line_no, question=None, error=f"line {line_no} is not valid JSON: {exc.msg}")
    except NonFiniteNumber as exc:
        return BatchItem(id=line_no, question=None, error=f"line {line_no} is not strict JSON: {exc} is not a JSON number")
    except RecursionError:
        return BatchItem(id=line_no, question=None, error=f"line {line_no} is nested too deeply to read")
    except ValueError as exc:  # an integer of more than 4,300 digits
        first = (str(exc).splitlines() or [""])[0][:100]
        return BatchItem(id=line_no, question=None, error=f"line {line_no} cannot be read: {first}")
    if not isinstance(obj, dict):
        return BatchItem(id=line_no, question=None, error=f"line {line_no} is not a JSON object")
    item_id = obj.get("id", line_no)
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        if key in ("id", "question"):
            continue
        name = key
        while name in RESERVED_KEYS or (name != key and name in obj) or name in extra:
            name = f"input_{name}"  # never overwrite the answer, nor another input field
        extra[name] = value
    question = obj.get("question")
    if question is None:
        return BatchItem(id=item_id, question=None, extra=extra, error=f"line {line_no} has no 'question' field")
    if not isinstance(question, str):
        return BatchItem(id=item_id, question=None, extra=extra, error=f"line {line_no}: 'question' must be a string")
    return BatchItem(id=item_id, question=question, extra=extra)


class NonFiniteNumber(ValueError):
    """``NaN``, ``Infinity`` or ``1e400`` in an input line: valid for Python, not for JSON."""


def _refuse_constant(name: str) -> Any:
    raise NonFiniteNumber(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise NonFiniteNumber(text)
    return value


MAX_LINE_CHARS = 1_000_000  # an input line longer than this is that line's error, never read whole


class OverlongLine(str):
    """Stands for an input line longer than ``MAX_LINE_CHARS`` (its first characters only)."""


def bounded_lines(fh: TextIO, limit: int = MAX_LINE_CHARS) -> Iterator[str]:
    """The lines of ``fh``, each read at most ``limit`` characters at a time.

    Iterating a file reads a whole line into memory: standard input with no
    newline in 2 GB ended in a ``MemoryError``. A longer line is yielded as
    an ``OverlongLine`` (its first ``limit`` characters) and the rest of it
    is read and dropped piece by piece.
    """
    while True:
        line = fh.readline(limit)
        if not line:
            return
        if len(line) < limit or line.endswith("\n"):
            yield line
            continue
        rest = line
        while rest and not rest.endswith("\n"):
            rest = fh.readline(limit)
        yield OverlongLine(line)


def iter_items(lines: Iterable[str], fmt: str) -> Iterator[BatchItem]:
    """Lazily turn input lines into items; blank lines are skipped.

    Args:
        lines: the input, line by line (``bounded_lines`` of a file streams it).
        fmt: ``txt``, ``jsonl`` or ``auto`` (sniffed from the first line).
    """
    stream: Iterator[str] = iter(lines)
    if fmt == "auto":
        fmt, stream = sniff_format(stream)
    parse = parse_jsonl_line if fmt == "jsonl" else parse_txt_line
    for line_no, line in enumerate(stream, start=1):
        if isinstance(line, OverlongLine):
            yield BatchItem(id=line_no, question=None, error=f"line {line_no} is longer than {MAX_LINE_CHARS:,} characters")
        elif line.strip():
            yield parse(line, line_no)


def count_lines(path: Path) -> int:
    """Non-blank lines of a file: the progress bar's total (cheap even at 10k lines)."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        return sum(1 for line in bounded_lines(fh) if line.strip())


# ----------------------------------------------------------------------- output


def result_line(item: BatchItem, result: QAResult) -> dict[str, Any]:
    """The ``qa ask --json`` object plus ``id`` and the carried-through fields."""
    return {"id": item.id, **result.to_json(), **item.extra}


def error_line(item: BatchItem) -> dict[str, Any]:
    """An output line for an input that could not be answered."""
    record: dict[str, Any] = {"id": item.id}
    if item.question is not None:
        record["question"] = item.question
    record["error"] = item.error
    record.update(item.extra)
    return record


# ----------------------------------------------------------------------- driver


def validate_items(items: Sequence[BatchItem], validate: Callable[[str], str]) -> None:
    """Mark invalid questions as errors, and strip the valid ones, in place.

    Validating before ``answer_batch`` matters: the batch call refuses the
    whole batch when any one question is invalid.
    """
    for item in items:
        if item.error is not None or item.question is None:
            continue
        try:
            item.question = validate(item.question)
        except QuestionError as err:
            item.error = str(err)


def answer_items(pipeline: BatchPipeline, items: Sequence[BatchItem]) -> list[dict[str, Any]]:
    """Answer the valid items with one batch call; return output lines in input order.

    Should the pipeline still refuse the batch (its own validation being
    stricter than ours), fall back to one question at a time so only the
    offending line fails.
    """
    todo = [item for item in items if item.error is None]
    results: dict[int, QAResult] = {}
    if todo:
        try:
            answers = pipeline.answer_batch([item.question or "" for item in todo])
            results = {id(item): res for item, res in zip(todo, answers, strict=True)}
        except QuestionError:
            for item in todo:
                try:
                    results[id(item)] = pipeline.answer(item.question or "")
                except QuestionError as err:
                    item.error = str(err)
    return [error_line(item) if item.error is not None else result_line(item, results[id(item)]) for item in items]


def json_line(record: dict[str, Any]) -> str:
    """One output line; ``\\uXXXX`` escapes where UTF-8 cannot hold the text.

    A JSON input may carry lone surrogates (``"\\ud800"``) in its question or
    extra fields; written raw they would stop the run with an encoding error.
    Strict JSON (``allow_nan=False``) so every JSON parser reads it back; a
    record that cannot be written (nested too deeply) becomes an error line.
    """
    try:
        text = json_text(record, allow_nan=False)
    except (ValueError, RecursionError):
        item_id = record.get("id")
        safe_id = item_id if isinstance(item_id, (str, int, type(None))) and not isinstance(item_id, bool) else None
        text = json.dumps({"id": safe_id, "error": "this line's fields cannot be written back as JSON"})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(json.loads(text))
    return text + "\n"


def chunked(items: Iterable[BatchItem], size: int) -> Iterator[list[BatchItem]]:
    """Consecutive lists of ``size`` items; reads no further ahead than one batch."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def run_batch(
    pipeline: BatchPipeline,
    items: Iterable[BatchItem],
    out: TextIO,
    *,
    validate: Callable[[str], str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Any | None = None,
) -> BatchSummary:
    """Answer ``items`` batch by batch, writing one JSON line each, in input order.

    Memory stays bounded by one batch whatever the input size. Each batch's
    lines go out in one ``write`` followed by a ``flush``, so a crash after
    N batches leaves exactly the N batches' complete lines.

    Args:
        pipeline: anything with ``answer_batch`` (and ``answer`` for fallback).
        items: the parsed input, consumed lazily.
        out: where the JSON lines go (a file or standard output).
        validate: returns the cleaned question or raises ``QuestionError``
            (``qa.pipeline.validate_question`` bound to the config).
        batch_size: questions per ``answer_batch`` call.
        progress: an object with ``update(n)`` (a tqdm bar), or ``None``.

    Raises:
        QAError: a pipeline failure that is not about one question (index,
            model); lines already written stay valid.
    """
    summary = BatchSummary()
    started = time.perf_counter()
    for batch in chunked(items, max(1, batch_size)):
        validate_items(batch, validate)
        records = answer_items(pipeline, batch)
        out.write("".join(json_line(r) for r in records))
        out.flush()
        failed = sum(1 for r in records if "error" in r)
        summary.failed += failed
        summary.answered += len(records) - failed
        if progress is not None:
            progress.update(len(records))
    summary.seconds = time.perf_counter() - started
    return summary
