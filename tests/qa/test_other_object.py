"""Another object of the question's verb: "Who quit Veritas?" of "... after he quit UKIP"."""

from __future__ import annotations

from qa.other_object import other_object
from tests.helpers import clash_and_reason

KILROY = (
    "Veritas was formed by Mr Kilroy-Silk earlier this month after he quit UKIP following an unsuccessful bid to take "
    "over as leader."
)


def test_the_verb_s_other_object_clashes() -> None:
    asked = "Who quit Veritas after an unsuccessful bid to take over as its leader?"
    assert other_object(asked, KILROY) == ("quit Veritas", "quit UKIP")
    assert other_object("Who quit UKIP after an unsuccessful bid to take over as its leader?", KILROY) is None
    assert other_object("Which MEP quit Veritas after an unsuccessful bid?", KILROY) == ("quit Veritas", "quit UKIP")


def test_one_clause_that_names_both_is_left_alone() -> None:
    """The question paraphrases the clause: "considers Los Angeles County a separate area" of "... from Los Angeles County"."""
    census = (
        "To the east, the Census Bureau considers the San Bernardino and Riverside County areas as a separate "
        "metropolitan area from Los Angeles County."
    )
    assert other_object("Who considers Los Angeles County to be a separate metropolitan area?", census) is None


def test_a_sentence_without_the_question_s_name_or_with_its_own_object_passes() -> None:
    assert other_object("Who quit Veritas?", "He quit UKIP last month.") is None  # no Veritas: a missing-name matter
    both = "Veritas grew after he quit UKIP, and Mr Smith quit Veritas."
    assert other_object("Who quit Veritas?", both) is None
    assert other_object("When did he quit Veritas?", KILROY) is None  # only a question asking the doer


def test_the_clash_is_another_doer_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("Who quit Veritas after an unsuccessful bid?", KILROY, "Mr Kilroy-Silk")
    assert clash is not None and clash.doer == ("quit Veritas", "quit UKIP")
    assert reason is not None and "UKIP" in reason
