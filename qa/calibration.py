"""Is the confidence a probability a user can trust? Calibration and risk-coverage metrics.

Each question contributes one pair: the confidence of the answer the system
chose (before any refusal) and whether that answer is right (exact match;
for an unanswerable question any answer is wrong). From those pairs:

- **expected calibration error** (ECE, Naeini et al. 2015): the gap between
  mean confidence and accuracy in 10 equal-width bins, weighted by bin size;
- the **reliability table** behind it (count, mean confidence, accuracy per bin);
- **risk-coverage** (El-Yaniv & Wiener 2010; Kamath et al. 2020): answering
  only the most confident fraction of questions, how often are the answers
  right; accuracy at 50 %, 80 % and 100 % coverage and the area under the
  accuracy-coverage curve (AUC, higher is better).

Pure Python: ``qa eval`` reports these without numpy on its path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

BINS = 10
COVERAGES = (50, 80, 100)


def reliability_table(confidences: Sequence[float], correct: Sequence[float], bins: int = BINS) -> list[dict[str, Any]]:
    """One row per equal-width confidence bin: its range, count, mean confidence and accuracy (None when empty)."""
    rows: list[dict[str, Any]] = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [(c, y) for c, y in zip(confidences, correct) if (lo <= c < hi) or (b == bins - 1 and c == 1.0)]
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "count": len(members),
                "confidence": round(sum(c for c, _ in members) / len(members), 4) if members else None,
                "accuracy": round(sum(y for _, y in members) / len(members), 4) if members else None,
            }
        )
    return rows


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[float], bins: int = BINS) -> float | None:
    """Size-weighted mean |accuracy - confidence| over the bins, in 0-1; None without questions."""
    n = len(confidences)
    if n == 0:
        return None
    total = 0.0
    for row in reliability_table(confidences, correct, bins):
        if row["count"]:
            total += row["count"] * abs(row["accuracy"] - row["confidence"])
    return total / n


def risk_coverage(confidences: Sequence[float], correct: Sequence[float]) -> dict[str, float | None]:
    """Accuracy (%) of the most confident 50 / 80 / 100 % of answers and the curve's area (%)."""
    n = len(confidences)
    out: dict[str, float | None] = {f"accuracy@{c}%coverage": None for c in COVERAGES}
    out["risk_coverage_auc"] = None
    if n == 0:
        return out
    ranked = [y for _, y in sorted(zip(confidences, correct), key=lambda pair: -pair[0])]
    running = 0.0
    cumulative = []
    for i, y in enumerate(ranked, start=1):
        running += y
        cumulative.append(running / i)
    for c in COVERAGES:
        k = max(1, round(n * c / 100))
        out[f"accuracy@{c}%coverage"] = round(100 * cumulative[k - 1], 2)
    out["risk_coverage_auc"] = round(100 * sum(cumulative) / n, 2)
    return out


def calibration_metrics(confidences: Sequence[float], correct: Sequence[float]) -> dict[str, Any]:
    """ECE, reliability table and risk-coverage in one dict, for ``qa eval --json``."""
    ece = expected_calibration_error(confidences, correct)
    metrics: dict[str, Any] = {"ece": round(ece, 4) if ece is not None else None}
    metrics.update(risk_coverage(confidences, correct))
    metrics["reliability"] = reliability_table(confidences, correct)
    return metrics
