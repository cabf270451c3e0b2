"""Issue 12, items 1-4: no command loses or moves a file it should not.

Everything here fails before any model would load, so it runs in-process
through ``qa.cli.main`` and takes milliseconds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .conftest import assert_one_line_error


def corpus_with(tmp_path: Path, **files: str) -> Path:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name.replace("__", ".")).write_text(text, encoding="utf-8")
    return corpus


# -- 1: `qa index remove` only moves files of the corpus ----------------------


def test_remove_refuses_paths_outside_the_corpus(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    victim = tmp_path / "victim.txt"
    victim.write_text("not an article\n", encoding="utf-8")
    index = tmp_path / "i"
    for name in ("../victim.txt", str(victim), "sub/../../victim.txt", "/etc/passwd"):
        code, out, err = run_cli("index", "remove", name, "--corpus", corpus, "--index-dir", index)
        assert code == 2, (name, err)
        assert_one_line_error(err, "not inside the corpus")
    assert victim.read_text(encoding="utf-8") == "not an article\n"
    assert (corpus / "a.txt").exists()
    assert not (index / "removed").exists()


def test_remove_refuses_a_folder_linked_out_of_the_corpus(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("x\n", encoding="utf-8")
    (corpus / "link").symlink_to(outside, target_is_directory=True)
    code, _, err = run_cli("index", "remove", "link/x.txt", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "not inside the corpus")
    assert (outside / "x.txt").exists()


# -- 2: a hard link of the input is the input -----------------------------------


def test_batch_output_that_is_a_hard_link_of_the_input_is_refused(run_cli, tmp_path):
    questions = tmp_path / "in.txt"
    questions.write_text("Who leads the mission?\n", encoding="utf-8")
    hard = tmp_path / "hard.txt"
    os.link(questions, hard)
    soft = tmp_path / "soft.txt"
    soft.symlink_to(questions)
    for out in (hard, soft):
        code, _, err = run_cli("batch", questions, "-o", out, "--index-dir", tmp_path / "i")
        assert code == 2
        assert_one_line_error(err, "is the input file")
    assert questions.read_text(encoding="utf-8") == "Who leads the mission?\n"


# -- 3: the gold file is never overwritten, and a report is not gold -------------


def test_report_path_that_is_the_gold_file_is_refused(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    gold = tmp_path / "g.jsonl"
    gold_text = json.dumps({"id": "1", "question": "What?", "answers": ["Text"], "doc": "a.txt"}) + "\n"
    gold.write_text(gold_text, encoding="utf-8")
    alias = tmp_path / "alias.jsonl"
    os.link(gold, alias)
    for report in (gold, alias):
        code, _, err = run_cli("eval", gold, "--report", report, "--corpus", corpus, "--index-dir", tmp_path / "i")
        assert code == 2
        assert_one_line_error(err, "is the gold file")
    assert gold.read_text(encoding="utf-8") == gold_text


def test_gold_lines_without_answers_are_refused(run_cli, tmp_path):
    gold = tmp_path / "report.jsonl"
    gold.write_text(json.dumps({"id": "1", "question": "What?", "prediction": "x", "em": 0}) + "\n", encoding="utf-8")
    code, _, err = run_cli("eval", gold, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "gold line 1", "no 'answers'")


def test_gold_doc_that_does_not_exist_is_reported(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    gold = tmp_path / "g.jsonl"
    lines = [
        {"id": "q1", "question": "What?", "answers": ["Text"], "doc": "a.txt"},
        {"id": "q2", "question": "What?", "answers": ["Text"], "doc": "typo.txt"},
    ]
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    # The run then fails (no index can be built from a missing model folder); the warning comes first.
    code, _, err = run_cli("eval", gold, "--corpus", corpus, "--index-dir", tmp_path / "i", "--model", str(tmp_path / "no-model"))
    warnings = [line for line in err.splitlines() if line.startswith("qa: warning:")]
    assert warnings == [
        f"qa: warning: gold question q2: doc 'typo.txt' is not in the corpus {corpus}/ (it can only count as a miss)"
    ]


def test_gold_doc_outside_the_corpus_is_refused(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        json.dumps({"id": "q1", "question": "What?", "answers": ["root"], "doc": "../../../etc/passwd"}) + "\n", encoding="utf-8"
    )
    code, _, err = run_cli("eval", gold, "--closed", "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "outside the corpus")


# -- 4: a failed batch keeps the previous output --------------------------------


def test_failed_batch_keeps_the_previous_output(run_cli, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("Who leads the mission?\n", encoding="utf-8")
    old = tmp_path / "old.jsonl"
    old.write_text('{"id": 1, "answer": "earlier results"}\n', encoding="utf-8")
    code, _, err = run_cli("batch", questions, "-o", old, "--corpus", tmp_path / "missing", "--index-dir", tmp_path / "i")
    assert code == 1
    assert_one_line_error(err, "does not exist")
    assert old.read_text(encoding="utf-8") == '{"id": 1, "answer": "earlier results"}\n'
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []  # nothing left behind


def test_failed_eval_keeps_the_previous_report(run_cli, tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "1", "question": "What?", "answers": []}) + "\n", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    report.write_text("earlier report\n", encoding="utf-8")
    code, _, err = run_cli("eval", gold, "--report", report, "--corpus", tmp_path / "missing", "--index-dir", tmp_path / "i")
    assert code == 1
    assert report.read_text(encoding="utf-8") == "earlier report\n"


# -- 5: an index is only ever written into an index folder ----------------------


def test_a_folder_of_other_files_is_refused_as_index_folder(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    home = tmp_path / "home"
    (home / "gen-notes").mkdir(parents=True)  # looks like a generation name, and is the user's
    (home / "gen-notes" / "todo.txt").write_text("keep me\n", encoding="utf-8")
    (home / "letter.txt").write_text("dear\n", encoding="utf-8")
    for index, code_and_reason in (
        (home, (1, "already holds other files and no corpus-qa index")),
        (corpus, (2, "is inside the corpus")),  # the corpus itself
    ):
        before = sorted(p.name for p in index.iterdir())
        code, _, err = run_cli("index", "--corpus", corpus, "--index-dir", index)
        assert code == code_and_reason[0], err
        assert_one_line_error(err, code_and_reason[1])
        assert sorted(p.name for p in index.iterdir()) == before  # not even a lock file
    assert (home / "gen-notes" / "todo.txt").read_text(encoding="utf-8") == "keep me\n"


def test_a_database_folder_with_its_own_current_file_is_refused_as_index_folder(run_cli, tmp_path):
    """A LevelDB folder holds ``CURRENT`` (``MANIFEST-000001``), ``LOCK``, ``LOG``, ``*.ldb``: any file named
    ``CURRENT`` (or ``.lock``) made a folder an index, and the build replaced that database's ``CURRENT``."""
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    for marker, content in (("CURRENT", "MANIFEST-000001\n"), (".lock", "")):
        db = tmp_path / f"db{marker}"
        db.mkdir()
        (db / marker).write_text(content, encoding="utf-8")
        (db / "000001.ldb").write_bytes(b"data")
        before = {p.name: p.read_bytes() for p in db.iterdir()}
        code, _, err = run_cli("index", "--corpus", corpus, "--index-dir", db)
        assert code == 1, err
        assert_one_line_error(err, "already holds other files and no corpus-qa index")
        assert {p.name: p.read_bytes() for p in db.iterdir()} == before


