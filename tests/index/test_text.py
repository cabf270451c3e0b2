"""The shared text rules: BM25 words, the stop-word lists, sentences and boilerplate lines."""

from __future__ import annotations

import pytest

from index.text import (
    READER_STOP_WORDS,
    Tokenizer,
    bm25_stop_words,
    content_words,
    fold_accents,
    is_boilerplate,
    is_short_fragment,
    question_content,
    question_stop_words,
    sentence_offsets,
    sentence_units,
    tokenize,
)

FURNITURE = [
    "ADVERTISEMENT",
    "- Advertisement -",
    "logo",
    "image",
    "Related Articles",
    "In Summary",
    "1 month ago",
    "2 hours ago",
    "English (US) ·",
    "9",
    "1.2K",
    "Share",
    "Read more",
    "Subscribe",
    "* * *",
]
CONTENT = [
    "Advertisement revenue fell 5% in 2024.",
    "Share prices rose.",
    "English is one of Kenya's official languages.",
    "Police officers during an operation in Haiti/Handout",
    "by BRIAN ORUTA",
    "US reiterates support for Kenya-led Haiti mission",
    "June 2024",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_short_fragments_are_the_loose_test_for_excerpt_edges() -> None:
    assert is_short_fragment("- Advertisement -") and is_short_fragment("Share this")
    assert is_short_fragment("by BRIAN ORUTA")  # content to the index, trimmable at an excerpt's edge
    assert not is_short_fragment("He left.") and not is_short_fragment("Police raided four homes overnight")


def test_stem_cache_reset_keeps_words_seen_earlier(monkeypatch: pytest.MonkeyPatch) -> None:
    tokenizer = Tokenizer()
    monkeypatch.setattr(Tokenizer, "MAX_CACHED", 3)
    tokenizer(["harbours reopened"])
    out = tokenizer(["harbours reopened storms closed ships"])  # over the limit in this batch
    assert out == [["harbour", "reopen", "storm", "close", "ship"]]


def test_tokenize_lowercases_drops_short_and_stop_words_and_stems() -> None:
    assert tokenize(["The Murdered men of Nairobi, a 2024 case", ""]) == [["murder", "men", "nairobi", "2024", "case"], []]


def test_the_three_word_lists_stay_distinct() -> None:
    index_stop, question_stop = bm25_stop_words(), question_stop_words()
    assert index_stop < question_stop  # evidence drops more from a question than the index drops
    assert {"many", "much", "did", "whose"} <= question_stop - index_stop
    assert "been" in READER_STOP_WORDS and "with" in READER_STOP_WORDS
    assert "about" in question_stop and "about" not in READER_STOP_WORDS


def test_question_content_keeps_the_rare_words_in_order() -> None:
    assert question_content("How many Canadian soldiers did the UN send?") == "Canadian soldiers UN send"


def test_content_words_are_unstemmed_lowercase_runs() -> None:
    assert content_words("Who murdered 3 men in Nairobi?") == {"murdered", "3", "men", "nairobi"}


def test_sentence_offsets_are_characters_and_empty_for_blank_text() -> None:
    text = "Café owners cheered! Last one."
    assert [text[a:b] for a, b in sentence_offsets(text)] == ["Café owners cheered!", "Last one."]
    assert sentence_offsets("  \n ") == []


def test_sentence_units_do_not_split_abbreviations() -> None:
    text = "U.S. Secretary Mr. Rubio spoke. He left.\nNext line"
    units = [text[a:b] for a, b in sentence_units(text)]
    assert units == ["U.S. Secretary Mr. Rubio spoke. ", "He left.\n", "Next line"]


def test_tokenize_folds_accents_and_compatibility_forms() -> None:
    """Typed without accents or with them, a name is one BM25 term (the article's offsets are untouched)."""
    assert tokenize(["Zürich İstanbul Erdoğan São Paulo ﬁnal"]) == tokenize(["Zurich Istanbul Erdogan Sao Paulo final"])
    assert fold_accents("plain ASCII stays as it is") == "plain ASCII stays as it is"
