"""``qa batch``: order, ids, carried fields, error lines, streaming, interruption."""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qa.batch import BatchItem, input_format, iter_items, run_batch, sniff_format
from qa.commands import batch as batch_command
from qa.config import QAConfig
from qa.errors import QuestionError, UsageError
from qa.types import QAResult

MAX_CHARS = 60


# ----------------------------------------------------------------------- fakes


def fake_validate(question: str, config: QAConfig | None = None) -> str:
    """Same contract as ``qa.pipeline.validate_question``, with a small limit."""
    cleaned = question.strip()
    if not cleaned:
        raise QuestionError("the question is empty")
    if len(cleaned) > MAX_CHARS:
        raise QuestionError(f"the question is longer than {MAX_CHARS} characters")
    return cleaned


def make_result(question: str, answer: str) -> QAResult:
    return QAResult(
        question=question,
        answer=answer,
        no_answer=not answer,
        score=0.9,
        doc="d.txt",
        start=0,
        end=len(answer),
        title=None,
        date=None,
        passage=answer,
        passage_start=0,
    )


@dataclass
class EchoPipeline:
    """Answers ``A:<question>``; raises on the ``fail_after``-th batch call."""

    config: QAConfig = field(default_factory=QAConfig)
    fail_after: int | None = None
    on_batch: Callable[[Sequence[str]], None] | None = None
    strict: Callable[[str], None] | None = None
    batches: list[list[str]] = field(default_factory=list)
    singles: list[str] = field(default_factory=list)

    def answer(self, question: str) -> QAResult:
        self.singles.append(question)
        if self.strict is not None:
            self.strict(question)
        return make_result(question, f"A:{question}")

    def answer_batch(self, questions: Sequence[str]) -> list[QAResult]:
        if self.fail_after is not None and len(self.batches) >= self.fail_after:
            raise RuntimeError("simulated crash")
        for q in questions:
            fake_validate(q)
            if self.strict is not None:
                self.strict(q)
        self.batches.append(list(questions))
        if self.on_batch is not None:
            self.on_batch(questions)
        return [make_result(q, f"A:{q}") for q in questions]


def run_lines(pipeline: EchoPipeline, text: str, fmt: str, batch_size: int = 4) -> tuple[list[dict], object]:
    out = io.StringIO()
    summary = run_batch(pipeline, iter_items(io.StringIO(text), fmt), out, validate=fake_validate, batch_size=batch_size)
    return [json.loads(line) for line in out.getvalue().splitlines()], summary


# ----------------------------------------------------------------- input forms


def test_txt_keeps_order_and_numbers_lines_skipping_blanks() -> None:
    text = "Who won?\n\n  When was it?  \nWhere?\n\n\nWhy?\n"
    pipe = EchoPipeline()
    records, summary = run_lines(pipe, text, "txt", batch_size=2)
    assert [r["id"] for r in records] == [1, 3, 4, 7]
    assert [r["answer"] for r in records] == ["A:Who won?", "A:When was it?", "A:Where?", "A:Why?"]
    assert pipe.batches == [["Who won?", "When was it?"], ["Where?", "Why?"]]
    assert summary.answered == 4 and summary.failed == 0


def test_output_line_is_the_ask_json_object_plus_id() -> None:
    records, _ = run_lines(EchoPipeline(), "Who won?\n", "txt")
    expected = {"id": 1, **make_result("Who won?", "A:Who won?").to_json()}
    assert records == [expected]


def test_jsonl_carries_ids_and_extra_fields_through() -> None:
    text = "\n".join(
        [
            json.dumps({"id": "q-a", "question": "Who won?", "topic": "sport", "meta": {"k": [1, 2]}}),
            json.dumps({"question": "Where?", "doc": "gold.txt", "answer": "x"}),
            json.dumps({"id": 7, "question": "Why?"}),
        ]
    )
    records, summary = run_lines(EchoPipeline(), text, "jsonl")
    assert [r["id"] for r in records] == ["q-a", 2, 7]
    assert records[0]["topic"] == "sport" and records[0]["meta"] == {"k": [1, 2]}
    # An input field named like a result field never overwrites the answer.
    assert records[1]["answer"] == "A:Where?" and records[1]["input_answer"] == "x"
    assert records[1]["doc"] == "d.txt" and records[1]["input_doc"] == "gold.txt"
    assert summary.failed == 0


