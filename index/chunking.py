"""Split cleaned articles into sentences, and pack sentences into chunks.

Sentence boundaries come from blingfire (``index.text.sentence_offsets``):
it returns character offsets (so
sentences map straight back into the original text) and is about 100x faster
than pysbd, which matters when indexing 50,000 articles. Its Python wrapper
converts the library's UTF-8 byte offsets to ``str`` indices; that was checked
on curly quotes, accents, CJK and emoji (see ``tests/index/test_chunking.py``),
and every offset is still validated here before use.

Chunks are runs of consecutive sentences that fit the embedding model's token
budget, with a sentence of overlap so an answer that straddles a boundary is
still whole in one chunk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from index.cleaning import tighten
from index.text import sentence_offsets
from index.types import Chunk, CleanedDocument, Span

CountTokens = Callable[[list[str]], list[int]]

WORDS_TO_TOKENS = 1.3  # word pieces per English word, roughly


def approx_token_count(texts: list[str]) -> list[int]:
    """About 1.3 tokens per whitespace-separated word: a model-free stand-in.

    Used in tests and anywhere a tokenizer is not worth loading; the index
    builder passes the model tokenizer's exact counts instead.
    """
    return [math.ceil(WORDS_TO_TOKENS * len(text.split())) for text in texts]


def split_sentences(text: str, segments: Sequence[Span]) -> list[Span]:
    """Tight sentence spans of ``text``, never crossing a segment boundary.

    Each segment (a kept line) is split on its own, so a sentence cannot run
    across dropped boilerplate between two lines.
    """
    sentences: list[Span] = []
    for segment in segments:
        for start, end in sentence_offsets(segment.slice(text)):
            span = tighten(text, segment.start + start, segment.start + end)
            if span is not None:
                sentences.append(span)
    return sentences


def _halves(text: str, span: Span) -> list[Span]:
    """``span`` cut in two near its middle, at whitespace when there is any."""
    middle = (span.start + span.end) // 2
    spaces = [i for i in range(span.start + 1, span.end - 1) if text[i].isspace()]
    cut = min(spaces, key=lambda i: abs(i - middle)) if spaces else middle
    return [s for s in (tighten(text, span.start, cut), tighten(text, cut, span.end)) if s is not None]


def fit_to_budget(
    text: str, sentences: list[Span], counts: list[int], count_tokens: CountTokens, max_tokens: int
) -> tuple[list[Span], list[int]]:
    """Bisect sentences over ``max_tokens`` until every piece fits.

    Cuts fall on word boundaries; a single word over the budget (a URL, a
    run of symbols) is cut between characters. Only oversized pieces are
    re-counted, one ``count_tokens`` call per bisection round. A piece of
    one character is kept whatever its count, so this always terminates.

    Returns:
        The pieces in text order and their token counts.
    """
    pieces = list(zip(sentences, counts))
    while True:
        oversized = [i for i, (span, n) in enumerate(pieces) if n > max_tokens and span.end - span.start > 1]
        if not oversized:
            return [span for span, _ in pieces], [n for _, n in pieces]
        halves = {i: _halves(text, pieces[i][0]) for i in oversized}
        new = [half for i in oversized for half in halves[i]]
        new_counts = iter(count_tokens([half.slice(text) for half in new]))
        replaced: list[tuple[Span, int]] = []
        for i, piece in enumerate(pieces):
            replaced += [(half, next(new_counts)) for half in halves[i]] if i in halves else [piece]
        pieces = replaced


def _overlap_start(counts: list[int], end: int, overlap: int, max_tokens: int) -> int:
    """Where the chunk after ``[.., end)`` starts: up to ``overlap`` sentences back.

    The overlap shrinks when it would leave no room for the next new
    sentence, so every chunk adds something and none is a subset of the last.
    """
    if end >= len(counts):
        return end
    for back in range(min(overlap, end), 0, -1):
        if sum(counts[end - back : end + 1]) <= max_tokens:
            return end - back
    return end


def chunk_document(
    cleaned: CleanedDocument,
    count_tokens: CountTokens,
    max_tokens: int = 200,
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Pack a cleaned document's sentences greedily into chunks of ``max_tokens``.

    Args:
        cleaned: the document and its kept segments.
        count_tokens: tokens per text, as the embedding model counts them;
            called once for all sentences (plus once per bisection round
            when a sentence alone exceeds the budget).
        max_tokens: the most tokens (summed over sentences) in one chunk.
        overlap_sentences: sentences each chunk repeats from the previous one.

    Returns:
        Chunks in text order; empty when nothing survived cleaning.

    Raises:
        ValueError: ``max_tokens`` below 1 or ``overlap_sentences`` below 0.
    """
    if max_tokens < 1 or overlap_sentences < 0:
        raise ValueError(f"need max_tokens >= 1 and overlap_sentences >= 0, got {max_tokens}, {overlap_sentences}")
    doc = cleaned.document
    sentences = split_sentences(doc.text, cleaned.segments)
    if not sentences:
        return []
    counts = count_tokens([s.slice(doc.text) for s in sentences])
    sentences, counts = fit_to_budget(doc.text, sentences, counts, count_tokens, max_tokens)
    chunks: list[Chunk] = []
    start = 0
    while start < len(sentences):
        end, total = start + 1, counts[start]
        while end < len(sentences) and total + counts[end] <= max_tokens:
            total += counts[end]
            end += 1
        chunks.append(Chunk(doc.doc_id, sentences[start].start, sentences[end - 1].end, tuple(sentences[start:end])))
        start = _overlap_start(counts, end, overlap_sentences, max_tokens)
    return chunks
