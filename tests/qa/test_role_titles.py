"""Role confusion: the title right before a name names another office, or the same office of another holder."""

from __future__ import annotations

import pytest

from qa.role_titles import Office, asked_office, name_office_clash, office_clash, people_forms, title_before, titles_before

TEXT = (
    "Kenyan President William Ruto met US Secretary of State Marco Rubio and the Prime Minister of Barbados and "
    "Chairman of the Caribbean Community (CARICOM) Mia Mottley. Vice President Jane Doe spoke. "
    "Yesterday President Bob Lee left."
)


def clash(question: str, name: str) -> bool:
    return office_clash(asked_office(question), title_before(TEXT, TEXT.index(name)))


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is the president of Haiti?", "William Ruto"),  # the same office, another country
        ("Who is the US Secretary of Defense?", "Marco Rubio"),  # another secretary
        ("Who is Barbados's foreign minister?", "Mia Mottley"),  # the title names a chairman
        ("Who is the president?", "Jane Doe"),  # a lesser office
        ("Who is the prime minister?", "William Ruto"),  # another office
    ],
)
def test_another_office_or_holder_clashes(question: str, name: str) -> None:
    assert clash(question, name)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is Kenya's president?", "William Ruto"),  # a people's word for its place
        ("Who is the Kenyan president?", "William Ruto"),
        ("Who is the president?", "William Ruto"),  # a qualifier on one side only is detail
        ("Who is the Secretary of State?", "Marco Rubio"),
        ("Who is the US Secretary of State?", "Marco Rubio"),
        ("Who is the chairman of CARICOM?", "Mia Mottley"),
        ("Who is the vice president?", "Jane Doe"),
        ("Who is the president of Haiti?", "Bob Lee"),  # "Yesterday" says nothing about whose president
        ("How many officers were deployed?", "William Ruto"),  # no office asked
    ],
)
def test_the_same_office_or_no_title_does_not(question: str, name: str) -> None:
    assert not clash(question, name)


def test_offices_are_read_whole_and_in_the_plural() -> None:
    assert asked_office("Who are the vice presidents?") == Office("vice president", frozenset())
    assert title_before("Prime Minister Mia Mottley", len("Prime Minister ")) == Office("prime minister", frozenset())
    assert title_before("said Mia Mottley", len("said ")) is None
    assert title_before("Mottley", 0) is None


def test_the_law_officers_are_offices_and_their_deputies_lesser_ones() -> None:
    """ "attorney general" was read as the loose "general": a deputy's question took the attorney general."""
    text = "The investigation by New York attorney general Eliot Spitzer has now obtained nine guilty pleas."
    spitzer = title_before(text, text.index("Eliot Spitzer"))
    assert spitzer == Office("attorney general", frozenset({"york"}))
    assert asked_office("Who is the solicitor general?") == Office("solicitor general", frozenset())
    assert office_clash(asked_office("Who is the New York deputy attorney general leading the investigation?"), spitzer)
    assert not office_clash(asked_office("Who is the New York attorney general leading the investigation?"), spitzer)


def test_a_lesser_office_written_in_lower_case_is_read_with_its_title() -> None:
    """ "assistant manager Roy Aitken" had been read as a manager: refused for Villa's assistant manager."""
    text = "O'Leary wants his backroom staff - assistant manager Roy Aitken and fitness coach Steve McGregor - to stay."
    aitken = title_before(text, text.index("Roy Aitken"))
    assert aitken == Office("manager", frozenset({"assistant"}))
    assert not office_clash(asked_office("Who is Aston Villa's assistant manager?"), aitken)
    assert office_clash(asked_office("Who is Aston Villa's manager?"), aitken)


def test_people_forms() -> None:
    assert "kenyan" in people_forms("kenya") and "kenya" in people_forms("kenyan")
    assert "canadian" in people_forms("canada") and "haitian" in people_forms("haiti")
    assert people_forms("us") == frozenset()


