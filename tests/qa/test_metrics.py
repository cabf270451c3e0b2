"""SQuAD metrics: known values by hand, and agreement with the official scripts.

The reference functions below are an independent re-implementation of the
official ``evaluate-v1.1.py`` (and the ``compute_f1`` of ``evaluate-v2.0.py``
for empty answers), written the way those scripts are written, so a drift
in ``qa.metrics`` shows up as a disagreement on random strings.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.metrics import exact_match, f1, max_over_gold, normalize_answer

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------- official-script reference


def ref_normalize_answer(s: str) -> str:
    """evaluate-v1.1.py: lower, remove punctuation, articles, extra white space."""

    def remove_articles(text: str) -> str:
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text: str) -> str:
        return " ".join(text.split())

    def remove_punc(text: str) -> str:
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    def lower(text: str) -> str:
        return text.lower()

    return white_space_fix(remove_articles(remove_punc(lower(s))))


def ref_f1_v11(prediction: str, ground_truth: str) -> float:
    prediction_tokens = ref_normalize_answer(prediction).split()
    ground_truth_tokens = ref_normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    return (2 * precision * recall) / (precision + recall)


def ref_exact_v11(prediction: str, ground_truth: str) -> bool:
    return ref_normalize_answer(prediction) == ref_normalize_answer(ground_truth)


def ref_f1_v20(a_gold: str, a_pred: str) -> float:
    """evaluate-v2.0.py compute_f1: two empty answers agree, one empty does not."""

    def get_tokens(s: str) -> list[str]:
        if not s:
            return []
        return ref_normalize_answer(s).split()

    gold_toks = get_tokens(a_gold)
    pred_toks = get_tokens(a_pred)
    common = Counter(gold_toks) & Counter(pred_toks)
    num_same = sum(common.values())
    if len(gold_toks) == 0 or len(pred_toks) == 0:
        return int(gold_toks == pred_toks)
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(pred_toks)
    recall = 1.0 * num_same / len(gold_toks)
    return (2 * precision * recall) / (precision + recall)


def ref_max_over_ground_truths(metric_fn, prediction, ground_truths):
    return max(metric_fn(prediction, gt) for gt in ground_truths)


# ------------------------------------------------------------ hand-made values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Denver Broncos!", "denver broncos"),
        ("  a   cat,  an owl & THE dog. ", "cat owl dog"),
        ("theater anthem", "theater anthem"),  # articles only as whole words
        ("1,247", "1247"),
        ("30%", "30"),
        ("U.S.-based", "usbased"),
        ("", ""),
        ("the", ""),
    ],
)
def test_normalize_answer_known_values(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_exact_match_ignores_case_punctuation_articles() -> None:
    assert exact_match("the Denver Broncos.", "Denver Broncos") == 1.0
    assert exact_match("Denver  broncos", "DENVER BRONCOS") == 1.0
    assert exact_match("Denver", "Denver Broncos") == 0.0


def test_curly_quotes_are_not_punctuation_as_in_official_script() -> None:
    # string.punctuation is ASCII only; the official script keeps “ ” so we must too.
    assert exact_match("a “gang suppression force”", "gang suppression force") == 0.0
    assert exact_match("a “gang suppression force”", "a “gang suppression force”") == 1.0


def test_f1_partial_overlap_known_values() -> None:
    assert f1("Denver", "Denver Broncos") == pytest.approx(2 / 3)
    # pred [broncos, won, game] vs gold [denver, broncos]: P=1/3, R=1/2
    assert f1("Broncos won the game", "the Denver Broncos") == pytest.approx(0.4)
    assert f1("Carolina Panthers", "the Carolina Panthers") == 1.0
    assert f1("Panthers Panthers", "Panthers") == pytest.approx(2 / 3)  # counts, not sets
    assert f1("Seattle", "Denver Broncos") == 0.0


def test_several_gold_answers_take_the_best() -> None:
    golds = ["Kenyan President William Ruto", "William Ruto"]
    assert max_over_gold(exact_match, "William Ruto", golds) == 1.0
    assert max_over_gold(f1, "Ruto", golds) == pytest.approx(2 * 1 * 0.5 / 1.5)
    assert max_over_gold(f1, "president Ruto", golds) == pytest.approx(max(2 * 1 * 0.5 / 1.5, 2 * 1 * 0.5 / 1.5))


def test_unanswerable_scores_only_the_empty_prediction() -> None:
    assert max_over_gold(exact_match, "", []) == 1.0
    assert max_over_gold(f1, "  ", []) == 1.0
    assert max_over_gold(exact_match, "William Ruto", []) == 0.0
    assert max_over_gold(f1, "William Ruto", []) == 0.0


def test_empty_prediction_on_answerable_question_scores_zero() -> None:
    assert max_over_gold(exact_match, "", ["710"]) == 0.0
    assert max_over_gold(f1, "", ["710"]) == 0.0


# ------------------------------------------------- agreement with the reference

_WORDS = [
    "a",
    "an",
    "the",
    "The",
    "A",
    "Denver",
    "broncos",
    "1,247",
    "30%",
    "U.S.",
    "café",
    "“quoted”",
    "theater",
    "and",
    "—",
    "x",
    "ÉCOLE",
    "don't",
    "(1999)",
    "an-",
    "a.",
    "ﬁ",
    "İstanbul",
]
_SEPARATORS = [" ", "  ", "\t", "\n", ", ", "-", ".", "\u00a0", ""]

phrases = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), min_size=0, max_size=8).map(
    lambda parts: "".join(w + s for w, s in parts)
)
any_text = st.one_of(phrases, st.text(max_size=30))


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_normalize_matches_official(text: str) -> None:
    assert normalize_answer(text) == ref_normalize_answer(text)


@settings(max_examples=400, deadline=None)
@given(any_text, any_text)
def test_exact_and_f1_match_official(prediction: str, gold: str) -> None:
    assert exact_match(prediction, gold) == float(ref_exact_v11(prediction, gold))
    assert f1(prediction, gold) == pytest.approx(ref_f1_v20(gold, prediction))
    if normalize_answer(prediction) and normalize_answer(gold):
        # v1.1 and v2.0 differ only when a side is empty after normalising.
        assert f1(prediction, gold) == pytest.approx(ref_f1_v11(prediction, gold))


@settings(max_examples=200, deadline=None)
@given(any_text, st.lists(any_text.filter(lambda g: normalize_answer(g) != ""), min_size=1, max_size=4))
def test_max_over_gold_matches_official(prediction: str, golds: list[str]) -> None:
    assert max_over_gold(exact_match, prediction, golds) == float(ref_max_over_ground_truths(ref_exact_v11, prediction, golds))
    assert max_over_gold(f1, prediction, golds) == pytest.approx(
        ref_max_over_ground_truths(lambda p, g: ref_f1_v20(g, p), prediction, golds)
    )


def test_dev_gold_answers_cross_scores_match_official() -> None:
    """Every answer of the dev set scored against every other, both ways."""
    answers: list[str] = []
    with open(ROOT / "data" / "gold" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                answers.extend(json.loads(line)["answers"])
    assert answers
    for pred in answers:
        for gold in answers:
            assert exact_match(pred, gold) == float(ref_exact_v11(pred, gold))
            assert f1(pred, gold) == pytest.approx(ref_f1_v11(pred, gold))
