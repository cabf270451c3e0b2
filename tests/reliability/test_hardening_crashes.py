"""Issue 12, items 8-12: what used to end in a traceback is one line (or one bad line).

Through ``qa.cli.main`` in-process, with the fast embedder and a stub
pipeline (``hardening.py``): no model loads.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from pathlib import Path

import pytest

import index.builder
import index.vector_index
from index import layout
from qa.cli import main
from qa.config import RULES, QAConfig

from .conftest import assert_one_line_error
from .hardening import args_for, built, fast_models  # noqa: F401

QUESTION = "How many ships waited offshore?"
NO_SPACE = "Error in void faiss::write_index: write error in /x/vectors.faiss: 0 != 1 (No space left on device)"


def make_stale(config: QAConfig) -> None:
    (config.corpus / "c.txt").write_text("Bridge closed\n\nThe old bridge closed for repairs on Sunday.\n", encoding="utf-8")


# -- 8: a full disk or a read-only index folder ---------------------------------


def fail_saving(monkeypatch) -> None:
    def save(*args, **kwargs):
        raise RuntimeError(NO_SPACE)

    monkeypatch.setattr(index.vector_index.VectorIndex, "save", save)


def test_full_disk_is_one_line_and_ask_answers_from_the_live_index(run_cli, monkeypatch, built):
    live = layout.current_generation(built.index_dir)
    make_stale(built)
    fail_saving(monkeypatch)
    code, _, err = run_cli("index", *args_for(built))
    assert code == 1
    assert_one_line_error(err, f"no space left on the disk holding {built.index_dir}")
    assert layout.current_generation(built.index_dir) == live

    code, out, err = run_cli("ask", QUESTION, "--json", *args_for(built))
    assert code == 0, err
    assert json.loads(out)["answer"] == "40"
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        f"qa: note: no space left on the disk holding {built.index_dir}; free some space, then run `qa index` "
        "(the current index is unchanged); answering from the current one"
    ]
    assert sorted(p.name for p in built.index_dir.glob("gen-*")) == [live.name]  # the failed version is gone


def test_a_nearly_full_disk_does_not_re_embed_before_answering(run_cli, monkeypatch, built):
    import qa.opening

    make_stale(built)
    monkeypatch.setattr(qa.opening, "_free_bytes", lambda folder: 0)
    monkeypatch.setattr(index.builder, "make_embedder", lambda *a, **k: pytest.fail("re-embedded on a full disk"))
    code, out, err = run_cli("ask", QUESTION, "--json", *args_for(built))
    assert code == 0, err
    assert "no space left on the disk holding" in err and "answering from the current one" in err


def test_read_only_index_folder_is_one_line_and_ask_still_answers(run_cli, monkeypatch, built):
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(built.index_dir / layout.LOCK_FILE))

    monkeypatch.setattr(index.builder.FileLock, "acquire", read_only)
    make_stale(built)
    code, _, err = run_cli("index", *args_for(built))
    assert code == 1
    assert_one_line_error(err, f"cannot write the index in {built.index_dir} (Read-only file system)")
    code, out, err = run_cli("ask", QUESTION, "--json", *args_for(built))
    assert code == 0 and json.loads(out)["answer"] == "40"
    assert "qa: note: cannot write the index" in err


def test_out_of_space_copying_the_database_names_the_index_folder_not_the_live_file(run_cli, monkeypatch, built):
    live_db = layout.current_generation(built.index_dir) / layout.METADATA_FILE

    def copy(src, dest, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(src))

    monkeypatch.setattr(index.builder.shutil, "copy2", copy)
    make_stale(built)
    code, _, err = run_cli("index", *args_for(built))
    assert code == 1
    line = assert_one_line_error(err, "no space left on the disk holding")
    assert str(live_db) not in line


# -- 9: one bad input line is that line's error ------------------------------------

DEEP = "[" * 5000 + "]" * 5000
HUGE_INT = "1" * 5000


def test_batch_survives_deep_nesting_and_huge_numbers(run_cli, tmp_path, built):
    questions = tmp_path / "q.jsonl"
    lines = [
        json.dumps({"id": "ok1", "question": QUESTION}),
        '{"id": "deep", "question": "Q?", "x": ' + DEEP + "}",
        '{"id": "big", "question": "Q?", "x": ' + HUGE_INT + "}",
        DEEP,
        json.dumps({"id": "ok2", "question": QUESTION}),
    ]
    questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", questions, "-o", out, *args_for(built))
    assert code == 1  # some lines failed
    assert "Traceback" not in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("answer") for r in records] == ["40", None, None, None, "40"]
    assert [("error" in r) for r in records] == [False, True, True, True, False]
    assert "nested too deeply" in records[1]["error"] and "4300 digits" in records[2]["error"]


def test_eval_gold_with_deep_nesting_is_one_line(run_cli, tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"question": "Q?", "answers": ' + DEEP + "}\n", encoding="utf-8")
    code, _, err = run_cli("eval", gold, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "gold line 1")


# -- 10: malformed SQuAD files ---------------------------------------------------------

BAD_SQUAD = {
    "no context": {"data": [{"title": "T", "paragraphs": [{"qas": []}]}]},
    "qas a string": {"data": [{"title": "T", "paragraphs": [{"context": "C.", "qas": "what?"}]}]},
    "qas of ints": {"data": [{"title": "T", "paragraphs": [{"context": "C.", "qas": [1, 2]}]}]},
    "answer text a number": {
        "data": [
            {"title": "T", "paragraphs": [{"context": "C.", "qas": [{"id": "q", "question": "Q?", "answers": [{"text": 5}]}]}]}
        ]
    },
}


@pytest.mark.parametrize("data", BAD_SQUAD.values(), ids=BAD_SQUAD.keys())
def test_malformed_squad_is_one_line(run_cli, tmp_path, data):
    squad = tmp_path / "s.json"
    squad.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run_cli("eval", "--squad", squad, "--index-dir", tmp_path / "w")
    assert code == 2
    assert_one_line_error(err, "not in SQuAD format", "article 0, paragraph 0")


# -- 11: every setting is checked, from qa.toml and from flags -------------------------

BAD_TOML = {
    "qa not a table": ('qa = "x"\n', "'qa' must be a table"),
    "corpus a number": ("[qa]\ncorpus = 5\n", "setting 'corpus'"),
    "candidates infinite": ("[qa]\ncandidates = 1e400\n", "setting 'candidates'"),
    "chunk_tokens zero": ("[qa]\nchunk_tokens = 0\n", "setting 'chunk_tokens'"),
    "embed_batch_size zero": ("[qa]\nembed_batch_size = 0\n", "setting 'embed_batch_size'"),
    "index_type bogus": ('[qa]\nindex_type = "bogus"\n', "must be one of auto, flat"),
    "candidates zero": ("[qa]\ncandidates = 0\n", "setting 'candidates'"),
    "passages_to_read zero": ("[qa]\npassages_to_read = 0\n", "setting 'passages_to_read'"),
    "retriever bogus": ('[qa]\nretriever = "magic"\n', "must be one of hybrid, dense, bm25"),
    "max_question_chars zero": ("[qa]\nmax_question_chars = 0\n", "setting 'max_question_chars'"),
    "threshold text": ('[qa]\nno_answer_threshold = "high"\n', "a finite number"),
    "bool as number": ("[qa]\nreader_int8 = 3\n", "true or false"),
    # a NUL made resolve() raise ValueError, an unknown ~user made expanduser() raise RuntimeError: tracebacks
    "corpus with a NUL": ('[qa]\ncorpus = "c\\u0000x"\n', "setting 'corpus' (--corpus) expects a path"),
    "index_dir with a NUL": ('[qa]\nindex_dir = "i\\u0000x"\n', "setting 'index_dir' (--index-dir) expects a path"),
    "reader_path with a NUL": ('[qa]\nreader_path = "r\\u0000x"\n', "setting 'reader_path' expects a path"),
    "corpus of an unknown user": ('[qa]\ncorpus = "~no-such-user-qa/news"\n', "cannot find the home folder"),
}


@pytest.mark.parametrize(("toml", "message"), BAD_TOML.values(), ids=BAD_TOML.keys())
def test_bad_settings_in_qa_toml_are_usage_errors(run_cli, tmp_path, toml, message):
    config = tmp_path / "qa.toml"
    config.write_text(toml, encoding="utf-8")
    code, out, err = run_cli("ask", QUESTION, "--config", config, "--index-dir", tmp_path / "i", "--no-update")
    assert code == 2, err
    assert_one_line_error(err, message)


BAD_FLAGS = {
    "threshold nan": (["--threshold", "nan"], "--threshold"),
    "threshold 2": (["--threshold", "2"], "between 0 and 1"),
    "threshold inf": (["--threshold", "inf"], "a finite number"),
    "top-k 0": (["--top-k", "0"], "--top-k must be at least 1"),
    "top-k -3": (["--top-k", "-3"], "--top-k must be at least 1"),
    "corpus of an unknown user": (["--corpus", "~no-such-user-qa/news"], "cannot find the home folder"),
}


@pytest.mark.parametrize(("flags", "message"), BAD_FLAGS.values(), ids=BAD_FLAGS.keys())
def test_bad_flag_values_are_usage_errors(run_cli, tmp_path, flags, message):
    code, _, err = run_cli("ask", QUESTION, *flags, "--index-dir", tmp_path / "i", "--no-update")
    assert code == 2, err
    assert_one_line_error(err, message)


BAD_TRAINING_FLAGS = {
    "epochs -1": (["train-reader", "--epochs", "-1"], "--epochs must be a positive number"),
    "epochs nan": (["train-reader", "--epochs", "nan"], "--epochs must be a positive number"),
    "batch 0": (["train-reader", "--batch-size", "0"], "--batch-size must be at least 1"),
    "lr -1": (["train-reader", "--learning-rate", "-1"], "--learning-rate must be a positive number"),
    "threads 0": (["train-reader", "--threads", "0"], "--threads must be at least 1"),
    "c -1": (["train-selector", "--c", "-1"], "--c must be a positive number"),
    "share 2": (["train-selector", "--answerable-share", "2"], "--answerable-share must be in (0, 1)"),
    "keep nan": (["train-selector", "--keep", "nan"], "--keep must be in (0, 1]"),
    "train questions 0": (["train-selector", "--train-questions", "0"], "--train-questions must be at least 1"),
    "no dev sets": (["train-selector"], "no --dev GOLD=CORPUS given"),
    "pairs weight 0": (["train-selector", "--pairs-weight", "0"], "--pairs-weight must be a positive number"),
    "pairs without corpus": (["train-selector", "--pairs", "pairs.tsv"], "--pairs expects TSV=CORPUS[@INDEX]"),
    "pairs missing": (["train-selector", "--pairs", "missing.tsv=seeds"], "cannot read near-miss pairs missing.tsv"),
}


@pytest.mark.parametrize(("argv", "message"), BAD_TRAINING_FLAGS.values(), ids=BAD_TRAINING_FLAGS.keys())
def test_training_flags_are_checked_before_any_work(run_cli, tmp_path, argv, message):
    """``--epochs nan`` and ``--batch-size 0`` were tracebacks, ``--epochs -1`` trained a step and wrote weights,
    and ``train-selector`` checked its numbers only after minutes of collecting."""
    work, output = tmp_path / "work", tmp_path / "out"
    places = ["--work", work, "--output", output] if argv[0] == "train-selector" else ["--output-dir", output]
    code, _, err = run_cli(*argv, *places)
    assert code == 2, err
    assert_one_line_error(err, message)
    assert not work.exists() and not output.exists()


def test_rule_choices_match_what_the_code_accepts():
    from index.vector_index import INDEX_TYPES
    from qa.readers import READERS
    from qa.retrieval import RETRIEVERS

    assert set(RULES["retriever"].choices) == set(RETRIEVERS)
    assert set(RULES["reader"].choices) == set(READERS)
    assert set(RULES["index_type"].choices) == set(INDEX_TYPES)


def test_every_rule_names_a_setting_and_accepts_its_default():
    fields = QAConfig.__dataclass_fields__
    default = QAConfig()
    for key, rule in RULES.items():
        if key in fields and getattr(default, key) is not None:
            rule.check(key, getattr(default, key))  # the defaults themselves pass


# -- 12: a closed pipe ends `qa ask` quietly ---------------------------------------------------


class ClosedPipe(io.TextIOBase):
    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_ask_into_a_closed_pipe_exits_0_without_a_message(monkeypatch, capsys, built):
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["ask", QUESTION, *args_for(built), "--no-update"])
    err = capsys.readouterr().err
    assert code == 0
    assert err == ""


# -- a corpus folder thousands of levels deep ------------------------------------------


def _deep_tree(top: Path, depth: int) -> Path:
    """``top/d/d/.../d/x.txt``, ``depth`` folders down, built without long paths (chdir one level at a time)."""
    here = os.getcwd()
    top.mkdir(parents=True, exist_ok=True)
    os.chdir(top)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("x.txt").write_text("Title\nThe deep file says Bob built the tower.\n", encoding="utf-8")
    finally:
        os.chdir(here)
    return top


def test_a_tree_deeper_than_the_recursion_limit_is_scanned_and_added(tmp_path):
    """The scan and ``qa index add`` walked folders recursively: 1,500 levels ended in a RecursionError traceback."""
    from index.corpus import list_corpus_files, scan_corpus
    from qa.corpus_files import copy_into_corpus, plan_additions

    depth = sys.getrecursionlimit() + 500
    deep = _deep_tree(tmp_path / "deep", depth)
    corpus = tmp_path / "c"
    try:
        files, warnings = scan_corpus(deep)
        assert [len(p.relative_to(deep).parts) for p in files] == [depth + 1] and warnings == []
        corpus.mkdir()
        (corpus / "a.txt").write_text("Title\nText.\n", encoding="utf-8")
        copies = plan_additions(corpus, [deep / "d"])
        assert len(copies) == 1
        copy_into_corpus(corpus, copies)
        assert len(list_corpus_files(corpus)) == 2
    finally:  # shutil.rmtree (pytest's clean-up of old tmp folders) recurses too
        _remove_tree(deep)
        _remove_tree(corpus)


def _remove_tree(top: Path) -> None:
    """Delete a folder tree without recursion, deepest folders first."""
    if not top.exists():
        return
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_adding_a_folder_that_links_outside_itself_copies_nothing(run_cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\nText.\n", encoding="utf-8")
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "b.txt").write_text("Title\nOther.\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n", encoding="utf-8")
    (folder / "s.txt").symlink_to(secret)
    code, _, err = run_cli("index", "add", folder, "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "a link to", "outside")
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_an_unwritable_model_cache_is_named_with_its_fix(tmp_path):
    """A cache folder that cannot be made was reported as a failed ONNX export, with torch as the only way out."""
    import subprocess

    from .conftest import ENV, QA

    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    done = subprocess.run(
        [*QA, "ask", "Who leads the mission?"],
        env={**ENV, "QA_CACHE_DIR": str(blocker / "cache")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert_one_line_error(done.stderr, f"cannot write the model cache {blocker / 'cache'}", "QA_CACHE_DIR")