def test_an_appositive_after_the_name_is_a_title_too() -> None:
    from qa.role_titles import name_office_clash, title_after

    text = "Mia Mottley, Barbados's prime minister, spoke. Henry Cole, the museum's first director, planned it."
    mottley = text.index("Mia Mottley")
    end = mottley + len("Mia Mottley")
    assert title_after(text, end) == Office("prime minister", frozenset({"barbados"}))
    assert name_office_clash(asked_office("Who is the foreign minister of Barbados?"), text, mottley, end) is not None
    assert name_office_clash(asked_office("Who is the prime minister of Barbados?"), text, mottley, end) is None
    # common nouns describe the holder ("the museum's"): only the word before the office says which one
    cole = text.index("Henry Cole")
    assert title_after(text, cole + len("Henry Cole")) == Office("director", frozenset({"first"}))
    assert name_office_clash(asked_office("Who was the V&A's first director?"), text, cole, cole + len("Henry Cole")) is None


def test_a_name_with_two_offices_is_cleared_by_the_one_asked() -> None:
    from qa.role_titles import name_office_clash

    text = "Prime Minister Mia Mottley, CARICOM's chairwoman, spoke."
    start = text.index("Mia")
    end = start + len("Mia Mottley")
    assert name_office_clash(asked_office("Who is the chairman of CARICOM?"), text, start, end) is None
    assert name_office_clash(asked_office("Who is the president of CARICOM?"), text, start, end) is not None


def test_irregular_peoples() -> None:
    assert people_forms("france") == frozenset({"french"}) and "france" in people_forms("french")


def test_a_title_given_in_full_at_another_mention_counts() -> None:
    """ "President William Ruto" here, "Kenyan President William Ruto" in another article read."""
    from qa.role_titles import name_office_clash

    text = "President William Ruto has announced progress in Haiti. Ruto spoke in Nairobi."
    other = "Rubio made the appeal while hosting Kenyan President William Ruto at the State Department."
    start = text.index("William")
    end = start + len("William Ruto")
    asked = asked_office("Who is the president of Haiti?")
    assert name_office_clash(asked, text, start, end) is None  # alone, an unqualified "President" is detail
    assert name_office_clash(asked, text, start, end, [other]) is not None
    assert name_office_clash(asked_office("Who is Kenya's president?"), text, start, end, [other]) is None
    # a later mention by surname alone reads the full title of the earlier one
    later = text.index("Ruto spoke")
    assert name_office_clash(asked, text + " " + other, later, later + 4) is None  # no title glued to this mention


def test_titles_joined_by_and_before_a_name_are_all_read() -> None:
    from qa.role_titles import name_office_clash, titles_before

    text = (
        "The US supports CARICOM, chaired by the Prime Minister of Mia Mottley. Talks were held with Prime Minister "
        "of Barbados and Chairman of the Caribbean Community (CARICOM) Mia Mottley, the statement said."
    )
    second = text.rindex("Mia Mottley")
    assert titles_before(text, second) == [
        Office("chairman", frozenset({"caribbean", "community", "caricom"})),
        Office("prime minister", frozenset({"barbados"})),
    ]
    first = text.index("Mia Mottley")
    end = first + len("Mia Mottley")
    # the first mention names no country; the second says Barbados, so she is not Haiti's prime minister
    assert name_office_clash(asked_office("Who is the Prime Minister of Haiti?"), text, first, end) == Office(
        "prime minister", frozenset({"barbados"})
    )
    assert name_office_clash(asked_office("Who is the Prime Minister of Barbados?"), text, first, end) is None
    assert name_office_clash(asked_office("Who is the chairwoman of CARICOM?"), text, first, end) is None


def test_a_part_before_and_that_names_a_person_is_not_the_next_names_title() -> None:
    from qa.role_titles import titles_before

    text = "a meeting of President Ruto and Prime Minister Garry Conille in Nairobi"
    assert titles_before(text, text.index("Garry")) == [Office("prime minister", frozenset())]


