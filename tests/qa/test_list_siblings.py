"""List items beside a phrase the question sets aside: the spans the reader is handed to score."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.features import is_list_sibling
from qa.list_siblings import MAX_SPANS, listed_beside_question_name, set_aside, sibling_spans
from qa.readers.span_model import scored_spans
from tests.helpers import clash_and_reason

HAITI = "Haiti has endured years of political instability, widespread gang control, and deepening poverty."
UN = (
    "61% resulted from operations carried out by Haitian security forces, including drone strikes, "
    "ground missions, and incidents involving excessive use of force and summary executions."
)
TALKS = "Following discussions between the Secretary and Deputy Secretary of State with Prime Minister Mia Mottley, ..."
PARTNERS = "He called on international partners, including the United States, Canada, the Caribbean Community (CARICOM), and El Salvador."


def items(question: str, text: str) -> list[str]:
    return [text[a:b] for a, b in sibling_spans(question, text)]


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("Apart from political instability and gang control, what has Haiti endured?", ("political instability", "gang control")),
        ("Which North American country besides the US did Ruto urge to act?", ("US",)),
        ("Along with excessive use of force, what abuse did the report cite?", ("excessive use of force",)),
        ("Apart from the Secretary, which official took part?", ("Secretary",)),
        ("What has Haiti endured for years?", ()),
    ],
)
def test_set_aside_reads_the_phrase_after_the_cue(question, phrases):
    assert set_aside(question) == phrases


def test_the_other_items_of_the_list_are_proposed():
    assert items("Apart from political instability and gang control, what has Haiti endured for years?", HAITI) == [
        "deepening poverty"
    ]
    assert items("Along with excessive use of force, what abuse did the UN report cite?", UN) == ["summary executions"]
    assert items("Apart from the Secretary, which State Department official took part in the talks?", TALKS) == [
        "Deputy Secretary of State"
    ]
    assert items("Which North American country besides the US did Ruto urge to intensify its efforts?", PARTNERS) == ["Canada"]
    assert set(items("Besides ground missions, what kind of operations were linked to the deaths?", UN)) == {
        "drone strikes",
        "incidents",
    }


def test_nothing_is_proposed_without_a_list_or_a_cue():
    opening = "In June 2024, Kenya led the mission."
    assert items("Besides Kenya, who led the mission?", opening) == []  # an opening phrase, not a list item
    assert items("What has Haiti endured for years?", HAITI) == []
    assert items("Apart from cholera, what has Haiti endured?", HAITI) == []  # the phrase is not in the text


def test_scored_spans_take_the_windows_logits_at_word_edges():
    offsets = [(0, 0), (0, 5), (6, 11), (11, 12), (13, 18), (0, 0)]  # [CLS] drone strikes , ground [SEP]
    context = np.array([False, True, True, True, True, False])
    start = np.array([1.0, 2.0, 0.5, 0.0, 3.0, 0.0])
    end = np.array([1.0, 0.0, 4.0, 0.0, 1.5, 0.0])
    spans = scored_spans(start, end, offsets, context, 2, [(0, 11), (13, 18), (1, 11), (6, 30)])
    assert [(s.start, s.end, s.score, s.null_score, s.passage_index) for s in spans] == [
        (0, 11, 6.0, 2.0, 2),
        (13, 18, 4.5, 2.0, 2),
    ]


def test_the_feature_marks_only_a_list_item_beside_the_set_aside_phrase():
    parts = set_aside("Along with excessive use of force, what abuse did the UN report cite?")
    assert is_list_sibling(parts, "summary executions", UN)
    assert not is_list_sibling(parts, "drone strikes", UN)  # in the list, but not beside the phrase
    assert not is_list_sibling((), "summary executions", UN)


_PIECES = [
    "apart from",
    "besides",
    "the",
    "a",
    "and",
    "or",
    ",",
    ".",
    "US",
    "United States",
    "Canada",
    "of",
    "with",
    "(x)",
    "2024",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.lists(st.sampled_from(_PIECES), max_size=200))
def test_proposed_spans_are_whole_words_inside_the_text(question_words, text_words):
    question, text = " ".join(["Apart from", *question_words]) + "?", " ".join(text_words)
    spans = sibling_spans(question, text)
    assert len(spans) <= MAX_SPANS
    for start, end in spans:
        assert 0 <= start < end <= len(text) and text[start:end] == text[start:end].strip()
        assert not (start > 0 and text[start - 1].isalnum() and text[start].isalnum())
        assert not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


LAURIE = "A host of other UK actors, including Hugh Laurie, Stephen Fry and Miranda Richardson, also appeared in Blackadder."


def _listed(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    start = sentence.index(answer)
    return listed_beside_question_name(question, sentence, start, start + len(answer))


def test_a_name_listed_beside_the_questions_own_is_found() -> None:
    question = "Which character did Hugh Laurie play in Blackadder?"
    assert _listed(question, LAURIE, "Stephen Fry and Miranda Richardson") == (
        "Hugh Laurie",
        "Stephen Fry and Miranda Richardson",
    )
    assert _listed("Which character did Stephen Fry play?", LAURIE, "Hugh Laurie") == ("Stephen Fry", "Hugh Laurie")
    assert _listed("Which character did Miranda Richardson play?", LAURIE, "Stephen Fry") == ("Miranda Richardson", "Stephen Fry")


def test_questions_that_ask_for_company_and_answers_that_are_no_names_are_not_read() -> None:
    assert _listed("Who appeared in the show with Hugh Laurie?", LAURIE, "Stephen Fry and Miranda Richardson") is None
    assert _listed("Apart from Hugh Laurie, who appeared in the show?", LAURIE, "Stephen Fry") is None
    assert _listed("When did Tesla go to Karlovac?", "In 1870, Tesla moved to Karlovac.", "In 1870") is None


def test_an_apposition_a_clause_or_a_pair_of_counterparts_is_no_list() -> None:
    assert _listed("Who was Philip I?", "He wrote to Philip I, Landgrave of Hesse.", "Landgrave of Hesse") is None
    rivals = "It was a battle waged between Thomas Edison and George Westinghouse."
    assert _listed("Who was Westinghouse's chief rival?", rivals, "Thomas Edison") is None
    shea = "Others came round, including the deputy director of the Office of Manned Space Flight, Joseph Shea."
    assert _listed("Who was the deputy director of the Office of Manned Space Flight?", shea, "Joseph Shea") is None


def test_also_asks_for_one_more_beside_the_questions_name() -> None:
    slurry = "The attack took place as Mr Kilroy-Silk and Ms Kelly, a Cabinet Office minister, arrived."
    assert _listed("Which minister was splattered in the attack on Kilroy-Silk?", slurry, "Ms Kelly") == (
        "Kilroy-Silk",
        "Ms Kelly",
    )
    assert _listed("Which minister was also splattered in the attack on Kilroy-Silk?", slurry, "Ms Kelly") is None


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("Which character did Hugh Laurie play in Blackadder?", LAURIE, "Stephen Fry")
    assert clash is not None and clash.sibling == ("Hugh Laurie", "Stephen Fry")
    assert reason == "the closest candidate's sentence lists “Stephen Fry” beside “Hugh Laurie”"
