"""A how-often answer keeps its whole rate ("once every two years", not "once" or "every two years")."""

from __future__ import annotations

import pytest

from qa.frequency_spans import asks_how_often, count_start, period_end, with_period
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


def widened(answer: str, text: str = TEXT) -> str:
    start = text.index(answer)
    first = count_start(text, start, start + len(answer))
    return text[first : period_end(text, first, start + len(answer))]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("every two years", "once every two years"),
        ("a year", "twice a year"),
        ("per month", "three times per month"),
    ],
)
def test_a_period_takes_the_count_of_times_before_it(answer, expected):
    assert widened(answer) == expected


@pytest.mark.parametrize("answer", ["every 20 minutes", "every spring", "two years", "committee"])
def test_a_period_without_a_count_before_it_or_no_period_stays(answer):
    assert widened(answer) == answer


def test_a_period_s_count_moves_the_start_and_the_shown_stretch():
    start = TEXT.index("every two years")
    named = with_period(TEXT, NamedSpan(start, start + len("every two years"), start, start + 20))
    assert TEXT[named.start : named.end] == "once every two years"
    assert named.shown_start == named.start and named.shown_end == start + 20


def test_answer_span_takes_the_count_before_a_period_only_for_a_how_often_question():
    from qa.body_names import answer_span
    from qa.readers.base import ReadablePassage

    passage = ReadablePassage.whole_text(TEXT, "doc.txt")
    start = TEXT.index("every two years")
    end = start + len("every two years")
    asked = answer_span(passage, start, end, asks_body=False, asks_often=True)
    other = answer_span(passage, start, end, asks_body=False)
    assert TEXT[asked.start : asked.end] == "once every two years"
    assert TEXT[other.start : other.end] == "every two years"
