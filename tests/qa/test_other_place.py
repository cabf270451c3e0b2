"""Another place: the answer's sentence speaks of another country or city than the question."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qa.other_place import asked_places, counted_for_other_place, other_place
from qa.places import place_mentions
from tests.helpers import clash_and_reason

DISPLACED = (
    "According to the Haitian Prime Minister, nearly half of Haiti's population faces food insecurity, "
    "and 600,000 people remain displaced."
)


def test_a_place_the_sentence_never_names_against_one_it_does_is_found() -> None:
    assert other_place("How many people remain displaced in Kenya?", DISPLACED) == ("Kenya", "Haiti")
    prisons = "In March 2024, armed gangs stormed Haiti's two biggest prisons, freeing around 3,700 inmates."
    assert other_place("How many inmates were freed from Kenya's prisons?", prisons) == ("Kenya", "Haiti")


def test_the_questions_own_place_by_any_of_its_names_passes() -> None:
    assert other_place("How many people remain displaced in Haiti?", DISPLACED) is None
    assert other_place("How many Haitians remain displaced?", DISPLACED) is None
    us = "The American government has provided more than Sh77 billion for the mission."
    assert other_place("How much has the United States given the mission?", us) is None  # one country, two names
    assert other_place("Who hired Tesla in New York?", "He moved to New York City, where Edison hired him.") is None


def test_only_a_place_of_the_same_kind_clashes() -> None:
    nairobi = "Ruto spoke at State House, Nairobi, about the mission."
    assert other_place("What did Ruto say in Haiti?", nairobi) is None  # a city is no swap for a country
    assert other_place("What did Ruto say in Mombasa?", nairobi) == ("Mombasa", "Nairobi")


def test_a_peoples_word_clashes_only_with_another_peoples_same_noun() -> None:
    police = "The graduation of 739 Haitian police officers was a boost, officials said."
    assert other_place("How many Kenyan police officers graduated?", police) == ("Kenya", "Haiti")
    art = "The style was Italian Renaissance, and the door shows a famous physicist."
    assert other_place("What English physicist is shown on the door?", art) is None  # "Italian" names no physicist


def test_a_place_of_several_words_before_the_question_s_noun_is_read_whole() -> None:
    """ "the United States government" against "the Kenyan government": the place is two words, its noun after both."""
    funds = "To date, the United States government has provided more than Sh77 billion for the mission."
    assert other_place("How much has the Kenyan government provided for the mission?", funds) == ("Kenya", "US")
    assert other_place("How much has the United States government provided for the mission?", funds) is None
    assert other_place("How many Kenyan officers were deployed?", funds) is None  # another noun
    # a body named with a people's word is no place read whole: "the Haitian National Police, have already recaptured"
    sites = "Our officers, with the Haitian National Police, have already recaptured key sites, including the Palace."
    assert other_place("Which key sites have the Kenyan officers recaptured from gangs?", sites) is None


def test_names_that_hold_a_place_and_sentences_that_may_refer_to_it_are_not_read() -> None:
    assert asked_places("Who told the French Academy of Sciences about oxygen?") == {}
    assert asked_places("Which Church of England calendar honours Luther?") == {}
    assert "kenya" in asked_places("How many Kenyan officers arrived?")
    assert "US" in asked_places("How much has the United States given?")  # one place of two words
    assert "trinidad and tobago" in asked_places("Who leads Trinidad and Tobago's police?")
    assert asked_places("What did the Kenya Defence Forces say?") == {}
    bordered = "It is bordered by Tanzania to the south and Uganda to the west."
    assert other_place("What country borders the south of Kenya?", bordered, "Tanzania") is None  # "It" is Kenya
    city = "The freemen of the city may graze cattle there, as in London."
    assert other_place("What do the freemen of Newcastle do with their cows?", city) is None


def test_places_are_read_by_their_longest_listed_name() -> None:
    assert place_mentions("South African wine and the San Francisco Bay Area") == {
        "south africa": "country",
        "san francisco": "city",
    }
    assert "US" in place_mentions("officials in the U.S. said")


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("How many people remain displaced in Kenya?", DISPLACED, "600,000")
    assert clash is not None and clash.place == ("Kenya", "Haiti")
    assert reason == "the closest candidate's sentence speaks of Haiti, not Kenya"
    assert clash_and_reason("How many people remain displaced in Haiti?", DISPLACED, "600,000")[0] is None


GRADUATES = (
    "The Kenya police deployed to Haiti are upbeat after the graduation of at least 739 Haitian police officers from a college."
)


def _counted(question: str, answer: str) -> tuple[str, str] | None:
    start = GRADUATES.index(answer)
    return counted_for_other_place(question, GRADUATES, start, start + len(answer))


def test_a_figure_that_counts_another_peoples_noun_clashes_though_the_sentence_names_the_asked_place() -> None:
    asked = "How many Kenyan police officers are in Haiti?"
    assert other_place(asked, GRADUATES) is None  # the sentence names Kenya too
    assert _counted(asked, "739") == ("Kenya", "Haiti")
    assert _counted(asked, "739 Haitian") == ("Kenya", "Haiti")  # read from right after the figure
    assert _counted(asked, "739 Haitian police officers") == ("Kenya", "Haiti")
    assert _counted("How many Haitian police officers graduated?", "739") is None  # the people asked about
    assert _counted("How many police officers graduated?", "739") is None  # no people's word asked
    assert _counted("How many Kenyan nurses are in Haiti?", "739") is None  # another noun
    assert _counted(asked, "graduation") is None  # not a figure


def test_the_counted_clash_caps_the_candidate_and_the_refusal_says_whose_people() -> None:
    clash, reason = clash_and_reason("How many Kenyan police officers are in Haiti?", GRADUATES, "739")
    assert clash is not None and clash.counted == ("Kenya", "Haiti")
    assert reason == "the closest candidate's figure counts Haiti's people, not Kenya's"
    assert clash_and_reason("How many Haitian police officers graduated?", GRADUATES, "739")[0] is None


_WORDS = st.sampled_from(["in", "Kenya", "Kenyan", "Haiti's", "New", "York", "City", "the", "country", "police", "U.S.", "of"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=10), st.lists(_WORDS, max_size=16), st.text(max_size=30))
@example(["Haiti's", "Kenya"], ["Kenya", "in"], "0")  # "Kenya0" is no word of a place: the sentence's Kenya is another
def test_any_question_and_sentence_give_none_or_two_places(q: list[str], s: list[str], noise: str) -> None:
    question, sentence = "How many " + " ".join(q) + noise + "?", " ".join(s) + noise
    found = other_place(question, sentence)
    if found is not None:
        asked, told = found
        # told as a word of the question, or as its people's word ("Kenyan"); "Kenya0" is another word
        named = re.compile(rf"(?<![\w]){re.escape(told)}(?:n|ns|ian|ians)?(?![\w])", re.IGNORECASE)
        assert asked != told and not named.search(question)


MISSION = "A group of MPs are on a two-day fact-finding mission to Scotland to gather evidence for a report into the UK's fishing industry."


def test_one_uk_nation_is_no_answer_about_another() -> None:
    assert other_place("How long is the MPs' fact-finding mission to Wales?", MISSION) == ("Wales", "Scotland")
    assert other_place("How long is the MPs' fact-finding mission to Scotland?", MISSION) is None
    # The UK asked whole is every nation; so is a question naming two of them.
    assert other_place("How long is the MPs' fact-finding mission in the UK?", MISSION) is None
    assert other_place("Did the MPs visit Wales or Scotland first?", MISSION) is None


def test_a_nation_the_answer_names_is_no_rival_and_a_peoples_word_needs_its_noun() -> None:
    rome = "However, they were thoroughly outplayed by an impressive Welsh side in Rome last time out."
    assert other_place("Which side outplayed Scotland in Rome?", rome, answer="Welsh") is None
    fishermen = "Welsh fishermen met the minister in Cardiff, and Welsh officials joined them."
    assert other_place("How many Scottish fishermen met the minister?", fishermen) == ("Scotland", "Wales")
    assert other_place("How many Scottish MPs met the minister?", fishermen) is None  # no Welsh MPs in it


def test_a_nation_inside_a_name_of_it_is_not_read() -> None:
    bank = "The Bank of England kept interest rates at 4.75%, its governor said."
    assert other_place("What rate did Welsh banks set?", bank) is None
    assert other_place("At what rate did the Scotland office borrow?", bank) is None


def test_another_place_in_the_questions_own_slot_clashes_even_beside_the_capital() -> None:
    from qa.other_place import other_place

    sentence = (
        "Marco Rubio has suggested that the OAS could provide a force to help combat the ongoing gang violence in Haiti, "
        "where armed groups are inching closer to full control of the capital, Port-au-Prince."
    )
    asked = "What organisation did Rubio suggest could provide a force to combat gang violence in Jamaica?"
    assert other_place(asked, sentence) == ("Jamaica", "Haiti")
    assert other_place(asked.replace("Jamaica", "Haiti"), sentence) is None  # the twin
    # Other words before the place, or a question that names the sentence's place too, say nothing.
    assert other_place("Which force could fight gangs in Jamaica?", sentence) is None
    assert other_place("Could the gang violence in Jamaica spread to Haiti?", sentence) is None


def test_a_peoples_word_after_an_owners_possessive_is_read() -> None:
    """ "Vivendi's French assets": the possessive ends the owner's name, and "French" describes the assets."""
    interest = "They knew of an interest in Vivendi's US assets from investor Marvin Davis at the time of the sale."
    asked = "Which investor was interested in Vivendi's French assets at the time of the sale?"
    assert "france" in asked_places(asked)
    assert other_place(asked, interest, "Marvin Davis") == ("France", "US")
    assert other_place("Which investor was interested in Vivendi's US assets?", interest, "Marvin Davis") is None
    assert asked_places("Who is the French Academy's president?") == {}  # a place inside the owner's name


def test_another_people_s_force_is_not_the_question_s_force() -> None:
    """ "operations by Kenyan police" of "operations carried out by Haitian security forces": another force, whatever its noun."""
    killings = "The report found that 61% resulted from operations carried out by Haitian security forces."
    asked = "What share of the killings in Haiti resulted from operations by Kenyan police?"
    assert other_place(asked, killings, "61%") == ("Kenya", "Haiti")
    assert other_place("What share of the killings resulted from operations by Haitian police?", killings, "61%") is None
    # the question's own force in the sentence, or the other force by its name, may be the one asked about
    ours = "Our officers, in collaboration with the Haitian National Police, have recaptured key sites."
    assert other_place("Which key sites have the Kenyan officers recaptured?", ours, "key sites") is None
    assert other_place("Which key sites did the Kenyan police recapture?", ours, "key sites") is None
    # a people's word before another noun than a force's keeps asking for that noun ("Dutch artist")
    art = "The exhibition shows Dutch painters of the golden age."
    assert other_place("Which Italian artists are shown in the exhibition?", art, "painters") is None
