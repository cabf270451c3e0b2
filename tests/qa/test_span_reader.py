"""The span reader's character mapping: answers are exact slices of the original text."""

from __future__ import annotations

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


def test_confidences_are_probabilities_and_sorted(reader):
    rp = _readable("The committee met in Geneva on Tuesday. It approved the budget of 4 million francs.")
    preds = reader.read("How large was the budget?", [rp])
    scores = [p.score for p in preds]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
