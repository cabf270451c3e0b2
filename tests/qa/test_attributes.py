"""Contrasting attributes: the clash the selector caps, and the siblings the generator swaps in."""

from __future__ import annotations

import pytest

from qa.attributes import (
    CONTRASTS,
    COUNTED_CONTRASTS,
    attribute_words,
    clashing_attributes,
    opposite_by_prefix,
    ordinal_contrast,
    sibling_words,
    word_class,
)


def _clash(question: str, sentence: str) -> tuple[str, ...]:
    return clashing_attributes(attribute_words(question), attribute_words(sentence))


def test_a_sentence_that_speaks_only_of_a_sibling_clashes() -> None:
    sentence = "At least 739 Haitian police officers graduated from the academy after five months of training."
    assert _clash("How many Haitian police officers were killed?", sentence) == ("killed",)
    assert _clash("Who won the men's race?", "Jane Doe won the women's race in record time.") == ("men",)
    assert _clash("How much did exports rise?", "Imports rose 4% in March.") == ("exports",)
    india = "India consumes about 1.2 billion bottles of beer every year."
    assert _clash("How many bottles of beer does India export every year?", india) == ("exports",)  # its class, by first word
    assert _clash("How many bottles of beer does India consume every year?", india) == ()  # the twin


def test_a_sentence_that_holds_the_asked_attribute_or_none_of_its_group_does_not_clash() -> None:
    assert _clash("How many officers were killed?", "Two officers were killed and five injured.") == ()
    assert _clash("How many officers were deployed?", "About 400 officers arrived on Tuesday.") == ()  # paraphrase
    assert _clash("How many officers were injured?", "Injuries: five officers were wounded.") == ()  # synonyms
    assert _clash("Did prices rise or fall?", "Prices fell 2%.") == ()  # both asked
    # every form of the asked word counts: "murdering" tells of a murder beside "jailed"
    jailed = "Farmer Tony Martin was jailed for life for murdering 16-year-old burglar Fred Barras."
    assert _clash("Which burglar did Tony Martin murder?", jailed) == ()
    assert _clash("Which burglar did Tony Martin injure?", jailed) == ("injured",)


def test_words_match_whole_not_by_stem_and_curly_apostrophes_count() -> None:
    assert _clash("What is the most important export?", "Exports of coffee fell.") == ()  # "important" is no import
    assert attribute_words("The Women’s Cup") >= {"women's", "cup"}
    assert _clash("Who won the women’s final?", "He won the men's final.") == ("women",)


def test_siblings_come_from_the_other_classes_of_the_word_s_groups() -> None:
    siblings = sibling_words("killed")
    assert "injured" in siblings and "graduated" in siblings
    assert "died" not in siblings and "killed" not in siblings  # same class: a synonym, not a sibling
    assert sibling_words("Kenya") == ()
    assert {"died", "deaths", "killings"} <= word_class("killed")


def test_no_word_sits_in_two_classes_of_one_group() -> None:
    for group in CONTRASTS + COUNTED_CONTRASTS:
        words = [w for members in group for w in members.split()]
        assert len(words) == len(set(words)), group


def test_an_answer_that_is_itself_a_word_of_the_group_does_not_clash() -> None:
    question = attribute_words("Normally silver, what colour was used for the numbers?")
    assert clashing_attributes(question, attribute_words("numerals coloured in gold"), attribute_words("gold")) == ()
    assert clashing_attributes(question, attribute_words("numerals coloured in gold")) == ("silver",)


def test_a_counted_answer_that_names_a_sibling_clashes() -> None:
    # "302 children" names what it counts: for "how many adults" that is the swap itself
    question = attribute_words("How many adults were recruited by gangs in 2024?")
    sentence = attribute_words("At least 302 children were recruited by gangs in 2024.")
    assert clashing_attributes(question, sentence, attribute_words("302 children"), counted=True) == ("adults",)
    assert clashing_attributes(question, sentence, attribute_words("302 children")) == ()  # not counted: a named attribute
    asked_right = attribute_words("How many children were recruited by gangs in 2024?")
    assert clashing_attributes(asked_right, sentence, attribute_words("302 children"), counted=True) == ()
    both = attribute_words("The school has 40 teachers and 900 students.")
    assert clashing_attributes(attribute_words("How many teachers?"), both, attribute_words("900 students"), counted=True) == ()


def test_hyphenated_words_count_whole_and_by_their_parts() -> None:
    assert {"semi-final", "semi", "final"} <= attribute_words("the semi-final")
    assert _clash("Who did they beat in the semi-final?", "They won the quarter-final 2-1.") == ("semi-final",)
    assert _clash("How many were killed?", "Three gang-killed officers were buried.") == ()


