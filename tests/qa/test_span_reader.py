"""The span reader's character mapping: answers are exact slices of the original text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from index.types import Span
from qa.config import QAConfig
from qa.readers.base import ReadablePassage


@pytest.fixture(scope="module")
def reader():
    from qa.readers.span import SpanReader

    return SpanReader(QAConfig().reader_path)


def _readable(text: str, sentences=None) -> ReadablePassage:
    return ReadablePassage.whole_text(text, "doc", sentences=sentences)


def test_clean_text_mapping_skips_boilerplate_between_sentences():
    text = "First line here.\nADVERTISEMENT\nSecond line there."
    rp = _readable(text, [Span(0, 16), Span(31, 49)])
    clean, table = rp.clean_text_and_offsets()
    assert clean == "First line here. Second line there."
    for i, ch in enumerate(clean):
        if ch != " " or i != 16:
            assert text[ReadablePassage.to_original(table, i)] == ch
    assert ReadablePassage.to_original(table, len(clean), is_end=True) == len(text)
    assert ReadablePassage.to_original(table, 16, is_end=True) == 16


def test_predictions_are_original_slices_with_non_ascii(reader):
    text = "Le café “Rosé” a ouvert en 1998 à Zürich. Its owner, José Müller, was born in Škofja Loka 🌍 in 1960."
    rp = _readable(text)
    preds = reader.read("Where was José Müller born?", [rp])
    assert preds
    for p in preds:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == text[p.start : p.end].strip()
    assert "Škofja Loka" in text[preds[0].start : preds[0].end]


def test_answer_found_in_a_later_stride_window(reader):
    filler = " ".join(f"Sentence number {i} talks about the weather in a small village." for i in range(60))
    text = filler + " The lighthouse keeper was named Bartholomew Quince. " + filler
    rp = _readable(text)
    preds = reader.read("What was the name of the lighthouse keeper?", [rp])
    best = text[preds[0].start : preds[0].end]
    assert "Bartholomew Quince" in best
    assert len(reader.tokenizer(text)["input_ids"]) > 3 * reader.max_length  # really several windows


def test_scores_are_margins_over_no_answer_best_first(reader):
    """The reader's score is its span-vs-null margin (the selector turns it into a probability)."""
    rp = _readable("The committee met in Geneva on Tuesday. It approved the budget of 4 million francs.")
    preds = reader.read("How large was the budget?", [rp])
    assert preds
    scores = [p.score for p in preds]
    assert scores == sorted(scores, reverse=True)
    for p in preds:
        assert p.margin is not None and p.span_logit is not None and p.null_logit is not None
        assert abs(p.score - (p.span_logit - p.null_logit)) < 1e-4


# ---------------------------------------------------------------- whole-word spans

_WORDS = [
    "739",
    "2023",
    "officers",
    "Kenya's",
    "U.S.",
    "$5m",
    "co-operation",
    "Zürich",
    "police",
    "x1y2",
    "(Reuters)",
    "9,500",
    "5.8",
]


def _random_passage(draw_words: list[str]) -> str:
    sentences, sentence = [], []
    for i, word in enumerate(draw_words):
        sentence.append(word)
        if i % 7 == 6:
            sentences.append(" ".join(sentence) + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence) + ".")
    return " ".join(sentences)


