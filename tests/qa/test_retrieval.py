"""Fusing the dense and BM25 rankings: reciprocal-rank fusion and the convex combination of scores."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.config import QAConfig, check_setting
from qa.errors import UsageError
from qa.retrieval import HybridRetriever, convex_combination, min_max_normalised, reciprocal_rank_fusion


def test_item_ranked_high_by_both_wins():
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    lexical = [(2, 12.0), (3, 11.0), (1, 1.0)]
    fused = reciprocal_rank_fusion([dense, lexical], k=60)
    assert [cid for cid, _ in fused] == [2, 1, 3]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_scores_ignored_only_ranks_matter():
    a = reciprocal_rank_fusion([[(5, 1000.0), (6, 0.1)]])
    b = reciprocal_rank_fusion([[(5, 0.2), (6, 0.1)]])
    assert a == b


def test_union_of_disjoint_rankings_and_stable_ties():
    fused = reciprocal_rank_fusion([[(1, 1.0)], [(2, 1.0)]], k=10)
    assert [cid for cid, _ in fused] == [1, 2]  # equal scores: lower id first, deterministic
    assert fused[0][1] == fused[1][1] == pytest.approx(1 / 11)


def test_weights():
    fused = reciprocal_rank_fusion([[(1, 1.0)], [(2, 1.0)]], k=10, weights=[1.0, 2.0])
    assert fused[0][0] == 2


def test_empty():
    assert reciprocal_rank_fusion([[], []]) == []
    assert convex_combination([[], []], [0.5, 0.5]) == []


def test_min_max_maps_best_to_one_and_worst_to_zero():
    assert min_max_normalised([(7, 12.0), (8, 9.0), (9, 6.0)]) == {7: 1.0, 8: 0.5, 9: 0.0}
    assert min_max_normalised([(7, 0.3), (8, 0.3)]) == {7: 1.0, 8: 1.0}  # a tie (or one hit): all best
    assert min_max_normalised([]) == {}


def test_convex_keeps_score_gaps_that_rrf_levels():
    """BM25 puts chunk 2 far ahead on a rare name; dense ranks 1 first by a hair.

    RRF sees two first places and lets the lower id win; the convex combination
    sees that the dense lead is tiny and the lexical one large.
    """
    dense = [(1, 0.800), (2, 0.799), (3, 0.40)]
    lexical = [(2, 30.0), (1, 5.0), (3, 4.0)]
    assert reciprocal_rank_fusion([dense, lexical])[0][0] == 1
    fused = convex_combination([dense, lexical], [0.5, 0.5])
    assert [cid for cid, _ in fused] == [2, 1, 3]
    expected_2 = 0.5 * (0.799 - 0.40) / (0.800 - 0.40) + 0.5 * 1.0
    assert fused[0][1] == pytest.approx(expected_2)


def test_convex_missing_from_one_list_scores_that_lists_floor():
    fused = dict(convex_combination([[(1, 0.9), (2, 0.5)], [(3, 8.0), (1, 2.0)]], [0.5, 0.5]))
    assert fused == pytest.approx({1: 0.5, 2: 0.0, 3: 0.5})


def test_convex_weights_pick_the_side():
    dense, lexical = [(1, 0.9), (2, 0.1)], [(2, 9.0), (1, 1.0)]
    assert convex_combination([dense, lexical], [1.0, 0.0])[0][0] == 1
    assert convex_combination([dense, lexical], [0.0, 1.0])[0][0] == 2


# Scores on a 0.01 grid: distinct scores stay distinct after any rescaling below (a gap of 1e-300
# would vanish in floating point once shifted, turning two hits into a tie).
scored_hits = st.dictionaries(st.integers(0, 30), st.integers(-5000, 5000).map(lambda x: x / 100), max_size=12).map(
    lambda d: sorted(d.items(), key=lambda item: -item[1])
)


@given(scored_hits, scored_hits, st.floats(0, 1), st.floats(0.01, 100), st.floats(-100, 100))
@settings(max_examples=500)
def test_convex_fusion_properties(dense, lexical, weight, scale, shift):
    """Scores in [0, 1], every hit kept once, and blind to each list's units (a positive affine change)."""
    fused = convex_combination([dense, lexical], [1 - weight, weight])
    assert sorted(cid for cid, _ in fused) == sorted({cid for cid, _ in dense} | {cid for cid, _ in lexical})
    assert all(-1e-9 <= score <= 1 + 1e-9 for _, score in fused)
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)
    rescaled = [(cid, score * scale + shift) for cid, score in lexical]
    again = convex_combination([dense, rescaled], [1 - weight, weight])
    assert [s for _, s in again] == pytest.approx([s for _, s in fused], abs=1e-6)


class _Index:
    """Just enough of a CorpusIndex for the retrievers' constructors."""

    vectors = None
    bm25 = None


def test_hybrid_fuses_by_the_configured_rule():
    dense = [(1, 0.800), (2, 0.799), (3, 0.40)]
    lexical = [(2, 30.0), (1, 5.0), (3, 4.0)]
    convex = HybridRetriever(_Index(), QAConfig())  # type: ignore[arg-type]
    rrf = HybridRetriever(_Index(), QAConfig(fusion="rrf"))  # type: ignore[arg-type]
    dense_only = HybridRetriever(_Index(), QAConfig(lexical_weight=0.0))  # type: ignore[arg-type]
    assert convex.fuse(dense, lexical)[0][0] == 2
    assert rrf.fuse(dense, lexical)[0][0] == 1
    assert [cid for cid, _ in dense_only.fuse(dense, lexical)] == [1, 2, 3]


@pytest.mark.parametrize(("key", "value"), [("fusion", "borda"), ("lexical_weight", 1.5), ("lexical_weight", -0.1)])
def test_bad_fusion_settings_are_one_usage_error(key, value):
    with pytest.raises(UsageError, match=key):
        check_setting(key, value)