def test_who_and_when_a_fact_is_about_clash_too() -> None:
    assert _clash("How many civilians were killed?", "Twelve soldiers were killed in the ambush.") == ("civilians",)
    assert _clash("How many passengers survived?", "All nine crew survived the landing.") == ("passengers",)
    assert _clash("How many children were treated?", "Doctors treated 40 adults at the scene.") == ("children",)
    assert _clash("What is the annual fee?", "Members pay a monthly fee of $20.") == ("annual",)
    assert _clash("When was the plant opened?", "The plant closed in 1998 after a fire.") == ("opened",)
    # "open" is left out: an adjective as often as a verb ("open to all")
    assert _clash("Is the plant open to visitors?", "The plant closed in 1998 after a fire.") == ()
    assert _clash("How many employees lost their jobs?", "The employers' group said 300 jobs would go.") == ("employees",)
    assert _clash("What happened on Tuesday morning?", "Protesters gathered on Tuesday evening.") == ("morning",)
    # a sentence that holds the asked word as well as a sibling is no swap
    assert _clash("How many civilians were killed?", "Twelve soldiers and three civilians were killed.") == ()
    assert _clash("How much did sales increase?", "Sales rose 4% on the year.") == ()  # one class


def test_who_made_it_and_which_side_are_siblings() -> None:
    """A developer is not the publisher, a producer not the director, a left forearm not the right one."""
    assert _clash("Which company was named top developer?", "Electronic Arts was named top publisher of the year.") == (
        "developer",
    )
    assert _clash("What film is Joel Silver directing?", "The film is produced by Joel Silver, producer of the Matrix.") == (
        "director",
    )
    assert _clash("Which bone did he break in his left forearm?", "He broke the radius in his right forearm.") == ("left",)
    assert _clash("Which bone did he break in his left forearm?", "He broke the radius in his left forearm.") == ()


def test_spending_is_not_saving_and_losses_are_not_wins() -> None:
    savings = "Mr Raynsford also plans to make savings of £100m by changing pension schemes."
    assert _clash("How much does he plan to spend on pension schemes?", savings) == ("spend",)
    assert _clash("How much does he plan to save on pension schemes?", savings) == ()
    wins = "Italy have only recorded three wins since they joined the Six Nations in 2000."
    assert _clash("How many losses have Italy recorded?", wins) == ("defeats",)
    assert _clash("How many wins have Italy recorded?", wins) == ()


def test_best_is_not_worst_and_an_arrest_is_not_a_conviction() -> None:
    worst = "Surf show Baywatch has won the title of worst TV import of all time."
    assert _clash("Which show won the title of best TV import?", worst) == ("best",)
    arrested = "Nick Griffin was arrested on suspicion of incitement to commit racial hatred."
    assert _clash("Of what was Nick Griffin convicted?", arrested) == ("convicted",)
    assert _clash("On suspicion of what was Nick Griffin arrested?", arrested) == ()


def test_another_rank_of_the_asked_noun_clashes_and_a_loose_first_does_not() -> None:
    twelfth = "Mr Griffin is the twelfth man to be arrested following the documentary."
    assert ordinal_contrast("Who is the thirteenth man to be arrested?", twelfth) == ("thirteenth man", "twelfth man")
    assert ordinal_contrast("Who is the 13th man to be arrested?", twelfth) == ("13th man", "twelfth man")
    opening = "Ocean's Eleven took $38.1m on its opening weekend and $184m in total."
    assert ordinal_contrast("How much did it take in its second weekend?", opening) == ("second weekend", "opening weekend")
    assert ordinal_contrast("How much did it take on its first weekend?", opening) is None
    assert ordinal_contrast("Who is the twelfth man to be arrested?", twelfth) is None
    assert ordinal_contrast("Who is the 12th man to be arrested?", twelfth) is None
    second = "It was the Panthers' second Super Bowl appearance."
    assert ordinal_contrast("What was the first Super Bowl the Panthers played in?", second) is None  # reckoned loosely
    assert ordinal_contrast("Who was the third man to be arrested?", "He was the third suspect, the twelfth man held.") is None


def test_a_cut_is_no_increase() -> None:
    cuts = "The U.S. government is reportedly considering cuts to the funding that supports the operation."
    assert _clash("What is the U.S. government reportedly considering increasing?", cuts) == ("rose",)
    assert _clash("What is the U.S. government reportedly considering cutting?", cuts) == ()


