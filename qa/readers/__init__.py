"""Interchangeable answer readers (``--reader sentence|span``)."""

from __future__ import annotations

from collections.abc import Callable

from index.embedding import TextEncoder
from qa.config import QAConfig
from qa.readers.base import ReadablePassage, Reader, SpanPrediction


def _span(config: QAConfig, embedder: TextEncoder) -> Reader:
    from qa.list_siblings import sibling_spans
    from qa.readers.span import SpanReader

    return SpanReader(
        config.reader_path,
        int8=config.reader_int8 or config.precision == "int8",
        backend=config.backend,
        propose=sibling_spans if config.list_siblings else None,
    )


def _sentence(config: QAConfig, embedder: TextEncoder) -> Reader:
    from qa.readers.sentence import SentenceReader

    return SentenceReader(embedder)


READERS: dict[str, Callable[[QAConfig, TextEncoder], Reader]] = {"span": _span, "sentence": _sentence}

__all__ = ["READERS", "ReadablePassage", "Reader", "SpanPrediction"]
