"""Place names: a city asked for, and an answer made only of countries."""

from __future__ import annotations

import pytest

from qa.places import asks_for_a_city, names_only_wider_places


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Which US city are weapons smuggled out of Haiti arriving in?", True),
        ("In what town was he born?", True),
        ("Which cities will the tour cover?", True),
        ("What is the population of the city?", False),  # the wh-word asks for a number
        ("Where is the city of Hue?", False),
    ],
)
def test_a_city_is_asked_at_the_question_s_own_wh_word(question: str, asks: bool) -> None:
    assert asks_for_a_city(question) is asks


@pytest.mark.parametrize(
    ("answer", "only"),
    [
        ("Jamaica, Trinidad and Tobago", True),
        ("Kenya", True),
        ("France and Germany", True),
        ("the United States", True),
        ("Texas", True),  # a state, no city
        ("California and Nevada", True),
        ("Miami", False),
        ("Paris, France", False),  # a city named
        ("Singapore", False),  # a city-state
        ("Mexico", False),  # names Mexico City
        ("New York", False),  # a state and a city
        ("Washington", False),
        ("Kenyan", False),  # a people's word
        ("Haiti's capital", False),
    ],
)
def test_only_countries_regions_or_states_name_no_city(answer: str, only: bool) -> None:
    assert names_only_wider_places(answer) is only
