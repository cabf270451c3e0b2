"""False premise by reversed roles: the question's doer stands on the receiving end of the shared verb."""

from __future__ import annotations

import pytest

from qa.role_reversal import Reversal, reversed_roles

HOSTING = "Rubio made the appeal while hosting Kenyan President William Ruto at the State Department for a signing ceremony."


def check(question: str, sentence: str, candidate: str) -> Reversal | None:
    start = sentence.index(candidate)
    return reversed_roles(question, sentence, (start, start + len(candidate)))


@pytest.mark.parametrize(
    ("question", "candidate", "name"),
    [
        ("Who did William Ruto host at the State Department?", "Rubio", "William Ruto"),  # the guest asked as host
        ("Who did Ruto host at the State Department?", "the State Department", "Ruto"),
        ("Who hosted Marco Rubio at the State Department?", "William Ruto", "Marco Rubio"),  # the host asked as guest
    ],
)
def test_a_reversed_question_is_caught(question: str, candidate: str, name: str) -> None:
    found = check(question, HOSTING, candidate)
    assert found is not None and found.name == name


@pytest.mark.parametrize(
    ("question", "candidate"),
    [
        ("Who did Marco Rubio host at the State Department?", "William Ruto"),  # the twin
        ("Who hosted William Ruto at the State Department?", "Rubio"),
        ("Where did Rubio host William Ruto?", "the State Department"),
    ],
)
def test_the_answerable_twin_is_not(question: str, candidate: str) -> None:
    assert check(question, HOSTING, candidate) is None


def test_two_names_trading_places_around_the_verb_are_caught() -> None:
    sentence = "Denver defeated Carolina 24-10 in Santa Clara."
    found = reversed_roles("When did Carolina defeat Denver?", sentence)
    assert found == Reversal("Carolina", "defeat")
    assert reversed_roles("When did Denver defeat Carolina?", sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Rubio, hosting at the State Department, met William Ruto.",  # a phrase break before the name
        "In 1891 he patented the Tesla coil.",  # a name that modifies a noun is no object
    ],
)
def test_the_rule_stays_silent_where_the_sides_are_unclear(sentence: str) -> None:
    assert reversed_roles("Who did William Ruto host?", sentence) is None
    assert reversed_roles("What did Tesla patent in 1891?", sentence) is None


def test_a_name_after_did_the_is_the_questions_doer() -> None:
    """ "Which team did the Americans shock?" asks for the Americans' object, as "did Ruto host" asks for Ruto's."""
    sentence = "Campbell was part of the British quartet who shocked the Americans to win relay gold in Athens."
    found = check("Which team did the Americans shock to win relay gold?", sentence, "British quartet")
    assert found == Reversal("Americans", "shock")
    assert check("Which team did the British quartet shock to win relay gold?", sentence, "Americans") is None  # the twin


def test_a_candidate_that_is_the_name_itself_is_left_to_the_repeat_check() -> None:
    assert check("Who did William Ruto host at the State Department?", HOSTING, "William Ruto") is None


def test_a_candidate_running_on_from_the_name_is_read() -> None:
    """ "Fiat 1.55bn euros" for "How much is Fiat paying GM?": the span holds the name and more, so it is no repeat."""
    sentence = "General Motors is to pay Fiat 1.55bn euros to get out of a deal."
    assert check("How much is Fiat paying GM?", sentence, "Fiat 1.55bn euros") == Reversal("Fiat", "paying")
    assert check("How much is Fiat paying GM?", sentence, "Fiat") is None


def test_an_infinitive_after_is_and_a_progressive_question_are_active() -> None:
    """ "is to pay Fiat" has Fiat on the receiving end, as "will pay Fiat" has; "How much is Fiat paying?" asks Fiat's."""
    sentence = "General Motors is to pay Fiat 1.55bn euros to get out of a deal."
    assert reversed_roles("How much did Fiat pay?", sentence) == Reversal("Fiat", "pay")
    assert reversed_roles("How much is Fiat paying GM to get out of the deal?", sentence) == Reversal("Fiat", "paying")
    assert reversed_roles("How much is General Motors paying Fiat?", sentence) is None  # the twin
    assert reversed_roles("Who was Fiat paid by?", "General Motors was paid by Fiat.") is None  # a passive question


