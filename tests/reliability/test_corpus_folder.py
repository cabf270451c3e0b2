"""Awkward corpus folders, indexed for real: skipped with a warning or a one-line error.

``tests/index/test_corpus.py`` covers reading single files; these tests go
through ``update_index`` (what ``qa index`` runs) and the index it leaves.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index import builder
from index.builder import ensure_index, index_status, update_index
from index.corpus_index import CorpusIndex
from qa.errors import CorpusError

from .conftest import ENV, assert_one_line_error

ARTICLE = "Atlantis Daily\nThe capital of Atlantis is Poseidonia. It has 40,000 people.\n"
OTHER = "Zebra News\nZebras are striped animals that live in Africa.\n"


@pytest.fixture()
def config(tmp_path, seed_config):
    (tmp_path / "corpus").mkdir()
    return replace(seed_config, corpus=tmp_path / "corpus", index_dir=tmp_path / "index")


def indexed_texts(config) -> dict[str, str]:
    """doc id -> stored text, for every document of the live index."""
    index = CorpusIndex.open(config.index_dir, config.model_name)
    rows = index.store.conn.execute("SELECT doc_id, text FROM documents").fetchall()
    return dict(rows)


def assert_matches_folder(config) -> None:
    """The index holds exactly what ``open(path, encoding='utf-8').read()`` gives now."""
    texts = indexed_texts(config)
    for doc_id, text in texts.items():
        assert text == open(config.corpus / doc_id, encoding="utf-8").read(), doc_id


# ------------------------------------------------------------ missing, empty, unusable
def test_missing_folder_is_one_line_error(config, run_cli):
    missing = replace(config, corpus=config.corpus / "nope")
    with pytest.raises(CorpusError, match="does not exist"):
        update_index(missing, progress=False)
    code, out, err = run_cli("index", "--corpus", str(missing.corpus), "--index-dir", str(config.index_dir))
    assert code == 1
    assert_one_line_error(err, "does not exist")


def test_file_given_as_corpus_is_one_line_error(config, run_cli, write):
    path = write(config.corpus, "a.txt", ARTICLE)
    code, out, err = run_cli("index", "--corpus", str(path), "--index-dir", str(config.index_dir))
    assert code == 1
    assert_one_line_error(err, "not a folder")


def test_empty_folder_is_one_line_error(config, run_cli, write):
    write(config.corpus, "notes.pdf", b"%PDF-1.4")
    code, out, err = run_cli("index", *_where(config))
    assert code == 1
    assert_one_line_error(err, "no articles found", "add .txt, .md or .jsonl files")
    assert not (config.index_dir / "CURRENT").exists()


def test_folder_of_unusable_files_is_one_line_error(config, capsys, embedder, write):
    write(config.corpus, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(config.corpus, "latin1.txt", "Café à Pétion-Ville".encode("latin-1"))
    with pytest.raises(CorpusError, match="no readable text") as err:
        update_index(config, progress=False, embedder=embedder)
    assert "skipped blob.txt: not UTF-8 text" in str(err.value)
    assert "\n" not in str(err.value)
    assert not (config.index_dir / "CURRENT").exists()


def test_binary_and_non_utf8_files_are_skipped_with_a_warning(config, embedder, run_cli, monkeypatch, write):
    write(config.corpus, "good.txt", ARTICLE)
    write(config.corpus, "blob.txt", bytes(range(256)) * 40)
    write(config.corpus, "latin1.txt", "Le Nouvelliste\nLa police a été déployée à Pétion-Ville.\n".encode("latin-1"))
    write(config.corpus, "cp1252.md", "Smart \x93quotes\x94 \x96 from Windows".encode("latin-1"))
    report = update_index(config, progress=False, embedder=embedder)
    assert sorted(report.warnings) == [
        "skipped blob.txt: not UTF-8 text",
        "skipped cp1252.md: not UTF-8 text",
        "skipped latin1.txt: not UTF-8 text",
    ]
    assert set(indexed_texts(config)) == {"good.txt"}
    assert_matches_folder(config)

    # `qa index` prints each warning on its own line, naming the file
    write(config.corpus, "latin2.txt", "Ça coûte 5 €".encode("cp1252"))
    _reuse_embedder(monkeypatch, embedder)
    code, out, err = run_cli("index", "-q", *_where(config))
    assert code == 0, err
    assert "warning: skipped latin2.txt: not UTF-8 text" in err.splitlines()
    assert "Traceback" not in err


# ------------------------------------------------------------ duplicates, symlinks
def test_duplicate_files_are_indexed_once(config, embedder, write):
    write(config.corpus, "a.txt", ARTICLE)
    write(config.corpus, "copies/a-copy.txt", ARTICLE)
    write(config.corpus, "z.txt", OTHER)
    report = update_index(config, progress=False, embedder=embedder)
    assert report.warnings == ["skipped copies/a-copy.txt: same content as another file"]
    assert set(indexed_texts(config)) == {"a.txt", "z.txt"}


def test_many_warnings_are_cut_to_ten_and_verbose_lists_them_all(config, embedder, run_cli, monkeypatch, write):
    records = [{"id": f"r{i}", "text": ARTICLE} for i in range(14)]  # 13 duplicates of r0
    write(config.corpus, "dump.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    _reuse_embedder(monkeypatch, embedder)
    code, out, err = run_cli("index", "-q", *_where(config))
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings[:10] == [f"warning: skipped dump.jsonl#r{i}: same text as dump.jsonl#r0" for i in range(1, 11)]
    assert warnings[10:] == ["warning: ... and 3 more (qa index -v lists them all)"]
    assert out.startswith("index built: 1 document, ")

    code, _, err = run_cli("index", "-q", "--rebuild", "-v", *_where(config))
    assert code == 0, err
    assert sum(line.startswith("warning: skipped dump.jsonl#") for line in err.splitlines()) == 13
    assert "more (qa index -v" not in err


def test_duplicate_takes_over_when_the_original_goes(config, embedder, write):
    write(config.corpus, "a.txt", ARTICLE)
    write(config.corpus, "b.txt", ARTICLE)
    write(config.corpus, "z.txt", OTHER)
    update_index(config, progress=False, embedder=embedder)
    (config.corpus / "a.txt").unlink()
    update_index(config, progress=False, embedder=embedder)
    assert set(indexed_texts(config)) == {"b.txt", "z.txt"}, "the copy's text must not vanish with the original"


def test_duplicate_takes_over_when_the_original_changes(config, embedder, write):
    write(config.corpus, "a.txt", ARTICLE)
    write(config.corpus, "b.txt", ARTICLE)
    update_index(config, progress=False, embedder=embedder)
    time.sleep(0.01)
    write(config.corpus, "a.txt", OTHER)
    update_index(config, progress=False, embedder=embedder)
    assert set(indexed_texts(config)) == {"a.txt", "b.txt"}
    assert_matches_folder(config)


def test_symlink_loop_terminates(config, embedder, write):
    write(config.corpus, "sub/a.txt", ARTICLE)
    write(config.corpus, "z.txt", OTHER)
    (config.corpus / "sub" / "loop").symlink_to(config.corpus, target_is_directory=True)
    (config.corpus / "sub" / "self").symlink_to(config.corpus / "sub", target_is_directory=True)
    (config.corpus / "dangling.txt").symlink_to(config.corpus / "gone.txt")
    update_index(config, progress=False, embedder=embedder)
    assert set(indexed_texts(config)) == {"sub/a.txt", "z.txt"}
    assert index_status(config) == "fresh"


# ------------------------------------------------------------ files changing under the build
class MeddlingEmbedder:
    """The real embedder, plus a hook run when the build first chunks a file."""

    def __init__(self, embedder, hook):
        self._embedder = embedder
        self._hook = hook

    def count_tokens(self, texts):
        if self._hook is not None:
            hook, self._hook = self._hook, None
            hook()
        return self._embedder.count_tokens(texts)

    def __getattr__(self, name):
        return getattr(self._embedder, name)


def test_files_changed_while_indexing_are_stale_next_time(config, embedder, write):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(config.corpus, name, f"{name} report\nThe first version of {name} says the river is 10 km long.\n")

    def edit_everything():  # a.txt is being read; b.txt and c.txt not yet
        time.sleep(0.01)
        for name in ("a.txt", "b.txt", "c.txt"):
            write(config.corpus, name, f"{name} report\nThe second version of {name} says the river is 20 km long.\n")

    update_index(config, progress=False, embedder=MeddlingEmbedder(embedder, edit_everything))
    # The fingerprint was taken before reading: the edits are seen as pending.
    assert index_status(config) == "stale"
    report = ensure_index(config, progress=False, embedder=embedder)
    assert report is not None
    assert index_status(config) == "fresh"
    assert_matches_folder(config)
    assert all("second version" in text for text in indexed_texts(config).values())


def test_file_deleted_while_indexing(config, embedder, write):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(config.corpus, name, f"{name} report\nThe article {name} mentions the number {len(name) * 7}.\n")
    update_index(config, progress=False, embedder=MeddlingEmbedder(embedder, lambda: (config.corpus / "c.txt").unlink()))
    assert "c.txt" not in indexed_texts(config)
    ensure_index(config, progress=False, embedder=embedder)
    assert set(indexed_texts(config)) == {"a.txt", "b.txt"}


def test_file_listed_then_gone_before_it_is_read(config, embedder, monkeypatch, write):
    write(config.corpus, "a.txt", ARTICLE)
    scanned = builder.scan_corpus

    def with_a_ghost(root):
        files, warnings = scanned(root)
        return sorted([*files, root / "ghost.txt"]), warnings

    monkeypatch.setattr(builder, "scan_corpus", with_a_ghost)
    report = update_index(config, progress=False, embedder=embedder)
    assert set(indexed_texts(config)) == {"a.txt"}
    assert any("ghost.txt" in w for w in report.warnings)


# ------------------------------------------------------------ a very large file
BIG_FILE_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from tests.fakes import FastEmbedder
    from index.builder import update_index
    from index.corpus_index import CorpusIndex
    from qa.config import QAConfig

    corpus, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
    config = QAConfig(corpus=corpus, index_dir=index_dir)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    report = update_index(config, progress=False, embedder=FastEmbedder())
    seconds = time.perf_counter() - t0
    index = CorpusIndex.open(index_dir, config.model_name)
    hits = index.bm25.search(["police officers deployed"], 3)[0]
    print(json.dumps({{"seconds": seconds, "chunks": report.chunks, "hits": len(hits),
                      "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "before_mb": before / 1024}}))
    """
)