def test_the_holder_is_not_the_deputy_asked_for() -> None:
    assert office_clash(
        asked_office("Who is the deputy spokesperson of the State Department?"),
        Office("spokesman", frozenset({"state", "department"})),
    )
    assert office_clash(
        asked_office("Who is the spokesperson of the State Department?"), Office("spokesman", frozenset({"deputy", "state"}))
    )
    assert not office_clash(asked_office("Who is the deputy spokesperson?"), Office("spokesman", frozenset({"deputy"})))


def test_the_same_office_held_at_another_time_clashes() -> None:
    from qa.role_titles import tense_clash

    text = "New coach Tony Lester has helped get McIlroy back on track. His former coach John Smith left in May."
    lester, smith = text.index("Tony Lester"), text.index("John Smith")
    assert tense_clash("Who is James McIlroy's former coach?", text, lester) == ("former coach", "new coach")
    assert tense_clash("Who is James McIlroy's new coach?", text, smith) == ("new coach", "former coach")
    assert tense_clash("Who is James McIlroy's new coach?", text, lester) is None
    assert tense_clash("Who is James McIlroy's former coach?", text, smith) is None
    assert tense_clash("Who is James McIlroy's former manager?", text, lester) is None  # another office: not this check's
    assert tense_clash("Who is James McIlroy's coach?", text, smith) is None  # no time asked


def test_a_refusal_says_which_time_the_title_gives() -> None:
    from qa.readers.base import ReadablePassage, SpanPrediction
    from qa.refusal import refusal_reason

    text = "New coach Tony Lester has helped get McIlroy back on track."
    lester = text.index("Tony Lester")
    read = [ReadablePassage.whole_text(text, "a.txt")]
    closest = [SpanPrediction(0, lester, lester + len("Tony Lester"), 0.03)]
    assert refusal_reason("Who is McIlroy's former coach?", read, closest) == (
        "the closest candidate's title says “new coach”, not “former coach”"
    )


def test_lower_case_words_between_a_tensed_office_and_a_name_make_no_title() -> None:
    from qa.role_titles import tense_clash

    text = "The new manager praised Smith for his work."
    assert tense_clash("Who is the former manager?", text, text.index("Smith")) is None


def test_a_title_in_lower_case_right_before_a_name_is_read() -> None:
    """ "Liverpool chief executive Rick Parry": the club, then the office in lower case; a plain word still ends the title."""
    text = "Liverpool chief executive Rick Parry spoke to the museum's director Ann Lee."
    parry = title_before(text, text.index("Rick"))
    assert parry == Office("chief executive", frozenset({"liverpool"}))
    assert office_clash(asked_office("Who is Arsenal's chief executive?"), parry)
    assert not office_clash(asked_office("Who is Liverpool's chief executive?"), parry)
    assert title_before(text, text.index("Ann")) == Office("director", frozenset())  # "museum's" is no office word


def test_a_dotted_abbreviation_in_a_title_names_its_country() -> None:
    """ "U.S. Secretary of State Marco Rubio" is no Kenyan secretary of state, and is the American one."""
    text = "U.S. Secretary of State Marco Rubio on Thursday urged countries to step up."
    title = title_before(text, text.index("Marco"))
    assert office_clash(asked_office("Who is the Kenyan Secretary of State?"), title)
    for question in (
        "Who is the U.S. Secretary of State?",
        "Who is the US Secretary of State?",
        "Who is the American Secretary of State?",
    ):
        assert not office_clash(asked_office(question), title)


def test_a_status_word_between_office_and_holder_is_read_through() -> None:
    text = "US Secretary of State nominee Marco Rubio hinted that the mission would go on."
    title = title_before(text, text.index("Marco"))
    assert title is not None and title.role == "secretary" and "us" in title.qualifiers and "nominee" not in title.qualifiers
    assert office_clash(asked_office("Who is the Kenyan Secretary of State?"), title)
    assert not office_clash(asked_office("Who is the US Secretary of State?"), title)


