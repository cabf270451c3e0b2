"""Another name's appositive: the position asked of one person, told of the person named beside them."""

from __future__ import annotations

from qa.appositive_owner import appositive_of_other
from tests.helpers import clash_and_reason

VERITAS = "Damian Hockney, now Veritas deputy leader, and Peter Hulme-Cross were elected in 2004 on the list system."


def _at(answer: str) -> tuple[int, int]:
    start = VERITAS.index(answer)
    return start, start + len(answer)


def test_the_answer_in_another_name_s_appositive_clashes() -> None:
    asked = "What position does Peter Hulme-Cross now hold in Veritas?"
    assert appositive_of_other(asked, VERITAS, *_at("deputy leader")) == ("Peter Hulme-Cross", "Damian Hockney")
    twin = "What position does Damian Hockney now hold in Veritas?"
    assert appositive_of_other(twin, VERITAS, *_at("deputy leader")) is None


def test_only_a_position_asked_of_a_named_person_is_read() -> None:
    assert appositive_of_other("When were Hockney and Hulme-Cross elected?", VERITAS, *_at("deputy leader")) is None
    assert appositive_of_other("What position does UKIP hold?", VERITAS, *_at("deputy leader")) is None  # no person
    # a capitalised answer names someone or something, not a position
    assert appositive_of_other("What position does Peter Hulme-Cross hold?", VERITAS, *_at("Veritas deputy leader")) is None


def test_a_question_name_only_inside_the_appositive_says_nothing() -> None:
    alone = "Damian Hockney, now Veritas deputy leader, was elected in 2004 on the list system."
    start = alone.index("deputy leader")
    assert appositive_of_other("What position does Peter Hulme-Cross hold?", alone, start, start + 13) is None


def test_the_clash_is_another_doer_and_the_refusal_names_both() -> None:
    clash, reason = clash_and_reason("What position does Peter Hulme-Cross now hold in Veritas?", VERITAS, "deputy leader")
    assert clash is not None and clash.doer == ("Peter Hulme-Cross", "Damian Hockney")
    assert reason is not None and "Damian Hockney" in reason