def test_bad_lines_get_error_lines_and_do_not_stop_the_run() -> None:
    lines = [
        json.dumps({"id": "ok1", "question": "Who won?"}),
        "{not json",
        json.dumps({"id": "noq", "text": "hello"}),
        json.dumps({"id": "empty", "question": "   "}),
        json.dumps({"id": "long", "question": "x" * (MAX_CHARS + 1)}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "num", "question": 42}),
        json.dumps({"id": "ok2", "question": "Where?"}),
    ]
    pipe = EchoPipeline()
    records, summary = run_lines(pipe, "\n".join(lines) + "\n", "jsonl", batch_size=3)
    assert [r["id"] for r in records] == ["ok1", 2, "noq", "empty", "long", 6, "num", "ok2"]
    failed = [r["id"] for r in records if "error" in r]
    assert failed == [2, "noq", "empty", "long", 6, "num"]
    assert all(isinstance(r["error"], str) and r["error"] for r in records if "error" in r)
    assert records[2]["text"] == "hello"  # carried even on an error line
    assert records[0]["answer"] == "A:Who won?" and records[-1]["answer"] == "A:Where?"
    assert (summary.answered, summary.failed) == (2, 6)
    # Invalid questions never reach the batch call.
    assert list(itertools.chain(*pipe.batches)) == ["Who won?", "Where?"]


def test_batch_refused_by_pipeline_falls_back_to_single_questions() -> None:
    def strict(question: str) -> None:
        if "forbidden" in question:
            raise QuestionError("not allowed")

    pipe = EchoPipeline(strict=strict)
    records, summary = run_lines(pipe, "Who?\nforbidden word\nWhere?\n", "txt", batch_size=8)
    assert [("error" in r) for r in records] == [False, True, False]
    assert records[1]["error"] == "not allowed"
    assert [r["answer"] for r in (records[0], records[2])] == ["A:Who?", "A:Where?"]
    assert (summary.answered, summary.failed) == (2, 1)


def test_questions_are_stripped_before_answering() -> None:
    pipe = EchoPipeline()
    run_lines(pipe, json.dumps({"question": "  Who won?\t"}) + "\n", "jsonl")
    assert pipe.batches == [["Who won?"]]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [('\n\n{"question": "q"}\n', "jsonl"), ('  {"question": "q"}', "jsonl"), ("\nWho won?\n{x}\n", "txt"), ("", "txt")],
)
def test_stdin_format_is_sniffed_without_losing_lines(text: str, fmt: str) -> None:
    found, lines = sniff_format(iter(io.StringIO(text)))
    assert found == fmt
    assert "".join(lines) == text


def test_auto_format_reads_jsonl_from_stdin_like_input() -> None:
    text = json.dumps({"id": "x", "question": "Who?"}) + "\n" + json.dumps({"question": "Where?"}) + "\n"
    items = list(iter_items(io.StringIO(text), "auto"))
    assert [(i.id, i.question) for i in items] == [("x", "Who?"), (2, "Where?")]


@pytest.mark.parametrize(("path", "fmt"), [("q.txt", "txt"), ("Q.JSONL", "jsonl"), ("-", "auto")])
def test_input_format_from_extension(path: str, fmt: str) -> None:
    assert input_format(path) == fmt


@pytest.mark.parametrize("path", ["q.json", "q.csv", "questions"])
def test_wrong_extension_is_a_usage_error(path: str) -> None:
    with pytest.raises(UsageError):
        input_format(path)


# ----------------------------------------------------------- scale and crashes


def test_partial_output_after_a_crash_is_complete_lines(tmp_path: Path) -> None:
    batch_size, ok_batches = 5, 3
    pipe = EchoPipeline(fail_after=ok_batches)
    out_path = tmp_path / "out.jsonl"
    questions = "".join(f"Question number {i}?\n" for i in range(1, 41))
    with open(out_path, "w", encoding="utf-8") as out, pytest.raises(RuntimeError, match="simulated crash"):
        run_batch(pipe, iter_items(io.StringIO(questions), "txt"), out, validate=fake_validate, batch_size=batch_size)
    # What is on disk before the file is closed was flushed batch by batch.
    raw = out_path.read_text(encoding="utf-8")
    assert raw.endswith("\n")
    records = [json.loads(line) for line in raw.splitlines()]
    assert len(records) == ok_batches * batch_size
    assert [r["id"] for r in records] == list(range(1, ok_batches * batch_size + 1))


class FlushCheckingOut(io.StringIO):
    """Records what had been flushed whenever a batch call starts."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()
        super().flush()


def test_each_batch_is_flushed_before_the_next_is_answered() -> None:
    out = FlushCheckingOut()
    seen: list[int] = []
    pipe = EchoPipeline(on_batch=lambda qs: seen.append(len(out.flushed.splitlines())))
    items = iter_items(io.StringIO("".join(f"q{i}\n" for i in range(10))), "txt")
    run_batch(pipe, items, out, validate=fake_validate, batch_size=4)
    assert seen == [0, 4, 8]
    assert out.flushed == out.getvalue()


def test_ten_thousand_questions_stream_in_batches() -> None:
    n, batch_size = 10_000, 32
    consumed = 0

    def items() -> Iterator[BatchItem]:
        nonlocal consumed
        for i in range(1, n + 1):
            consumed += 1
            yield BatchItem(id=i, question=f"Question {i}?")

    def check_lazy(questions: Sequence[str]) -> None:
        # Never more than one batch read ahead of what has been answered.
        answered_before = sum(len(b) for b in pipe.batches[:-1])
        assert consumed <= answered_before + len(questions)

    pipe = EchoPipeline(on_batch=check_lazy)
    out = io.StringIO()
    summary = run_batch(pipe, items(), out, validate=fake_validate, batch_size=batch_size)
    lines = out.getvalue().splitlines()
    assert len(lines) == n and summary.answered == n
    assert len(pipe.batches) == -(-n // batch_size)
    assert json.loads(lines[-1])["id"] == n


# ----------------------------------------------------------------- the command


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray ./qa.toml


@pytest.fixture(autouse=True)
def _fake_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    """``qa batch`` checks questions with ``fake_validate`` (its small limit), not the pipeline's rule."""
    monkeypatch.setattr(batch_command, "question_validator", lambda config: fake_validate)