def test_a_leader_asked_without_an_office_is_not_a_spokesman_nor_a_deputy() -> None:
    asked = asked_office("Who heads Sophos's anti-virus team?")
    assert asked is not None and asked == asked_office("Who is the head of Sophos?")
    assert office_clash(asked, Office("spokesman", frozenset({"sophos"})))
    assert office_clash(asked, Office("chief executive", frozenset({"deputy"})))
    assert not office_clash(asked, Office("chief executive", frozenset({"sophos"})))  # any leading office may answer
    assert not office_clash(asked, Office("chairman", frozenset()))
    assert asked_office("Who led the Panthers in sacks?") is None  # "led" is not read: statistics lead too


def test_a_leader_asked_reads_the_names_titles_elsewhere_in_the_article() -> None:
    from qa.role_titles import name_office_clash

    text = (
        "Graham Cluley, spokesman for anti-virus firm Sophos, said the worm spread fast. "
        '"It is nasty," said Graham Cluley from Sophos.'
    )
    at = text.rindex("Graham Cluley")
    clash = name_office_clash(asked_office("Who heads Sophos's anti-virus team?"), text, at, at + len("Graham Cluley"))
    assert clash is not None and clash.role == "spokesman"
    # A precise office asked still needs a title at the mention itself.
    assert name_office_clash(asked_office("Who is the chief executive of Sophos?"), text, at, at + len("Graham Cluley")) is None
    led = "Graham Cluley, chief executive of Sophos, said so. Graham Cluley added more."
    at = led.rindex("Graham Cluley")
    assert name_office_clash(asked_office("Who heads Sophos?"), led, at, at + len("Graham Cluley")) is None


def test_a_leader_asked_with_a_country_reads_it_from_the_body_not_from_where_it_is() -> None:
    assert asked_office("Who leads the Kenyan police in Haiti?") == Office("head", frozenset({"kenya"}))
    assert asked_office("Who is the head of the US delegation to the talks?") == Office("head", frozenset({"us"}))
    assert asked_office("Who heads Sophos's anti-virus team?") == Office("head", frozenset())


@pytest.mark.parametrize(
    ("question", "title", "clash"),
    [
        ("Who leads the Kenyan police in Haiti?", "US Secretary of State nominee Marco Rubio", True),
        ("Who leads the Kenyan police in Haiti?", "Kenyan police commander Godfrey Otunge", False),
        ("Who leads the American delegation?", "US Secretary of State Marco Rubio", False),  # one country, two words
        ("Who leads the British team?", "England coach Andy Robinson", False),  # the UK's nations are the UK's
        ("Who heads Sophos's anti-virus team?", "US Secretary of State Marco Rubio", False),  # no country asked
        ("Who leads the Kenyan police in Haiti?", "Secretary of State Marco Rubio", False),  # no country given
    ],
)
def test_a_leader_of_one_country_s_body_is_not_another_country_s_office_holder(question: str, title: str, clash: bool) -> None:
    name = title.split()[-2]
    assert office_clash(asked_office(question), title_before(title, title.index(name))) is clash


def test_a_title_is_read_across_an_honorific_before_the_name() -> None:
    from qa.role_titles import name_office_clash

    text = "Speaking alongside Haitian Prime Minister Dr. Garry Conille during a joint press briefing, Ruto spoke."
    start = text.index("Garry")
    assert title_before(text, start) == Office("prime minister", frozenset({"haitian"}))
    clash = name_office_clash(asked_office("Which Haitian president spoke alongside Ruto?"), text, start, start + 12)
    assert clash is not None and clash.role == "prime minister"
    assert name_office_clash(asked_office("Which Haitian prime minister spoke?"), text, start, start + 12) is None


