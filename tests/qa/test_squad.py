"""SQuAD-format loading and conversion to a ``.jsonl`` corpus plus gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.errors import UsageError
from qa.squad import (
    corpus_records,
    gold_items,
    load_squad,
    parse_article_range,
    prepare_squad,
    split_article_range,
    workspace_root,
    write_if_changed,
)

ROOT = Path(__file__).resolve().parents[2]
REAL_SQUAD = ROOT / "data" / "squad" / "squad-v1.1-dev.json"

MINI = {
    "version": "2.0",
    "data": [
        {
            "title": "First_Article",
            "paragraphs": [
                {
                    "context": "Alpha paragraph.",
                    "qas": [
                        {
                            "id": "q0",
                            "question": " What is alpha? ",
                            "answers": [
                                {"text": "Alpha", "answer_start": 0},
                                {"text": "Alpha", "answer_start": 0},
                                {"text": "Alpha paragraph", "answer_start": 0},
                            ],
                        },
                    ],
                },
                {
                    "context": "Beta paragraph.",
                    "qas": [
                        {
                            "id": "q1",
                            "question": "Is there gamma?",
                            "answers": [],
                            "is_impossible": True,
                            "plausible_answers": [{"text": "Beta", "answer_start": 0}],
                        },
                    ],
                },
            ],
        },
        {
            "title": "Second",
            "paragraphs": [
                {
                    "context": "Delta \u201cquoted\u201d paragraph.",
                    "qas": [
                        {
                            "id": "q2",
                            "question": "What is quoted?",
                            "answers": [{"text": "\u201cquoted\u201d", "answer_start": 6}],
                        }
                    ],
                },
            ],
        },
        {"title": "Third", "paragraphs": [{"context": "Epsilon.", "qas": []}]},
    ],
}


@pytest.fixture
def mini_path(tmp_path: Path) -> Path:
    path = tmp_path / "mini-squad.json"
    path.write_text(json.dumps(MINI), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, (0, 4)),
        ("", (0, 4)),
        (":", (0, 4)),
        ("1:3", (1, 3)),
        ("2:", (2, 4)),
        (":1", (0, 1)),
        ("1:99", (1, 4)),
        ("-1:", (3, 4)),
    ],
)
def test_parse_article_range(spec: str | None, expected: tuple[int, int]) -> None:
    assert parse_article_range(spec, 4) == expected


@pytest.mark.parametrize("spec", ["3", "a:b", "1:2:3", "3:1", "9:"])
def test_parse_article_range_rejects(spec: str) -> None:
    with pytest.raises(UsageError):
        parse_article_range(spec, 4)


@pytest.mark.parametrize(
    ("spec", "expected"), [("36:48", (36, 48)), (":48", (None, 48)), ("-1:", (-1, None)), (" 1 : 99", (1, 99))]
)
def test_split_article_range_keeps_empty_sides_and_does_not_clamp(spec: str, expected: tuple[int | None, int | None]) -> None:
    assert split_article_range(spec) == expected


def test_split_article_range_names_the_option() -> None:
    with pytest.raises(UsageError, match="--train-articles expects START:STOP"):
        split_article_range("36", "--train-articles")


def test_corpus_records_one_per_paragraph() -> None:
    records = corpus_records(MINI["data"], 0, 4)
    assert [r["id"] for r in records] == ["a0-p0", "a0-p1", "a1-p0", "a2-p0"]
    assert records[0] == {"id": "a0-p0", "title": "First Article", "text": "Alpha paragraph."}
    assert [r["id"] for r in corpus_records(MINI["data"], 1, 2)] == ["a1-p0"]


def test_gold_items_answers_docs_and_unanswerable() -> None:
    gold = gold_items(MINI["data"], 0, 4, "mini.jsonl")
    assert [g.id for g in gold] == ["q0", "q1", "q2"]
    q0, q1, q2 = gold
    assert q0.question == "What is alpha?"
    assert q0.answers == ("Alpha", "Alpha paragraph")  # duplicates dropped, order kept
    assert q0.doc == "mini.jsonl#a0-p0" and q0.context == "Alpha paragraph."
    assert q1.answers == () and q1.doc == "mini.jsonl#a0-p1"  # SQuAD 2.0 impossible
    assert q2.answers == ("\u201cquoted\u201d",) and q2.doc == "mini.jsonl#a1-p0"


def test_repeated_paragraph_questions_point_at_the_first_copy() -> None:
    articles = [
        {"title": "A", "paragraphs": [{"context": "Same text.", "qas": []}]},
        {
            "title": "B",
            "paragraphs": [
                {
                    "context": "Same text.",
                    "qas": [{"id": "r", "question": "Which?", "answers": [{"text": "Same", "answer_start": 0}]}],
                }
            ],
        },
    ]
    [item] = gold_items(articles, 0, 2, "f.jsonl")
    assert item.doc == "f.jsonl#a0-p0"  # the index drops the duplicate a1-p0


def test_prepare_squad_writes_corpus_once(mini_path: Path, tmp_path: Path) -> None:
    ws = prepare_squad(mini_path, "0:2", tmp_path / ".qa-index")
    assert ws.root.parent == tmp_path / ".qa-index" and ws.root.name.startswith("squad-")
    assert ws.corpus_dir == ws.root / "corpus" and ws.index_dir == ws.root / "index"
    corpus_file = ws.corpus_dir / "mini-squad.jsonl"
    assert [p.name for p in ws.corpus_dir.iterdir()] == ["mini-squad.jsonl"]
    records = [json.loads(line) for line in corpus_file.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a0-p0", "a0-p1", "a1-p0"]
    assert records[2]["text"] == "Delta \u201cquoted\u201d paragraph."
    assert {g.doc for g in ws.gold} == {f"mini-squad.jsonl#{r['id']}" for r in records}
    # The corpus is left untouched when nothing changed, so the index stays fresh.
    mtime = corpus_file.stat().st_mtime_ns
    again = prepare_squad(mini_path, "0:2", tmp_path / ".qa-index")
    assert again.root == ws.root and corpus_file.stat().st_mtime_ns == mtime
    assert again.gold == ws.gold


def test_workspace_depends_on_content_and_range(mini_path: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    a = workspace_root(mini_path, 0, 2, base)
    assert workspace_root(mini_path, 0, 3, base) != a
    copy = tmp_path / "copy.json"
    copy.write_bytes(mini_path.read_bytes())
    assert workspace_root(copy, 0, 2, base) == a
    copy.write_text(json.dumps({**MINI, "version": "x"}), encoding="utf-8")
    assert workspace_root(copy, 0, 2, base) != a


def test_prepare_squad_explicit_root(mini_path: Path, tmp_path: Path) -> None:
    ws = prepare_squad(mini_path, None, tmp_path / "unused", root=tmp_path / "mine")
    assert ws.corpus_dir == tmp_path / "mine" / "corpus"
    assert not (tmp_path / "unused").exists()
    assert len(ws.gold) == 3


def test_write_if_changed(tmp_path: Path) -> None:
    path = tmp_path / "d" / "f.jsonl"
    assert write_if_changed(path, "one\n") is True
    assert write_if_changed(path, "one\n") is False
    assert write_if_changed(path, "two\n") is True
    assert path.read_text(encoding="utf-8") == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["f.jsonl"]  # no temp files left


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "cannot read"), ('{"data": [{"title": "x"}]}', "not in SQuAD format"), ("[1, 2]", "not in SQuAD format")],
)
def test_bad_squad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_squad(path)
    with pytest.raises(UsageError, match="not found"):
        load_squad(tmp_path / "missing.json")


@pytest.mark.skipif(not REAL_SQUAD.exists(), reason="SQuAD dev file not present")
def test_real_squad_held_out_articles() -> None:
    articles = load_squad(REAL_SQUAD)
    assert len(articles) == 48
    start, stop = parse_article_range("36:48", len(articles))
    gold = gold_items(articles, start, stop, "squad-v1.1-dev.jsonl")
    expected = sum(len(p["qas"]) for a in articles[36:48] for p in a["paragraphs"])
    assert len(gold) == expected > 1000
    records = {r["id"]: r["text"] for r in corpus_records(articles, start, stop)}
    assert all(k.startswith(("a36-", "a4")) or k[:3] in {"a37", "a38", "a39"} for k in records)
    for item in gold:
        assert item.answers and item.context is not None
        assert item.context == records[item.doc.split("#", 1)[1]]
        assert all(ans in item.context for ans in item.answers)  # v1.1 answers are verbatim spans
