"""Questions about the article itself, answered from its header by extraction."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from index.types import Document, Metadata
from qa.article_header import (
    HEADER_CONFIDENCE,
    described_article,
    header_answer,
    header_question,
    with_header_answer,
)
from qa.types import Candidate, Passage, QAResult

HEADED = Document(
    "kenya.txt",
    "logo\nUS reiterates support for Kenya-led Haiti mission\n\nby BRIAN ORUTA\n\nRealtime14 April 2025 - 13:39\n"
    "The United States has reiterated its support for the Kenya-led mission in Haiti, the State Department said.\n",
    Metadata(title="US reiterates support for Kenya-led Haiti mission", date="2025-04-14", byline="BRIAN ORUTA"),
)
UNTITLED = Document(
    "oas.txt",
    "Secretary of State Marco Rubio has suggested that the Organization of American States could send a force to Haiti.\n",
)


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A stand-in sentence encoder: unit vectors of hashed lower-cased words (similar words, similar vectors)."""
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().replace("-", " ").split():
            out[row, zlib.crc32(word.strip("?.,'s").encode()) % 256] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


@pytest.mark.parametrize(
    ("question", "field", "topic", "news_item_only"),
    [
        (
            "Who wrote the article about US support for the Kenya-led mission?",
            "byline",
            "about US support for the Kenya-led mission",
            True,
        ),
        ("Which reporter filed the story on the OAS force?", "byline", "on the OAS force", True),
        ("Who is the author of the piece on Haiti's gangs?", "byline", "on Haiti's gangs", True),
        ("Who was the article about Haiti written by?", "byline", "about Haiti", True),
        ("On what date was the report on the US backing published?", "date", "on the US backing", False),
        ("When was the story about the Kenyan police posted?", "date", "about the Kenyan police", True),
        ("What is the publication date of the article on Rubio?", "date", "on Rubio", True),
        ("At what time of day was the article on US support posted?", "time", "on US support", True),
        ("What is the headline of the story on the Kenya-led mission?", "title", "on the Kenya-led mission", True),
        ("What was the report on Haiti titled?", "title", "on Haiti", False),
    ],
)
def test_questions_about_the_article_are_recognised(question: str, field: str, topic: str, news_item_only: bool) -> None:
    asked = header_question(question)
    assert asked is not None
    assert (asked.field, asked.topic, asked.news_item_only) == (field, topic, news_item_only)


@pytest.mark.parametrize(
    "question",
    [
        "When did the UN's Integrated Office in Haiti put out its report on the killings?",
        "Who wrote the letter to the Security Council?",
        "When was the mission approved by the UN?",
        "Who said the article of the constitution was suspended?",
        "What did the report say about the killings?",
    ],
)
def test_questions_about_the_news_are_not_header_questions(question: str) -> None:
    assert header_question(question) is None


def test_the_answer_is_a_span_of_the_header_with_its_line_as_passage() -> None:
    for question, expected in [
        ("Who wrote the article about Kenya?", "BRIAN ORUTA"),
        ("When was the article about Kenya published?", "14 April 2025"),
        ("At what time was the article about Kenya posted?", "13:39"),
        ("What is the headline of the article about Kenya?", "US reiterates support for Kenya-led Haiti mission"),
    ]:
        asked = header_question(question)
        assert asked is not None
        found = header_answer(asked, HEADED)
        assert found is not None and found.answer == expected
        assert HEADED.text[found.start : found.end] == expected
        assert HEADED.text[found.passage_start : found.passage_start + len(found.passage)] == found.passage
        assert expected in found.passage and "\n" not in found.passage


def test_a_header_without_the_field_gives_no_answer() -> None:
    asked = header_question("Who wrote the article about the OAS?")
    assert asked is not None and header_answer(asked, UNTITLED) is None


def test_the_described_article_is_chosen_by_its_headline_not_its_rank() -> None:
    asked = header_question("Who wrote the article about US support for the Kenya-led Haiti mission?")
    assert asked is not None
    question = "Who wrote the article about US support for the Kenya-led Haiti mission?"
    assert described_article(asked, question, [UNTITLED, HEADED], bag_of_words) is HEADED


def test_an_article_the_corpus_lacks_is_not_chosen() -> None:
    for question in [
        "Who wrote the article about the earthquake in the mountains?",  # no headline like it
        "Who wrote the article about French support for the Kenya-led Haiti mission?",  # a name the article lacks
        "Who wrote the article about US support for the Kenya-led Haiti mission in 2019?",  # a year it never mentions
        "Who wrote the article?",  # no description at all
        "Who wrote the article about Kenya-led support for the US mission?",  # subject and object swapped
    ]:
        asked = header_question(question)
        assert asked is not None
        assert described_article(asked, question, [UNTITLED, HEADED], bag_of_words) is None, question


def result_for(doc: Document, answer: str = "", score: float = 0.1) -> QAResult:
    passage = Passage("c1", doc.doc_id, 0, 40, doc.text[:40], 1.0, 1)
    candidates = [Candidate(answer, score, doc.doc_id, 0, len(answer), passage.text, 0)] if answer else []
    return QAResult(
        question="q",
        answer="" if score < 0.35 else answer,
        no_answer=score < 0.35,
        score=score,
        doc=doc.doc_id,
        start=0,
        end=0,
        title=None,
        date=None,
        passage=passage.text,
        passage_start=0,
        candidates=candidates,
        passages=[passage],
        reason="the closest article never mentions 2019" if score < 0.35 else None,
    )


def answer(result: QAResult, question: str) -> QAResult:
    docs = {d.doc_id: d for d in (HEADED, UNTITLED)}
    return with_header_answer(result, question, docs.__getitem__, bag_of_words)


def test_a_refused_question_about_the_article_is_answered_from_its_header() -> None:
    question = "Who wrote the article about US support for the Kenya-led Haiti mission?"
    result = answer(result_for(HEADED, "Marco Rubio", 0.2), question)
    assert (result.answer, result.no_answer, result.score, result.reason) == ("BRIAN ORUTA", False, HEADER_CONFIDENCE, None)
    assert HEADED.text[result.start : result.end] == result.answer
    assert [c.answer for c in result.candidates] == ["BRIAN ORUTA", "Marco Rubio"]
    assert result.title == HEADED.metadata.title


def test_for_a_report_the_texts_own_confident_answer_wins() -> None:
    question = "When was the report on US support for the Kenya-led Haiti mission published?"
    confident = result_for(HEADED, "last month", 0.8)
    assert answer(confident, question) is confident
    refused = result_for(HEADED, "last month", 0.1)
    assert answer(refused, question).answer == "14 April 2025"


def test_for_an_article_the_header_wins_over_a_confident_reading() -> None:
    question = "When was the article on US support for the Kenya-led Haiti mission published?"
    assert answer(result_for(HEADED, "Monday", 0.9), question).answer == "14 April 2025"


def test_other_questions_pass_through_untouched() -> None:
    result = result_for(HEADED, "Marco Rubio", 0.9)
    assert answer(result, "Who commands the mission?") is result


def test_a_hidden_header_line_gives_no_answer() -> None:
    """Near-miss evaluation hides the answer's line; the header must not answer from it either."""
    question = "Who wrote the article about US support for the Kenya-led Haiti mission?"
    refused = result_for(HEADED, "Marco Rubio", 0.2)
    docs = {d.doc_id: d for d in (HEADED, UNTITLED)}
    hidden = with_header_answer(refused, question, docs.__getitem__, bag_of_words, hidden=["BRIAN ORUTA"])
    assert hidden is refused
