"""Answers across articles: every article's answer to one question, newest first.

Why: news moves on. One article says "nearly 400 officers deployed", a
later one "800"; the single best answer hides that the articles disagree
and which is the newer figure. ``qa ask --across`` (and ``a`` in the chat,
and ``"across": true`` in ``qa serve``) groups the candidate answers the
pipeline found *that pass its threshold* (score >= ``pipeline.threshold``,
the same probability and threshold as the main answer's verdict: nothing is
re-scored here) by article, sorts the articles newest first, and shows
each with its date, title and the sentence holding the answer. When the
articles' best answers differ, it says "articles differ".

Candidates come from the pipeline's own public steps (``retrieve`` →
``focus`` → ``read``, what ``answer`` runs, every passage read: no early
exit, ``qa.early_exit``) rather than from the result's ``candidates``, which keep one copy of each answer text: "800" in
two articles must count as two articles that agree. A pipeline without
those steps (a test double) falls back to the result's candidates.

Dates: the article's own (its text or ``date`` field, as indexed), else the
file's modification date, marked ``date_source: "file"`` so it is never
mistaken for a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from qa.body_names import answer_span, asks_for_body
from qa.coordinated_answers import asks_for_several, with_each_passages_list
from qa.corpus_paths import split_doc_id
from qa.frequency_spans import asks_how_often
from qa.metrics import normalize_answer

_NUMBER = re.compile(r"\d[\d,.]*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


@dataclass(frozen=True)
class ArticleAnswer:
    """One answer found in an article, with the sentence that holds it (offsets into the article)."""

    answer: str
    score: float
    start: int
    end: int
    sentence: str
    sentence_start: int

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "score": round(float(self.score), 4),
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
        }


@dataclass
class ArticleAnswers:
    """An article's answers above the threshold, best first."""

    doc: str
    title: str | None
    date: str | None
    date_source: str | None  # "article", "file", or None when unknown
    answers: list[ArticleAnswer] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "date": self.date,
            "date_source": self.date_source,
            "answers": [a.to_json() for a in self.answers],
        }


def answer_key(text: str) -> str:
    """What two answers must share to agree: their numbers when they hold any ("nearly 400" = "over 400"), else their words."""
    numbers = [n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text)]
    numbers = [n for n in numbers if n]
    return " ".join(numbers) if numbers else normalize_answer(text)


def articles_differ(groups: list[ArticleAnswers]) -> bool:
    """Whether the articles' best answers disagree (two articles at least)."""
    keys = {answer_key(g.answers[0].answer) for g in groups if g.answers}
    return len(keys) > 1


def sentence_around(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[str, int]:
    """The sentence of ``text[lo:hi]`` holding ``[start, end)``, and where it starts (a plain-text fallback)."""
    hi = len(text) if hi is None else hi
    begin = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        begin = m.end()
    after = _SENTENCE_END.search(text, end, hi)
    finish = after.start() + 1 if after and text[after.start()] != "\n" else (after.start() if after else hi)
    return text[begin:finish], begin


def _raw_candidates(pipeline: Any, question: str, result: Any) -> list[tuple[str, float, str, int, int, str, int]]:
    """(answer, score, doc, start, end, sentence, sentence_start) for every scored span, most probable first."""
    steps = all(hasattr(pipeline, name) for name in ("retrieve", "focus", "read"))
    if not steps:
        out = []
        for c in result.candidates:
            sentence, s_start = sentence_around(c.passage, c.start - c.passage_start, c.end - c.passage_start)
            out.append((c.answer, float(c.score), c.doc, c.start, c.end, sentence, c.passage_start + s_start))
        return out
    from qa.pipeline import validate_question

    cleaned = validate_question(question, pipeline.config)
    passages = pipeline.retrieve([cleaned])[0]
    to_read = pipeline.focus(cleaned, passages[: pipeline.config.passages_to_read])
    predictions = pipeline.read([cleaned], [to_read], early_exit=False)[0]  # every article's answers, not the first's
    if asks_for_several(cleaned):  # each article's list whole, as the answer is
        predictions = with_each_passages_list(predictions, [rp.doc_text for rp in to_read])
    out = []
    asks_body = asks_for_body(cleaned)
    asks_often = asks_how_often(cleaned)
    for p in predictions:
        rp = to_read[p.passage_index]
        text = rp.doc_text
        named = answer_span(rp, p.start, p.end, asks_body, asks_often)  # as the answer shows it
        start, end = named.start, named.end
        span = next((s for s in rp.sentences if s.start <= start and end <= s.end), None)
        if span is not None:
            sentence, s_start = text[span.start : span.end], span.start
        else:  # a span across sentences: the stretch from the first to the last
            sentence, s_start = sentence_around(text, start, end)
        out.append((text[start:end], float(p.score), rp.passage.doc_id, start, end, sentence, s_start))
    return out


def _file_dates(pipeline: Any) -> dict[str, str]:
    """File name → modification date (ISO, UTC) as the index recorded it."""
    store = getattr(getattr(pipeline, "index", None), "store", None)
    try:
        files = store.files() if store is not None else {}
    except Exception:  # dates are a label: never a failure
        return {}
    return {path: datetime.fromtimestamp(record.mtime_ns / 1e9, tz=UTC).date().isoformat() for path, record in files.items()}


def across(pipeline: Any, question: str, result: Any) -> list[ArticleAnswers]:
    """The articles whose answers pass ``pipeline.threshold``, newest first, each with its answers, best first."""
    own = getattr(pipeline, "threshold", None)  # a test double may lack the property
    threshold = float(own if own is not None else (pipeline.config.no_answer_threshold or 0.5))
    groups: dict[str, ArticleAnswers] = {}
    seen: set[tuple[str, str]] = set()
    file_dates: dict[str, str] | None = None
    for answer, score, doc, start, end, sentence, s_start in _raw_candidates(pipeline, question, result):
        if score < threshold:
            continue
        key = (doc, normalize_answer(answer) or answer)
        if key in seen:  # the same answer twice in one article: keep the more probable
            continue
        seen.add(key)
        if doc not in groups:
            title = date = source = None
            try:
                meta = pipeline.document(doc).metadata
                title, date = meta.title, meta.date
            except Exception:  # a label only
                pass
            if date:
                source = "article"
            else:
                if file_dates is None:
                    file_dates = _file_dates(pipeline)
                date = file_dates.get(split_doc_id(doc)[0])
                source = "file" if date else None
            groups[doc] = ArticleAnswers(doc, title, date, source)
        groups[doc].answers.append(ArticleAnswer(answer, score, start, end, sentence, s_start))
    for g in groups.values():
        g.answers.sort(key=lambda a: -a.score)

    # Newest first: articles with their own date, then those dated by their file
    # (a copy or a checkout makes a file look new, so it never outranks a real
    # date), then undated ones by their best answer's probability.
    def newest(source: str) -> list[ArticleAnswers]:
        chosen = [g for g in groups.values() if g.date_source == source]
        return sorted(chosen, key=lambda g: (g.date or "", g.answers[0].score), reverse=True)

    undated = sorted((g for g in groups.values() if g.date_source is None), key=lambda g: -g.answers[0].score)
    return newest("article") + newest("file") + undated


def across_json(pipeline: Any, question: str, result: Any) -> dict[str, Any]:
    """``{"across": [...], "articles_differ": bool}``: the keys ``--across`` adds to the ``--json`` object."""
    groups = across(pipeline, question, result)
    return {"across": [g.to_json() for g in groups], "articles_differ": articles_differ(groups)}
