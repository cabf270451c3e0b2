"""A word swapped inside a three-word phrase of the question: "best actor award" asked of "best film award"."""

from __future__ import annotations

from qa.phrase_swap import swapped_middle
from tests.helpers import clash_and_reason

SENTENCE = 'Gere, who is presenting the best film award, said: "It is a big party."'
ARTICLE = "Jamie Foxx is up for best actor. " + SENTENCE


def test_another_middle_word_in_the_questions_frame_is_a_swap() -> None:
    assert swapped_middle("Who is presenting the best actor award at the Baftas?", SENTENCE, ARTICLE) == ("actor", "film")
    assert swapped_middle("Who is presenting the best film award at the Baftas?", SENTENCE, ARTICLE) is None  # the twin


def test_an_attribute_the_article_never_tells_or_a_word_spelt_alike_is_no_swap() -> None:
    # the article never pairs "actor" with "best" or "award": "film" may say the same thing in other words
    assert swapped_middle("Who is presenting the best actor award at the Baftas?", SENTENCE, SENTENCE) is None
    surf = "California is second only to Oahu in terms of famous surf breaks."
    assert swapped_middle("Which island has more famous serf breaks?", surf, surf + " The serf breaks draw crowds.") is None


def test_the_clash_caps_the_candidate_and_the_refusal_names_both_words() -> None:
    clash, reason = clash_and_reason("Who is presenting the best actor award at the Baftas?", ARTICLE, "Gere")
    assert clash is not None and clash.contrast == ("actor", "film")
    assert reason is not None and "speaks of “film”, not “actor”" in reason
