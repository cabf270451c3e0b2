"""What a fitted selector does on each collected set, and its model card.

The figures come from the collected candidates (``qa.selector_training``),
so they are exactly what the pipeline would answer: the most probable
candidate, refused below the threshold. ``squad-test`` played no part in
fitting, calibrating or choosing the threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qa.calibration import expected_calibration_error, risk_coverage
from qa.features import FEATURE_NAMES
from qa.selector import CAP_ONLY_FEATURES, Selector
from qa.selector_training import QuestionRows, top_candidates


def set_metrics(selector: Selector, rows: Sequence[QuestionRows], threshold: float) -> dict[str, Any]:
    """SQuAD2-style EM/F1 with refusals, refusal rate per near-miss kind, twins kept, ECE, risk-coverage."""
    tops = top_candidates(selector, rows)
    n = len(tops)
    em = f1 = 0.0
    kinds: dict[str, list[bool]] = {}
    right_kept: list[bool] = []
    answerable_right: list[float] = []
    for prob, top_em, top_f1, answerable, kind in tops:
        answered = prob >= threshold
        if answerable:
            em += top_em if answered else 0.0
            f1 += top_f1 if answered else 0.0
            answerable_right.append(top_em if answered else 0.0)
            if top_em:
                right_kept.append(answered)
        else:
            em += 0.0 if answered else 1.0
            f1 += 0.0 if answered else 1.0
            kinds.setdefault(kind, []).append(not answered)
    refused = {k: round(100 * sum(v) / len(v), 1) for k, v in sorted(kinds.items())}
    unanswerable = [r for v in kinds.values() for r in v]
    confidences = [t[0] for t in tops]
    correct = [t[1] for t in tops]
    ece = expected_calibration_error(confidences, correct)
    # the development sets' own gold questions, without the generated near misses:
    # the mix of questions the gold sets were written as
    gold = [t for t in tops if t[4].startswith("gold")]
    ece_gold = expected_calibration_error([t[0] for t in gold], [t[1] for t in gold]) if gold else None
    return {
        "questions": n,
        "exact_match": round(100 * em / n, 2) if n else None,
        "f1": round(100 * f1 / n, 2) if n else None,
        "answerable_exact_match": round(100 * sum(answerable_right) / len(answerable_right), 2) if answerable_right else None,
        "refused_unanswerable": round(100 * sum(unanswerable) / len(unanswerable), 1) if unanswerable else None,
        "refused_by_kind": refused,
        "right_answers_kept": round(100 * sum(right_kept) / len(right_kept), 1) if right_kept else None,
        "ece": round(ece, 4) if ece is not None else None,
        "ece_gold_questions": round(ece_gold, 4) if ece_gold is not None else None,
        **risk_coverage(confidences, correct),
    }


def selector_report(
    selector: Selector,
    datasets: Mapping[str, Sequence[QuestionRows]],
    threshold: float,
    held_out: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """``set_metrics`` for every dataset, plus the pooled development sets.

    ``held_out`` maps a development set to a threshold chosen without it;
    each such set is reported again at that threshold
    (``"<name> (threshold from the other sets)"``): the figure that a new
    set of the same kind can expect.
    """
    report = {name: set_metrics(selector, rows, threshold) for name, rows in datasets.items()}
    pooled = [row for name, rows in datasets.items() if name.startswith("dev-") for row in rows]
    report["dev-pooled"] = set_metrics(selector, pooled, threshold)
    for name, other_threshold in (held_out or {}).items():
        report[f"{name} (threshold from the other sets)"] = set_metrics(selector, datasets[name], other_threshold)
    return report


def write_model_card(path: Path, selector: Selector, report: Mapping[str, Any]) -> None:
    """A Markdown card: data, features, weights, threshold and the metrics above."""
    lines = _card_data_and_model(selector)
    order = sorted(range(len(FEATURE_NAMES)), key=lambda i: -abs(selector.weights[i]))
    lines += [f"| {FEATURE_NAMES[i]} | {selector.weights[i]:+.3f} |" for i in order]
    added = selector.info.get("added_features") or {}
    if added:
        names = ", ".join(f"`{name}` {weight:+.3f}" for name, weight in added.items())
        lines += [
            "",
            f"Fitted after the rest ({names}): each alone, on the train and calibrate splits' candidates collected again for it, "
            "every other weight, the Platt map, the ceilings and the threshold held fixed "
            "(`qa train-selector --fit-added`, `qa.selector_training.fit_added`).",
        ]
    lines += _card_results(report)
    lines += [
        "",
        "## Limits",
        "",
        "Trained on Wikipedia questions and rule-made near misses; news questions differ in wording. "
        "Near misses that keep every name and number of the question and change only its meaning "
        "(a false premise in the verb) are the hardest to refuse. Attribute swaps (*killed* asked, *graduated* "
        "said) are refused by the ``attribute_clash`` cap only when the answer's sentences or the words around "
        "it use a sibling listed in ``qa.attributes.CONTRASTS``; a swap outside those lists, or one whose "
        "sentence uses neither word, looks like a paraphrase to every feature. The same cap catches a role "
        "confusion when a candidate name's title, at any of its mentions in the articles read, names another "
        "office or another holder than the question's (``qa.role_titles``), and a false premise whose answer's "
        "sentence has the question's doer on the receiving end of the same verb, next to it, a passive read the "
        "other way round (``qa.role_reversal``), or two of the question's names the other way round (the question "
        "finds more of its word pairs in the sentence with the two exchanged, ``qa.name_swap``); a reversal told "
        "with other words passes. Attribute swaps are left out of the regression's and the calibration's data (``UNFITTED_KINDS``).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _card_data_and_model(selector: Selector) -> list[str]:
    """The card's opening, data and model sections, up to the head of the weights table.

    The data lines quote the numbers ``selector.info`` recorded at training
    time ("?" where an older selector lacks one), so the card cannot drift
    from the selector it describes.
    """
    info = selector.info
    return [
        "# corpus-qa answer selector",
        "",
        "Scores every span the reader proposes with a probability of being the right answer;",
        'the pipeline answers with the most probable span, or says "not in the corpus" below the threshold.',
        "Fitted by `qa train-selector` (`qa/selector_training.py`), applied with numpy (`qa/selector.py`).",
        "",
        "## Data",
        "",
        "- train: SQuAD v1.1 dev articles 0-27, open setting over all 2,067 paragraphs, "
        f"{info.get('train_questions', '?')} questions with their generated near misses (`qa/nearmiss.py`); "
        "every candidate is an example, labelled by exact match",
        *_pairs_line(info),
        f"- calibrate: articles 28-31 ({info.get('calibrate_questions', '?')} questions with near misses): Platt scaling on each question's top candidate, "
        f"weighted so that answerable questions are {info.get('answerable_share', '?')} of the mix the probabilities are true for",
        "- test: articles 32-35, kept apart from every choice",
        f"- threshold: the highest probability that still answers {info.get('keep', '?')} of the questions whose "
        f"top candidate is right, on the development sets ({', '.join(info.get('dev_sets', []))} and their "
        f"generated near misses) pooled with the calibrate split: **{selector.threshold:.3f}**; the answered "
        f"questions of the development sets are right {info.get('precision_at_threshold', '?')} of the time",
        '- dev-N sets: dev-0, dev-1, ... are the `--dev` sets in the order above; a row "(threshold from the other sets)" '
        "uses a threshold chosen without that set (leave one set out)",
        "- retrieval the candidates were collected with: "
        + ", ".join(f"{k} = {v}" for k, v in selector.retrieval.items())
        + " (a pipeline that retrieves otherwise ignores `retrieval_score`, whose scale depends on it)",
        "",
        "## Model",
        "",
        f"Logistic regression (L2, C = {info.get('c', '?')}) on {len(FEATURE_NAMES)} standardised features, "
        f"then Platt scaling (calibrated = sigmoid({selector.platt_scale:.3f} * log-odds {selector.platt_bias:+.3f})). "
        "A candidate flagged by one of these features scores at most the smoothed share of such training "
        "candidates that were right: "
        + "; ".join(f"`{name}` {value:.4f}" for name, value in selector.ceilings.items())
        + " (a type that clashes with the question's, one item where it counts several, a clause for a count or a sum, or no one's name for an office holder; an answer that is a name the question gives, or only its first part; "
        "an answer from an article that never mentions the year, month or number, or never uses the office or names the person or organisation the question asks about). "
        + "Capping only, with weight 0 in the regression: "
        + ", ".join(f"`{name}`" for name in CAP_ONLY_FEATURES)
        + ".",
        "",
        "| feature | weight (standardised) |",
        "| --- | --- |",
    ]


def _card_results(report: Mapping[str, Any]) -> list[str]:
    """The card's results section: one table row per evaluated set, then each set's refusals by near-miss kind."""
    lines = [
        "",
        "## Results at the threshold",
        "",
        'EM/F1 count a refusal as right on an unanswerable question (SQuAD 2.0); "kept" is the share of',
        "questions whose top candidate is right that are still answered; ECE over top candidates, 10 bins,",
        "on the whole set (near misses included) and on the development sets' gold questions alone.",
        "",
        "| set | questions | EM | F1 | refused (near misses) | right answers kept | ECE | ECE (gold questions) "
        "| acc@50% cov | risk-coverage AUC |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, m in report.items():
        lines.append(
            f"| {name} | {m['questions']} | {m['exact_match']} | {m['f1']} | {m['refused_unanswerable']} | "
            f"{m['right_answers_kept']} | {m['ece']} | {m['ece_gold_questions'] or '-'} | {m['accuracy@50%coverage']} | {m['risk_coverage_auc']} |"
        )
    lines += ["", "Refused, by near-miss kind:", ""]
    for name, m in report.items():
        kinds = ", ".join(f"{k} {v}%" for k, v in m["refused_by_kind"].items())
        lines.append(f"- {name}: {kinds}")
    return lines


def _pairs_line(info: dict[str, Any]) -> list[str]:
    """The card's line for hand-written pairs fitted with the train split (``--pairs``); none when there were none."""
    pairs = info.get("pairs") or []
    if not pairs:
        return []
    return [
        f"- also fitted (regression only, each candidate weighing {info.get('pairs_weight', '?')}): "
        f"{info.get('pair_questions', '?')} questions of hand-written near-miss pairs ({', '.join(map(str, pairs))}; "
        "`qa/written_pairs.py`), every twin candidate labelled by exact match with its answer"
    ]
