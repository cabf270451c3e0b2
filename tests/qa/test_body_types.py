"""Kinds of body: what a "Which committee ...?" question asks for, and which names cannot be it."""

from __future__ import annotations

from qa.body_types import BODY_KINDS, asked_body, is_titled_person, names_a_body, names_other_body


def _kind(word: str) -> int:
    return next(i for i, words in enumerate(BODY_KINDS) if word in words.split())


def test_the_head_of_the_wh_phrase_names_the_kind_asked() -> None:
    assert asked_body("Which committee said the software patent law should be re-drafted?") == _kind("committee")
    assert asked_body("What political party does he lead?") == _kind("party")
    assert asked_body("Which firm bought the division?") == _kind("company")
    assert asked_body("Which authority figure is designated to set the work?") is None  # a figure, not an authority
    assert asked_body("Which newspaper's parent company moved?") is None  # a possessive asks for something else
    assert asked_body("Who chairs the committee?") is None


def test_a_name_of_another_kind_of_body_clashes_and_a_name_of_no_kind_does_not() -> None:
    committee = _kind("committee")
    assert names_other_body("European Commission (EC)", committee)
    assert not names_other_body("European Legal Affairs Committee", committee)
    assert not names_other_body("Labour", committee)  # says nothing of its kind
    assert not names_other_body("the commission's view", committee)  # not a name
    club = _kind("club")
    assert not names_other_body("University of Chicago College Bowl Team", club)  # a team, whatever else it names


def test_no_word_names_two_kinds() -> None:
    words = [w for kind in BODY_KINDS for w in kind.split()]
    assert len(words) == len(set(words))


def test_a_person_the_article_titles_with_an_office_is_no_body() -> None:
    text = "Committee chairman Austin Mitchell said stocks were wasted. General Electric bought the works."
    name = text.index("Austin Mitchell")
    assert is_titled_person(text, name, name + len("Austin Mitchell"))
    assert is_titled_person(text, text.index("chairman"), name + len("Austin Mitchell"))  # the title inside the answer
    firm = text.index("General Electric")
    assert not is_titled_person(text, firm, firm + len("General Electric"))  # "general" is too loose a title
    assert not is_titled_person(text, text.index("Committee"), text.index("Committee") + len("Committee"))


def test_a_person_by_an_honorific_is_no_body() -> None:
    text = "With both services on offer, Mr Tveter is confident. Dr Rowan Williams spoke. Mrs Smith's Kitchen Ltd grew."
    tveter = text.index("Mr Tveter")
    assert is_titled_person(text, tveter, tveter + len("Mr Tveter"))
    assert is_titled_person(text, tveter + 3, tveter + len("Mr Tveter"))  # the honorific right before
    rowan = text.index("Rowan")
    assert is_titled_person(text, rowan, rowan + len("Rowan Williams"))
    assert not is_titled_person(text, text.index("Kitchen"), text.index("Kitchen") + len("Kitchen Ltd"))


def test_a_verb_in_s_after_a_singular_kind_ends_the_phrase() -> None:
    assert asked_body("Which company makes the PlayStation 3?") == _kind("company")
    assert asked_body("Which committee chairs the inquiry?") == _kind("committee")
    assert asked_body("Which party leader said it?") is None  # asks for a leader


def test_a_past_form_like_its_base_ends_the_phrase() -> None:
    # "beat", "hit", "quit": past forms no "-ed" marks
    assert asked_body("Which team beat Chelsea at Fratton Park?") == asked_body("Which team did Chelsea beat?")
    assert asked_body("Which team beat Chelsea at Fratton Park?") is not None
    assert asked_body("Which firm hit its sales target?") is not None


def test_a_name_that_says_it_is_a_body_answers_no_question_after_a_person() -> None:
    """ "Which Iranian official ...?" is not answered by "National Iranian Oil Company"; a surname is no body."""
    assert names_a_body("National Iranian Oil Company")
    assert names_a_body("Bank of England")
    assert not names_a_body("David Banks")  # a plural kind word ends no body's name here
    assert not names_a_body("Mia Mottley")
    assert not names_a_body("the oil company")  # not a name
