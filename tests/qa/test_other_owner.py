"""Another owner: the words glued to the answer name another team or firm than the question."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.other_owner import answer_owner, asked_owner, other_owner
from tests.helpers import clash_and_reason

PIRES = "And his Arsenal team-mate Robert Pires has urged the England left-back to stay at Highbury."
WHITE = "The Gloucester prop was only recalled after Leicester tight-head Julian White suffered a neck injury."


def _clash(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    return other_owner(question, sentence, sentence.index(answer), answer)


def test_another_owner_glued_to_the_answer_clashes() -> None:
    assert _clash("Which Chelsea player urged Cole to stay at Highbury?", PIRES, "Robert Pires") == ("Chelsea", "Arsenal")
    assert _clash("Which Bath tight-head suffered a neck injury?", WHITE, "Julian White") == ("Bath", "Leicester")
    henry = "Arsenal's Thierry Henry scored the winner."
    assert _clash("Which Chelsea striker scored the winner?", henry, "Thierry Henry") == ("Chelsea", "Arsenal")
    mcleod = "The deal was done by Celtic chief executive Ian McLeod on Monday."
    assert _clash("Who is Rangers' chief executive?", mcleod, "Ian McLeod") == ("Rangers", "Celtic")
    kennedy = "Liberal Democrat leader Charles Kennedy added that the claims did not add up."
    assert _clash("Who is the Conservative leader?", kennedy, "Charles Kennedy") == ("Conservative", "Liberal Democrat")
    assert _clash("Who is the Liberal Democrat leader?", kennedy, "Charles Kennedy") is None


def test_an_owner_after_of_and_a_body_named_after_a_place_are_read() -> None:
    ukip = "UKIP leader Roger Knapman says he is glad to see the back of Mr Kilroy-Silk."
    bnp = ("British National Party", "UKIP")
    assert _clash("Who is the leader of the British National Party?", ukip, "Roger Knapman") == bnp
    assert _clash("Which Manchester United player scored?", "The Chelsea striker Didier Drogba scored.", "Didier Drogba") == (
        "Manchester United",
        "Chelsea",
    )


def test_one_body_in_full_and_by_its_initials_is_no_clash() -> None:
    ukip = "UKIP leader Roger Knapman says he is glad to see the back of Mr Kilroy-Silk."
    assert _clash("Who is the leader of the UK Independence Party?", ukip, "Roger Knapman") is None
    bnp = "Police said BNP leader Nick Griffin was arrested on Tuesday."
    assert _clash("Who is the leader of the British National Party?", bnp, "Nick Griffin") is None


def test_the_questions_own_owner_anywhere_in_the_sentence_passes() -> None:
    assert _clash("Which Arsenal player urged Cole to stay at Highbury?", PIRES, "Robert Pires") is None
    assert _clash("Which Leicester tight-head suffered a neck injury?", WHITE, "Julian White") is None
    both = "Chelsea's bid failed, and his Arsenal team-mate Robert Pires urged him to stay."
    assert _clash("Which Chelsea player urged him to stay?", both, "Robert Pires") is None  # named: left to the reader


def test_places_peoples_kin_and_sentence_openers_are_not_owners() -> None:
    assert asked_owner("Which US dictionary publisher named 'blog' its word of the year?") is None  # a place
    assert asked_owner("Which Italian scrum-half kicked badly?") is None  # a people's word: qa.other_place
    assert asked_owner("Which Liverpool player scored?") is None  # a listed city, whatever else it names
    assert answer_owner("Later under Genghis Khan's grandson Batu the Mongols returned.", 35) is None  # kin
    kelly = "Fellow guest Ruth Kelly MP was also hit by the slurry."
    assert answer_owner(kelly, kelly.index("Ruth")) is None  # "Fellow" opens the sentence
    assert answer_owner("The AFC champion Denver Broncos won.", 17) == "AFC"
    assert answer_owner("It was won by the Denver Broncos.", 21) is None  # the end of a longer name, no noun


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    article = "Chelsea deny an illegal approach for Ashley Cole. " + PIRES
    clash, reason = clash_and_reason("Which Chelsea player urged Cole to stay at Highbury?", article, "Robert Pires")
    assert clash is not None and clash.owner == ("Chelsea", "Arsenal")
    assert reason == "the closest candidate's answer comes with “Arsenal”, not “Chelsea”"
    assert clash_and_reason("Which Arsenal player urged Cole to stay at Highbury?", article, "Robert Pires")[0] is None


_WORDS = st.sampled_from(["Arsenal", "Chelsea's", "team-mate", "player", "his", "the", "Robert", "Pires", "of", "Fellow", "son"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=6), st.lists(_WORDS, max_size=12), st.integers(0, 80))
def test_any_question_and_sentence_give_none_or_two_different_owners(q: list[str], s: list[str], at: int) -> None:
    question, sentence = "Which " + " ".join(q) + " scored?", " ".join(s)
    found = other_owner(question, sentence, min(at, len(sentence)))
    if found is not None:
        asked, told = found
        assert asked != told and told.lower() not in question.lower() and asked.lower() not in sentence.lower()


YUKOS = (
    "Many commentators believe the government's pursuit of Yukos is a politically-motivated response to the "
    "political ambitions of its former chief executive, Mikhail Khodorkovsky."
)


def test_its_stands_for_the_name_before_it() -> None:
    at = YUKOS.index("Mikhail")
    assert answer_owner(YUKOS, at) == "Yukos"
    assert other_owner("Who is the chief executive of Gazprom?", YUKOS, at) == ("Gazprom", "Yukos")
    assert other_owner("Who is the chief executive of Yukos?", YUKOS, at) is None
    # No name before the pronoun, or only a word opening the sentence: no owner.
    plain = "Critics said its former chief executive, Mikhail Khodorkovsky, was jailed."
    assert answer_owner(plain, plain.index("Mikhail")) is None
    # A bare title before its holder's name is read across the comma; after a possessive title the
    # appositive refers back to a name before it.
    drogba = "Drogba, Chelsea's striker, has missed three weeks; Arsenal striker, Thierry Henry, scored."
    assert answer_owner(drogba, drogba.index("Thierry")) == "Arsenal"
    assert answer_owner(drogba, drogba.index("has")) is None
    economist = '"Rates helped," said EEF chief economist, Steve Radley.'
    at = economist.index("Steve")
    assert other_owner("Who is the World Bank's chief economist?", economist, at) == ("World Bank", "EEF")
    assert other_owner("Who is the EEF's chief economist?", economist, at) is None


def test_another_owner_of_the_questions_noun_clashes() -> None:
    from qa.other_owner import other_possessor

    lenovo = "Lenovo's profit for the three months to December was HK$327m, less than 1% up on the year before."
    assert other_possessor("What was Dell's profit for the three months to December?", lenovo) == ("Dell", "Lenovo")
    assert other_possessor("What was Lenovo's profit for the three months to December?", lenovo) is None
    assert other_possessor("What was Dell's revenue?", lenovo) is None  # another noun
    # One body however written, and a description after "the", are no other owner.
    assert (
        other_possessor("What concerns the EU's governance structure?", "It concerns the European Union's governance structure.")
        is None
    )
    assert other_possessor("Who was on Celeron's expedition?", "Céloron's expedition force had 200 men.") is None
    museum = "The chandelier hangs in the rotunda at the Museum's main entrance."
    assert other_possessor("Whose chandelier graces the V&A's main entrance?", museum) is None


def test_another_possessor_caps_the_candidate_and_the_refusal_names_both() -> None:
    lenovo = "Lenovo's profit for the three months to December was HK$327m, less than 1% up on the year before."
    clash, reason = clash_and_reason("What was Dell's profit for the three months to December?", lenovo, "HK$327m")
    assert clash is not None and clash.doer == ("Dell", "Lenovo")
    assert reason is not None and "Lenovo" in reason and "Dell" in reason