def test_a_shadow_minister_is_not_the_minister() -> None:
    """The opposition's spokesman for an office does not hold it; "shadow" is read in lower case too."""
    hodge = "He had been told by Children's Minister Margaret Hodge there was not enough time."
    start = hodge.index("Margaret Hodge")
    asked = asked_office("Who is the shadow Children's Minister?")
    assert name_office_clash(asked, hodge, start, start + len("Margaret Hodge")) is not None
    assert name_office_clash(asked_office("Who is the Children's Minister?"), hodge, start, start + len("Margaret Hodge")) is None
    letwin = "He and his shadow Chancellor Oliver Letwin have been edging towards an announcement."
    start = letwin.index("Oliver Letwin")
    assert titles_before(letwin, start) == [Office("chancellor", frozenset({"shadow"}))]
    tories = asked_office("Who is the Tories' shadow Chancellor?")
    assert name_office_clash(tories, letwin, start, start + len("Oliver Letwin")) is None
    tory = "Conservative Shadow chancellor Oliver Letwin said the figures did not add up."
    start = tory.index("Oliver Letwin")
    assert name_office_clash(tories, tory, start, start + len("Oliver Letwin")) is None  # the Tories are the Conservatives


def test_two_kinds_of_one_office_clash_only_when_both_sides_name_one() -> None:
    """ "Who is Ireland's forwards coach?" is not answered by "defensive coach Mike Ford"; a club's coach may be."""
    text = (
        "That spoke volumes about Ireland's display, with defensive coach Mike Ford taking a bow, said club chairman Ken Bates."
    )
    ford = text.index("Mike")
    assert titles_before(text, ford) == [Office("coach", frozenset(), frozenset({"defensive"}))]
    assert name_office_clash(asked_office("Who is Ireland's forwards coach?"), text, ford, ford + len("Mike Ford"))
    assert not name_office_clash(asked_office("Who is Ireland's defence coach?"), text, ford, ford + len("Mike Ford"))
    assert not name_office_clash(asked_office("Who is Ireland's coach?"), text, ford, ford + len("Mike Ford"))
    bates = text.index("Ken")
    assert not name_office_clash(asked_office("Who is Chelsea's chairman?"), text, bates, bates + len("Ken Bates"))
    # a managing director is a director of another kind than a finance director
    sonaptic = "But Sonaptic's managing director David Monteith says his firm is the only one."
    monteith = sonaptic.index("David")
    end = monteith + len("David Monteith")
    assert name_office_clash(asked_office("Who is Sonaptic's finance director?"), sonaptic, monteith, end)
    assert not name_office_clash(asked_office("Who is Sonaptic's managing director?"), sonaptic, monteith, end)
    # a verb's form, a possessive or a word of time is no kind
    for title in ("sacked manager Ken Bates", "the museum's director Ken Bates", "former manager Ken Bates"):
        assert all(not office.kinds for office in titles_before(title, title.index("Ken")))


def test_the_word_after_an_office_s_of_is_its_kind() -> None:
    """ "director of products at Telewest" is no "director of marketing at Telewest"; "Secretary of State" names no kind."""
    text = "The channels may go, said Philip Snalune, director of products at Telewest."
    start = text.index("Philip")
    end = start + len("Philip Snalune")
    assert name_office_clash(asked_office("Who is the director of marketing at Telewest?"), text, start, end)
    assert not name_office_clash(asked_office("Who is the director of products at Telewest?"), text, start, end)
    assert not name_office_clash(asked_office("Who is Telewest's director?"), text, start, end)
    assert asked_office("Who is the secretary of the club?") == Office("secretary", frozenset())


def test_a_commissioner_is_an_office_and_an_acronym_names_its_body() -> None:
    """ "former Metropolitan Police Commissioner Sir John Stevens" is no deputy commissioner, and "NFL Commissioner
    Roger Goodell" is the commissioner of the National Football League."""
    text = "Their demands have been backed by former Metropolitan Police Commissioner Sir John Stevens."
    start = text.index("Sir John")
    end = start + len("Sir John Stevens")
    assert name_office_clash(asked_office("Who is the Metropolitan Police deputy commissioner?"), text, start, end)
    nfl = "In early 2012, NFL Commissioner Roger Goodell stated that the league planned a spectacular game."
    start = nfl.index("Roger")
    asked = asked_office("Who is the Commissioner of the National Football League?")
    assert not name_office_clash(asked, nfl, start, start + len("Roger Goodell"))
    assert name_office_clash(
        asked_office("Who is the Commissioner of the National Basketball Association?"), nfl, start, start + 13
    )
