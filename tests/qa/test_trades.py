"""A firm's trade: the word right before the answer names another trade than the question's wh-phrase asks for."""

from __future__ import annotations

from qa.trades import asked_trade, other_trade
from tests.helpers import clash_and_reason

WANADOO = "Internet service provider Wanadoo has announced it is launching its own broadband telephony service in the UK."


def _trade(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    return other_trade(question, sentence, sentence.index(answer))


def test_another_trade_before_the_answer_is_found() -> None:
    question = "Which chip maker is launching its own broadband telephony service in the UK?"
    assert _trade(question, WANADOO, "Wanadoo") == ("maker", "provider")
    twin = "Which internet service provider is launching its own broadband telephony service in the UK?"
    assert _trade(twin, WANADOO, "Wanadoo") is None


def test_generic_words_and_makers_of_other_things_never_clash() -> None:
    assert asked_trade("Which firm is launching a phone service?") is None
    assert _trade("Which firm is launching a phone service?", WANADOO, "Wanadoo") is None
    phones = "Handset manufacturer Nokia unveiled the phone."
    assert _trade("Which chip maker unveiled the phone?", phones, "Nokia") is None  # a maker of another thing
    assert _trade("Which chip maker unveiled the phone?", "On Monday Nokia unveiled the phone.", "Nokia") is None


def test_the_clash_caps_the_candidate_and_the_refusal_names_both_trades() -> None:
    question = "Which chip maker is launching its own broadband telephony service in the UK?"
    clash, reason = clash_and_reason(question, WANADOO, "Wanadoo")
    assert clash is not None and clash.trade == ("maker", "provider")
    assert reason == "the closest candidate's sentence calls it a “provider”, not a “maker”"