def test_command_writes_file_and_returns_zero(tmp_path: Path, run_cli) -> None:
    (tmp_path / "q.txt").write_text("Who won?\nWhere?\n", encoding="utf-8")
    code, _, stderr = run_cli("batch", "q.txt", "-o", "out.jsonl", pipeline=EchoPipeline())
    assert code == 0
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["answer"] for r in records] == ["A:Who won?", "A:Where?"]
    err = stderr.strip().splitlines()
    assert len(err) == 1 and "2 answered, 0 failed" in err[0] and "q/s" in err[0]


def test_command_exit_one_when_some_lines_failed(tmp_path: Path, run_cli) -> None:
    (tmp_path / "q.jsonl").write_text('{"question": "Who?"}\n{"oops": 1}\n', encoding="utf-8")
    code, _, err = run_cli("batch", "q.jsonl", "-o", "out.jsonl", pipeline=EchoPipeline())
    assert code == 1
    assert "1 answered, 1 failed" in err


def test_command_reads_stdin_and_writes_stdout(monkeypatch: pytest.MonkeyPatch, run_cli) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "s1", "question": "Who?"}\n'))
    code, stdout, _ = run_cli("batch", "-", "-o", "-", pipeline=EchoPipeline())
    assert code == 0
    out = stdout.splitlines()
    assert [json.loads(x)["id"] for x in out] == ["s1"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch", "missing.txt", "-o", "out.jsonl"], "not found"),
        (["batch", "q.csv", "-o", "out.jsonl"], ".txt or .jsonl"),
        (["batch", "q.txt", "-o", "no/such/dir/out.jsonl"], "cannot write output"),
        (["batch", "q.txt", "-o", "q.txt"], "is the input file"),
        (["batch", "q.txt", "--batch-size", "0"], "--batch-size"),
    ],
)
def test_command_usage_errors_exit_two(argv: list[str], message: str, tmp_path: Path, run_cli) -> None:
    (tmp_path / "q.txt").write_text("Who?\n", encoding="utf-8")
    (tmp_path / "q.csv").write_text("Who?\n", encoding="utf-8")
    code, _, stderr = run_cli(*argv, pipeline=EchoPipeline())
    assert code == 2
    err = stderr.strip()
    assert len(err.splitlines()) == 1 and message in err
    assert (tmp_path / "q.txt").read_text(encoding="utf-8") == "Who?\n"


def test_command_crash_leaves_complete_lines(tmp_path: Path, run_cli) -> None:
    (tmp_path / "q.txt").write_text("".join(f"Q{i}?\n" for i in range(100)), encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_cli("batch", "q.txt", "-o", "out.jsonl", "--batch-size", "8", pipeline=EchoPipeline(fail_after=2))
    # The output is only replaced by a finished run; the temporary file beside it holds the whole lines.
    assert not (tmp_path / "out.jsonl").exists()
    (partial,) = tmp_path.glob(".out.jsonl.*.partial")
    records = [json.loads(x) for x in partial.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 16


def test_an_overlong_line_is_its_own_error_and_never_read_whole():
    from qa.batch import OverlongLine, bounded_lines

    text = "first?\n" + "x" * 25 + "\nthird?\n" + "y" * 40  # the last line has no newline either
    lines = list(bounded_lines(io.StringIO(text), limit=10))
    assert lines[0] == "first?\n" and lines[2] == "third?\n"
    assert isinstance(lines[1], OverlongLine) and len(lines[1]) == 10  # the first 10 characters only
    assert isinstance(lines[3], OverlongLine)
    items = list(iter_items(lines, "txt"))
    assert [i.question for i in items] == ["first?", None, "third?", None]
    assert items[1].error == "line 2 is longer than 1,000,000 characters"


def test_running_out_of_memory_is_one_line_not_a_traceback(monkeypatch, capsys):
    from qa import cli

    def exhausted(args, **_):
        raise MemoryError

    monkeypatch.setattr(batch_command, "run", exhausted)
    assert cli.main(["batch", "-"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("qa: error: out of memory"), err
