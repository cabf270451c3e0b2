"""Word-piece windows and span decoding for the trained extractive reader.

Shared by training (``qa.readers.training``) and inference
(``qa.readers.span``) so both see the same windows: the question first, then
a stride window of the passage, with the fast tokenizer's offset mapping
carrying every word piece back to character offsets in the passage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WindowSpan:
    """One candidate answer from one window, in passage character offsets."""

    passage_index: int
    start: int
    end: int
    score: float  # start logit + end logit
    null_score: float  # CLS start + CLS end of the same window


def encode_windows(tokenizer, questions, passages, max_length: int, stride: int, padding=False):
    """Tokenise (question, passage) pairs into overlapping windows.

    Returns the tokenizer's BatchEncoding with ``offset_mapping`` and
    ``overflow_to_sample_mapping``; offsets of question and special tokens are
    kept but masked out later through ``sequence_ids``.
    """
    return tokenizer(
        list(questions),
        list(passages),
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=padding,
    )


def context_token_mask(encoding, feature_index: int) -> np.ndarray:
    """Boolean mask of the word pieces that belong to the passage."""
    seq_ids = encoding.sequence_ids(feature_index)
    return np.array([s == 1 for s in seq_ids], dtype=bool)


def decode_window(
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    offsets: list[tuple[int, int]],
    context_mask: np.ndarray,
    passage_index: int,
    max_answer_tokens: int = 30,
    n_best: int = 20,
) -> list[WindowSpan]:
    """Best-scoring spans of one window (start <= end, inside the passage).

    Scores are raw logit sums, not a per-window softmax, so they stay
    comparable with the window's own null (CLS) score and across windows.
    """
    n = min(len(offsets), len(start_logits))
    start_logits = start_logits[:n]
    end_logits = end_logits[:n]
    mask = context_mask[:n]
    null_score = float(start_logits[0] + end_logits[0])
    masked_start = np.where(mask, start_logits, -np.inf)
    masked_end = np.where(mask, end_logits, -np.inf)
    k = min(n_best, int(mask.sum()))
    if k == 0:
        return []
    start_idx = np.argpartition(-masked_start, k - 1)[:k]
    end_idx = np.argpartition(-masked_end, k - 1)[:k]
    spans: list[WindowSpan] = []
    for s in start_idx:
        for e in end_idx:
            if e < s or e - s + 1 > max_answer_tokens:
                continue
            score = float(start_logits[s] + end_logits[e])
            spans.append(
                WindowSpan(passage_index, int(offsets[s][0]), int(offsets[e][1]), score, null_score)
            )
    spans.sort(key=lambda sp: sp.score, reverse=True)
    return spans[:n_best]