def test_index_folders_a_build_left_are_still_index_folders(tmp_path):
    from index import layout

    # a killed first build (.lock only, or a half-written generation), a pointer damaged by hand
    for files, folders in (([".lock"], []), (["CURRENT"], []), ([".lock"], ["removed"]), ([], ["gen-000001"])):
        index = tmp_path / "-".join(files + folders)
        index.mkdir()
        for name in files:
            (index / name).write_text("junk\n", encoding="utf-8")
        for name in folders:
            (index / name).mkdir()
        layout.check_index_folder(index)
    extra = tmp_path / "with-notes"  # a live index beside a file of the user's: still an index
    layout.publish_generation(extra, layout.new_generation(extra))
    (extra / "notes.txt").write_text("mine\n", encoding="utf-8")
    layout.check_index_folder(extra)


def test_a_file_is_refused_as_index_folder(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    code, _, err = run_cli("index", "--corpus", corpus, "--index-dir", notes)
    assert code == 1
    assert_one_line_error(err, "is a file")
    assert notes.read_text(encoding="utf-8") == "mine\n"
    code, _, err = run_cli("index", "--corpus", corpus, "--index-dir", corpus / "a.txt")  # an article of the corpus
    assert code == 2
    assert_one_line_error(err, "is inside the corpus")
    assert (corpus / "a.txt").read_text(encoding="utf-8") == "Title\nText.\n"


def test_only_generation_folders_are_cleaned_from_an_index_folder(tmp_path):
    from index import layout

    index = tmp_path / "i"
    index.mkdir()
    (index / "gen-notes").mkdir()  # not a generation: six digits only
    (index / "gen-0001x").mkdir()
    old = layout.new_generation(index)
    live = layout.new_generation(index)
    assert [g.name for g in layout.generations(index)] == [old.name, live.name] == ["gen-000001", "gen-000002"]
    layout.publish_generation(index, live)
    assert sorted(p.name for p in index.iterdir()) == ["CURRENT", "gen-000002", "gen-0001x", "gen-notes"]
    layout.check_index_folder(index)  # an index folder, with extra files, is still one


# -- 6: outputs never land in the corpus or the index ------------------------------


def test_outputs_inside_the_corpus_or_index_are_refused(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    index = tmp_path / "i"
    questions = tmp_path / "q.txt"
    questions.write_text("What is it?\n", encoding="utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "1", "question": "What?", "answers": ["Text"], "doc": "a.txt"}) + "\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(corpus, target_is_directory=True)
    cases = [
        (["batch", questions, "-o", corpus / "a.txt"], "-o", "corpus"),  # an article replaced by JSON lines
        (["batch", questions, "-o", tmp_path / "link" / "new.jsonl"], "-o", "corpus"),  # through a link
        (["batch", questions, "-o", index / "out.jsonl"], "-o", "index"),
        (["eval", gold, "--report", corpus / "r.jsonl"], "--report", "corpus"),
        (["eval", gold, "--html", index / "r.html"], "--html", "index"),
    ]
    for args, flag, folder in cases:
        code, _, err = run_cli(*args, "--corpus", corpus, "--index-dir", index)
        assert code == 2, (args, err)
        assert_one_line_error(err, flag, f"inside the {folder} folder")
    assert (corpus / "a.txt").read_text(encoding="utf-8") == "Title\nText.\n"
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]
    assert not index.exists()


def test_index_remove_into_a_folder_that_is_not_an_index_moves_nothing(run_cli, tmp_path):
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n", b__txt="Title\nOther.\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / "letter.txt").write_text("dear\n", encoding="utf-8")
    code, _, err = run_cli("index", "remove", "a.txt", "--corpus", corpus, "--index-dir", home)
    assert code == 1
    assert_one_line_error(err, "already holds other files and no corpus-qa index")
    assert (corpus / "a.txt").exists() and sorted(p.name for p in home.iterdir()) == ["letter.txt"]


def test_removing_every_article_is_refused_before_any_moves(run_cli, tmp_path):
    """The builder needs one article: moving the last one out left an index that could not be updated."""
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n", b__txt="Title\nOther.\n")
    index = tmp_path / "i"
    for names in (["a.txt", "b.txt"], ["a.txt", "./b.txt", "a.txt"]):
        code, _, err = run_cli("index", "remove", *names, "--corpus", corpus, "--index-dir", index)
        assert code == 2
        assert_one_line_error(err, "would hold no articles")
        assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "b.txt"]
        assert not (index / "removed").exists()


