"""A question asking for several things is answered with the whole list the reader proposed."""

from __future__ import annotations

import pytest

from qa.coordinated_answers import asks_for_several, with_whole_list
from qa.readers.base import SpanPrediction

TEXT = (
    "Ruto said closer ties rest on the shared values of democracy and the rule of law. "
    "Temperate climates are found in Northern Europe and the Mid-Atlantic. "
    "Near its end the dynasty faced struggle, famine, and bitterness. "
    "Democracy returned in 1990. It was built in Lagos and then moved."
)


def span(answer: str, score: float, occurrence: int = 0, passage: int = 0) -> SpanPrediction:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(answer, start + 1)
    return SpanPrediction(passage, start, start + len(answer), score, margin=1.0, span_logit=2.0, null_logit=-1.0)


def answers(preds: list[SpanPrediction]) -> list[str]:
    return [TEXT[p.start : p.end] for p in preds]


@pytest.mark.parametrize(
    "question",
    [
        "Which shared values did Ruto say underpin closer ties?",
        "Which regions have temperate climates?",
        "What techniques did Chinese medicine include?",
        "what problems did the Yuan dynasty have near its end?",
    ],
)
def test_questions_asking_for_several_things(question):
    assert asks_for_several(question)


@pytest.mark.parametrize(
    "question",
    [
        "Which value did Ruto name first?",  # singular
        "What class did he take?",  # -ss
        "Which news did it break?",  # not a plural
        "What status does the region have?",  # -us
        "Who are some of the best drivers?",  # no "which / what NOUN"
        "What countries border France?",  # no auxiliary after the noun: left alone
        "How many regions have temperate climates?",  # a count
    ],
)
def test_other_questions(question):
    assert not asks_for_several(question)


def test_the_top_span_runs_on_through_the_coordination_with_its_own_score():
    preds = [span("democracy", 0.34), span("Ruto", 0.2), span("democracy and the rule of law", 0.24)]
    widened = with_whole_list(preds, [TEXT])
    assert answers(widened) == ["democracy and the rule of law", "Ruto"]
    top = widened[0]
    assert (top.score, top.margin, top.span_logit, top.null_logit) == (0.34, 1.0, 2.0, -1.0)


def test_a_later_item_takes_the_items_before_it():
    preds = [span("famine", 0.5), span("struggle, famine, and bitterness", 0.1)]
    assert answers(with_whole_list(preds, [TEXT])) == ["struggle, famine, and bitterness"]


def test_the_last_conjunct_takes_the_first():
    preds = [span("the Mid-Atlantic", 0.5), span("Northern Europe and the Mid-Atlantic", 0.1)]
    assert answers(with_whole_list(preds, [TEXT])) == ["Northern Europe and the Mid-Atlantic"]


def test_a_span_running_past_the_sentence_is_left():
    preds = [span("Northern Europe", 0.5), span("Northern Europe and the Mid-Atlantic. Near", 0.1)]
    assert answers(with_whole_list(preds, [TEXT]))[0] == "Northern Europe"


def test_a_longer_span_without_and_or_is_left():
    preds = [span("rule of law", 0.5), span("the rule of law", 0.4), span("shared values of democracy", 0.3)]
    assert answers(with_whole_list(preds, [TEXT])) == ["rule of law", "the rule of law", "shared values of democracy"]


def test_a_span_from_another_passage_is_left():
    preds = [span("democracy", 0.5), span("democracy and the rule of law", 0.2, passage=1)]
    assert answers(with_whole_list(preds, [TEXT, TEXT])) == ["democracy", "democracy and the rule of law"]


def test_a_span_beyond_the_look_ahead_is_left():
    preds = [span("democracy", 0.5)] + [span("Ruto", 0.3)] * 10 + [span("democracy and the rule of law", 0.1)]
    assert answers(with_whole_list(preds, [TEXT]))[0] == "democracy"


def test_no_predictions():
    assert with_whole_list([], [TEXT]) == []


def test_each_passage_s_top_span_takes_its_own_list_and_the_order_stays():
    from qa.coordinated_answers import with_each_passages_list

    preds = [
        span("democracy", 0.5),
        span("Northern Europe", 0.4, passage=1),
        span("Ruto", 0.3),
        span("democracy and the rule of law", 0.2),
        span("Northern Europe and the Mid-Atlantic", 0.1, passage=1),
    ]
    widened = with_each_passages_list(preds, [TEXT, TEXT])
    assert answers(widened) == ["democracy and the rule of law", "Northern Europe and the Mid-Atlantic", "Ruto"]
    assert [p.score for p in widened] == [0.5, 0.4, 0.3]
    assert [p.passage_index for p in widened] == [0, 1, 0]
