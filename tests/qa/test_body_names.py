"""A question asking for a body gets the body's whole name ("Organization of American States", not "American States")."""

from __future__ import annotations

import pytest

from qa.body_names import asks_for_body, whole_body_name_start, with_whole_body_name
from qa.full_names import NamedSpan

TEXT = (
    "Rubio told the Senate Foreign Relations Committee that the Organization of American States could help. "
    "Senate Finance Committee members agreed. A spokesperson, Tammy Bruce, said the Bank of England would not."
)


def stretched(answer: str, text: str = TEXT) -> str:
    start = text.index(answer)
    end = start + len(answer)
    return text[whole_body_name_start(text, start, end) : end]


@pytest.mark.parametrize(
    "question",
    [
        "Which regional organization did Rubio suggest could provide a force for Haiti?",
        "Which Senate committee held the hearing where Rubio spoke?",
        "What company makes the iPod?",
        "Which bank raised its rates?",
    ],
)
def test_questions_that_ask_for_a_body(question):
    assert asks_for_body(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which state is the University of California in?",
        "Who leads the group?",
        "What did the committee say?",
        "Which country's bank raised its rates?",
    ],
)
def test_questions_that_ask_for_something_else(question):
    assert not asks_for_body(question)


def test_a_name_of_the_form_body_of_place_is_taken_whole():
    assert stretched("American States") == "Organization of American States"


def test_capitalised_words_before_a_body_word_join_the_name():
    assert stretched("Foreign Relations Committee") == "Senate Foreign Relations Committee"


def test_a_name_that_opens_its_sentence_is_not_stretched_over_the_first_word():
    assert stretched("Finance Committee") == "Finance Committee"


def test_a_span_that_is_no_part_of_a_body_name_is_left_alone():
    assert stretched("Tammy Bruce") == "Tammy Bruce"  # a person, after a lower-case role
    assert stretched("England") == "Bank of England"  # the rule itself; the question decides whether it applies
    assert stretched("could help") == "could help"  # not a name
    text = "The Governor of Texas spoke."
    assert stretched("Texas", text) == "Texas"  # "Governor" is no body


def test_stop_words_and_calendar_words_do_not_open_a_name():
    text = "It was reported that On Monday Relief Committee staff left."
    assert stretched("Relief Committee", text) == "Relief Committee"


def test_the_span_widens_its_shown_stretch_and_keeps_the_text_exact():
    start = TEXT.index("American States")
    named = with_whole_body_name(TEXT, NamedSpan(start, start + len("American States"), start, len(TEXT)))
    assert TEXT[named.start : named.end] == "Organization of American States"
    assert named.shown_start <= named.start and named.shown_end == len(TEXT)
    unchanged = NamedSpan(0, 5, 0, len(TEXT))
    assert with_whole_body_name(TEXT, unchanged) is unchanged


@pytest.mark.parametrize(
    ("question", "whole_name"),
    [
        ("Which regional organization did Rubio suggest could provide a force for Haiti?", "Organization of American States"),
        ("Which Senate committee held the hearing where Rubio spoke about the OAS?", "Senate Foreign Relations Committee"),
    ],
)
def test_the_pipeline_names_the_whole_body_with_exact_offsets(span_pipeline, seeds_dir, question, whole_name):
    """Asked of the indexed seeds, the real reader's answers were "American States" and "Foreign Relations Committee"."""
    result = span_pipeline.answer(question)
    assert not result.no_answer and result.doc is not None
    assert result.answer == whole_name
    text = (seeds_dir / result.doc).read_text(encoding="utf-8")
    assert text[result.start : result.end] == result.answer
    assert result.passage[result.start - result.passage_start : result.end - result.passage_start] == result.answer


def test_the_across_listing_names_the_whole_body(span_pipeline, seeds_dir):
    from qa.across import across

    question = "Which regional organization did Rubio suggest could provide a force for Haiti?"
    result = span_pipeline.answer(question)
    listed = [a for group in across(span_pipeline, question, result) for a in group.answers]
    assert listed and listed[0].answer == "Organization of American States"
    assert all(a.answer != "American States" for a in listed)


def test_an_endless_capitalised_sentence_is_read_only_near_the_answer():
    text = "Aaa " * 50_000 + "Relief Committee staff left."
    start = text.index("Relief Committee")
    new_start = whole_body_name_start(text, start, start + len("Relief Committee"))
    assert start - 120 <= new_start < start  # the run before it joins, no further than the reach