def test_a_folder_holding_only_removed_articles_is_an_index_folder(tmp_path):
    from index import layout

    index = tmp_path / "i"
    (index / layout.REMOVED_DIR / "20261204-120000").mkdir(parents=True)  # `qa index remove` before any build
    layout.check_index_folder(index)


def test_two_removals_in_one_second_keep_both_versions(tmp_path, monkeypatch):
    import time

    from qa.corpus_files import move_out_of_corpus

    monkeypatch.setattr(time, "strftime", lambda fmt, *a: "20261204-120000")
    corpus = corpus_with(tmp_path, x__txt="Version one.\n")
    index = tmp_path / "i"
    first = move_out_of_corpus(corpus, index, [("x.txt", corpus / "x.txt")])
    (corpus / "x.txt").write_text("Version two.\n", encoding="utf-8")
    second = move_out_of_corpus(corpus, index, [("x.txt", corpus / "x.txt")])
    assert first != second
    kept = sorted(p.read_text(encoding="utf-8") for p in (index / "removed").rglob("x.txt"))
    assert kept == ["Version one.\n", "Version two.\n"]


def test_an_index_folder_inside_the_corpus_is_refused_unless_hidden(run_cli, tmp_path):
    """``--index-dir corpus/idx``: a removed article moved to ``idx/removed/`` was indexed again from there."""
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n", b__txt="Title\nOther.\n")
    for index in (corpus / "idx", corpus, corpus / "sub" / "idx"):
        code, _, err = run_cli("index", "remove", "b.txt", "--corpus", corpus, "--index-dir", index)
        assert code == 2
        assert_one_line_error(err, "is inside the corpus")
        assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "b.txt"]
    from qa.config import check_index_outside_corpus

    check_index_outside_corpus(corpus, corpus / ".qa-index")  # hidden folders are never scanned
    check_index_outside_corpus(corpus, tmp_path / "idx")


