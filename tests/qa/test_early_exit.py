"""Two-stage reading: the union of a first-passage read and a read of the rest is one read of all passages."""

from __future__ import annotations

import pytest

from index.chunking import split_sentences
from index.types import Span
from qa.config import QAConfig
from qa.early_exit import merged_predictions
from qa.readers.base import ReadablePassage, SpanPrediction
from qa.types import Passage

ARTICLE = (
    "The Kenya-led mission arrived in Port-au-Prince in June 2024. It brought 400 police officers. "
    "Commander Godfrey Otunge leads the contingent. He said the officers were ready. "
    "A further 600 officers are expected by the end of the year. The United States pays for most of the mission. "
    "Marco Rubio met William Ruto in Nairobi. They spoke about funding the mission for another year."
)


@pytest.fixture(scope="module")
def reader():
    from qa.readers.span import SpanReader

    return SpanReader(QAConfig().reader_path)


def _chunks(text: str, per_chunk: int, overlap: int) -> list[ReadablePassage]:
    """Overlapping chunks of one article, as the index cuts them: each repeats the last sentence of the one before."""
    sentences = split_sentences(text, [Span(0, len(text))])
    out: list[ReadablePassage] = []
    first = 0
    while first < len(sentences):
        part = tuple(sentences[first : first + per_chunk])
        start, end = part[0].start, part[-1].end
        passage = Passage(len(out), "article.txt", start, end, text[start:end], 1.0, len(out) + 1)
        out.append(ReadablePassage(passage, text, part))
        first += per_chunk - overlap
    return out


def _key(pred: SpanPrediction) -> tuple[int, int, int]:
    return pred.passage_index, pred.start, pred.end


@pytest.mark.parametrize(
    "question", ["Who leads the Kenyan contingent?", "How many officers are expected by the end of the year?"]
)
def test_a_first_passage_read_merged_with_a_read_of_the_rest_is_one_read_of_all(reader, question: str) -> None:
    passages = _chunks(ARTICLE, per_chunk=3, overlap=1)
    assert len(passages) >= 3
    whole = reader.read_batch([question], [passages])[0]
    first = reader.read_batch([question], [passages[:1]])[0]
    rest = reader.read_batch([question], [passages[1:]])[0]
    merged = merged_predictions(passages, first, rest, offset=1)
    assert sorted(map(_key, merged)) == sorted(map(_key, whole))
    by_key = {_key(p): p.score for p in whole}
    for pred in merged:
        assert pred.score == pytest.approx(by_key[_key(pred)], abs=1e-3)


def test_a_span_in_the_sentence_two_stages_share_is_kept_once(reader) -> None:
    passages = _chunks(ARTICLE, per_chunk=3, overlap=1)
    question = "Who leads the Kenyan contingent?"  # its answer is in the sentence chunks 1 and 2 share
    first = reader.read_batch([question], [passages[:1]])[0]
    rest = reader.read_batch([question], [passages[1:]])[0]
    merged = merged_predictions(passages, first, rest, offset=1)
    assert {(p.start, p.end) for p in first} & {(p.start, p.end) for p in rest}
    assert len(merged) == len({(p.start, p.end) for p in [*first, *rest]}) < len(first) + len(rest)


def test_merging_keeps_a_span_s_best_reading_the_earlier_passage_on_a_tie_best_first() -> None:
    passages = _chunks(ARTICLE, per_chunk=3, overlap=1)
    first = [SpanPrediction(0, 10, 20, 2.0), SpanPrediction(0, 30, 40, 1.0)]
    # ``rest`` counts its passages from passages[1]: index 0 there is passages[1]
    rest = [SpanPrediction(0, 10, 20, 2.0), SpanPrediction(0, 30, 40, 3.0), SpanPrediction(1, 50, 60, 0.5)]
    merged = merged_predictions(passages, first, rest, offset=1)
    assert [(p.passage_index, p.start, p.end, p.score) for p in merged] == [
        (1, 30, 40, 3.0),  # read better in the second stage
        (0, 10, 20, 2.0),  # a tie keeps the first passage's reading
        (2, 50, 60, 0.5),  # shifted to count from the first passage
    ]


def test_spans_of_different_articles_at_the_same_offsets_are_kept_apart() -> None:
    one = _chunks(ARTICLE, per_chunk=3, overlap=1)[0]
    other = ReadablePassage(
        Passage(9, "other.txt", one.passage.start, one.passage.end, one.passage.text, 1.0, 2), one.doc_text, one.sentences
    )
    merged = merged_predictions([one, other], [SpanPrediction(0, 10, 20, 1.0)], [SpanPrediction(0, 10, 20, 2.0)], offset=1)
    assert [(p.passage_index, p.score) for p in merged] == [(1, 2.0), (0, 1.0)]


def test_only_a_first_passage_with_a_sure_reader_margin_is_asked_about_stopping() -> None:
    from qa.early_exit import SURE_MARGIN_FLOOR, may_stop

    assert may_stop([SpanPrediction(0, 0, 3, SURE_MARGIN_FLOOR, SURE_MARGIN_FLOOR), SpanPrediction(0, 5, 9, -2.0, -2.0)])
    assert not may_stop([SpanPrediction(0, 0, 3, SURE_MARGIN_FLOOR - 0.1, SURE_MARGIN_FLOOR - 0.1)])
    assert not may_stop([SpanPrediction(0, 0, 3, 20.0)])  # no reader margin (the sentence reader): never
    assert not may_stop([])
