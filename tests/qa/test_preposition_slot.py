"""A taken slot: a preposition-led question whose preposition, in the sentence, already holds the question's own word."""

from __future__ import annotations

from qa.preposition_slot import taken_slot
from qa.role_reversal import Reversal
from tests.helpers import clash_and_reason

EURO = "The US dollar has continued its record-breaking slide and has tumbled to a new low against the euro."


def _slot(question: str, sentence: str, answer: str) -> Reversal | None:
    start = sentence.index(answer)
    return taken_slot(question, sentence, (start, start + len(answer)))


def test_the_question_word_in_the_asked_slot_is_found() -> None:
    assert _slot("Against which currency has the euro tumbled to a new low?", EURO, "US dollar") == Reversal("euro", "against")
    # the twin: the dollar is the question's subject, the euro fills the slot and is the answer
    assert _slot("Against which currency has the dollar tumbled to a new low?", EURO, "euro") is None


def test_an_answer_that_fills_the_preposition_is_kept() -> None:
    sentence = "Kenya sent 400 officers to Haiti and promised more to the mission."
    assert _slot("To which country did Kenya send 400 officers?", sentence, "Haiti") is None


def test_questions_not_led_by_a_slot_preposition_are_not_read() -> None:
    sentence = "He was born in Paris in 1950."
    assert _slot("In which city was he born in 1950?", sentence, "Paris") is None  # "in" holds times and places alike
    assert _slot("Which currency has the euro been tumbling beside?", EURO, "US dollar") is None
    # left at the end, a slot preposition is read the same
    assert _slot("Which currency has the euro tumbled against?", EURO, "US dollar") == Reversal("euro", "against")


def test_the_words_of_the_wh_phrase_are_not_the_questions_own() -> None:
    sentence = "Sterling rose against the European currency, while the dollar fell."
    # "European" belongs to the asked "which European currency", not to what the question gives
    assert _slot("Against which European currency did the dollar fall?", sentence, "Sterling") is None
    assert _slot("Against which currency did the European dollar fall?", sentence, "Sterling") == Reversal("European", "against")


def test_the_clash_caps_the_candidate_and_the_refusal_says_why() -> None:
    clash, reason = clash_and_reason("Against which currency has the euro tumbled to a new low?", EURO, "US dollar")
    assert clash is not None and clash.reversal == Reversal("euro", "against")
    assert reason == "the closest candidate's sentence has “euro” on the other side of “against”"


def test_a_preposition_left_at_the_questions_end_is_read_the_same() -> None:
    sentence = "Opera, a spin-off from Telenor, makes a popular browser."
    assert _slot("Which company was Telenor a spin-off from?", sentence, "Opera") == Reversal("Telenor", "from")
    assert _slot("Which company was Opera a spin-off from?", sentence, "Telenor") is None  # the twin


def test_a_nouns_slot_left_at_the_end_is_read_after_that_noun_only() -> None:
    sentence = "Hoffman has returned to film in Meet the Fockers, which is the sequel to Meet the Parents."
    # the question's own film stands in the slot of "the sequel to": it is the first film, not the sequel
    assert _slot("What is Meet the Parents the sequel to?", sentence, "the Fockers") == Reversal("Meet", "to")
    assert _slot("What is Meet the Fockers the sequel to?", sentence, "Meet the Parents") is None  # the twin
    # another "to" of the sentence (a verb's) says nothing of the noun's slot
    assert _slot("What is Meet the Parents the remake of?", sentence, "Meet the Fockers") is None
    assert _slot("Who did Hoffman return to film with?", sentence, "Meet the Fockers") is None