def _contrasts_by_every_group(
    question: frozenset[str], text: frozenset[str], answer: frozenset[str], counted: bool
) -> list[tuple[int, int, int]]:
    """The clash rule read straight off ``CONTRASTS``, group by group: the reference the indexed lookup must match."""
    out = []
    for g, group in enumerate(CONTRASTS + COUNTED_CONTRASTS):
        if g >= len(CONTRASTS) and not counted:
            continue
        classes = [frozenset(words.split()) for words in group]
        asked = [i for i, members in enumerate(classes) if members & question]
        if len(asked) != 1:
            continue
        in_answer = [i for i, members in enumerate(classes) if members & answer]
        if in_answer and (not counted or asked[0] in in_answer):
            continue
        held = [i for i, members in enumerate(classes) if members & text]
        if held and asked[0] not in held:
            out.append((g, asked[0], held[0]))
    return out


def test_the_indexed_lookup_finds_what_reading_every_group_finds() -> None:
    import random

    from qa.attributes import _contrasts

    vocabulary = sorted({word for group in CONTRASTS + COUNTED_CONTRASTS for words in group for word in words.split()}) + [
        "police",
        "the",
        "said",
    ]
    rng = random.Random(11)
    clashes = 0
    for _ in range(3000):
        question = frozenset(rng.sample(vocabulary, rng.randint(1, 4)))
        text = frozenset(rng.sample(vocabulary, rng.randint(0, 12)))
        answer = frozenset(rng.sample(vocabulary, rng.randint(0, 2)))
        counted = rng.random() < 0.5
        expected = _contrasts_by_every_group(question, text, answer, counted)
        assert _contrasts(question, text, answer, counted) == expected
        clashes += bool(expected)
    assert clashes > 100  # the mixes exercise the rule, not only its silence


def test_up_or_down_before_a_figure_is_a_change_and_a_phrasal_up_is_not() -> None:
    spending = attribute_words("Consumer spending was up by 1.2% in the fourth quarter.")
    assert "up-by" in spending
    assert clashing_attributes(attribute_words("By how much did consumer spending fall?"), spending) == ("fell",)
    assert clashing_attributes(attribute_words("By how much did consumer spending rise?"), spending) == ()
    assert "down-by" in attribute_words("Shares were down 3% at the close.")
    assert not {"up-by", "down-by"} & attribute_words("Women made up 19% of the student body; they set up 3 firms.")


def test_went_up_is_a_rise_and_up_against_or_in_flames_is_not() -> None:
    """ "Rates went up five times" answers no question about rate cuts."""
    rates = attribute_words("Rates went up five times from November 2003 but have not gone up since.")
    assert {"went-up", "gone-up"} <= rates
    assert clashing_attributes(attribute_words("How many times were interest rates cut?"), rates) == ("fell",)
    assert clashing_attributes(attribute_words("How many times did interest rates go up?"), rates) == ()
    assert "went-up" in attribute_words("Prices went up.")
    # "went up" at the end of a list of words cut short may have lost its "against"
    for text in ("The warehouse went up in flames.", "Chelsea went up against Arsenal.", "She went up the stairs.", "went up"):
        assert not {"went-up"} & attribute_words(text), text


def test_retiring_is_not_dying() -> None:
    died = attribute_words("Veteran comedian Cyril Fletcher has died aged 91 at his home in Guernsey.")
    assert clashing_attributes(attribute_words("How old was Cyril Fletcher when he retired?"), died) == ("retired",)
    assert clashing_attributes(attribute_words("How old was Cyril Fletcher when he died?"), died) == ()


def test_a_change_told_with_up_is_quoted_as_up() -> None:
    from qa.attributes import contrasted_attributes

    spending = attribute_words("Consumer spending was up by 1.2% in the fourth quarter.")
    assert contrasted_attributes(attribute_words("By how much did consumer spending fall?"), spending) == (("fall", "up"),)


def test_a_fortune_is_no_sum_raised() -> None:
    sentence = "Producer Judy Craymer is the highest new entry in the music rich list, with a £67m fortune."
    assert _clash("How much did Judy Craymer raise by remortgaging her home?", sentence) == ("raised",)
    assert _clash("How much is Judy Craymer worth?", sentence) == ()
    assert _clash("How much did the appeal raise?", "The appeal raised £2m, a fortune for the charity.") == ()


def test_inflation_is_not_unemployment_and_backers_are_not_critics() -> None:
    sentence = "The unemployment rate is set to slip below 13% by the end of the year, down from 20% in May 2002."
    assert _clash("What was the inflation rate in May 2002?", sentence) == ("inflation",)
    assert _clash("What was the jobless rate in May 2002?", sentence) == ()
    backers = "Other proponents of the bill said it was a good compromise."
    assert _clash("What did opponents of the bill call it?", backers) == ("opponents",)
    assert _clash("What did supporters of the bill call it?", backers) == ()