BIG_FILE_MB = float(os.environ.get("QA_BIG_FILE_MB", "20"))


def _big_article(path: Path, megabytes: float) -> None:
    words = (
        "police officers were deployed to the capital on Monday after the security council report said "
        "that gangs controlled most roads and more than 400 people had fled"
    ).split()
    rng = random.Random(7)
    target = int(megabytes * 1_000_000)
    with open(path, "w", encoding="utf-8") as fh:
        size = 0
        while size < target:
            sentences = (" ".join(rng.choices(words, k=rng.randint(8, 30))).capitalize() + "." for _ in range(rng.randint(2, 7)))
            para = " ".join(sentences) + "\n\n"
            fh.write(para)
            size += len(para)


def test_very_large_file_is_indexed_in_bounded_time_and_memory(tmp_path):
    """One huge article: memory grows with the text, not with text x chunks.

    The embedding model is swapped for a fast stand-in: on a CPU it embeds
    ~100-200 chunks a second, so a 50 MB article (~60,000 chunks) takes
    several minutes to embed whatever the indexer does around it; that part
    is linear and measured in bench/. Everything else (reading, cleaning,
    sentence splitting, chunking, SQLite, FAISS, BM25) runs for real here.
    20 MB runs in ~15 s; QA_BIG_FILE_MB=50 runs the full 50 MB case (~35 s).
    """
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _big_article(corpus / "huge.txt", BIG_FILE_MB)
    script = BIG_FILE_SCRIPT.format(root=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.run(
        [sys.executable, "-c", script, str(corpus), str(tmp_path / "index")],
        capture_output=True,
        text=True,
        timeout=600,
        env=ENV,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["hits"] > 0
    assert stats["chunks"] > BIG_FILE_MB * 1000  # ~1,400 chunks per MB of this text
    # Linear in the file: measured ~10 MB of memory and ~0.5 s per MB of text
    # (50 MB: 69,000 chunks, +510 MB, 33 s on 2 busy cores).
    assert stats["maxrss_mb"] - stats["before_mb"] < 100 + 20 * BIG_FILE_MB, stats
    assert stats["seconds"] < 10 + 2 * BIG_FILE_MB, stats


# ------------------------------------------------------------ helpers
def _where(config) -> list[str]:
    return ["--corpus", str(config.corpus), "--index-dir", str(config.index_dir)]


def _reuse_embedder(monkeypatch, embedder) -> None:
    """Make the CLI's builds use the session's loaded model (no second load)."""
    real = builder.update_index

    def update_index_with_model(config, **kwargs):
        kwargs.setdefault("embedder", embedder)
        return real(config, **kwargs)

    monkeypatch.setattr("qa.commands.index.update_index", update_index_with_model)