def test_no_candidate_starts_or_ends_inside_a_word(reader):
    """Property over random passages built of digit runs, names and punctuation: spans never cut an alphanumeric run."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from qa.readers.span_model import cuts_a_word

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(st.sampled_from(_WORDS), min_size=3, max_size=40),
        st.sampled_from(["How many officers?", "When was it?", "Who said it?", "How much money?"]),
    )
    def check(words: list[str], question: str) -> None:
        text = _random_passage(words)
        for p in reader.read(question, [_readable(text)]):
            assert not cuts_a_word(text, p.start, p.end), (text, text[p.start : p.end])

    check()


def test_cuts_a_word_examples():
    from qa.readers.span_model import cuts_a_word

    text = "It trained 739 officers in 2023."
    assert cuts_a_word(text, text.index("739"), text.index("739") + 2)  # "73"
    assert cuts_a_word(text, text.index("2023") + 3, text.index("2023") + 4)  # "3"
    assert not cuts_a_word(text, text.index("739"), text.index("739") + 3)
    assert not cuts_a_word(text, text.index("2023"), text.index("2023") + 4)
    assert cuts_a_word(text, 5, 5)  # empty


def test_a_number_is_one_word_across_its_decimal_point_and_thousands_commas():
    from qa.readers.span_model import cuts_a_word

    text = "A blog every 5.8 seconds; 8,661 fans in 2004, 5 more."
    for cut in ("every 5", "8 seconds", "8,", "661 fans", "8"):
        start = text.index(cut)
        assert cuts_a_word(text, start, start + len(cut)), cut
    for whole in ("every 5.8 seconds", "5.8", "8,661", "2004", "5 more", "2004, 5"):
        start = text.index(whole)
        assert not cuts_a_word(text, start, start + len(whole)), whole


def test_a_span_never_crosses_a_blank_line_but_may_cross_a_wrapped_line():
    from qa.readers.span_model import crosses_a_paragraph

    text = "Kenya sent 800.\n\nimage\nby BRIAN ORUTA\n \nIn a statement on Monday,\nthe US said so."
    assert crosses_a_paragraph(text, text.index("800"), text.index("Monday") + 6)
    assert crosses_a_paragraph(text, text.index("ORUTA"), text.index("Monday") + 6)  # a blank line of spaces
    assert not crosses_a_paragraph(text, text.index("Monday"), text.index("said") + 4)  # wrapped line
    assert not crosses_a_paragraph(text, text.index("800"), text.index("800") + 3)


def test_reader_candidates_stay_inside_one_paragraph(reader):
    """Spans from every window of a passage of short paragraphs: none holds a blank line."""
    from qa.readers.span_model import crosses_a_paragraph

    text = (
        "The number of Kenyan police in Haiti is 800.\n\nimage\nby BRIAN ORUTA\n\nRealtime 14 April 2025 - 13:39\n\n"
        "In a statement on Monday, the US said it supports the mission.\n\nThe statement followed a meeting."
    )
    for question in ("When was the statement made?", "How many police are in Haiti?", "Who wrote it?"):
        preds = reader.read(question, [_readable(text)])
        assert preds
        for p in preds:
            assert not crosses_a_paragraph(text, p.start, p.end), text[p.start : p.end]


def test_a_span_never_runs_from_one_sentence_into_the_next():
    from qa.readers.span_model import crosses_a_sentence

    text = (
        "Kublai attacked the rich Yangzi River basin. An expedition failed!\n"
        "He met Dr. Thomas Coke, as in Brown v. Board of Education.\n"
        'Wire copy wraps\nat seventy columns. "It is over." Then he left'
    )
    sentences = _readable(text).sentences
    for crossing in ("Yangzi River basin. An", "failed!\nHe met", 'columns. "It', 'over." Then'):
        start = text.index(crossing)
        assert crosses_a_sentence(text, sentences, start, start + len(crossing)), crossing
    for inside in ("Yangzi River basin", "Dr. Thomas Coke", "Brown v. Board", "wraps\nat seventy", "Then he left"):
        start = text.index(inside)
        assert not crosses_a_sentence(text, sentences, start, start + len(inside)), inside


def test_word_boundary_masks_allow_only_first_and_last_pieces():
    from qa.readers.span_model import word_boundary_masks

    starts, ends = word_boundary_masks([None, 0, 0, 1, None, 2, 2, 2, None])
    assert starts.tolist() == [False, True, False, True, False, True, False, False, False]
    assert ends.tolist() == [False, False, True, True, False, False, False, True, False]


def _moved(text: str, piece: str, move: Callable[[str, int, int], tuple[int, int]]) -> str:
    """``piece`` (found in ``text``) after ``move`` has set its ends."""
    start = text.index(piece)
    s, e = move(text, start, start + len(piece))
    return text[s:e]


def trimmed(text: str, piece: str) -> str:
    """``piece`` (found in ``text``) after ``trim_span_punctuation``."""
    from qa.readers.span_model import trim_span_punctuation

    return _moved(text, piece, trim_span_punctuation)


def test_trim_span_punctuation_examples():
    from qa.readers.span_model import trim_span_punctuation

    text = "Washington plans a “gang suppression force” (GSF), officials said: “soon”."
    assert trimmed(text, "gang suppression force”") == "gang suppression force"
    assert trimmed(text, "“gang suppression force") == "gang suppression force"
    assert trimmed(text, "“gang suppression force”") == "“gang suppression force”"  # a pair is kept
    assert trimmed(text, "(GSF),") == "(GSF)"
    assert trimmed(text, "GSF),") == "GSF"
    assert trimmed(text, "said: ") == "said"
    start, end = trim_span_punctuation("”", 0, 1)
    assert start == end  # nothing but a mark: an empty span, which the reader drops
    aside = "top Tories - including leader Michael Howard - at the next election, and a team-mate -"
    assert trimmed(aside, "Michael Howard -") == "Michael Howard"
    assert trimmed(aside, "- including") == "including"
    assert trimmed(aside, "team-mate") == "team-mate"  # a hyphen inside a word stays


def test_a_closing_full_stop_is_trimmed_but_an_abbreviation_keeps_its_own():
    text = "The rate rose to 12.1%. It peaked in January. Aid came from the U.S. and from J. Smith."
    assert trimmed(text, "12.1%.") == "12.1%"
    assert trimmed(text, "January.") == "January"
    assert trimmed(text, "the U.S.") == "the U.S."
    assert trimmed(text, "J.") == "J."


def test_trimmed_spans_stay_inside_and_never_grow():
    """Property: trimming only moves the ends inwards, and a trimmed span never ends on an unpaired closer."""
    from hypothesis import given
    from hypothesis import strategies as st

    from qa.readers.span_model import trim_span_punctuation

    alphabet = st.sampled_from(list("ab 1,;:.()“”\"'’[]-–"))

    @given(st.lists(alphabet, min_size=1, max_size=30).map("".join), st.data())
    def check(text: str, data: st.DataObject) -> None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        s, e = trim_span_punctuation(text, start, end)
        assert start <= s <= e <= end
        piece = text[s:e]
        if piece:
            assert piece == piece.strip()
            assert piece[-1] not in ",;:"
            assert not (piece[-1] in "-–" and (len(piece) == 1 or piece[-2].isspace()))
            if piece[-1] in "”)]":
                assert {"”": "“", ")": "(", "]": "["}[piece[-1]] in piece[:-1]

    check()


_BRACKETED = "It runs 1,230 km (760 mi) through the Central Secretariat (or Zhongshu Sheng) at Khanbaliq [2] in (p - 1)! steps."
_SUMS = "Her £67m fortune, a $100,000 prize money pot, $125 per month, $5 million in cash, over $40 million, £5bn Apple deal."


@pytest.mark.parametrize(
    ("rule", "text", "piece", "expected"),
    [
        # a span is cut before a bracket it does not close
        ("cut_unclosed_brackets", _BRACKETED, "1,230 km (760 mi", "1,230 km"),
        ("cut_unclosed_brackets", _BRACKETED, "Central Secretariat (or Zhongshu", "Central Secretariat"),
        ("cut_unclosed_brackets", _BRACKETED, "Zhongshu Sheng) at Khanbaliq", "Zhongshu Sheng"),
        ("cut_unclosed_brackets", _BRACKETED, "1,230 km (760 mi)", "1,230 km (760 mi)"),  # a pair inside stays
        ("cut_unclosed_brackets", _BRACKETED, "Khanbaliq [2] in (p", "Khanbaliq [2] in"),
        ("cut_unclosed_brackets", _BRACKETED, "(760 mi", "(760 mi"),  # nothing would be left: kept as it was
        ("cut_unclosed_brackets", _BRACKETED, "the Central", "the Central"),
        # the noun after a sum of money is cut, but a rate or a linked phrase stays
        ("drop_money_noun", _SUMS, "£67m fortune", "£67m"),
        ("drop_money_noun", _SUMS, "$100,000 prize money", "$100,000"),
        ("drop_money_noun", _SUMS, "$100,000 prize money pot", "$100,000 prize money pot"),  # a phrase of its own
        ("drop_money_noun", _SUMS, "$125 per month", "$125 per month"),  # a rate
        ("drop_money_noun", _SUMS, "$5 million in cash", "$5 million in cash"),
        ("drop_money_noun", _SUMS, "over $40 million", "over $40 million"),
        ("drop_money_noun", _SUMS, "£5bn Apple deal", "£5bn Apple deal"),  # a name after the sum
        ("drop_money_noun", _SUMS, "Her £67m", "Her £67m"),  # no sum at the start
    ],
)
def test_span_edge_rules(rule: str, text: str, piece: str, expected: str) -> None:
    from qa.readers import span_model

    assert _moved(text, piece, getattr(span_model, rule)) == expected


def test_dropping_a_money_noun_only_shortens_a_span_to_its_sum():
    """Property: the start never moves, the end only moves inwards, and a shortened span is a sum of money."""
    from hypothesis import given
    from hypothesis import strategies as st

    from qa.readers.span_model import drop_money_noun

    alphabet = st.sampled_from(["$", "£", "5", "0", ",", ".", " ", "m", "bn", "fortune", "per", "a", "US", "in", "X"])

    @given(st.lists(alphabet, min_size=1, max_size=20).map("".join), st.data())
    def check(text: str, data: st.DataObject) -> None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        s, e = drop_money_noun(text, start, end)
        assert s == start and start <= e <= end
        if e < end:
            assert e > s and any(sign in text[s:e] for sign in "$£") and text[e - 1].isalnum()

    check()


def test_cut_spans_stay_inside_and_balance_their_brackets():
    """Property: the cut only moves the end inwards, and leaves every bracket closed inside the span (or the span as it was)."""
    from hypothesis import given
    from hypothesis import strategies as st

    from qa.readers.span_model import cut_unclosed_brackets

    alphabet = st.sampled_from(list("ab 1,.()[]{}"))

    def balanced(piece: str) -> bool:
        stack: list[str] = []
        for ch in piece:
            if ch in "([{":
                stack.append(ch)
            elif ch in ")]}":
                if not stack or "([{"[")]}".index(ch)] != stack.pop():
                    return False
        return not stack

    @given(st.lists(alphabet, min_size=1, max_size=30).map("".join), st.data())
    def check(text: str, data: st.DataObject) -> None:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        s, e = cut_unclosed_brackets(text, start, end)
        assert (s, e) == (start, end) or (start <= s < e <= end and balanced(text[s:e]))

    check()


def test_length_buckets_group_similar_windows_and_cover_each_once():
    from qa.readers.span_onnx import length_buckets

    lengths = [200, 120, 150, 125, 118, 210, 30]
    groups = length_buckets(lengths, batch=2)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    for group in groups:
        widths = [lengths[i] for i in group]
        assert len(group) <= 2 and max(widths) <= 1.1 * min(widths)
    assert length_buckets([], batch=32) == []
    assert length_buckets([100] * 5, batch=32) == [[0, 1, 2, 3, 4]]


def test_bucketed_logits_equal_one_window_at_a_time(reader):
    """Grouping windows by length changes no logit: each window's logits match a pass of its own."""
    import numpy as np

    from qa.readers.span_model import encode_windows
    from qa.readers.span_onnx import onnx_logits

    assert reader.backend == "onnx"  # the default backend
    texts = ["Kenya sent 400 officers.", "Haiti " * 400 + "The mission began in June 2024.", "The UN met. " * 20]
    enc = encode_windows(reader.tokenizer, ["When did the mission begin?"] * 3, texts, reader.max_length, reader.stride)
    bucketed = onnx_logits(reader.session, reader._input_names, enc, reader.tokenizer.pad_token_id, 32)
    single = onnx_logits(reader.session, reader._input_names, enc, reader.tokenizer.pad_token_id, 1)
    assert len(enc.encodings) > 3  # the long text overflows into stride windows
    for got, want in zip(bucketed[0] + bucketed[1], single[0] + single[1]):
        assert got.shape == want.shape and np.allclose(got, want, atol=1e-4)


def test_a_number_keeps_its_attached_per_cent_and_currency_signs():
    from qa.readers.span_model import attach_number_units

    text = "Universal bought the 50% it did not own; Craymer's £67m fortune grew 5 % and $3 more."

    def widened(answer: str) -> str:
        start = text.index(answer)
        s, e = attach_number_units(text, start, start + len(answer))
        return text[s:e]

    assert widened("50") == "50%"
    assert widened("67m") == "£67m"
    assert widened("the 50") == "the 50%"
    assert widened("5") == "5"  # "5 %": the sign is a word of its own
    assert widened("3") == "$3"
    assert widened("Universal") == "Universal"
    assert widened("50%") == "50%"