def test_a_verb_said_only_with_dis_is_its_opposite() -> None:
    sentence = "Robinson lambasted the referee for disallowing tries from Mark Cueto and Josh Lewsey."
    assert opposite_by_prefix("Whose tries did the referee allow?", sentence) == ("allow", "disallowing")
    assert opposite_by_prefix("Whose tries did the referee disallow?", sentence) is None
    assert opposite_by_prefix("Whose tries did the referee not allow?", sentence) is None  # the question negates
    assert opposite_by_prefix("Who allowed the tries?", "They allowed one try and disallowed two.") is None
    assert opposite_by_prefix("Who played the guitar?", "He displayed the guitar.") is None  # no opposite


def test_converse_verbs_clash_only_for_a_counted_answer() -> None:
    """ "Who won?" is answered by "Y lost to X", but a count belongs to one side of the event."""
    sentence = attribute_words("Reardon won the world title six times in the 1970s.")
    lose = attribute_words("How many times did Reardon lose the final?")
    assert clashing_attributes(lose, sentence, attribute_words("six"), counted=True) == ("lost",)
    assert clashing_attributes(lose, sentence, attribute_words("six")) == ()  # not counted: a converse may answer
    who = attribute_words("Who did Reardon lose to?")
    assert clashing_attributes(who, attribute_words("Higgins won the final against Reardon.")) == ()
    win = attribute_words("How many times did Reardon win the title?")
    assert clashing_attributes(win, sentence, attribute_words("six"), counted=True) == ()
    bought = attribute_words("Glazer bought a 28.1% stake in the club.")
    sell = attribute_words("What stake did Glazer sell?")
    assert clashing_attributes(sell, bought, attribute_words("28.1%"), counted=True) == ("sold",)


def test_the_generator_swaps_no_converse_verb() -> None:
    # A converse is no near miss for a question whose answer is a name: the generator never swaps one in.
    assert sibling_words("won") == () and sibling_words("sold") == ()
    assert word_class("won") == frozenset()


def test_a_count_told_for_the_other_side_is_refused_with_both_words() -> None:
    from tests.helpers import clash_and_reason

    sentence = "Ray Reardon won the world championship six times."
    clash, reason = clash_and_reason("How many times did Ray Reardon lose the world championship final?", sentence, "six")
    assert clash is not None and clash.contrast == ("lose", "won")
    assert reason == "the closest candidate's text speaks of “won”, not “lose”"
    assert clash_and_reason("How many times did Ray Reardon win the world championship?", sentence, "six") == (None, None)


def test_a_rank_told_as_number_two_or_no_2_is_a_rank() -> None:
    lenovo = "IBM sold its PC hardware division to China's number one computer maker Lenovo."
    found = ordinal_contrast("Which company is China's number two computer maker?", lenovo)
    assert found == ("number two computer", "number one computer")
    assert ordinal_contrast("Which company is China's number one computer maker?", lenovo) is None  # the twin
    assert ordinal_contrast("Which firm is the No 2 chip maker?", "Samsung, the No. 3 chip maker, said.") == (
        "No 2 chip",
        "No. 3 chip",
    )
    assert ordinal_contrast("Which firm is the second chip maker?", "Samsung, the number two chip maker.") is None
    assert ordinal_contrast("How many people live at No 10 Downing Street?", "No 11 Downing Street is next door.") is None
    assert ordinal_contrast("What is the number of computer makers?", lenovo) is None


def test_spring_is_a_season() -> None:
    autumn = "The party signed a two year deal for Brighton to host the autumn conference."
    assert _clash("How long is the deal to host the spring conference?", autumn) == ("spring",)
    assert _clash("How long is the deal to host the autumn conference?", autumn) == ()


def test_a_questions_bare_up_or_down_before_its_figure_is_a_move() -> None:
    from qa.attributes import question_attribute_words

    down = attribute_words("Christmas takings were down 26.5% on 2003's figures.")
    up = question_attribute_words("By how much were Christmas takings up on 2003's figures?")
    assert "up-by" in up and clashing_attributes(up, down) == ("rose",)
    asked_down = question_attribute_words("By how much were Christmas takings down on 2003's figures?")
    assert clashing_attributes(asked_down, down) == ()
    for question in ("How many planes were shot down?", "How many firms were set up?", "Who was up early?"):
        assert not question_attribute_words(question) & {"up-by", "down-by"}, question  # a particle, or no figure asked


