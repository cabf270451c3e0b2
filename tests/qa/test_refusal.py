"""The reason a refusal gives: only what every article read lacks, in words safe to print."""

from __future__ import annotations

import dataclasses

from qa.readers.base import ReadablePassage
from qa.refusal import refusal_reason

ON_2024 = "Gangs killed 40 police officers in Haiti in 2024, the police spokesman said."
ON_2023 = "The UN counted 30 deaths in 2023, its envoy said."


def test_a_year_none_of_the_articles_read_mentions_is_the_reason() -> None:
    one = [ReadablePassage.whole_text(ON_2024, "a.txt")]
    two = [*one, ReadablePassage.whole_text(ON_2023, "b.txt")]
    assert refusal_reason("How many officers were killed in 2019?", one) == "the closest article never mentions 2019"
    assert refusal_reason("How many officers were killed in 2019?", two) == "none of the 2 closest articles mentions 2019"
    # an article read holds 2023, so "the articles lack 2023" would be false
    assert refusal_reason("How many officers were killed in 2023?", two) is None
    assert refusal_reason("How many officers were killed?", two) is None
    assert refusal_reason("How many officers were killed in March 2019?", one) == (
        "the closest article never mentions March or 2019"
    )


def test_an_office_none_of_the_articles_names_is_the_reason_with_its_article() -> None:
    passages = [ReadablePassage.whole_text(ON_2024, "a.txt"), ReadablePassage.whole_text(ON_2023, "b.txt")]
    assert refusal_reason("Who is the ambassador?", passages) == "none of the 2 closest articles names an ambassador"
    assert refusal_reason("Who is the police spokesperson?", passages) is None  # "spokesman" is the same office
    assert (
        refusal_reason("Who was the coach in 2019?", passages) == "none of the 2 closest articles mentions 2019 or names a coach"
    )


def test_a_record_dated_in_the_year_holds_it_and_nothing_read_gives_no_reason() -> None:
    dated = dataclasses.replace(ReadablePassage.whole_text(ON_2024, "a.jsonl#1"), doc_date="2019-03-01")
    assert refusal_reason("How many officers were killed in 2019?", [dated]) is None
    assert refusal_reason("How many officers were killed in 2019?", []) is None


def test_the_same_article_read_twice_counts_once() -> None:
    passage = ReadablePassage.whole_text(ON_2024, "a.txt")
    assert refusal_reason("What happened in 2019?", [passage, passage]) == "the closest article never mentions 2019"


def test_a_number_none_of_the_articles_gives_is_the_reason() -> None:
    passages = [ReadablePassage.whole_text(ON_2024, "a.txt"), ReadablePassage.whole_text(ON_2023, "b.txt")]
    assert refusal_reason("Why were 250 officers killed?", passages) == "none of the 2 closest articles mentions 250"
    assert refusal_reason("Why were 40 officers killed?", passages) is None


def test_a_closest_candidate_about_a_sibling_attribute_says_what_its_text_speaks_of() -> None:
    from qa.readers.base import SpanPrediction

    text = "At least 739 Haitian police officers graduated from the academy. Gangs control the capital."
    read = [ReadablePassage.whole_text(text, "a.txt")]
    start = text.index("739")
    closest = SpanPrediction(0, start, start + 3, 0.03)
    assert (
        refusal_reason("How many Haitian police officers were killed?", read, [closest])
        == "the closest candidate's text speaks of “graduated”, not “killed”"
    )
    assert refusal_reason("How many Haitian police officers graduated?", read, [closest]) is None
    both = refusal_reason("How many Haitian police officers were killed in 2019?", read, [closest])
    assert both == "the closest article never mentions 2019; the closest candidate's text speaks of “graduated”, not “killed”"
    assert refusal_reason("How many were killed?", read, [SpanPrediction(5, 0, 3, 0.1)]) is None  # no such passage


def test_a_capped_candidate_behind_the_closest_one_still_gives_the_reason() -> None:
    from qa.readers.base import SpanPrediction

    text = (
        "At least 739 Haitian police officers graduated from the academy. The ceremony was held on Friday. "
        "Families travelled from the provinces to attend it. Officials gave speeches in the afternoon. "
        "Gangs control most of the capital, where the vote is due next year."
    )
    read = [ReadablePassage.whole_text(text, "a.txt")]
    start = text.index("739")
    gangs = text.index("Gangs")
    candidates = [SpanPrediction(0, gangs, gangs + 5, 0.05), SpanPrediction(0, start, start + 3, 0.03)]
    assert (
        refusal_reason("How many Haitian police officers were killed?", read, candidates)
        == "the second closest candidate's text speaks of “graduated”, not “killed”"
    )
    # only the first three are searched
    far = [SpanPrediction(0, gangs, gangs + 5, 0.05)] * 3 + [SpanPrediction(0, start, start + 3, 0.03)]
    assert refusal_reason("How many Haitian police officers were killed?", read, far) is None


def test_a_candidate_whose_title_names_another_office_says_so() -> None:
    from qa.readers.base import SpanPrediction

    text = "Secretary of State Marco Rubio met Prime Minister Mia Mottley in Kingston."
    read = [ReadablePassage.whole_text(text, "a.txt")]
    rubio = text.index("Marco")
    mottley = text.index("Mia")
    assert (
        refusal_reason("Who is the US Secretary of Defense?", read, [SpanPrediction(0, rubio, rubio + 11, 0.03)])
        == "the closest candidate's title names another “secretary”"
    )
    assert (
        refusal_reason("Who is the president of Jamaica?", read, [SpanPrediction(0, mottley, mottley + 11, 0.03)])
        == "the closest article never names a president; the closest candidate's title names a “prime minister”"
    )
    assert refusal_reason("Who is the Secretary of State?", read, [SpanPrediction(0, rubio, rubio + 11, 0.03)]) is None


def test_a_candidate_whose_sentence_reverses_the_roles_says_so() -> None:
    from qa.readers.base import SpanPrediction

    text = "Rubio made the appeal while hosting Kenyan President William Ruto at the State Department."
    read = [ReadablePassage.whole_text(text, "a.txt")]
    rubio = text.index("Rubio")
    closest = [SpanPrediction(0, rubio, rubio + 5, 0.03)]
    assert (
        refusal_reason("Who did William Ruto host at the State Department?", read, closest)
        == "the closest candidate's sentence has “William Ruto” on the other side of “host”"
    )
    assert refusal_reason("Who did Marco Rubio host at the State Department?", read, closest) is None


def test_a_person_no_article_names_is_named_in_the_reason() -> None:
    text = "Dutch retailer Ahold said nine food suppliers were charged with helping it inflate its earnings."
    read = [ReadablePassage.whole_text(text, "a.txt")]
    assert (
        refusal_reason("How many suppliers helped Ciara inflate its earnings?", read) == "the closest article never names “Ciara”"
    )
    assert refusal_reason("How many suppliers helped Ahold inflate its earnings?", read) is None
    assert refusal_reason("How many suppliers in Houston helped Ahold?", read) is None  # places are named loosely
