"""SQuAD answer metrics, computed exactly as the official v1.1/v2.0 scripts do.

The normalisation (lower-case, drop punctuation, drop the articles a/an/the,
fold white space) and the token-level F1 are copied in behaviour from the
official ``evaluate-v1.1.py`` so our numbers can be compared with published
ones. ``tests/qa/test_metrics.py`` checks this against an independent
re-implementation of the official script.
"""

from __future__ import annotations

import collections
import re
import string
from collections.abc import Callable, Sequence

_PUNCTUATION = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    """Normalise an answer the way the official SQuAD evaluation does."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def exact_match(prediction: str, gold: str) -> float:
    """1.0 when the normalised strings are equal, else 0.0."""
    return float(normalize_answer(prediction) == normalize_answer(gold))


def f1(prediction: str, gold: str) -> float:
    """Token-overlap F1 between normalised prediction and gold."""
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    if not pred_tokens or not gold_tokens:
        # SQuAD v2.0 rule: two empty answers agree, one empty answer does not.
        return float(pred_tokens == gold_tokens)
    common = collections.Counter(pred_tokens) & collections.Counter(gold_tokens)
    overlap = sum(common.values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(pred_tokens)
    recall = overlap / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def max_over_gold(metric: Callable[[str, str], float], prediction: str, golds: Sequence[str]) -> float:
    """Best score over every acceptable answer; ``golds == []`` means unanswerable.

    For an unanswerable question the prediction scores 1 only when it is empty,
    as in the SQuAD v2.0 evaluation.
    """
    if not golds:
        return float(prediction.strip() == "")
    return max(metric(prediction, gold) for gold in golds)
