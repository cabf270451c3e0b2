"""The premise denied: the answer's sentence has the question's phrase only with "not" or "without"."""

from __future__ import annotations

from qa.polarity import denied_premise, nomination_for_win, set_aside_answer
from tests.helpers import clash_and_reason

HERALD = "Although The Miami Herald reported that OAS involvement is not currently under consideration, Rubio discussed it."
PICTURES = "In February the singer clashed with the magazine for publishing pictures of her honeymoon without permission."


def test_an_auxiliary_phrase_the_sentence_denies_is_a_false_premise() -> None:
    asked = "Which newspaper reported that OAS involvement is under consideration?"
    assert denied_premise(asked, HERALD) == ("is under consideration", "is not currently under consideration")
    assert denied_premise("Who said the mission isn't under consideration?", HERALD) is None  # the twin denies too
    assert denied_premise("Which newspaper reported on OAS involvement?", HERALD) is None  # no phrase of the question
    assert denied_premise("Is OAS involvement under consideration or not?", HERALD) is None  # a choice


def test_the_sentence_that_also_asserts_the_phrase_does_not_deny_it() -> None:
    both = "The deal was not signed in May, but it was signed in June."
    assert denied_premise("Which firm said the deal was signed in May?", both) is None
    never = "The deal was never signed."
    assert denied_premise("Which firm said the deal was signed in May?", never) == ("was signed", "was never signed")
    assert denied_premise("When was the deal signed?", never) is None  # an inverted question states no phrase


def test_with_a_noun_the_sentence_only_has_after_without_is_a_false_premise() -> None:
    asked = "Which magazine published pictures of the wedding with her permission?"
    assert denied_premise(asked, PICTURES) == ("with permission", "without permission")
    assert denied_premise("Which magazine published pictures without permission?", PICTURES) is None
    assert denied_premise("Which magazine clashed with the singer?", PICTURES) is None  # "singer" is never denied


def test_an_infinitive_the_sentence_only_has_after_not_is_a_false_premise() -> None:
    growth = "Northern Ireland was the only major UK region not to experience a fall in annual growth in December."
    asked = "Which was the only major UK region to experience a fall in annual growth in December?"
    assert denied_premise(asked, growth) == ("to experience", "not to experience")
    twin = "Which was the only major UK region not to experience a fall in annual growth in December?"
    assert denied_premise(twin, growth) is None
    both = "He decided not to stay in London, but his wife chose to stay."
    assert denied_premise("Who decided to stay in London?", both) is None  # the sentence also asserts it


GROWTH = "All major UK regions, apart from Northern Ireland, experienced a fall in annual growth during December."


def aside(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    start = sentence.index(answer)
    return set_aside_answer(question, sentence, (start, start + len(answer)))


def test_an_answer_the_sentence_sets_aside_is_a_false_premise() -> None:
    asked = "Which was the only major UK region to experience a fall in annual growth during December?"
    assert aside(asked, GROWTH, "Northern Ireland") == ("Northern Ireland", "apart from Northern Ireland")
    assert aside(asked, GROWTH, "Ireland") == ("Ireland", "apart from Northern Ireland")  # the name's last word too
    twin = "Which was the only major UK region not to experience a fall in annual growth during December?"
    assert aside(twin, GROWTH, "Northern Ireland") is None
    assert aside("Apart from Northern Ireland, which regions saw a fall in growth?", GROWTH, "Northern Ireland") is None


def test_a_set_aside_answer_the_question_asks_something_else_of_stays() -> None:
    luther = 'The statement was in Latin, apart from "We are beggars," which was in German.'
    assert aside("What portion of Luther's last statement was in German?", luther, '"We are beggars,"') is None
    amino = "Most amino acids lack sulfur, except the sulfur-containing ones like cysteine and methionine."
    assert aside("Which amino acids contain sulfur?", amino, "cysteine and methionine") is None  # not a name run
    assert aside("Who won?", "Everyone except Smith won.", "Smith") is None  # too little to tell


def test_the_denial_caps_the_candidate_and_the_refusal_quotes_it() -> None:
    clash, reason = clash_and_reason(
        "Which newspaper reported that OAS involvement is under consideration?", HERALD, "The Miami Herald"
    )
    assert clash is not None and clash.contrast == ("is under consideration", "is not currently under consideration")
    assert reason == "the closest candidate's text speaks of “is not currently under consideration”, not “is under consideration”"


def test_a_set_aside_answer_is_capped_and_the_refusal_quotes_the_phrase() -> None:
    asked = "Which was the only major UK region to experience a fall in annual growth during December?"
    clash, reason = clash_and_reason(asked, GROWTH, "Northern Ireland")
    assert clash is not None and clash.contrast == ("Northern Ireland", "apart from Northern Ireland")
    assert reason is not None and "“apart from Northern Ireland”" in reason


def test_a_prize_told_only_as_a_nomination_was_not_won() -> None:
    grifters = "Bening played con artist Myra Langtry in The Grifters - a role that won her an Oscar nomination."
    asked = "For which film did Bening win an Oscar playing con artist Myra Langtry?"
    assert nomination_for_win(asked, grifters) == ("won Oscar", "oscar nomination")
    assert nomination_for_win("For which film did Bening win an Oscar nomination?", grifters) is None  # the twin
    nominated = "She was nominated for a best actress Oscar for American Beauty."
    assert nomination_for_win("For which film did she win an Oscar?", nominated) == (
        "won Oscar",
        "nominated for a best actress oscar",
    )
    both = "She won an Oscar for The Grifters and an Oscar nomination for American Beauty."
    assert nomination_for_win("For which film did she win an Oscar?", both) is None  # a prize won outright too
    assert nomination_for_win("Which film won the award?", grifters) is None  # another prize


def test_the_nomination_clash_is_a_contrast_the_refusal_names() -> None:
    grifters = "Bening played con artist Myra Langtry in The Grifters - a role that won her an Oscar nomination."
    clash, reason = clash_and_reason("For which film did Bening win an Oscar?", grifters, "The Grifters")
    assert clash is not None and clash.contrast == ("won Oscar", "oscar nomination")
    assert reason is not None and "nomination" in reason
