"""Finding and reading corpus files: offsets must match a plain UTF-8 read."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.builder import update_index
from index.cleaning import clean_document
from index.corpus import list_corpus_files, load_document_file, scan_corpus
from index.types import Document
from qa.config import QAConfig
from qa.errors import CorpusError
from tests.fakes import FastEmbedder

ARTICLE = "A headline for the story\nThe story body has a sentence.\n"


def read_corpus(root: Path) -> tuple[list[Document], list[str]]:
    """Every document of ``root`` and every warning, as the builder reads them (``scan_corpus``, then each file)."""
    files, warnings = scan_corpus(root)
    docs: list[Document] = []
    for path in files:
        file_docs, file_warnings = load_document_file(root, path)
        docs += file_docs
        warnings += file_warnings
    return docs, warnings


def build(root: Path, index_dir: Path):
    """``qa index`` over ``root`` with a fast fake embedder; its build report."""
    return update_index(QAConfig(corpus=root, index_dir=index_dir), progress=False, embedder=FastEmbedder())


def test_seeds_load_exactly_as_read(seed_paths: list[Path], seeds_dir: Path) -> None:
    docs, warnings = read_corpus(seeds_dir)
    assert warnings == []
    assert [d.doc_id for d in docs] == [p.name for p in seed_paths]
    for doc, path in zip(docs, seed_paths):
        assert doc.text == open(path, encoding="utf-8").read()
        assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert docs[1].metadata.byline == "BRIAN ORUTA"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist") as err:
        build(tmp_path / "nope", tmp_path / "index")
    assert "\n" not in str(err.value)


def test_file_instead_of_folder(tmp_path: Path, write) -> None:
    with pytest.raises(CorpusError, match="not a folder"):
        build(write(tmp_path, "a.txt", ARTICLE), tmp_path / "index")


def test_empty_folder(tmp_path: Path, write) -> None:
    write(tmp_path / "corpus", "notes.pdf", b"%PDF")
    with pytest.raises(CorpusError) as err:
        build(tmp_path / "corpus", tmp_path / "index")
    assert str(err.value) == f"no articles found in {tmp_path / 'corpus'}: add .txt, .md or .jsonl files"


def test_only_unusable_files_is_an_empty_corpus(tmp_path: Path, write) -> None:
    write(tmp_path / "corpus", "blank.txt", "  \n\n")
    with pytest.raises(CorpusError, match="no readable text found"):
        build(tmp_path / "corpus", tmp_path / "index")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "not UTF-8 text"),
        ("latin1.txt", "Café in Pétion-Ville".encode("latin-1"), "not UTF-8 text"),
        ("empty.md", b"", "empty file"),
        ("spaces.txt", b" \n\t\r\n", "empty file"),
    ],
)
def test_unusable_file_is_skipped_with_a_warning(tmp_path: Path, name: str, data: bytes, reason: str, write) -> None:
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, name, data)
    docs, warnings = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["good.txt"]
    assert warnings == [f"skipped {name}: {reason}"]


def test_duplicates_keep_the_first(tmp_path: Path, write) -> None:
    write(tmp_path / "corpus", "a.txt", ARTICLE)
    write(tmp_path / "corpus", "b/copy.txt", ARTICLE)
    report = build(tmp_path / "corpus", tmp_path / "index")
    assert report.documents == 1  # the copy is recorded, its text indexed once (index.changes)


def test_nested_folders_hidden_entries_and_suffixes(tmp_path: Path, write) -> None:
    for rel in ["z.txt", "a/b/c.md", "a/d.jsonl", "UPPER.TXT", ".git/x.txt", ".hidden.txt", "page.html"]:
        write(tmp_path, rel, "x")
    rels = [p.relative_to(tmp_path).as_posix() for p in list_corpus_files(tmp_path)]
    assert rels == ["UPPER.TXT", "a/b/c.md", "a/d.jsonl", "z.txt"]


def test_symlink_loop_terminates(tmp_path: Path, write) -> None:
    write(tmp_path, "sub/a.txt", ARTICLE)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "link.txt").symlink_to(tmp_path / "sub" / "a.txt")
    rels = [p.relative_to(tmp_path).as_posix() for p in list_corpus_files(tmp_path)]
    assert rels == ["link.txt", "sub/a.txt"]
    report = build(tmp_path, tmp_path.parent / f"{tmp_path.name}-index")
    assert report.documents == 1  # the copy is recorded, its text indexed once (index.changes)


def test_crlf_file_reads_like_open(tmp_path: Path, write) -> None:
    path = write(tmp_path, "win.txt", b"Headline of the day\r\nBody one.\r\rBody two.\r\n")
    (doc,), _ = read_corpus(tmp_path)
    assert doc.text == open(path, encoding="utf-8").read() == "Headline of the day\nBody one.\n\nBody two.\n"


def test_bom_is_kept_but_not_in_segments(tmp_path: Path, write) -> None:
    path = write(tmp_path, "bom.txt", "\ufeff" + ARTICLE)
    (doc,), _ = read_corpus(tmp_path)
    assert doc.text == open(path, encoding="utf-8").read()
    assert doc.text.startswith("\ufeff")
    first = clean_document(doc).segments[0]
    assert first.slice(doc.text) == "A headline for the story"
    assert doc.metadata.title == "A headline for the story"


def test_jsonl_records_and_a_bad_line(tmp_path: Path, write) -> None:
    lines = [
        json.dumps({"id": "a", "title": "Rubio visits", "date": "April 14, 2025", "text": "Rubio met Ruto."}),
        "{not json",
        json.dumps({"id": "b", "title": "No text"}),
        "",
        json.dumps({"id": 7, "text": "Second story here."}),
        json.dumps({"id": "a", "text": "Repeated id."}),
    ]
    write(tmp_path, "feed/news.jsonl", "\n".join(lines) + "\n")
    docs, warnings = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["feed/news.jsonl#a", "feed/news.jsonl#7"]
    assert docs[0].text == "Rubio met Ruto."
    assert (docs[0].metadata.title, docs[0].metadata.date) == ("Rubio visits", "2025-04-14")
    assert warnings == [
        'skipped 2 line(s) of feed/news.jsonl (first: line 2): each line must be a JSON object with a non-empty "text"',
        "skipped feed/news.jsonl#a (line 6): the same id as line 1",  # a duplicate is named (issue 12, item 14)
    ]


def test_jsonl_id_title_or_date_with_a_lone_surrogate_does_not_stop_the_build(tmp_path: Path, write) -> None:
    """One record with ``"\\ud800"`` in its id, title or date stopped every build of the corpus
    ("text is not valid UTF-8", when the id or metadata was stored), and so every ``qa ask``."""
    lines = [
        '{"id": "a\\ud800", "title": "T\\udcff", "date": "\\ud800 2025", "text": "The harbour reopened on Monday."}',
        '{"id": "b", "text": "The railway line opened on Friday."}',
    ]
    write(tmp_path, "news.jsonl", "\n".join(lines) + "\n")
    config = QAConfig(corpus=tmp_path, index_dir=tmp_path / ".qa-index")
    report = update_index(config, progress=False, embedder=FastEmbedder())
    assert report.documents == 2
    docs, warnings = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["news.jsonl#a\ufffd", "news.jsonl#b"] and warnings == []
    assert (docs[0].metadata.title, docs[0].metadata.date) == ("T\ufffd", "\ufffd 2025")


def test_load_document_file_reads_one_file(tmp_path: Path, write) -> None:
    path = write(tmp_path, "x/one.md", ARTICLE)
    docs, warnings = load_document_file(tmp_path, path)
    assert [d.doc_id for d in docs] == ["x/one.md"] and warnings == []
    assert load_document_file(tmp_path, write(tmp_path, "bad.txt", b"\xff\xfe")) == ([], ["skipped bad.txt: not UTF-8 text"])


@settings(max_examples=50)
@given(st.text(min_size=1), st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_text_file_loads_exactly_as_open_reads_it(write, text: str, newline: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "doc.txt", text.replace("\n", newline).encode("utf-8"))
        docs, warnings = load_document_file(Path(folder), path)
        if docs:
            assert docs[0].text == open(path, encoding="utf-8").read()
        else:
            assert len(warnings) == 1 and ("\x00" in text or not text.strip())


def test_a_fifo_named_like_an_article_is_skipped_with_a_warning(tmp_path):
    """Reading a FIFO blocks until a writer comes: it is never opened, and the user is told."""
    (tmp_path / "a.txt").write_text("Title\nText.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "other")  # not an article's suffix: ignored like any other file
    files, warnings = scan_corpus(tmp_path)
    assert [p.name for p in files] == ["a.txt"]
    assert warnings == ["skipped pipe.txt: not a regular file"]


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(tmp_path):
    """One Latin-1 name made the whole build fail ("text is not valid UTF-8" when the id was stored)."""
    (tmp_path / "a.txt").write_text("Title\nText.\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write("Title\nOther text.\n")
    files, warnings = scan_corpus(tmp_path)
    assert [p.name for p in files] == ["a.txt"]
    assert warnings == ["skipped caf\\xe9.txt: the file name is not valid UTF-8 (rename it)"]


def test_a_huge_binary_file_is_given_up_at_its_first_nul_not_read_whole(tmp_path: Path) -> None:
    """A 256 MB sparse file (all NULs) in the corpus is skipped without holding it in memory."""
    import tracemalloc

    big = tmp_path / "disk-image.txt"
    with open(big, "wb") as fh:
        fh.truncate(256 << 20)
    tracemalloc.start()
    try:
        docs, warnings = load_document_file(tmp_path, big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert docs == [] and warnings == ["skipped disk-image.txt: not UTF-8 text"]
    assert peak < 8 << 20, f"peak {peak / 2**20:.0f} MB"