def test_an_addition_cut_short_leaves_no_half_article_in_the_corpus(tmp_path, monkeypatch):
    """``qa index add`` copied straight to the article's name: Ctrl-C mid-copy left half an article to be indexed."""
    import shutil

    import pytest

    from qa.corpus_files import copy_into_corpus, plan_additions

    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    big = tmp_path / "big.txt"
    big.write_text("Title\n" + "A long article sentence.\n" * 10_000, encoding="utf-8")
    copies = plan_additions(corpus, [big])
    real_copyfile = shutil.copyfile

    def cut_short(src, dst, *args, **kwargs):
        real_copyfile(src, dst)
        with open(dst, "r+b") as fh:
            fh.truncate(1000)  # what an interrupted copy leaves
        raise KeyboardInterrupt

    monkeypatch.setattr(shutil, "copyfile", cut_short)
    with pytest.raises(KeyboardInterrupt):
        copy_into_corpus(corpus, copies)
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]  # neither big.txt nor a temp file


def test_add_never_writes_through_a_link_leading_out_of_the_corpus(run_cli, tmp_path):
    """``corpus/sub -> ../outside``: ``qa index add new/`` (holding ``sub/x.txt``) wrote ``outside/x.txt``,
    said "copied ... into corpus/", and the index (which skips the link) never saw it."""
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (corpus / "sub").symlink_to(outside, target_is_directory=True)
    new = tmp_path / "new"
    (new / "sub").mkdir(parents=True)
    (new / "b.txt").write_text("B\nAn article.\n", encoding="utf-8")
    (new / "sub" / "x.txt").write_text("X\nAnother article.\n", encoding="utf-8")
    code, _, err = run_cli("index", "add", new, "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "cannot add", "through a link leading out of")
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "sub"]  # checked before anything is copied


def test_add_refuses_a_fifo_instead_of_adding_nothing(run_cli, tmp_path):
    """A FIFO was read as an empty folder: ``qa index add pipe.txt`` copied nothing and exited 0."""
    corpus = corpus_with(tmp_path, a__txt="Title\nText.\n")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run_cli("index", "add", fifo, "--corpus", corpus, "--index-dir", tmp_path / "i")
    assert code == 2
    assert_one_line_error(err, "cannot add", "not a regular file or a folder")
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_near_misses_output_never_replaces_its_gold_file_or_lands_in_the_corpus(run_cli, tmp_path):
    """``qa near-misses gold.jsonl -o gold.jsonl`` replaced the gold set; ``-o corpus/x.jsonl`` became articles."""
    corpus = corpus_with(tmp_path, a__txt="Title\nKenya sent 400 officers to Haiti in 2024.\n")
    gold = tmp_path / "gold.jsonl"
    line = '{"id": "q1", "question": "How many officers did Kenya send?", "answers": ["400"], "doc": "a.txt"}\n'
    gold.write_text(line, encoding="utf-8")
    for output, reason in ((gold, "is the gold file itself"), (corpus / "nm.jsonl", "inside the corpus folder")):
        code, _, err = run_cli("near-misses", gold, "--corpus", corpus, "-o", output)
        assert code == 2
        assert_one_line_error(err, reason)
    assert gold.read_text(encoding="utf-8") == line
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"]