def test_a_passive_sentence_is_read_the_other_way_round() -> None:
    passive = "He was then ordered by William Pitt, the Secretary of State, to attack Louisbourg first."
    assert reversed_roles("Who ordered William Pitt to attack Louisbourg?", passive) == Reversal("William Pitt", "ordered")
    hosted = "Kenyan President William Ruto was hosted by Rubio at the State Department."
    assert reversed_roles("Who did William Ruto host at the State Department?", hosted) == Reversal("William Ruto", "host")
    assert reversed_roles("Who hosted William Ruto at the State Department?", hosted) is None  # the twin


def test_the_questions_object_as_the_sentences_doer_is_caught_whatever_the_candidate() -> None:
    sentence = "James Wolfe defeated Montcalm at Quebec in 1759."
    assert reversed_roles("Who defeated James Wolfe at Quebec?", sentence) == Reversal("James Wolfe", "defeated")
    assert reversed_roles("Who defeated Montcalm at Quebec?", sentence) is None


def test_a_possessive_is_no_doer() -> None:
    sentence = "Von Miller knocked the ball out of Newton's hands while sacking him."
    assert reversed_roles("Who sacked Newton a few plays later?", sentence) is None


def test_a_possessive_in_the_question_is_no_object() -> None:
    # "Who captains England's side?" asks for the side's captain; England is its owner, not the one captained
    sentence = "England rugby union captain Jason Robinson has targeted dual code success over Australia."
    assert reversed_roles("Who captains England's rugby union side against Australia?", sentence) is None
    assert reversed_roles("Who defeated James Wolfe's army?", "James Wolfe defeated Montcalm at Quebec.") is None


def test_an_irregular_past_meets_the_questions_base_form() -> None:
    sentence = "Prime Minister Garry Conille met Ruto in Nairobi on Friday."
    assert reversed_roles("Whom did Ruto meet in Nairobi?", sentence) == Reversal("Ruto", "meet")
    assert reversed_roles("Whom did Garry Conille meet in Nairobi?", sentence) is None


def test_which_noun_verbed_asks_for_a_doer_and_a_passive_agent_may_stand_a_few_words_on() -> None:
    humbled = "Last year Bafana Bafana were humbled in the first round by minnows Mauritius, who beat them 2-0."
    found = check("Which team humbled Mauritius last year?", humbled, "Bafana Bafana")
    assert found == Reversal("Mauritius", "humbled")
    assert check("Which team did Mauritius humble last year?", humbled, "Bafana Bafana") is None  # the twin
    assert check("Who humbled Mauritius last year?", humbled, "Bafana Bafana") == Reversal("Mauritius", "humbled")
    assert check("Which side beat Carolina?", "Denver beat Carolina 24-10 in the final.", "Denver") is None
    assert check("Which side beat Denver?", "Denver beat Carolina 24-10 in the final.", "Carolina") == Reversal("Denver", "beat")


def test_a_which_question_whose_next_word_is_no_past_form_or_a_far_by_is_not_read() -> None:
    humbled = "Last year Bafana Bafana were humbled in the first round by minnows Mauritius."
    assert check("Which team members humbled Mauritius?", humbled, "Bafana Bafana") is not None  # two nouns
    assert check("Which national team members humbled Mauritius?", humbled, "Bafana Bafana") is None  # three: not read
    assert check("Which team play Mauritius?", humbled, "Bafana Bafana") is None  # "play" is no past form
    far = "Bafana Bafana were humbled in the first round of the Cosafa Cup last year by Mauritius."
    assert check("Which team humbled Mauritius?", far, "Bafana Bafana") is None  # "by" too far on
    named = "Bafana Bafana were humbled in Curepipe by Mauritius."
    assert check("Which team humbled Mauritius?", named, "Bafana Bafana") is None  # a name between verb and "by"


