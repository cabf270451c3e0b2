"""The `qa` command's contract: exit 2 for usage, 1 for runtime failures, 0 for
an answer or a "not found"; every error is one line on standard error."""

from __future__ import annotations

import json

import pytest

from qa.pipeline import QAPipeline

from .conftest import assert_one_line_error, cli_args, run_qa

QUESTION = "How many Kenyan police officers are in Haiti?"


@pytest.fixture()
def reuse_model(monkeypatch, embedder):
    """In-process `qa` commands load the session's model instead of their own."""
    real = QAPipeline.load.__func__

    def load(cls, config, embedder_=None, **kwargs):
        return real(cls, config, embedder=embedder)

    monkeypatch.setattr(QAPipeline, "load", classmethod(load))


USAGE_ERRORS = {
    "no command": ([], "choose a command"),
    "unknown command": (["frobnicate"], "invalid choice: 'frobnicate'"),
    "unknown flag": (["ask", QUESTION, "--bogus"], "unrecognized arguments: --bogus"),
    "unquoted question": (["ask", "how", "many", "officers"], "put the question in quotes"),
    "missing question": (["ask"], "required: question"),
    "bad number": (["ask", QUESTION, "--threshold", "high"], "invalid float value: 'high'"),
    "bad choice": (["ask", QUESTION, "--reader", "magic"], "invalid choice: 'magic'"),
    "index path without add": (["index", "update", "x.txt"], "only accepted by `qa index add`"),
    "batch of a .csv": (["batch", "questions.csv"], "input must be a .txt or .jsonl file"),
    "batch size zero": (["batch", "q.txt", "--batch-size", "0"], "--batch-size must be at least 1"),
    "batch size huge": (["batch", "q.txt", "--batch-size", "99999999999999999999"], "--batch-size must be at most 10,000"),
    "eval without gold": (["eval"], "give either a gold file"),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_2_in_one_line(run_cli, args, message):
    code, out, err = run_cli(*args)
    assert code == 2
    assert_one_line_error(err, message)
    assert out == ""


def test_unreadable_or_wrong_files_are_usage_errors(run_cli, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(QUESTION + "\n", encoding="utf-8")
    cases = [
        (["batch", questions, "-o", tmp_path / "no" / "such" / "dir" / "a.jsonl"], "cannot write output"),
        (["batch", questions, "-o", tmp_path], "cannot write output"),
        (["batch", questions, "-o", questions], "is the input file"),
        (["batch", tmp_path / "missing.txt"], "input file not found"),
        (["eval", tmp_path / "missing.jsonl"], "gold file not found"),
        (["eval", questions], "not JSON"),
        (["ask", QUESTION, "--config", tmp_path / "nope.toml"], "config file not found"),
        (["ask", QUESTION, "--config", tmp_path], "cannot read config file"),
    ]
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("[qa\nreader = ", encoding="utf-8")
    cases.append((["ask", QUESTION, "--config", bad_toml], "not valid TOML"))
    unknown_key = tmp_path / "unknown.toml"
    unknown_key.write_text('[qa]\nreadr = "span"\n', encoding="utf-8")
    cases.append((["ask", QUESTION, "--config", unknown_key], "unknown setting 'readr'"))
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    cases.append((["ask", QUESTION, "--config", binary], "not valid TOML"))
    for args, message in cases:
        code, out, err = run_cli(*args, "--index-dir", tmp_path / "index")
        assert code == 2, (args, err)
        assert_one_line_error(err, message)


def test_runtime_failures_exit_1_in_one_line(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    index_file = tmp_path / "a-file"
    index_file.write_text("not a folder", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\nSome text about harbours.\n", encoding="utf-8")
    cases = [
        (["ask", QUESTION, "--no-update", "--corpus", corpus, "--index-dir", tmp_path / "idx"], "run `qa index` first"),
        (["ask", QUESTION, "--corpus", tmp_path / "missing"], "does not exist"),
        (["index", "--corpus", tmp_path / "empty", "--index-dir", tmp_path / "idx"], "no articles found"),
        (["index", "--corpus", corpus, "--index-dir", index_file], "a-file"),
    ]
    for args, message in cases:
        code, out, err = run_cli(*args)
        assert code == 1, (args, err)
        assert_one_line_error(err, message)


def test_verbose_adds_the_details(tmp_path):
    proc = run_qa("-v", "ask", QUESTION, "--no-update", "--index-dir", tmp_path / "idx")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("qa: error: no index in")
    assert "IndexMissingError" in proc.stderr  # the traceback, for a bug report


def test_no_answer_is_not_an_error(run_cli, seed_index, reuse_model):
    code, out, err = run_cli("ask", QUESTION, "--no-update", "--threshold", "1.0", *cli_args(seed_index))
    assert code == 0, err
    assert out.startswith("Not found in the corpus")  # then "." or ": <what the articles lack>."
    code, out, err = run_cli("ask", QUESTION, "--json", "--no-update", "--threshold", "1.0", *cli_args(seed_index))
    assert code == 0, err
    data = json.loads(out)
    assert data["no_answer"] is True and data["answer"] == "" and data["passage"]


def test_answer_exits_0(run_cli, seed_index, reuse_model):
    code, out, err = run_cli("ask", QUESTION, "--json", "--no-update", *cli_args(seed_index))
    assert code == 0, err
    assert json.loads(out)["question"] == QUESTION


def test_usage_errors_through_the_real_command():
    proc = run_qa("ask", QUESTION, "--bogus")
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "unrecognized arguments: --bogus", "qa ask --help")
    proc = run_qa()
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr, "choose a command")
