"""A person or organisation the question names and the article never does."""

from __future__ import annotations

import pytest

from qa.features import text_words
from qa.name_gaps import missing_names, question_proper_names
from qa.places import is_place

ARTICLE = (
    "Dutch retailer Ahold said nine food suppliers were charged with helping it inflate its earnings. "
    "US Attorney David Kelley expects the vendors to plead guilty, the Kenyan-born lawyer said in New York."
)


def missing(question: str, article: str = ARTICLE) -> tuple[str, ...]:
    return missing_names(question_proper_names(question), text_words(article))


def test_a_swapped_name_is_missing_and_the_twins_is_not() -> None:
    assert missing("How many food suppliers were charged with helping Ciara inflate its earnings?") == ("Ciara",)
    assert missing("How many food suppliers were charged with helping Ahold inflate its earnings?") == ()
    assert missing("Which US Attorney said he expects the Stringer vendors to plead guilty?") == ("Stringer",)


@pytest.mark.parametrize(
    "question",
    [
        "Which US Attorney spoke in Washington about the suppliers?",  # a place, named loosely
        "What did the Netherlands retailer say about the suppliers?",
        "What did the Kenyan lawyer David say in March?",  # a people's word, a month
        "How many TDs did the suppliers' lawyers score?",  # two capitals: an acronym's plural
        "What did Mr Kelley expect?",  # a title, and a surname the article gives
    ],
)
def test_places_peoples_words_acronyms_titles_and_months_are_not_names(question: str) -> None:
    assert missing(question) == ()


def test_a_title_counts_as_part_of_the_article() -> None:
    text = "The Broncos defeated the Panthers 24-10."
    question = "Who won Super Bowl 50 for Denver's Broncos?"
    assert "Super Bowl" in missing(question, text)
    titled = "Super Bowl 50\n\n" + text
    assert missing(question, titled) == ()


def test_places_are_listed_ones_and_named_geographic_features() -> None:
    assert is_place("Port-au-Prince") and is_place("New York") and is_place("the Middle East")
    assert is_place("Hudson River") and is_place("San Francisco Bay Area") and is_place("Kenya's")
    assert not is_place("David Kelley") and not is_place("Washington Post") and not is_place("Ahold")


def test_a_title_before_a_name_is_dropped_and_a_capital_inside_a_word_starts_none() -> None:
    assert question_proper_names("Which minister did Mr Blunkett appoint?") == ("Blunkett",)
    assert question_proper_names("What did President Ruto say in May?") == ("Ruto",)
    assert question_proper_names("How much will fans pay on iTunes?") == ()
    assert missing("What did Mr Kelley expect?") == ()
    assert missing("What did Mr Blunkett expect?") == ("Blunkett",)
