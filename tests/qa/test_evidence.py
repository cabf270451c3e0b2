"""Sentence-level evidence: IDF-weighted coverage, re-ranking, and its effect on confidence."""

from __future__ import annotations

import pytest

from index.bm25 import BM25Index
from index.text import tokenize
from qa.evidence import LexicalEvidence, rescore_by_sentences
from qa.readers.base import ReadablePassage
from tests.helpers import PRICED_ARTICLE

CORPUS = [
    "The central bank raised interest rates on Tuesday. Inflation stayed high.",
    "Police in Nairobi arrested three men. The gang had robbed a bank.",
    "Cocoa prices rose in Ghana. Farmers were pleased with the harvest.",
    "British soldiers left the base in March. The base was handed to local forces.",
    "The weather was mild. Markets were calm. Nothing else happened that week.",
]


def readable(text: str, rank: int = 1) -> ReadablePassage:
    return ReadablePassage.whole_text(text, "d.txt", rank=rank)


@pytest.fixture(scope="module")
def evidence() -> LexicalEvidence:
    return LexicalEvidence(BM25Index.build(list(range(len(CORPUS))), CORPUS))


def test_idf_weights_rare_words_above_common_ones(evidence: LexicalEvidence) -> None:
    terms = evidence.question_terms("Which bank in Nairobi?")
    weights = dict(zip(terms.terms, terms.weights))
    assert set(terms.terms) == set(tokenize(["bank nairobi"])[0])
    assert weights[tokenize(["Nairobi"])[0][0]] > weights[tokenize(["bank"])[0][0]]


def test_coverage_is_idf_weighted_share(evidence: LexicalEvidence) -> None:
    terms = evidence.question_terms("When did British soldiers leave the base in March?")
    full = readable(CORPUS[3])
    assert 0.5 < evidence.best_window(terms, full) < 1.0  # all but "leave" ("left" does not stem to it)
    assert evidence.best_window(terms, readable("British soldiers leave the base in March.")) == pytest.approx(1.0)
    # a passage with only "base" covers a fraction, weighted by IDF
    partial = readable("The base is old. It rained.")
    cov = evidence.best_window(terms, partial)
    assert 0.0 < cov < 1.0
    assert evidence.best_window(terms, readable("Cocoa prices rose. Farmers smiled.")) == 0.0


def test_question_words_are_not_content_words(evidence: LexicalEvidence) -> None:
    terms = evidence.question_terms("What is it? Who did? How many were there?")
    assert terms.terms == ()
    assert evidence.best_window(terms, readable(CORPUS[0])) == 1.0


def test_best_window_spans_two_adjacent_sentences_only(evidence: LexicalEvidence) -> None:
    terms = evidence.question_terms("Cocoa farmers in Nairobi")
    adjacent = readable("Cocoa is grown widely. Farmers in Nairobi sell it.")
    apart = readable("Cocoa is grown widely. The weather was mild. Markets were calm. Farmers in Nairobi sell it.")
    assert evidence.best_window(terms, adjacent) == pytest.approx(1.0)
    assert evidence.best_window(terms, apart) < 1.0


def test_around_span_leaves_the_answer_words_out(evidence: LexicalEvidence) -> None:
    text = "Police in Nairobi arrested three men. The gang had robbed a bank."
    p = readable(text)
    terms = evidence.question_terms("Who arrested three men in Nairobi?")
    answer_start = text.index("Police")
    assert evidence.around_span(terms, p, answer_start, answer_start + len("Police")) == pytest.approx(1.0)
    # the span that *is* the question's words gains nothing from them
    span = text.index("Nairobi")
    assert evidence.around_span(terms, p, span, span + len("Nairobi")) < 1.0


def test_around_span_reaches_one_sentence_either_side(evidence: LexicalEvidence) -> None:
    text = "Cocoa prices rose in Ghana. The weather was mild. Markets were calm. Farmers were pleased."
    p = readable(text)
    terms = evidence.question_terms("What about cocoa prices in Ghana?")
    near = text.index("mild")
    far = text.index("pleased")
    assert evidence.around_span(terms, p, near, near + 4) == pytest.approx(1.0)
    assert evidence.around_span(terms, p, far, far + 7) == 0.0


