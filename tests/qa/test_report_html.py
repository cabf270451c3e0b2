"""``qa eval --html``: one self-contained page; every section and image is there, text is escaped."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qa.evaluate import QuestionScore, summarize
from qa.report_html import HtmlOutput, RecordingPipeline, ReportRow, render_report
from qa.types import Candidate, QAResult

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """Sections, images, links and text of a page, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.images: list[dict[str, str]] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.marks: list[str] = []
        self.rows: list[str] = []
        self._in_mark = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "img":
            self.images.append(a)
        for key in ("href", "src"):
            if key in a and not a[key].startswith("data:"):
                self.urls.append(a[key])
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")
        if tag == "tr" and a.get("class"):
            self.rows.append(a["class"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data


def make(i: int, answer: str, gold: tuple[str, ...], score: float, no_answer: bool) -> tuple[QuestionScore, QAResult]:
    passage = f"Intro {HOSTILE}. The count was {answer} officers in all."
    start = passage.index(answer)
    cand = Candidate(answer, score, f"doc{i}.txt", 100 + start, 100 + start + len(answer), passage, 100)
    result = QAResult(
        f"Question {i} {HOSTILE}?",
        "" if no_answer else answer,
        no_answer,
        score,
        f"doc{i}.txt",
        cand.start,
        cand.start if no_answer else cand.end,
        None,
        None,
        passage,
        100,
        [cand],
    )
    em = float(not no_answer and answer in gold) if gold else float(no_answer)
    qs = QuestionScore(
        id=f"q{i}",
        question=result.question,
        gold_answers=gold,
        gold_doc=None,
        prediction="" if no_answer else answer,
        no_answer=no_answer,
        score=score,
        doc=f"doc{i}.txt",
        em=em,
        f1=em,
        rank=1,
        latency_ms=10.0,
    )
    return qs, result


@pytest.fixture
def rows() -> list[ReportRow]:
    cases = [
        make(1, "800", ("800",), 0.95, False),  # right
        make(2, "400", ("800",), 0.91, False),  # wrong, confident
        make(3, "739", ("800",), 0.60, False),  # wrong
        make(4, "12", (), 0.20, True),  # rightly refused
        make(5, "5", ("800",), 0.30, True),  # refused although answerable
        make(6, HOSTILE, ("800",), 0.7, False),  # wrong, hostile answer text
    ]
    return [ReportRow(s, r) for s, r in cases]


def test_every_section_and_image_is_there_and_self_contained(rows):
    metrics = summarize([r.score for r in rows], 1.0)
    page_html = render_report(metrics, rows, source="dev.jsonl", threshold=0.5)
    page = Page()
    page.feed(page_html)
    assert {"metrics", "reliability", "risk-coverage", "confidence", "questions"} <= page.ids
    assert {img["id"] for img in page.images} == {"reliability-img", "risk-coverage-img", "confidence-img"}
    for img in page.images:
        assert img["src"].startswith("data:image/png;base64,") and img["alt"]
        png = base64.b64decode(img["src"].split(",", 1)[1], validate=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    assert page.urls == []  # nothing fetched from anywhere
    assert "script" not in page.tags and "link" not in page.tags and page.tags.count("img") == 3
    assert "Exact match" in "".join(page.text)


def test_untrusted_text_is_escaped_and_answers_are_marked_wrong_first(rows):
    page_html = render_report(summarize([r.score for r in rows], 1.0), rows)
    page = Page()
    page.feed(page_html)
    assert HOSTILE not in page_html and "<script>" not in page_html
    assert HOSTILE in "".join(page.text)  # shown as text, exactly
    assert page.rows[:3] == ["wrong", "wrong", "wrong"] and page.rows[3] == "missed" and page.rows[-1] == "right"
    assert page.marks[:3] == ["400", HOSTILE, "739"]  # most confident wrong answer first
    assert sorted(page.marks) == sorted(["800", "400", "739", "12", "5", HOSTILE])


def test_html_output_records_results_and_replaces_the_file_on_success(rows, tmp_path):
    class Fake:
        threshold = 0.5

        def __init__(self) -> None:
            self.results = {r.score.question: r.result for r in rows}

        def answer(self, question: str) -> QAResult:
            return self.results[question]

    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    writer = HtmlOutput(out)
    pipeline = writer.record(Fake())
    assert isinstance(pipeline, RecordingPipeline) and pipeline.threshold == 0.5
    for r in rows:
        pipeline.answer(r.score.question)
        writer.add(r.score)
    assert [row.result for row in writer.rows] == [r.result for r in rows]
    writer.write(summarize([r.score for r in rows], 1.0), source="g.jsonl")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "no-answer threshold 0.500" in text


def test_html_path_is_checked_before_anything_runs(tmp_path):
    from qa.errors import UsageError

    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "1", "question": "q?", "answers": []}) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="gold file itself"):
        HtmlOutput(gold, gold)
    with pytest.raises(UsageError, match="does not exist"):
        HtmlOutput(tmp_path / "missing" / "r.html")
    with pytest.raises(UsageError, match="is a folder"):
        HtmlOutput(tmp_path)


def test_qa_eval_html_flag_end_to_end_with_a_fake_pipeline(tmp_path, monkeypatch, rows):
    """The real ``qa eval`` command, with the pipeline swapped for a fake (no model)."""
    from qa.cli import build_parser, parse_args
    from qa.commands import eval as eval_command

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            json.dumps({"id": r.score.id, "question": r.score.question, "answers": list(r.score.gold_answers)}) + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    results = {r.score.question: r.result for r in rows}

    class Fake:
        threshold = 0.5

        def answer(self, question: str, hide=()) -> QAResult:
            return results[question]

    monkeypatch.setattr(eval_command, "check_gold_docs", lambda gold, corpus: [])
    out = tmp_path / "r.html"
    corpus = tmp_path / "corpus"  # outputs are refused inside the corpus folder
    corpus.mkdir()
    args, extra = parse_args(build_parser(), ["eval", str(gold), "--html", str(out), "--corpus", str(corpus)])
    assert not extra
    assert args.func(args, open_pipeline=lambda config, refresh=True: Fake()) == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert len(page.images) == 3 and page.rows.count("wrong") == 3
    assert Path(out).stat().st_size < 300_000
