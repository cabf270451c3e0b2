"""Issue 12, items 13-25: wrong behaviour found by the adversarial run.

Fast embedder and stub pipeline (``hardening.py``); the chat through
Textual's Pilot with the fake pipeline of ``tests/tui``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from filelock import FileLock

from index import layout
from index.builder import update_index
from index.corpus import load_document_file
from qa.batch import json_line, parse_jsonl_line
from qa.commands.ask import render
from qa.config import QAConfig, load_config
from tests.fakes import FakeFactory, FastEmbedder
from tests.helpers import ask, settle
from tui.app import create_app, default_index_builder
from tui.widgets.prompt import QuestionInput

from .conftest import assert_one_line_error, run_qa
from .hardening import ARTICLE, StubPipeline, args_for, built, fast_models, make_corpus  # noqa: F401

QUESTION = "How many ships waited offshore?"


# -- 13: one record of a .jsonl cannot be removed by moving its file ----------------


def test_removing_one_jsonl_record_is_refused_and_the_file_stays(run_cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    feed = corpus / "f.jsonl"
    feed.write_text('{"id": "r1", "text": "One."}\n{"id": "r2", "text": "Two."}\n', encoding="utf-8")
    code, _, err = run_cli("index", "remove", "f.jsonl#r1", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "one record of f.jsonl", "qa index remove f.jsonl")
    assert feed.exists()


# -- 14: JSONL ids are unique and stable ------------------------------------------------


def test_generated_ids_never_take_an_explicit_one(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    lines = [
        {"text": "No id here, line one."},
        {"id": "x", "text": "Explicit x."},
        {"text": "No id here, line three."},
        {"id": "1", "text": "Explicit one."},
        {"id": "x", "text": "A second x."},
        {"id": "y", "text": "Explicit x."},
    ]
    path = corpus / "f.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    docs, warnings = load_document_file(corpus, path)
    assert {d.doc_id: d.text for d in docs} == {
        "f.jsonl#line-1": "No id here, line one.",
        "f.jsonl#x": "Explicit x.",
        "f.jsonl#3": "No id here, line three.",
        "f.jsonl#1": "Explicit one.",
    }
    assert warnings == [
        "skipped f.jsonl#x (line 5): the same id as line 2",
        "skipped f.jsonl#y: same text as f.jsonl#x",
    ]


# -- 17: batch output is strict JSON, and no input field is lost --------------------------


def test_batch_refuses_nan_and_keeps_every_input_field():
    for bad in ('{"question": "Q?", "x": NaN}', '{"question": "Q?", "x": -Infinity}', '{"question": "Q?", "x": 1e400}'):
        item = parse_jsonl_line(bad, 4)
        assert item.error is not None and "line 4 is not strict JSON" in item.error
    item = parse_jsonl_line('{"question": "Q?", "answer": "gold", "input_answer": "mine"}', 1)
    assert item.extra == {"input_input_answer": "gold", "input_answer": "mine"}
    line = json_line({"id": 1, "score": float("nan")})
    assert "NaN" not in line and json.loads(line)["error"]


# -- 18: the chat sees a new index, reloads on ctrl+r, and answers while another writer runs --


@pytest.mark.anyio
async def test_chat_reloads_when_the_index_generation_changes(tmp_path):
    factory = FakeFactory()
    config = QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "index")
    app = create_app(config, pipeline_factory=factory)
    current = {"gen": "gen-000001"}
    app.generation_probe = lambda config: current["gen"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert factory.calls == 1 and app.generation == "gen-000001"
        await ask(pilot, "Who did Rubio host?")
        assert factory.calls == 1  # same generation: no reload
        current["gen"] = "gen-000002"  # `qa index add` in another terminal
        await ask(pilot, "Who did Rubio host?")
        assert factory.calls == 2 and app.generation == "gen-000002"
        assert factory.pipeline.asked == ["Who did Rubio host?"]  # the new pipeline answered
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert factory.calls == 3 and app.load_state == "ready"


@pytest.mark.anyio
async def test_chat_answers_from_the_live_index_while_another_writer_holds_the_lock(tmp_path, fast_models):
    config = QAConfig(corpus=make_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=FastEmbedder())
    (config.corpus / "c.txt").write_text("New\n\nA new article arrived.\n", encoding="utf-8")  # stale now
    factory = FakeFactory()
    app = create_app(config, pipeline_factory=factory, index_builder=default_index_builder)
    lock = FileLock(str(config.index_dir / layout.LOCK_FILE))
    with lock:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.load_state == "ready", app.load_error
            assert factory.calls == 1


# -- 19: focus comes back to the question box after ctrl+l ----------------------------------


@pytest.mark.anyio
async def test_typing_works_after_tab_then_ctrl_l(tmp_path):
    app = create_app(QAConfig(corpus=Path("corpus"), index_dir=tmp_path / "i"), pipeline_factory=FakeFactory())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot, "Who did Rubio host?")
        await pilot.press("tab")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press(*"why")
        assert app.screen.query_one(QuestionInput).value == "why"


# -- 21: exit codes and messages ---------------------------------------------------------------


def test_empty_question_is_a_usage_error(run_cli, tmp_path):
    code, _, err = run_cli("ask", "   ", "--index-dir", tmp_path / "i", "--no-update")
    assert code == 2
    assert_one_line_error(err, "the question is empty")


def test_verbose_after_the_command_and_options_before_paths(run_cli, tmp_path, fast_models):
    corpus = make_corpus(tmp_path / "c")
    new = tmp_path / "new.txt"
    new.write_text("Library opens\n\nThe city library opened a new wing.\n", encoding="utf-8")
    dash = tmp_path / "-rf.txt"
    dash.write_text("Dash\n\nA file whose name starts with a dash.\n", encoding="utf-8")
    code, _, err = run_cli("index", "add", "--corpus", corpus, "--index-dir", tmp_path / "i", new, "-v")
    assert code == 0, err
    assert (corpus / "new.txt").exists()
    code, _, err = run_cli("index", "add", "--corpus", corpus, "--index-dir", tmp_path / "i", "--", str(dash))
    assert code == 0, err
    assert (corpus / "-rf.txt").exists()


def test_remove_checks_every_name_before_moving_any(run_cli, tmp_path):
    corpus = make_corpus(tmp_path / "c")
    code, _, err = run_cli("index", "remove", "a.txt", "missing.txt", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "cannot remove missing.txt")
    assert (corpus / "a.txt").exists()
    assert not (tmp_path / "i" / "removed").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_device_names_the_path(run_cli, tmp_path, built):
    questions = tmp_path / "q.txt"
    questions.write_text(QUESTION + "\n", encoding="utf-8")
    code, _, err = run_cli("batch", questions, "-o", "/dev/full", *args_for(built))
    assert code == 1
    assert_one_line_error(err, "cannot write /dev/full", "No space left")


# -- 22: `qa index add` says what it copied and refuses what it would skip --------------------


def test_add_says_what_it_copied_and_refuses_non_utf8(run_cli, tmp_path, fast_models):
    corpus = make_corpus(tmp_path / "c")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 cr\xe8me\n\nLe caf\xe9 est ferm\xe9.\n".encode("latin-1"))
    code, _, err = run_cli("index", "add", latin, "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "cannot add", "not UTF-8 text")
    assert not (corpus / "latin1.txt").exists()
    good = tmp_path / "good.txt"
    good.write_text("Good\n\nA good article.\n", encoding="utf-8")
    code, out, err = run_cli("index", "add", good, "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 0, err
    assert f"copied {good} into {corpus}/" in err


# -- 23: no-op index, "built", NUL bytes, huge titles, CURRENT's mode --------------------------


def test_a_no_op_index_keeps_its_generation_and_a_first_build_says_built(run_cli, tmp_path, fast_models):
    corpus = make_corpus(tmp_path / "c")
    code, out, err = run_cli("index", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 0, err
    assert out.startswith("index built:")
    first = layout.current_generation(tmp_path / "i")
    code, out, err = run_cli("index", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 0 and out.startswith("index up to date:")
    assert layout.current_generation(tmp_path / "i") == first
    mode = stat.S_IMODE(os.stat(tmp_path / "i" / layout.CURRENT_FILE).st_mode)
    assert mode & 0o044 == 0o044 & ~current_umask()  # readable by others as the umask allows, not 0600


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_nul_byte_anywhere_marks_a_file_binary(tmp_path):
    path = tmp_path / "late-nul.txt"
    path.write_bytes(b"Title\n\n" + b"x" * 9000 + b"\x00 hidden\n")
    docs, warnings = load_document_file(tmp_path, path)
    assert docs == [] and warnings == ["skipped late-nul.txt: not UTF-8 text"]


def test_a_huge_title_is_cut_when_shown():
    import io

    from rich.console import Console

    result = StubPipeline(QAConfig()).answer(QUESTION)
    result.title = "T" * 1_000_000
    out = io.StringIO()
    render(result, Console(file=out, width=300, force_terminal=False))
    assert len(out.getvalue()) < 5_000


# -- 24: default corpus and index are relative to the current folder --------------------------


def test_defaults_are_relative_to_the_current_folder(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(None)
    assert config.corpus.resolve() == tmp_path / "seeds"
    assert config.index_dir.resolve() == tmp_path / ".qa-index" / "seeds"
    code, _, err = run_cli("index")
    assert code == 1
    assert_one_line_error(err, "corpus folder seeds does not exist", str(tmp_path), "pass --corpus DIR")


# -- 25: a corpus set in qa.toml gets its own index; the stem cache reset keeps the batch ------


def test_corpus_in_qa_toml_moves_the_default_index(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other").mkdir()
    toml = tmp_path / "qa.toml"
    toml.write_text('[qa]\ncorpus = "other"\n', encoding="utf-8")
    config = load_config(toml)
    assert config.index_dir != QAConfig().index_dir
    assert config.index_dir.name.startswith("other-")
    toml.write_text('[qa]\ncorpus = "other"\nindex_dir = "mine"\n', encoding="utf-8")
    assert load_config(toml).index_dir == Path("mine")


# -- qa chat: a bad folder is one line before the window, not an error inside it ------


@pytest.mark.parametrize("problem", ["missing corpus", "index folder of other files"])
def test_chat_refuses_a_bad_folder_before_its_window_opens(tmp_path, problem):
    if problem == "missing corpus":
        args: list[str | os.PathLike] = ["--corpus", tmp_path / "missing", "--index-dir", tmp_path / "idx"]
        fragment = "does not exist"
    else:
        notes = tmp_path / "notes"
        notes.mkdir()
        (notes / "todo.txt").write_text("mine", encoding="utf-8")
        args = ["--corpus", make_corpus(tmp_path / "c"), "--index-dir", notes]
        fragment = "no corpus-qa index"
    done = run_qa("chat", *args, timeout=60, input="")
    assert done.returncode == 1
    assert done.stdout == ""  # no escape sequences: the window never opened
    assert_one_line_error(done.stderr, fragment)
