"""Another doer: the answer's sentence has someone else doing what the question asks about."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.other_doer import other_doer, other_sayer, pronoun_doer, swapped_doer, swapped_sayer
from tests.helpers import clash_and_reason

COMMODORE = "Commodore International filed for bankruptcy in 1994 and was sold to Dutch firm Tulip Computers."


def test_another_name_doing_the_questions_verb_is_found() -> None:
    assert other_doer("When did Atari file for bankruptcy?", COMMODORE) == ("Atari", "Commodore International")
    assert other_doer("Why did Atari file for bankruptcy?", COMMODORE) == ("Atari", "Commodore International")


def test_the_questions_own_doer_or_its_spellings_pass() -> None:
    assert other_doer("When did Commodore International file for bankruptcy?", COMMODORE) is None
    assert other_doer("When did Commodore file for bankruptcy?", COMMODORE) is None  # one word of the name
    assert other_doer("Where did Moncalm slip away to?", "Montcalm slipped away and led the attack on Oswego.") is None
    assert other_doer("Where did Yesun Temur die?", "When Yesün Temür died in Shangdu in 1328, he was mourned.") is None
    kenya = "Kenyan President Ruto signed the deal in Nairobi."
    assert other_doer("When did Kenya sign the deal?", kenya) is None  # a people's word is its place
    assert other_doer("When did Haiti sign the deal?", kenya) == ("Haiti", "Kenyan President Ruto")


MARSH = "Last month Marsh agreed to pay $850m (£415m) to settle a lawsuit filed by Mr Spitzer."


def test_how_much_or_many_did_a_verb_names_its_doer() -> None:
    """ "How much did AIG agree to pay?" asks about what AIG did, as "When did AIG agree to pay?" does."""
    assert other_doer("How much did AIG agree to pay to settle the lawsuit?", MARSH) == ("AIG", "Marsh")
    assert other_doer("How many officers did Kenya deploy?", "Uganda deployed 400 officers.") == ("Kenya", "Uganda")
    assert other_doer("How much did Marsh agree to pay to settle the lawsuit?", MARSH) is None
    assert other_doer("How many people attend Harvard?", "Yale said 400 people attend.") is None  # no auxiliary: no doer
    assert other_doer("How many Kenyan officers did Haiti deploy?", "Uganda deployed 400 officers.") is None  # a name inside


def test_in_what_year_or_on_which_day_names_its_doer_as_when_does() -> None:
    conti = "Conti received an Oscar in 1983 for the original score of The Right Stuff."
    assert other_doer("In what year did Julia Roberts receive an Oscar?", conti) == ("Julia Roberts", "Conti")
    assert other_doer("What year did Julia Roberts receive an Oscar?", conti) == ("Julia Roberts", "Conti")
    assert other_doer("In what year did Conti receive an Oscar?", conti) is None
    bush = "Mr Bush was sworn in at a ceremony in Washington DC on Thursday."
    assert other_doer("On which day was Tony Blair sworn in?", bush) == ("Tony Blair", "Mr Bush")
    assert other_doer("In what city did Julia Roberts receive an Oscar?", conti) is None  # a place, not a time: not read


def test_a_name_before_a_comma_is_no_doer() -> None:
    film = "The film, which scored nominations for British actress Sophie Okonedo, made £507,596 in its first week."
    assert other_doer("When did Hotel Rwanda make £507,596?", film) is None


def test_what_is_no_doer_is_not_read_as_one() -> None:
    # a place after a preposition, a pronoun, a question that asks no doer
    boston = "On May 21, 2013, NFL owners at their spring meetings in Boston voted and awarded the game to Levi's Stadium."
    assert other_doer("When was San Francisco voted to be the location?", boston) is None
    assert other_doer("When was Luther's last sermon delivered?", "His last sermon was delivered at Eisleben.") is None
    assert other_doer("How long did Atari file?", COMMODORE) is None  # a length of time: not read
    assert other_doer("Who filed for bankruptcy?", COMMODORE) is None


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("When did Atari file for bankruptcy?", COMMODORE, "1994")
    assert clash is not None and clash.doer == ("Atari", "Commodore International")
    assert reason == "the closest candidate's sentence has “Commodore International” where the question has “Atari”"
    assert clash_and_reason("When did Commodore International file for bankruptcy?", COMMODORE, "1994")[0] is None


_WORDS = st.sampled_from(["When", "did", "Atari", "Commodore", "filed", "file", "for", "in", "the", "His", "1994", "and"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=10), st.lists(_WORDS, max_size=16), st.text(max_size=30))
def test_any_question_and_sentence_give_none_or_two_word_runs(q: list[str], s: list[str], noise: str) -> None:
    found = other_doer("When did " + " ".join(q) + noise + "?", " ".join(s) + noise)
    if found is not None:
        for name in found:
            assert name and all(ch.isalnum() or ch in " '’-.,_" for ch in name)


def test_which_noun_is_a_doing_names_its_doer_too() -> None:
    """ "Which force is Kenya preparing to establish?" of "Washington is preparing ...": the progressive only."""
    sentence = "He said Washington is preparing to move into a new phase focused on establishing a gang suppression force."
    assert other_doer("Which force is Kenya preparing to establish?", sentence) == ("Kenya", "Washington")
    assert other_doer("Which force is Washington preparing to establish?", sentence) is None
    assert other_doer("What health issue did Tesla suffer?", "In 1879 Nikola suffered a breakdown.") is None
    # the perfect progressive, a people's word among the nouns: "Which Japanese network has AM3D been working with?"
    docomo = "Sonaptic has been working with Japanese mobile network NTT DoCoMo to set standards."
    assert other_doer("Which Japanese mobile network has AM3D been working with?", docomo) == ("AM3D", "Sonaptic")
    assert other_doer("Which Japanese mobile network has Sonaptic been working with?", docomo) is None
    assert other_doer("Which Tokyo mobile network has AM3D been working with?", docomo) is None  # a name, no people's word


def test_a_sentence_opening_with_another_person_by_honorific_clashes() -> None:
    """ "Mr Ferguson took the helm ..., after spending most of his career at Unilever" is not Fred Goodwin's career."""
    from qa.other_doer import honorific_doer

    ferguson = (
        "Mr Ferguson took the helm at the company in 2003, after spending most of his career at consumer goods giant Unilever."
    )
    asked = "At which consumer goods giant did Fred Goodwin spend most of his career?"
    assert honorific_doer(asked, ferguson) == ("Fred Goodwin", "Mr Ferguson")
    assert honorific_doer("At which consumer goods giant did Iain Ferguson spend most of his career?", ferguson) is None
    assert honorific_doer("When did Fred Goodwin resign?", ferguson) is None  # the sentence lacks the verb
    assert honorific_doer("When did Goodwin spend it?", ferguson) is None  # a doer of one word may be Ferguson's name
    assert honorific_doer(asked, "He took the helm after spending his career at Unilever.") is None  # no honorific
    clash, reason = clash_and_reason(asked, ferguson, "Unilever")
    assert clash is not None and clash.doer == ("Fred Goodwin", "Mr Ferguson")
    assert reason is not None and "Mr Ferguson" in reason


