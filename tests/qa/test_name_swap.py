"""Swapped names: a question that fits its answer's sentence better with two of its names exchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.name_swap import swapped_names
from tests.helpers import clash_and_reason

FRANCE = "France took control of Algeria in 1830 but began in earnest to rebuild its worldwide empire after 1850."
KENYA = "The Kenyan team arrived in Haiti in June 2024 to help contain the gangs."
METHODISTS = "In 1830, the Methodist Protestant Church split from the Methodist Episcopal Church over lay representation."


def test_two_names_the_sentence_tells_the_other_way_round_are_found() -> None:
    assert swapped_names("When did Algeria take control of France?", FRANCE) == ("Algeria", "France")
    assert swapped_names("When did the Haiti team arrive in Kenyan?", KENYA) == ("Haiti", "Kenyan")
    found = swapped_names("When did the Methodist Episcopal Church split from the Methodist Protestant Church?", METHODISTS)
    assert found == ("Methodist Episcopal Church", "Methodist Protestant Church")


def test_the_twin_asked_the_right_way_round_is_not_flagged() -> None:
    assert swapped_names("When did France take control of Algeria?", FRANCE) is None
    assert swapped_names("When did the Kenyan team arrive in Haiti?", KENYA) is None
    assert (
        swapped_names("When did the Methodist Protestant Church split from the Methodist Episcopal Church?", METHODISTS) is None
    )


def test_names_that_may_come_in_either_order_are_never_exchanged() -> None:
    # coordinated: "Newton and Manning" is "Manning and Newton"
    ages = "Manning and Newton also set the record for the largest age difference between opposing Super Bowl quarterbacks."
    assert swapped_names("What was the age difference between Newton and Manning in Super Bowl 50?", ages) is None
    # side by side: a date written day first, or "the NFL Most Valuable Player"
    kenya = "Exactly 12 months later on 12 December 1964, Kenya became a republic under the name Republic of Kenya."
    assert swapped_names("What did Kenya name itself on December 12, 1964?", kenya) is None
    mvp = "Quarterback Cam Newton was named the NFL Most Valuable Player (MVP)."
    assert swapped_names("Who was the Most Valuable Player for the 2015 NFL season?", mvp) is None


def test_one_name_the_sentence_lacks_or_one_context_regained_is_not_enough() -> None:
    assert swapped_names("When did Algeria take control of Morocco?", FRANCE) is None  # Morocco: not in the sentence
    # only "Haiti" regains a neighbour ("in Haiti"); "Kenya" is not beside "team" in either order
    loose = "A team from Kenya arrived in Haiti in June 2024."
    assert swapped_names("When did the Haiti team arrive in Kenya?", loose) is None


def test_the_swap_is_a_clash_the_refusal_names() -> None:
    clash, reason = clash_and_reason("When did Algeria take control of France?", FRANCE, "1830")
    assert clash is not None and clash.swap == ("Algeria", "France")
    assert reason == "the closest candidate's sentence has “Algeria” and “France” the other way round"
    assert clash_and_reason("When did France take control of Algeria?", FRANCE, "1830")[0] is None


_WORDS = st.sampled_from(
    ["Haiti", "Kenya", "France", "Algeria", "team", "arrived", "in", "of", "the", "and", "1830", "Ruto", "said"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=0, max_size=14), st.lists(_WORDS, min_size=0, max_size=20), st.text(max_size=40))
def test_any_question_and_sentence_give_none_or_two_of_the_questions_own_words(q: list[str], s: list[str], noise: str) -> None:
    question = "When did " + " ".join(q) + noise + "?"
    found = swapped_names(question, " ".join(s) + noise)
    if found is not None:
        first, second = found
        assert first != second
        for name in found:
            assert all(word in question for word in name.split(" "))
            assert all(ch.isalnum() or ch in " '’-.,_" for ch in name)


def test_a_place_is_found_by_its_peoples_word() -> None:
    # "Kenya" asked, "Kenyan" written: the same name to the swap test
    assert swapped_names("When did the Haiti team arrive in Kenya?", KENYA) == ("Haiti", "Kenya")
    assert swapped_names("When did the Kenya team arrive in Haiti?", KENYA) is None


def test_a_question_naming_more_than_max_names_is_not_read() -> None:
    # the pairs grow with the square of the names: a hostile question with hundreds is left alone
    from qa.name_swap import MAX_NAMES

    names = [f"Name{i}" for i in range(MAX_NAMES + 1)]
    question = "When did " + " and then ".join(names) + " meet?"
    assert swapped_names(question, " met ".join(reversed(names)) + ".") is None
    assert swapped_names("When did Algeria take control of France?", FRANCE) is not None
