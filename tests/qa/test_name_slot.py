"""A name in the question's place: the answer stands between the words around one of the question's names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.name_slot import name_slot
from tests.helpers import clash_and_reason

WEAPONS = (
    "We are working to stem the flow of weapons leaving Miami in containers and arriving not only in Haiti, but also in Jamaica."
)


def _slot(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    start = sentence.index(answer)
    return name_slot(question, sentence, start, start + len(answer))


def test_the_answer_where_the_question_has_a_name_is_found() -> None:
    assert _slot("Where are weapons leaving Jamaica in containers arriving?", WEAPONS, "Miami") == ("Jamaica", "Miami")
    assert _slot("Where are weapons leaving Miami in containers arriving?", WEAPONS, "Haiti") is None  # the twin


def test_coordinations_numbers_and_function_words_are_no_slot() -> None:
    rhine = "The Rhine Gorge runs between Rüdesheim am Rhein and Koblenz."
    assert _slot("The Rhine Gorge is between Koblenz and what other city?", rhine, "Rüdesheim am Rhein") is None
    officers = "An additional 600 officers are completing training."
    assert _slot("How many additional Kenyan officers are completing training?", officers, "600") is None  # not a name
    assert _slot("Who did the Broncos beat?", "The Broncos beat the Panthers.", "Panthers") is None


def test_a_name_closing_the_question_is_matched_by_the_two_words_before_it() -> None:
    flanker = "Ryan Jones is preferred at blindside flanker to Jonathan Thomas."
    assert _slot("Who is preferred at blindside flanker to Ryan Jones?", flanker, "Jonathan Thomas") == (
        "Ryan Jones",
        "Jonathan Thomas",
    )
    assert _slot("Who is preferred at blindside flanker to Jonathan Thomas?", flanker, "Ryan Jones") is None  # the twin
    # a place inside the question's place fills the same slot
    mass = "The Pope celebrated Mass in Victory Square in Warsaw."
    assert _slot("Where did the Pope celebrate Mass in Warsaw?", mass, "Victory Square") is None


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("Where are weapons leaving Jamaica in containers arriving?", WEAPONS, "Miami")
    assert clash is not None and clash.slot == ("Jamaica", "Miami")
    assert reason == "the closest candidate's sentence has “Miami” where the question has “Jamaica”"


_WORDS = st.sampled_from(["leaving", "Miami", "Jamaica", "in", "the", "and", "arriving", "Haiti", "between", ","])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=8), st.lists(_WORDS, min_size=1, max_size=12), st.integers(0, 11))
def test_any_question_and_sentence_give_none_or_a_question_name_and_the_answer(q: list[str], s: list[str], at: int) -> None:
    sentence = " ".join(s)
    word = s[min(at, len(s) - 1)]
    start = sentence.index(word)
    found = name_slot("Where " + " ".join(q) + "?", sentence, start, start + len(word))
    if found is not None:
        asked, answer = found
        assert answer == word and asked in " ".join(q) and asked.lower() != answer.lower()