def test_another_source_than_the_questions_according_to_clashes() -> None:
    sophos = "Anti-virus firm Sophos said that 10% of the e-mail currently on the net was infected with the Zafi virus."
    asked = "What percentage of e-mail was infected with the Zafi virus, according to {}?"
    assert other_sayer(asked.format("McAfee"), sophos) == ("McAfee", "Sophos")
    assert other_sayer(asked.format("Sophos"), sophos) is None
    un = "The UN Integrated Office in Haiti reported last month that 1,247 people were murdered."
    assert other_sayer("How many people were murdered, according to the UN report?", un) is None  # an acronym is a word
    assert other_sayer("What was the rate according to the November figures?", "Officials said it was 18.8%.") is None
    clash, reason = clash_and_reason(asked.format("McAfee"), sophos, "10%")
    assert clash is not None and clash.doer == ("McAfee", "Sophos")
    assert reason == "the closest candidate's sentence has “Sophos” where the question has “McAfee”"


def test_a_source_named_with_where_it_sits_is_the_source() -> None:
    # "The UN Integrated Office in Haiti reported": the Office's report, not Haiti's
    un = "The UN Integrated Office in Haiti reported last month that 1,247 people were murdered and 710 injured."
    asked = "How many people were murdered in Haiti between July and September, according to the UN Integrated Office?"
    assert swapped_sayer(asked, un) is None and other_sayer(asked, un) is None
    boston = "Anti-virus firm Sophos in Boston said that 10% of the e-mail was infected."
    assert other_sayer("What share of e-mail was infected, according to McAfee?", boston) == ("McAfee", "Sophos in Boston")


RUBIO = (
    "Secretary of State Marco Rubio has suggested that the Organization of American States could provide a force "
    "to help combat the gang violence in Haiti."
)


