"""An answer that is the question's own subject: a name the question gives, or the first part of one."""

from __future__ import annotations

import pytest

from qa.own_names import continues_question_name, question_person_names, repeats_question_name


def test_names_skip_titles_peoples_words_and_acronyms() -> None:
    question = "Who was the US President-elect that Kenyan officials told Marco Rubio about, according to Tammy Bruce's hints?"
    assert question_person_names(question) == ("Marco Rubio", "Tammy Bruce")
    assert question_person_names("Who is Barbados's Prime Minister?") == ()  # a run that ends in a title names an office


@pytest.mark.parametrize(
    ("answer", "repeated"),
    [
        ("U.S. Secretary of State Marco Rubio", "Marco Rubio"),  # the question's own subject, with its title
        ("Marco Rubio", "Marco Rubio"),
        ("friends of Marco Rubio", None),  # a relation of the name, not the name
        ("Marco Rubio's aides", None),
        ("Marco Rubio Foundation", None),  # a longer name that holds it
        ("Marco Rubio and Mia Mottley", None),  # one of several people
        ("Marco", None),  # part of a name: ``continues_question_name``'s case
    ],
)
def test_a_repeated_name_counts_only_as_the_answers_head(answer: str, repeated: str | None) -> None:
    names = question_person_names("Who urged Marco Rubio to step up support for the mission?")
    assert repeats_question_name(answer, names) == repeated


def test_the_first_part_of_a_name_the_question_gives_continues_it() -> None:
    text = "The former coach of Katerina Thanou was banned."
    start = text.index("Katerina")
    assert continues_question_name(text, start, start + len("Katerina"), frozenset({"kenteris", "thanou"}))
    assert not continues_question_name(text, start, start + len("Katerina Thanou"), frozenset({"kenteris", "thanou"}))


def test_a_possessive_on_either_side_still_continues_the_name() -> None:
    """ "Arjen" before "Robben's", asked about "Robben's late shot"."""
    from index.bm25 import BM25Index
    from qa.evidence import LexicalEvidence
    from qa.features import QuestionContext

    text = "Arjen Robben's late shot took a deflection off Matthew Taylor."
    evidence = LexicalEvidence(BM25Index.build([0, 1], [text, "Unrelated article about football."]))
    words = QuestionContext.of("Which Portsmouth player did Robben's late shot deflect off?", evidence).capitalised_words
    assert "robben" in words
    assert continues_question_name(text, 0, len("Arjen"), words)
    taylor = text.index("Matthew")
    assert not continues_question_name(text, taylor, taylor + len("Matthew Taylor"), words)


def test_a_blank_span_continues_nothing() -> None:
    assert not continues_question_name("Katerina  Thanou", 8, 9, frozenset({"thanou"}))
    assert not continues_question_name("Katerina Thanou", 3, 3, frozenset({"thanou"}))


def test_a_name_titled_with_the_office_the_question_names_its_subject_by_is_that_subject() -> None:
    from qa.own_names import subject_roles, titled_with

    text = "However, their former coach Christos Tzekos was charged with distributing banned substances."
    start = text.index("Christos")
    span = (start, start + len("Christos Tzekos"))
    roles = subject_roles("What has Kenteris and Thanou's former coach been charged with?")
    assert roles == ("coach",) and titled_with(text, *span, roles)
    assert titled_with("Christos Tzekos, their coach, was charged.", 0, 15, roles)
    # A question that asks for a person or the office holder is answered by the titled name.
    for asks_for_him in (
        "Who is the former coach of Kenteris and Thanou?",
        "Which former coach was charged with distributing banned substances?",
        "Which Marsh & McLennan senior vice president pleaded guilty?",  # the asked phrase runs to its verb
        "What is the name of the coach who was charged?",
        "What Harvard alumnus was the Palestinian Prime Minister?",  # the office is said of what is asked
    ):
        assert subject_roles(asks_for_him) == (), asks_for_him
    assert not titled_with("The coach said Christos Tzekos was charged.", 15, 30, roles)  # no title right before


@pytest.mark.parametrize(
    ("question", "answer", "owner"),
    [
        ("Which think-tank commissioned AOL's report?", "net provider AOL", "AOL"),
        ("Which think-tank commissioned AOL's report?", "AOL", "AOL"),
        ("Who wrote Tony Blair's speech?", "Blair", "Tony Blair"),  # the owner's last name
        ("Which think-tank commissioned AOL's report?", "Demos", None),  # the twin's answer
        ("Who printed Luther's theses?", "friends of Luther", None),  # someone else, "of" the owner
        ("Whose report did AOL's rival commission?", "AOL", None),  # "whose" asks for an owner
        ("Which firm, AOL's or BT's, commissioned it?", "AOL", None),  # a choice
        ("What did Tesla's investors do to him?", "forced Tesla out", None),  # not a which / who question
    ],
)
def test_the_owner_a_question_names_by_a_possessive_is_not_its_answer(question: str, answer: str, owner: str | None) -> None:
    from qa.own_names import possessor_as_answer, question_owners

    assert possessor_as_answer(question_owners(question), answer) == owner
