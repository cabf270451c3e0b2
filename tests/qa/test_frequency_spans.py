"""A how-often answer keeps its period ("once every two years", not "once")."""

from __future__ import annotations

import pytest

from qa.frequency_spans import asks_how_often, period_end, with_period
from qa.full_names import NamedSpan

TEXT = (
    "The international Booker will be awarded once every two years. The committee meets twice a year, "
    "and the board three times per month. It was given once, in 2005. The fair opens once\nevery spring. "
    "The bus comes every 20 minutes."
)


def stretched(answer: str, text: str = TEXT) -> str:
    start = text.index(answer)
    return text[start : period_end(text, start, start + len(answer))]


@pytest.mark.parametrize("question", ["How often will the Booker be awarded?", "how frequently does it meet?"])
def test_how_often_questions(question):
    assert asks_how_often(question)


@pytest.mark.parametrize("question", ["How many times was it awarded?", "When does the committee meet?", "How long is it?"])
def test_other_questions(question):
    assert not asks_how_often(question)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("once", "once every two years"),
        ("twice", "twice a year"),
        ("three times", "three times per month"),
    ],
)
def test_a_count_of_times_takes_its_period(answer, expected):
    assert stretched(answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        "once, in 2005",  # no period right after the count
        "every 20 minutes",  # already a frequency
        "committee",  # not a count of times
    ],
)
def test_other_answers_stay(answer):
    assert stretched(answer) == answer


def test_no_period_over_a_line_break():
    start = TEXT.index("once\nevery")
    assert period_end(TEXT, start, start + 4) == start + 4


def test_the_shown_stretch_widens_with_the_answer():
    start = TEXT.index("once every")
    named = with_period(TEXT, NamedSpan(start, start + 4, 0, start + 4))
    assert TEXT[named.start : named.end] == "once every two years"
    assert named.shown_end == named.end and named.shown_start == 0


def test_the_answer_is_extracted_as_is():
    start = TEXT.index("twice")
    named = with_period(TEXT, NamedSpan(start, start + 5, 0, len(TEXT)))
    assert named.shown_end == len(TEXT)  # a wider shown stretch is kept
    assert TEXT[named.start : named.end] == "twice a year"


def test_answer_span_stretches_only_for_a_how_often_question():
    from qa.body_names import answer_span
    from qa.readers.base import ReadablePassage

    passage = ReadablePassage.whole_text(TEXT, "doc.txt")
    start = TEXT.index("once every")
    asked = answer_span(passage, start, start + 4, asks_body=False, asks_often=True)
    other = answer_span(passage, start, start + 4, asks_body=False)
    assert TEXT[asked.start : asked.end] == "once every two years"
    assert TEXT[other.start : other.end] == "once"