def test_another_currency_is_a_sibling_and_a_sign_counts_as_its_word() -> None:
    dollars = "Fidel Castro decided to ban all cash transactions in US dollars in Cuba."
    assert _clash("Who announced a ban on all cash transactions in euros in Cuba?", dollars) == ("euro",)
    assert _clash("Who announced a ban on all cash transactions in dollars in Cuba?", dollars) == ()
    takings = "It took $42.8m (£23.7m) at the weekend."
    assert _clash("How much did it take in pounds?", takings) == ()  # "£" is the pound's sign
    assert _clash("How much did it take in euros?", takings) == ("euro",)
    assert _clash("How many yuan did the plant cost?", "The plant cost ¥5bn.") == ()  # "¥" is the yuan's sign too


def test_accept_and_support_have_opposites_but_a_denied_word_is_not_held() -> None:
    from qa.attributes import held_attribute_words, question_attribute_words

    def clash(question: str, sentence: str) -> tuple[str, ...]:
        return clashing_attributes(question_attribute_words(question), held_attribute_words(sentence))

    rejected = "Glazer's previous bids were rejected by the board because of the debt they would incur."
    assert clash("Why did the board accept Glazer's previous bids?", rejected) == ("approved",)
    assert clash("Why did the board reject Glazer's previous bids?", rejected) == ()  # the twin
    oppose = "The Lib Dems have pledged to oppose the bill when it is debated next Monday."
    assert clash("Which party has pledged to support the bill?", oppose) == ("support",)
    # "refused to accept" holds no acceptance, and a question that denies a word does not ask for it
    refused = "The board refused to accept the bid and rejected it."
    assert clash("Why did the board reject the bid?", refused) == ()
    assert clash("What did the Jews refuse to accept?", "The Jews rejected the divinity of Jesus.") == ()
    assert "killed" in held_attribute_words("He was not only killed but robbed.")  # "not only" denies nothing
    assert "killed" not in held_attribute_words("She was not killed; he was never killed.")


def test_kept_and_lost_or_taught_and_learnt_clash_for_a_counted_answer_only() -> None:
    lost = "When WorldCom collapsed, 20,000 workers lost their jobs."
    asked = attribute_words("How many workers kept their jobs after WorldCom's collapse?")
    assert clashing_attributes(asked, attribute_words(lost), attribute_words("20,000"), counted=True) == ("kept",)
    assert clashing_attributes(asked, attribute_words(lost)) == ()  # a name answering "Who kept ...?" may be told so
    learnt = attribute_words("She spent three weeks learning Hindi.")
    taught = attribute_words("How many weeks did she spend teaching Hindi?")
    assert clashing_attributes(taught, learnt, attribute_words("three weeks"), counted=True) == ("taught",)


def test_first_and_last_before_one_common_noun_are_the_two_ends_of_an_order() -> None:
    from qa.attributes import end_contrast

    last = "Model Sophie Anderton was the last person to be voted off the ITV1 show."
    assert end_contrast("Who was the first person to be voted off the show?", last) == ("first person", "last person")
    assert end_contrast("Who was the last person to be voted off the show?", last) is None  # the twin
    assert end_contrast("Who won the first race last season?", "She won the race last season.") is None
    assert end_contrast("Who won his first title?", "He won his last title, and his first, in Paris.") is None
    assert end_contrast("What was the last Super Bowl in California?", "The first Super Bowl was in 1967.") is None


def test_a_count_of_what_happened_to_people_from_an_article_that_never_tells_it_is_refused() -> None:
    from qa.attributes import question_attribute_words, unstated_event
    from tests.helpers import clash_and_reason

    article = "The number of Kenyan police officers in Haiti under the mission is 800. They arrived in June 2024."
    asked = "How many Kenyan officers have been injured in Haiti under the mission?"
    assert unstated_event(question_attribute_words(asked), article) == "injured"
    clash, reason = clash_and_reason(asked, article, "800")
    assert clash is not None and clash.unstated == "injured"
    assert reason == "the closest candidate's article never says “injured”"
    assert clash_and_reason("How many Kenyan officers are in Haiti under the mission?", article, "800") == (None, None)
    # Told in another word of the class, or asked about two classes, or asked for no count: not read.
    assert unstated_event(question_attribute_words(asked), article + " Two were wounded.") is None
    assert unstated_event(question_attribute_words("How many were killed or injured?"), article) is None
    assert clash_and_reason("When were officers injured in Haiti under the mission?", article, "June 2024") == (None, None)