def test_rescore_moves_the_covering_passage_up_and_weight_zero_keeps_order() -> None:
    hits = [readable(f"text {i}", rank=i + 1) for i in range(4)]
    coverages = [0.0, 0.2, 0.9, 0.1]
    assert rescore_by_sentences(hits, coverages, 60, 1.0)[0].passage.rank == 3
    assert rescore_by_sentences(hits, coverages, 60, 0.0) == hits
    # equal coverage everywhere keeps retrieval order
    assert rescore_by_sentences(hits, [0.5] * 4, 60, 1.0) == hits


def test_focus_keeps_the_sentences_around_the_best_window(evidence: LexicalEvidence) -> None:
    filler = [f"Filler sentence number {w} says little." for w in ("one", "two", "three", "four", "five")]
    text = " ".join(filler[:3] + ["Cocoa prices rose in Ghana.", "Farmers were pleased."] + filler[3:])
    p = readable(text)
    assert len(p.sentences) == 7
    terms = evidence.question_terms("Why were cocoa farmers in Ghana pleased?")
    focused = evidence.focus(terms, p, 4)
    assert len(focused.sentences) == 4
    kept = " ".join(text[s.start : s.end] for s in focused.sentences)
    assert "Cocoa prices rose in Ghana." in kept and "Farmers were pleased." in kept
    assert set(focused.sentences) <= set(p.sentences)  # original offsets, not re-based ones
    clean, table = focused.clean_text_and_offsets()
    at = clean.index("Ghana")
    assert text[ReadablePassage.to_original(table, at) :].startswith("Ghana")
    assert evidence.focus(terms, p, 0) is p and evidence.focus(terms, p, 7) is p


def test_focus_at_the_end_of_a_passage_still_reads_enough_sentences(evidence: LexicalEvidence) -> None:
    text = "The weather was mild. Markets were calm. Nothing else happened. Cocoa prices rose in Ghana."
    p = readable(text)
    focused = evidence.focus(evidence.question_terms("cocoa prices Ghana"), p, 3)
    assert [text[s.start : s.end] for s in focused.sentences][-1] == "Cocoa prices rose in Ghana."
    assert len(focused.sentences) == 3


def _has_sum(sentence: str) -> bool:
    return "£" in sentence


def test_focus_also_reads_the_chunk_s_sentence_of_the_asked_type_when_its_window_has_none(evidence: LexicalEvidence) -> None:
    p = readable(PRICED_ARTICLE)
    terms = evidence.question_terms("How much will the mouse adapter cost?")
    plain = evidence.focus(terms, p, 4)
    assert not any("£70" in PRICED_ARTICLE[s.start : s.end] for s in plain.sentences)  # the window stops short of the price
    typed = evidence.focus(terms, p, 4, _has_sum)
    read = [PRICED_ARTICLE[s.start : s.end] for s in typed.sentences]
    assert read[:4] == [PRICED_ARTICLE[s.start : s.end] for s in plain.sentences]
    assert read[4:] == ["A small firm will produce the devices, which will cost about £70."]
    assert list(typed.sentences) == sorted(typed.sentences, key=lambda s: s.start)  # in the article's order
    clean, table = typed.clean_text_and_offsets()
    at = clean.index("£70")
    assert PRICED_ARTICLE[ReadablePassage.to_original(table, at) :].startswith("£70")


def test_focus_adds_nothing_when_the_window_holds_the_type_or_no_typed_sentence_shares_a_word(evidence: LexicalEvidence) -> None:
    p = readable(PRICED_ARTICLE)
    terms = evidence.question_terms("How much will the mouse adapter cost?")
    plain = evidence.focus(terms, p, 4)
    assert evidence.focus(terms, p, 4, lambda s: "adapter" in s) == plain  # the window has one
    unrelated = evidence.question_terms("How much did the bank pay its staff?")  # the price's sentence shares no word
    assert evidence.focus(unrelated, p, 4, _has_sum) == evidence.focus(unrelated, p, 4)
