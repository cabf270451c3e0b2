"""``qa.across``: answers above the threshold grouped by article, newest first; do the articles differ?"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from index.store import FileRecord
from index.types import Document, Metadata
from qa.across import across, across_json, answer_key, articles_differ, sentence_around
from qa.config import QAConfig
from qa.types import Candidate, QAResult

TEXTS = {
    "old.txt": "Kenya sent its first officers in June. The total deployment is nearly 400 to date. More will follow.",
    "new.txt": "The number of Kenyan cops in Haiti is 800.\nThey patrol the capital.",
    "nodate.txt": "Officials said 800 officers were there. Nothing else.",
    "f.jsonl#r1": "Some 400 officers arrived, the record says.",
}
DATES = {"old.txt": "2025-01-17", "new.txt": "2025-04-14", "nodate.txt": None, "f.jsonl#r1": None}


def cand(doc: str, answer: str, score: float) -> Candidate:
    text = TEXTS[doc]
    start = text.index(answer)
    return Candidate(answer, score, doc, start, start + len(answer), text, 0)


@dataclass
class Fake:
    candidates: list[Candidate]
    threshold: float = 0.3
    config: QAConfig = field(default_factory=QAConfig)
    index: object = None

    def document(self, doc: str) -> Document:
        return Document(doc, TEXTS[doc], Metadata(title=f"Title of {doc}", date=DATES[doc]))


def result(cands: list[Candidate]) -> QAResult:
    best = cands[0]
    return QAResult(
        "How many officers?", best.answer, False, best.score, best.doc, best.start, best.end, None, None, best.passage, 0, cands
    )


def test_groups_pass_the_threshold_newest_first_and_say_when_articles_differ():
    cands = [
        cand("old.txt", "nearly 400", 0.9),
        cand("new.txt", "800", 0.7),
        cand("new.txt", "Haiti", 0.2),
        cand("nodate.txt", "800", 0.5),
    ]
    pipeline = Fake(cands)
    groups = across(pipeline, "How many officers?", result(cands))
    assert [g.doc for g in groups] == ["new.txt", "old.txt", "nodate.txt"]  # newest first, undated last
    assert [a.answer for a in groups[0].answers] == ["800"]  # "Haiti" (0.2) is below the threshold
    assert groups[0].date == "2025-04-14" and groups[0].date_source == "article" and groups[0].title == "Title of new.txt"
    assert groups[2].date is None and groups[2].date_source is None
    assert groups[1].answers[0].sentence == "The total deployment is nearly 400 to date."
    for g in groups:
        for a in g.answers:
            assert TEXTS[g.doc][a.start : a.end] == a.answer
            assert TEXTS[g.doc][a.sentence_start : a.sentence_start + len(a.sentence)] == a.sentence
    assert articles_differ(groups)
    data = across_json(pipeline, "How many officers?", result(cands))
    assert data["articles_differ"] is True and [g["doc"] for g in data["across"]] == ["new.txt", "old.txt", "nodate.txt"]
    assert set(data["across"][0]) == {"doc", "title", "date", "date_source", "answers"}
    assert set(data["across"][0]["answers"][0]) == {"answer", "score", "start", "end", "sentence", "sentence_start"}


def test_same_figure_in_other_words_agrees():
    assert answer_key("nearly 400") == answer_key("400") == answer_key("over 400")
    assert answer_key("1,247") == answer_key("1247") and answer_key("800") != answer_key("400")
    assert answer_key("William Ruto") == answer_key("william ruto.")
    cands = [cand("new.txt", "800", 0.8), cand("nodate.txt", "800", 0.6)]
    groups = across(Fake(cands), "q?", result(cands))
    assert len(groups) == 2 and not articles_differ(groups)


def test_file_date_is_used_and_marked_when_the_article_has_none():
    cands = [cand("nodate.txt", "800", 0.8), cand("f.jsonl#r1", "400", 0.6), cand("old.txt", "nearly 400", 0.5)]
    mtime = 1_700_000_000 * 10**9  # 2023-11-14
    store = SimpleNamespace(
        files=lambda: {
            "nodate.txt": FileRecord("nodate.txt", "h", 1, mtime),
            "f.jsonl": FileRecord("f.jsonl", "h", 1, mtime - 86400 * 10**9),
        }
    )
    pipeline = Fake(cands, index=SimpleNamespace(store=store))
    groups = across(pipeline, "q?", result(cands))
    # an article's own date first; file dates after it, newest first, marked as such
    assert [(g.doc, g.date, g.date_source) for g in groups] == [
        ("old.txt", "2025-01-17", "article"),
        ("nodate.txt", "2023-11-14", "file"),
        ("f.jsonl#r1", "2023-11-13", "file"),
    ]


def test_nothing_above_the_threshold_is_an_empty_list():
    cands = [cand("new.txt", "800", 0.1)]
    assert across_json(Fake(cands), "q?", result(cands)) == {"across": [], "articles_differ": False}


def test_sentence_around_plain_text():
    text = "First one. The count is 800 now! Last."
    start = text.index("800")
    assert sentence_around(text, start, start + 3) == ("The count is 800 now!", text.index("The"))