def test_a_currency_inside_a_name_is_no_currency_asked() -> None:
    from qa.attributes import held_attribute_words, question_attribute_words

    sentence = held_attribute_words("The boxing drama has made £4.4m to date.")
    baby = question_attribute_words("How much has Million Dollar Baby made at the UK box office to date?")
    assert clashing_attributes(baby, sentence) == ()
    euros = question_attribute_words("How much has Million Dollar Baby made in euros?")
    assert clashing_attributes(euros, sentence) == ("euro",)


def test_a_word_the_sentence_has_only_in_its_negative_form_is_a_false_premise() -> None:
    from qa.attributes import opposite_by_negative_prefix

    sentence = "Nearly half of the population faces food insecurity, and 600,000 people remain displaced."
    assert opposite_by_negative_prefix("What share of the population faces food security?", sentence) == (
        "security",
        "insecurity",
    )
    assert opposite_by_negative_prefix("What share of the population faces food insecurity?", sentence) is None  # twin
    assert opposite_by_negative_prefix("What share does not face food security?", sentence) is None  # negated
    assert opposite_by_negative_prefix("Is food security or insecurity the problem?", sentence) is None  # a choice
    # one way only: a question in the negative may be answered where the text tells it otherwise
    assert (
        opposite_by_negative_prefix("Whose pass was ruled incomplete?", "Newton's pass was complete, the referee said.") is None
    )
    both = "Security and insecurity were both discussed."
    assert opposite_by_negative_prefix("What share faces food security?", both) is None


def test_any_long_word_reads_its_un_form_outside_the_answer_and_after_no_degree() -> None:
    from qa.attributes import opposite_by_negative_prefix

    patch = "An attacker could use it to take control of unprotected machines through .png files."
    assert opposite_by_negative_prefix("Through which files could an attacker take control of protected machines?", patch) == (
        "protected",
        "unprotected",
    )
    assert opposite_by_negative_prefix("Through which files could an attacker take unprotected machines?", patch) is None
    assert opposite_by_negative_prefix("What is the rest of the plan?", "The unrest grew.") is None  # a short base: no opposite
    assert opposite_by_negative_prefix("Who is less economically equal?", "Unequal states fared worse.") is None  # a degree
    views = "His statements left his religious views uncertain."
    start = views.index("uncertain")
    answer = (start, start + len("uncertain"))
    assert opposite_by_negative_prefix("Because of certain statements, what were his views?", views, answer) is None
    assert opposite_by_negative_prefix("Because of certain statements, what were his views?", views) == ("certain", "uncertain")


def test_the_negative_form_caps_the_candidate_and_the_refusal_quotes_both() -> None:
    from tests.helpers import clash_and_reason

    text = "Nearly half of the population faces food insecurity, the prime minister said."
    clash, reason = clash_and_reason("What share of the population faces food security?", text, "Nearly half")
    assert clash is not None and clash.contrast == ("security", "insecurity")
    assert reason == "the closest candidate's text speaks of “insecurity”, not “security”"


def test_establishing_a_force_is_no_dismantling_of_it() -> None:
    phase = "He said Washington is preparing to move into a new phase focused on establishing a gang suppression force."
    assert _clash("What is Washington preparing to dismantle in Haiti?", phase) == ("dismantled",)  # the class, by its first word
    assert _clash("What is Washington preparing to establish in Haiti?", phase) == ()


def test_turning_down_an_award_is_no_receiving_it() -> None:
    honour = "Soul singer Stevie Wonder will receive the magazine's Century Award at the ceremony."
    assert _clash("Which soul singer turned down the Century Award?", honour) == ("rejected",)
    assert _clash("Which soul singer will receive the Century Award?", honour) == ()
    assert "turned-down" not in attribute_words("He turned down the road to the stadium.")  # a way, not an offer


@pytest.mark.parametrize(
    ("question", "sentence", "asked"),
    [
        ("At what level did the index open?", "In London, the FTSE 100 index closed 15 points higher at 4,751.", "opened"),
        ("At what level will the index open?", "The FTSE 100 index closed at 4,751.", "opened"),
        ("When did the Kenyan team leave Haiti?", "The Kenyan team arrived in Haiti in June 2024.", "left"),
        ("What annual revenue did the firm claim?", "The firm claimed it had assets of less than $10m.", "revenue"),
    ],
)
def test_the_other_side_of_a_market_day_a_journey_or_a_balance_sheet_clashes(question: str, sentence: str, asked: str) -> None:
    from qa.attributes import question_attribute_words

    def clash(asked_question: str) -> tuple[str, ...]:
        return clashing_attributes(question_attribute_words(asked_question), attribute_words(sentence))

    assert clash(question) == (asked,)
    twin = question.replace("open", "close").replace("leave", "arrive in").replace("revenue", "assets")
    assert clash(twin) == ()