def test_the_questions_other_name_doing_its_verb_is_a_swap() -> None:
    asked = "Which regional organization did {} suggest could provide a force for {}?"
    assert swapped_doer(asked.format("Haiti", "Rubio"), RUBIO) == ("Haiti", "Secretary of State Marco Rubio")
    assert swapped_doer(asked.format("Rubio", "Haiti"), RUBIO) is None  # the twin: Rubio suggests
    team = "The Kenyan team arrived in Haiti in June 2024."
    assert swapped_doer("When did the Haiti team arrive in Kenya?", team) == ("Haiti", "Kenyan")  # a people's word
    assert swapped_doer("When did the Kenyan team arrive in Haiti?", team) is None
    fujitsu = "Fujitsu is selling its LCD unit to Sharp."
    assert swapped_doer("Which unit is Sharp selling to Fujitsu?", fujitsu) == ("Sharp", "Fujitsu")  # the progressive
    assert swapped_doer("Which unit is Fujitsu selling to Sharp?", fujitsu) is None


def test_a_doer_the_question_never_names_or_a_passive_is_no_swap() -> None:
    assert swapped_doer("Which regional organization did Haiti suggest could provide a force?", RUBIO) is None
    assert swapped_doer("When was Scotland invaded by William?", "William invaded Scotland in 1072.") is None
    released = "Lemonade was released in April 2016, a year after Beyonce signed with Columbia."
    assert swapped_doer("When did Beyonce release Lemonade?", released) is None  # the sentence is passive
    assert swapped_doer("When did Beyonce release Lemonade?", "Lemonade released by Beyonce sold well.") is None
    assert swapped_doer("Which Chelsea player did Arsenal sign?", "Chelsea signed Arsenal's striker.") is None


def test_a_swapped_source_is_read_only_when_the_asked_one_says_nothing() -> None:
    asked = "According to {}, what will the {} stabilization effort fail without?"
    said = "Rubio said the effort would fail without broader international backing."
    assert swapped_sayer(asked.format("Haiti", "Rubio"), said) == ("Haiti", "Rubio")
    assert swapped_sayer(asked.format("Rubio", "Haiti"), said) is None
    assert swapped_sayer(asked.format("Haiti", "Rubio"), said + " Haiti said the same.") is None
    assert swapped_sayer(asked.format("Haiti", "Kenya"), said) is None  # another source: ``other_sayer``'s


def test_a_swap_caps_the_candidate_and_the_refusal_names_both() -> None:
    question = "Which regional organization did Haiti suggest could provide a force for Rubio?"
    clash, reason = clash_and_reason(question, RUBIO, "Organization of American States")
    assert clash is not None and clash.doer == ("Haiti", "Secretary of State Marco Rubio")
    assert reason == "the closest candidate's sentence has “Secretary of State Marco Rubio” where the question has “Haiti”"
    twin = "Which regional organization did Rubio suggest could provide a force for Haiti?"
    assert clash_and_reason(twin, RUBIO, "Organization of American States")[0] is None


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=10), st.lists(_WORDS, max_size=16))
def test_any_question_and_sentence_give_no_swap_or_two_names(q: list[str], s: list[str]) -> None:
    for found in (swapped_doer(" ".join(q), " ".join(s)), swapped_sayer(" ".join(q), " ".join(s))):
        assert found is None or (found[0] and found[1])


def test_a_question_that_opens_with_according_to_is_read_too() -> None:
    sophos = "Anti-virus firm Sophos said that 10% of the e-mail was infected."
    assert other_sayer("According to McAfee, what share of e-mail was infected?", sophos) == ("McAfee", "Sophos")
    assert other_sayer("According to Sophos, what share of e-mail was infected?", sophos) is None


CABLE = "Mr Cable compared that new cost with the £500m needed for the first Gulf War."
SUGGESTED = "He suggested keeping British troops in Iraq could cost another £1bn."


def test_a_he_opening_the_sentence_is_the_person_the_previous_sentence_opens_with() -> None:
    asked = "How much did the Tories suggest keeping British troops in Iraq could cost?"
    assert pronoun_doer(asked, SUGGESTED, CABLE) == ("Tories", "Mr Cable")
    twin = "How much did Vince Cable suggest keeping British troops in Iraq could cost?"
    assert pronoun_doer(twin, SUGGESTED, CABLE) is None
    # a previous sentence that opens with no honorific names no one the pronoun is sure to stand for
    assert pronoun_doer(asked, SUGGESTED, "The Lib Dems and Vince Cable spoke on Monday.") is None
    # "He" that does not open the sentence, or does not do the question's verb, is not read
    assert pronoun_doer(asked, "Asked again, he suggested the troops could cost another £1bn.", CABLE) is None
    assert pronoun_doer(asked, "He said the troops could cost another £1bn.", CABLE) is None


def test_the_pronouns_doer_caps_the_candidate_and_the_refusal_names_him() -> None:
    clash, reason = clash_and_reason(
        "How much did the Tories suggest keeping British troops in Iraq could cost?", f"{CABLE} {SUGGESTED}", "another £1bn"
    )
    assert clash is not None and clash.doer == ("Tories", "Mr Cable")
    assert reason is not None and "“Mr Cable” where the question has “Tories”" in reason