def test_a_candidate_that_is_the_sentences_agent_answers_no_was_verbed_by_question() -> None:
    inspired = "Douglas added that it had been inspired by a Wall Street Journal article about India."
    asked = "Which newspaper's article was inspired by Racing The Monsoon?"
    assert check(asked, inspired, "Wall Street Journal") == Reversal("Racing The Monsoon", "inspired")
    twin = "Racing The Monsoon was inspired by a Wall Street Journal article."
    assert check("Which film was inspired by a Wall Street Journal article?", twin, "Racing The Monsoon") is None
    assert check(asked, "The film was inspired by Racing The Monsoon, a book.", "Racing The Monsoon") is None  # its own doer
    assert reversed_roles(asked, inspired) is None  # no candidate, no position to read


def test_a_doer_question_with_an_auxiliary_or_a_chained_verb_is_read() -> None:
    deal = "Pharmaceutical giant Johnson & Johnson has agreed to buy medical technology firm Guidant for $25.4bn."
    reversed_deal = deal.replace("Johnson & Johnson", "Pfizer")
    assert check("Which firm has agreed to buy Pfizer?", reversed_deal, "Guidant") == Reversal("Pfizer", "agreed")
    assert check("Which firm has agreed to buy Guidant?", reversed_deal, "Pfizer") is None  # the twin
    assert check("Which firm has agreed to sell Pfizer?", reversed_deal, "Guidant") is None  # another chained verb
    buying = "Pfizer is buying medical technology firm Guidant."
    assert check("Who is buying Pfizer?", buying, "Guidant") == Reversal("Pfizer", "buying")
    assert check("Who is buying Guidant?", buying, "Pfizer") is None
    assert check("Who was bought by Pfizer?", buying, "Guidant") is None  # a passive question asks for no doer


def test_a_name_joined_by_an_ampersand_is_one_name() -> None:
    """ "Johnson & Johnson" is one doer, not two names "Johnson"."""
    deal = "Pharmaceutical giant Johnson & Johnson has agreed to buy medical technology firm Guidant for $25.4bn."
    asked = "Which firm has agreed to buy Johnson & Johnson?"
    assert check(asked, deal, "Guidant") == Reversal("Johnson & Johnson", "agreed")
    assert check("Which firm has agreed to buy Guidant?", deal, "Johnson & Johnson") is None  # the twin


def test_the_questions_source_that_does_its_verb_in_the_sentence_is_a_reversal() -> None:
    """ "... did the gangs recapture from the officers?" of a sentence where the officers recaptured the sites."""
    from qa.role_reversal import source_as_doer

    sites = "Our officers, in collaboration with the national police, have already recaptured key sites, Ruto said."
    reversal = Reversal("officers", "recapture")
    assert source_as_doer("Which key sites did the gangs recapture from the Kenyan officers?", sites) == reversal
    assert source_as_doer("Which key sites have gangs recaptured from the officers?", sites) == Reversal("officers", "recaptured")
    assert source_as_doer("Which sites did Ruto say gangs had recaptured from officers?", sites) is not None
    assert source_as_doer("Which key sites did the officers recapture from the gangs?", sites) is None  # the twin
    gangs = "Gangs took the sites from the officers, and officers recaptured them in May."
    assert source_as_doer("Which sites did the gangs recapture from the officers?", gangs) is None  # gangs are there
    passive = "The sites were recaptured by officers in May."
    assert source_as_doer("Which sites did the gangs recapture from the officers?", passive) is None


def test_the_source_reversal_caps_the_candidate_and_the_refusal_names_it() -> None:
    from tests.helpers import clash_and_reason

    text = "Our officers, with the national police, have already recaptured key sites, including the General Hospital."
    clash, reason = clash_and_reason("Which sites did the gangs recapture from the officers?", text, "the General Hospital")
    assert clash is not None and clash.reversal == Reversal("officers", "recapture")
    assert reason == "the closest candidate's sentence has “officers” on the other side of “recapture”"