def test_each_negative_form_drops_exactly_one_prefix() -> None:
    from qa.attributes import NEGATIVE_FORMS

    assert NEGATIVE_FORMS["uninsured"] == "insured"  # not "sured"
    for negative, plain in NEGATIVE_FORMS.items():
        assert negative.endswith(plain) and negative[: -len(plain)] in ("non-", "un", "in", "im")


def test_withdrawing_is_no_arriving_and_jailed_is_no_convicted() -> None:
    from qa.attributes import question_attribute_words

    arrived = "The Kenyan team arrived in Haiti in June 2024 to help contain the gangs."
    assert clashing_attributes(question_attribute_words("When did the team withdraw from Haiti?"), attribute_words(arrived))
    convicted = "Records found 11 people had been prosecuted after attacking intruders, five of whom were convicted."
    assert _clash("Of the 11 people prosecuted, how many were jailed?", convicted) == ("sentenced",)
    assert _clash("Of the 11 people prosecuted, how many were convicted?", convicted) == ()


def test_a_count_of_those_who_finished_a_course_is_none_of_those_who_failed_or_joined_it() -> None:
    from qa.attributes import question_attribute_words

    sentence = "The police are upbeat following the graduation of 739 officers from a college after five months' training."
    words = attribute_words(sentence)
    for asked in ("How many officers failed the training?", "How many officers dropped out of the college?"):
        assert clashing_attributes(question_attribute_words(asked), words, attribute_words("739"), counted=True)
    assert not clashing_attributes(question_attribute_words("How many officers graduated?"), words, (), counted=True)
    # counted answers only: "graduated to joining" is a figure of speech
    failed = "Many members who failed at politics turned to violence."
    assert not clashing_attributes(question_attribute_words("What have many members graduated to?"), attribute_words(failed))


def test_recapturing_inmates_is_no_freeing_them_and_infecting_is_no_raping() -> None:
    from qa.attributes import question_attribute_words, unstated_event

    freed = "In March 2024, armed gangs stormed Haiti's two biggest prisons, freeing around 3,700 inmates."
    assert unstated_event(question_attribute_words("How many inmates were recaptured?"), freed) == "recaptured"
    assert unstated_event(question_attribute_words("How many inmates were freed?"), freed) is None
    arrested = "Police said 40 of the inmates had since been arrested."
    assert _clash("How many inmates were killed?", arrested) == ("killed",)
    assert unstated_event(question_attribute_words("How many inmates were recaptured?"), freed + " " + arrested) is None
    raped = "An estimated 25,000 girls and women were raped during the 1994 genocide."
    assert _clash("How many women were infected with HIV during the genocide?", raped) == ("infected",)
    assert _clash("How many women were raped during the genocide?", raped) == ()


def test_joining_is_no_leaving_for_a_figure_only() -> None:
    from qa.attributes import question_attribute_words

    joined = attribute_words("I joined Island Records in 1977 and worked on his show.")
    asked = question_attribute_words("In what year did Rob Partridge leave Island Records?")
    assert clashing_attributes(asked, joined, attribute_words("1977"), counted=True)
    assert not clashing_attributes(question_attribute_words("In what year did he join Island Records?"), joined, (), counted=True)
    # "Where did Golovin work prior to joining the panel?" is answered by the place he left
    left = attribute_words("Golovin left NASA to join the Space Vehicle Panel.")
    assert not clashing_attributes(question_attribute_words("Where did Golovin work prior to joining the panel?"), left)


def test_praise_is_no_criticism_and_welcoming_is_no_opposing() -> None:
    criticised = "The Archbishop of Canterbury Rowan Williams has criticised the government over its case for war."
    assert _clash("Who has praised the government over its case for war?", criticised) == ("praised",)
    assert _clash("Who has criticised the government over its case for war?", criticised) == ()
    welcomed = "Scottish Tory leader David McLetchie welcomed the smoking ban but said the public should be consulted."
    assert _clash("Which party leader opposed the smoking ban?", welcomed) == ("oppose",)


