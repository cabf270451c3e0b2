"""Bad questions: a clear one-line message or a no-answer result, never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import QAConfig
from qa.errors import QuestionError
from qa.pipeline import validate_question
from qa.types import QAResult

from .conftest import assert_one_line_error, cli_args, run_qa

CONFIG = QAConfig()

REFUSED = {
    "empty": ("", "empty"),
    "whitespace": (" \t\n\u3000  ", "empty"),
    "control only": ("\x00\x1b\x7f\x08\u200b", "empty"),
    "100k characters": ("why " * 25_000, "100,000 characters long; the limit is 2,000"),
    "only punctuation": ("?!?...;", "no words"),
    "only emoji": ("🤔❓🙃", "no words"),
}
ACCEPTED = {
    "control characters and emoji": (
        "How many\x00 Kenyan\x1b police 👮 are in\u200d Haiti?",
        "How many Kenyan police 👮 are in Haiti?",
    ),
    "french": ("Combien de policiers kényans sont en Haïti ?", "Combien de policiers kényans sont en Haïti ?"),
    "chinese": ("海地有多少肯尼亚警察？", "海地有多少肯尼亚警察？"),
    "arabic": ("كم عدد رجال الشرطة الكينيين في هايتي؟", "كم عدد رجال الشرطة الكينيين في هايتي؟"),
    "lone surrogate": ("Who leads \udcff the mission?", "Who leads the mission?"),
    # pasted from a coloured terminal: the whole escape goes, not only its ESC ("[31m" is no word)
    "colour codes": ("Who leads \x1b[1;31mthe\x1b[0m mission?", "Who leads the mission?"),
    "screen clear and title": ("Who \x1b[2J\x1b]0;pwned\x07leads it?\x07", "Who leads it?"),
    "8-bit CSI": ("Who\x9b2J leads it?", "Who leads it?"),
}


@pytest.mark.parametrize(("question", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_unusable_question_is_refused_in_one_line(question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message) as err:
        validate_question(question, CONFIG)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("question", "cleaned"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_odd_but_real_question_is_cleaned(question: str, cleaned: str) -> None:
    assert validate_question(question, CONFIG) == cleaned


def test_not_text_is_refused() -> None:
    with pytest.raises(QuestionError, match="text"):
        validate_question(None, CONFIG)  # type: ignore[arg-type]


def test_huge_question_is_refused_quickly() -> None:
    # 50 MB pasted into the chat: refused on its length, not scanned.
    with pytest.raises(QuestionError, match="limit"):
        validate_question("x" * 50_000_000, CONFIG)


def _check_result(result: QAResult, seed_corpus) -> None:
    data = result.to_json()
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # printable and writable as UTF-8
    assert isinstance(result.no_answer, bool)
    if result.no_answer:
        assert result.answer == ""
    if result.doc is not None:
        text = (seed_corpus / result.doc).read_text(encoding="utf-8")
        assert text[result.start : result.end] == result.answer


@pytest.mark.parametrize(("question", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_pipeline_refuses_unusable_question(span_pipeline, question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        span_pipeline.answer(question)


@pytest.mark.parametrize("question", [q for q, _ in ACCEPTED.values()], ids=ACCEPTED.keys())
def test_pipeline_answers_odd_question(span_pipeline, seed_corpus, question: str) -> None:
    result = span_pipeline.answer(question)
    _check_result(result, seed_corpus)
    assert "\udcff" not in result.question  # echoed printable


def test_batch_with_one_bad_question_is_refused_whole(span_pipeline) -> None:
    # answer_batch's contract: QuestionError for the batch (qa batch then retries one by one).
    with pytest.raises(QuestionError):
        span_pipeline.answer_batch(["Who leads the mission?", "   "])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300) | st.from_regex(r"\A[\W_]{0,20}\Z") | st.just("x" * 3000))
def test_any_question_gives_a_result_or_a_question_error(span_pipeline, seed_corpus, question: str) -> None:
    try:
        result = span_pipeline.answer(question)
    except QuestionError as err:
        assert "\n" not in str(err)
        return
    _check_result(result, seed_corpus)


# --------------------------------------------------------------- the real CLI
def test_cli_refuses_bad_questions_before_loading_anything(tmp_path) -> None:
    """`qa ask` validates first: one line, exit 2 (a usage error), even with no index anywhere."""
    where = ["--corpus", str(tmp_path / "nowhere"), "--index-dir", str(tmp_path / "index")]
    for question, message in [("   ", "empty"), ("why " * 25_000, "limit is 2,000"), ("?!", "no words")]:
        proc = run_qa("ask", question, *where)
        assert proc.returncode == 2, proc.stderr
        assert_one_line_error(proc.stderr, message)
        assert proc.stdout == ""


def test_cli_answers_odd_question_as_json(seed_index, seed_corpus) -> None:
    """Emoji, control characters and bytes that are not UTF-8 on the command line."""
    question = "How many\x1b Kenyan police 👮 are in Haïti \udcff?".encode("utf-8", "surrogateescape")
    proc = run_qa("ask", question, "--json", "--no-update", *cli_args(seed_index))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert "👮" in data["question"] and "\ufffd" in data["question"]
    text = (seed_corpus / data["doc"]).read_text(encoding="utf-8")
    assert text[data["start"] : data["end"]] == data["answer"]


def test_batch_line_with_lone_surrogates_does_not_stop_the_run(span_pipeline) -> None:
    """JSON input may escape lone surrogates; the output stays valid UTF-8 JSON lines."""
    import io

    from qa.batch import iter_items, run_batch

    lines = ['{"question": "\\ud800"}\n', '{"question": "Who leads the \\udcff mission?", "note": "\\ud83d"}\n']
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    summary = run_batch(span_pipeline, iter_items(lines, "jsonl"), out, validate=lambda q: validate_question(q, CONFIG))
    records = [json.loads(line) for line in raw.getvalue().decode("utf-8").splitlines()]
    assert (summary.answered, summary.failed) == (1, 1)
    assert "error" in records[0] and "answer" in records[1]
    assert records[1]["note"] == "\ud83d"  # carried through, escaped
