"""Calibration metrics: ECE, the reliability table and risk-coverage."""

from __future__ import annotations

import pytest

from qa.calibration import calibration_metrics, expected_calibration_error, reliability_table, risk_coverage


def test_perfectly_calibrated_confidences_have_zero_ece() -> None:
    confidences = [0.25] * 4 + [0.75] * 4
    correct = [1, 0, 0, 0] + [1, 1, 1, 0]
    assert expected_calibration_error(confidences, correct) == pytest.approx(0.0)


def test_overconfidence_is_the_gap_weighted_by_bin_size() -> None:
    # 10 answers at 0.95, half right: gap 0.45 on all of them.
    assert expected_calibration_error([0.95] * 10, [1, 0] * 5) == pytest.approx(0.45)
    # plus 10 at 0.15, all wrong: gap 0.15 on half the questions.
    assert expected_calibration_error([0.95] * 10 + [0.15] * 10, [1, 0] * 5 + [0] * 10) == pytest.approx(0.30)


def test_reliability_table_counts_every_question_once_including_1_0() -> None:
    rows = reliability_table([0.0, 0.05, 0.5, 0.99, 1.0], [0, 0, 1, 1, 1])
    assert len(rows) == 10
    assert sum(r["count"] for r in rows) == 5
    assert rows[-1]["count"] == 2 and rows[-1]["accuracy"] == 1.0
    assert rows[3]["count"] == 0 and rows[3]["accuracy"] is None


def test_risk_coverage_rewards_confidence_that_ranks_right_answers_first() -> None:
    good = risk_coverage([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])
    bad = risk_coverage([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])
    assert good["accuracy@50%coverage"] == 100.0 and bad["accuracy@50%coverage"] == 0.0
    assert good["accuracy@100%coverage"] == bad["accuracy@100%coverage"] == 50.0
    assert good["risk_coverage_auc"] > bad["risk_coverage_auc"]


def test_empty_input_gives_none_not_an_error() -> None:
    metrics = calibration_metrics([], [])
    assert metrics["ece"] is None and metrics["risk_coverage_auc"] is None