def test_a_name_with_a_particle_is_one_name() -> None:
    sentence = (
        "Arsenal boss Arsene Wenger, who was fined in December for accusing Manchester United striker "
        "Ruud van Nistelrooy of cheating, believes the punishment was too lenient."
    )
    reversal = check("Who did Ruud van Nistelrooy accuse of cheating?", sentence, "Arsene Wenger")
    assert reversal == Reversal("Ruud van Nistelrooy", "accuse")
    assert check("Who accused Ruud van Nistelrooy of cheating?", sentence, "Arsene Wenger") is None
    hosted = "The summit was opened by Kenyan President William Ruto, who thanked Ursula von der Leyen for the funding."
    assert check("Who did Ursula von der Leyen thank for the funding?", hosted, "William Ruto") == Reversal(
        "Ursula von der Leyen", "thank"
    )


def test_one_judged_for_doing_something_did_it() -> None:
    sentence = "Norfolk farmer Tony Martin was jailed for life for murdering 16-year-old burglar Fred Barras in 1999."
    reversal = check("Which burglar murdered Norfolk farmer Tony Martin?", sentence, "Fred Barras")
    assert reversal == Reversal("Tony Martin", "murdered")  # the name a place and a job describe
    assert check("Which burglar did Norfolk farmer Tony Martin murder?", sentence, "Fred Barras") is None
    praised = "Tony Martin was praised by neighbours for helping Fred Barras."  # the praised one helped
    assert check("Who helped Tony Martin?", praised, "Fred Barras") == Reversal("Tony Martin", "helped")
    campaign = "Tony Martin campaigned for years for stopping Fred Barras."  # no judgement: "for" opens a purpose
    assert reversed_roles("Who stopped Tony Martin?", campaign) is None  # his side of the verb is unread
    # the candidate itself stands right after "stopping": the one stopped, read by ``_candidate_acted_on``
    assert check("Who stopped Tony Martin?", campaign, "Fred Barras") == Reversal("Fred Barras", "stopped")


ANNOUNCED = "Doug Smith's departure was announced by Work Secretary Alan Johnson on 17 November as MPs grilled him."


def test_the_questions_doer_whose_verb_the_sentence_gives_another_of_its_names_is_reversed() -> None:
    # "did Doug Smith announce": the passive's agent is the question's other name, Alan Johnson
    assert check("On what date did Doug Smith announce Alan Johnson's departure?", ANNOUNCED, "17 November") == Reversal(
        "Doug Smith", "announce"
    )
    assert check("On what date did Alan Johnson announce Doug Smith's departure?", ANNOUNCED, "17 November") is None  # the twin
    # an agent the question does not name says nothing of its doer
    assert check("On what date did Doug Smith announce his departure?", ANNOUNCED, "17 November") is None


CONTACTED = "A spokeswoman for the committee said it had contacted the Computer Crime Unit at Scotland Yard to get the site shut."


def test_a_candidate_right_after_the_verb_of_a_doer_question_is_the_one_acted_on() -> None:
    found = check("Which unit at Scotland Yard contacted the committee about the fake site?", CONTACTED, "Computer Crime Unit")
    assert found == Reversal("Computer Crime Unit", "contacted")
    assert check("Which unit at Scotland Yard did the committee contact?", CONTACTED, "Computer Crime Unit") is None  # the twin
    assert check("Who contacted the Computer Crime Unit?", CONTACTED, "A spokeswoman") is None


def test_a_doer_noun_or_an_adverb_is_no_verb_of_a_doer_question() -> None:
    sentence = "The game was called by the commentary crew and sideline reporter John Sutcliffe."
    assert check("Who reported on the sideline for the game?", sentence, "John Sutcliffe") is None  # "reporter" is no verb
    hosted = "The show was a hit, and its first host hosted Meredith Vieira on launch night."
    assert check("Who originally hosted the show?", hosted, "Meredith Vieira") is None  # "originally" is no verb
    starring = "Assault On Precinct 13 is a remake of the 1976 film, starring Ja Rule and Ethan Hawke."
    # "starred in" takes no object: the one a film stars is no one acted on
    assert check("Which rapper starred in Assault On Precinct 13?", starring, "Ja Rule") is None
    assert check("Who starred alongside Ethan Hawke in the remake?", starring, "Ja Rule") is None