def test_the_doer_of_the_converse_verb_to_the_same_thing_is_no_doer_of_the_asked_one() -> None:
    """ "Which comedy kept its primetime slot?" of "Coupling ... lost its primetime slot": one event, the other side."""
    from qa.attributes import converse_doer

    def check(question: str, sentence: str, candidate: str) -> tuple[str, str] | None:
        start = sentence.index(candidate)
        return converse_doer(question, sentence, (start, start + len(candidate)))

    coupling = "BBC comedy Coupling was remade with a US cast, but lost its primetime slot on the NBC network."
    assert check("Which BBC comedy kept its primetime slot on NBC?", coupling, "Coupling") == ("kept", "lost")
    assert check("Which BBC comedy lost its primetime slot on NBC?", coupling, "Coupling") is None  # the twin
    final = "Chelsea lost the final to Arsenal."
    assert check("Who won the final?", final, "Chelsea") == ("won", "lost")
    assert check("Who won the final?", final, "Arsenal") is None  # the winner stands after the loser's verb
    assert check("Who won the league?", final, "Chelsea") is None  # another thing lost
    assert check("Who won the final?", "Chelsea won the final after Leeds lost the final.", "Leeds") is None  # both sides
    assert check("Who did not win the final?", final, "Chelsea") is None  # a question that negates asserts nothing


def test_the_question_s_named_doer_doing_the_converse_to_the_same_thing_clashes() -> None:
    """ "What did Stan Lee lose a court battle over?" of "Stan Lee ... has won a court battle for ...": the other side."""
    from qa.attributes import converse_of_named_doer
    from tests.helpers import clash_and_reason

    sentence = "Stan Lee, the man behind many comic heroes, has won a court battle for a slice of the Spider-Man profits."

    def check(question: str, candidate: str, text: str = sentence) -> tuple[str, str] | None:
        start = text.index(candidate)
        return converse_of_named_doer(question, text, (start, start + len(candidate)))

    assert check("What did Stan Lee lose a court battle over?", "a slice of the Spider-Man profits") == ("lose", "won")
    assert check("What did Stan Lee win a court battle for?", "a slice of the Spider-Man profits") is None  # the twin
    assert check("What did Stan Lee lose a libel case over?", "a slice of the Spider-Man profits") is None  # another thing
    assert check("What did Marvel lose a court battle over?", "a slice of the Spider-Man profits") is None  # not the doer
    assert check("What did Stan Lee not lose a court battle over?", "a slice of the Spider-Man profits") is None
    clash, reason = clash_and_reason("What did Stan Lee lose a court battle over?", sentence, "a slice of the Spider-Man profits")
    assert clash is not None and reason == "the closest candidate's text speaks of “won”, not “lose”"


def test_an_extreme_its_article_never_tells_while_it_tells_the_other_end_is_refused() -> None:
    from qa.attributes import question_attribute_words, unstated_extreme
    from tests.helpers import clash_and_reason

    article = (
        "Nike has reported its best second-quarter earnings. Demand for its shoes was strong. "
        "Converse sneakers sold well. Its results reached all-time high levels "
        "as a result of solid performance across our global portfolio."
    )
    asked = "What caused Nike's worst second-quarter earnings?"
    assert unstated_extreme(question_attribute_words(asked), article) == "worst"
    clash, reason = clash_and_reason(asked, article, "solid performance across our global portfolio")
    assert clash is not None and clash.unstated == "worst"
    assert reason == "the closest candidate's article never says “worst”"
    twin = "What caused Nike's best second-quarter earnings?"
    assert clash_and_reason(twin, article, "solid performance across our global portfolio") == (None, None)
    # The asked end told too, no end told at all, or both ends asked: not read.
    assert unstated_extreme(question_attribute_words(asked), article + " It was not its worst year.") is None
    assert unstated_extreme(question_attribute_words(asked), "Its results reached all-time high levels.") is None
    assert unstated_extreme(question_attribute_words("Was it the best or the worst quarter?"), article) is None


def test_a_high_is_no_low_and_forming_a_body_is_no_disbanding() -> None:
    high = "The copper price reached a 16-year high in October 2004."
    assert _clash("In which month did the copper price sink to a 16-year low?", high) == ("low",)
    assert _clash("In which month did the copper price climb to a 16-year high?", high) == ()
    formed = "All the key players formed a HD forum in 2004 to make sure they were all talking to each other."
    assert _clash("In what year was the HD forum disbanded?", formed) == ("dismantled",)  # the class's first word
    assert _clash("In what year was the HD forum formed?", formed) == ()


def test_a_price_is_no_sum_earned() -> None:
    sentence = "Cochilco expects a slight reduction on copper prices and forecasts export earnings will fall 10.7%."
    assert _clash("By what percentage will copper prices fall?", sentence[sentence.index("forecasts") :]) == ("price",)
    assert _clash("By what percentage will export earnings fall?", sentence) == ()
