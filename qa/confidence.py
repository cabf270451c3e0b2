"""One confidence in [0, 1] per answer, comparable across passages and questions.

The span reader was trained with "no answer" windows, so its margin (best
span logits minus the window's own CLS logits) already means "how sure is
the answer here at all"; unlike a per-window softmax it does not sum to one
inside every window whether or not the window holds an answer. Two more
pieces of evidence shift that margin, in logits:

- retrieval rank: a little off per rank below the first, which also breaks
  near-ties between passages in favour of the retriever's choice;
- sentence coverage (``qa.evidence``): off in proportion to how much of the
  question's IDF weight the answer's sentences miss.

The sum is squashed with a temperature so the threshold in ``QAConfig``
reads as a probability-like number.
"""

from __future__ import annotations

import math

MARGIN_TEMPERATURE = 4.0
RANK_PENALTY = 0.5  # logits per retrieval rank below the first


def span_confidence(margin: float, rank: int, coverage: float | None = None, coverage_weight: float = 0.0) -> float:
    """sigmoid((margin - RANK_PENALTY*(rank-1) - coverage_weight*(1-coverage)) / T)."""
    logit = margin - RANK_PENALTY * (max(rank, 1) - 1)
    if coverage is not None:
        logit -= coverage_weight * (1.0 - coverage)
    logit /= MARGIN_TEMPERATURE
    if logit < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))
