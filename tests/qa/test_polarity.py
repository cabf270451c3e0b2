"""The premise denied: the answer's sentence has the question's phrase only with "not" or "without"."""

from __future__ import annotations

from qa.polarity import denied_premise
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


def test_the_denial_caps_the_candidate_and_the_refusal_quotes_it() -> None:
    clash, reason = clash_and_reason(
        "Which newspaper reported that OAS involvement is under consideration?", HERALD, "The Miami Herald"
    )
    assert clash is not None and clash.contrast == ("is under consideration", "is not currently under consideration")
    assert reason == "the closest candidate's text speaks of “is not currently under consideration”, not “is under consideration”"
