"""Reciprocal-rank fusion: order, ties, weights, disjoint rankings."""

from __future__ import annotations

import pytest

from qa.retrieval import reciprocal_rank_fusion


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
