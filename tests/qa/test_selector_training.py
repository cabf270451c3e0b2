"""The refusal-threshold rule and the cached-row format of ``qa.selector_training``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from qa.features import FEATURE_NAMES
from qa.selector import CAP_ONLY_FEATURES, CAPPED_FEATURES
from qa.selector_training import (
    QuestionRows,
    answered_precision,
    fit,
    fit_added,
    load_rows,
    save_rows,
    threshold_keeping,
    top_candidates,
)


def _top(prob: float, right: bool, answerable: bool) -> tuple[float, float, float, bool, str]:
    return (prob, 1.0 if right else 0.0, 1.0 if right else 0.0, answerable, "twin" if answerable else "entity_swap")


def test_threshold_keeps_the_stated_share_of_right_answers() -> None:
    rng = random.Random(7)
    tops = [_top(rng.random(), rng.random() < 0.6, rng.random() < 0.7) for _ in range(300)]
    right = [t[0] for t in tops if t[3] and t[1]]
    for kept in (0.5, 0.85, 0.88, 1.0):
        threshold = threshold_keeping(tops, kept)
        share = sum(p >= threshold for p in right) / len(right)
        assert share >= kept
        # the highest such threshold: the next right answer up is the last one kept
        lowest_kept = min(p for p in right if p >= threshold)
        assert sum(p > lowest_kept for p in right) / len(right) < kept


def test_threshold_refuses_near_misses_below_the_right_answers() -> None:
    tops = [_top(0.9, True, True), _top(0.8, True, True), _top(0.3, False, False), _top(0.2, False, False)]
    threshold = threshold_keeping(tops, 1.0)
    assert 0.3 < threshold < 0.8
    assert answered_precision(tops, threshold) == 1.0


def test_threshold_does_not_follow_how_many_near_misses_there_are() -> None:
    """Ten copies of every near miss below the right answers leave the threshold where it was."""
    rng = random.Random(3)
    base = [_top(0.5 + rng.random() / 2, True, True) for _ in range(40)]
    misses = [_top(rng.random() * 0.4, False, False) for _ in range(40)]
    assert threshold_keeping(base + misses, 0.9) == threshold_keeping(base + misses * 10, 0.9)


def test_threshold_needs_right_answers() -> None:
    with pytest.raises(ValueError):
        threshold_keeping([_top(0.5, False, True), _top(0.4, False, False)], 0.9)


def test_rows_round_trip_and_an_empty_question_stays_empty(tmp_path: Path) -> None:
    features = np.random.default_rng(0).random((2, len(FEATURE_NAMES)))
    rows = [
        QuestionRows("q1", "twin", True, features, np.array([1.0, 0.0]), np.array([1.0, 0.5]), ["739", "graduates"]),
        QuestionRows("q2", "time_shift", False, np.zeros((0, len(FEATURE_NAMES))), np.zeros(0), np.zeros(0), []),
    ]
    path = tmp_path / "rows.jsonl"
    save_rows(rows, path)
    loaded = load_rows(path)
    assert [r.id for r in loaded] == ["q1", "q2"]
    assert loaded[0].features.shape == features.shape
    assert loaded[1].features.shape == (0, len(FEATURE_NAMES))
    assert json.loads(path.read_text().splitlines()[1])["texts"] == []


def _synthetic_rows(n: int, answerable_share: float, seed: int) -> list[QuestionRows]:
    """Questions whose candidates' first feature says, noisily, whether they are right."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        answerable = bool(rng.random() < answerable_share)
        labels = np.zeros(3)
        if answerable and rng.random() < 0.8:
            labels[0] = 1.0
        features = rng.normal(size=(3, len(FEATURE_NAMES)))
        features[:, 0] += 1.5 * labels
        for flag in CAPPED_FEATURES:  # 0/1 flags that cap a candidate, never set here
            features[:, FEATURE_NAMES.index(flag)] = 0.0
        kind = "twin" if answerable else "entity_swap"
        rows.append(QuestionRows(f"q{i}", kind, answerable, features, labels, labels.copy(), ["a", "b", "c"]))
    return rows


def _mean_probability_and_accuracy(selector: object, rows: list[QuestionRows], share: float) -> tuple[float, float]:
    tops = top_candidates(selector, rows)  # type: ignore[arg-type]
    weights = np.array([share / sum(t[3] for t in tops) if t[3] else (1 - share) / sum(not t[3] for t in tops) for t in tops])
    probs = np.array([t[0] for t in tops])
    right = np.array([t[1] for t in tops])
    return float(weights @ probs), float(weights @ right)


def test_calibration_holds_for_the_stated_answerable_share() -> None:
    """The calibrate split is a third answerable; probabilities fitted for half are right on average for half."""
    train = _synthetic_rows(400, 0.5, seed=1)
    calibrate = _synthetic_rows(900, 1 / 3, seed=2)
    stated = fit(train, calibrate, answerable_share=0.5)
    own_mix = fit(train, calibrate, answerable_share=None)
    prob, accuracy = _mean_probability_and_accuracy(stated, calibrate, 0.5)
    assert abs(prob - accuracy) < 0.01
    prob_own, accuracy_own = _mean_probability_and_accuracy(own_mix, calibrate, 0.5)
    assert prob_own < accuracy_own - 0.03  # fitted on the split's mix: too cautious for the stated one
    # the weighting moves the probabilities, never the order of the candidates
    features = calibrate[0].features
    assert np.array_equal(np.argsort(stated.probabilities(features)), np.argsort(own_mix.probabilities(features)))


def test_a_cap_only_flag_gets_no_weight_and_caps_what_it_flags() -> None:
    """The year flag marks mostly wrong candidates: the regression must not weigh it, the cap must hold it down."""
    train = _synthetic_rows(400, 0.5, seed=4)
    column = FEATURE_NAMES.index("period_missing_doc")
    for row in train[::5]:  # a fifth of the questions ask about a year their article lacks; their right answers are rare
        row.features[:, column] = 1.0
        row.labels[:] = 0.0
    selector = fit(train, _synthetic_rows(300, 0.5, seed=5), answerable_share=0.5)
    assert "period_missing_doc" in CAP_ONLY_FEATURES
    assert selector.weights[column] == 0.0
    assert selector.ceilings["period_missing_doc"] < 0.01
    flagged = train[0].features.copy()
    unflagged = flagged.copy()
    unflagged[:, column] = 0.0
    assert np.all(selector.probabilities(flagged) <= selector.ceilings["period_missing_doc"])
    assert selector.probabilities(unflagged).max() > selector.ceilings["period_missing_doc"]


def test_answerable_share_must_be_a_proper_fraction() -> None:
    rows = _synthetic_rows(60, 0.5, seed=3)
    with pytest.raises(ValueError):
        fit(rows, rows, answerable_share=1.0)


def test_cached_candidates_from_another_retrieval_are_refused(tmp_path, monkeypatch, capsys):
    """Rows cached under one fusion rule must not fit a selector applied under another (retrieval scores differ in scale)."""
    import json

    from qa.cli import main

    monkeypatch.chdir(tmp_path)  # no qa.toml here: the default retrieval (hybrid, convex)
    work = tmp_path / "work"
    work.mkdir()
    (work / "squad-test.jsonl").write_text("", encoding="utf-8")
    stamp = {"squad-train": {"retriever": "bm25"}, "squad-test": {"retriever": "hybrid", "fusion": "rrf"}}
    (work / "retrieval.json").write_text(json.dumps(stamp), encoding="utf-8")
    assert main(["train-selector", "--work", str(work), "--collect-only", "squad-test"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "squad-test" in err[0] and "fusion" in err[0] and "--recollect" in err[0]
    stamp["squad-test"] = {"retriever": "hybrid", "fusion": "convex"}  # squad-train's stamp does not matter here
    (work / "retrieval.json").write_text(json.dumps(stamp), encoding="utf-8")
    assert main(["train-selector", "--work", str(work), "--collect-only", "squad-test"]) == 0  # same settings: cache used
    (work / "retrieval.json").write_text("{not json", encoding="utf-8")
    assert main(["train-selector", "--work", str(work), "--collect-only", "squad-test"]) == 2
    assert "--recollect" in capsys.readouterr().err


def test_train_selector_refuses_output_or_work_inside_a_dev_corpus(tmp_path, monkeypatch, capsys):
    """A model card or candidate cache written into a corpus would be indexed as articles by its next update."""
    from qa.cli import main

    monkeypatch.chdir(tmp_path)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Kenya sent police to Haiti.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    dev = f"{gold}={corpus}"
    for flag in ("--output", "--work"):
        assert main(["train-selector", "--dev", dev, flag, str(corpus / "sel")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and flag in err[0] and "corpus" in err[0]
    assert not (corpus / "sel").exists() and sorted(p.name for p in corpus.iterdir()) == ["a.txt"]


def test_a_fresh_collection_is_fitted_from_the_rows_as_cached(tmp_path, monkeypatch):
    """`--recollect` and a later refit from `--work` fit the same numbers (the cache rounds features to 6 decimals)."""
    import argparse
    from types import SimpleNamespace

    import numpy as np

    import qa.pipeline
    import qa.selector_training
    from qa.commands import train_selector
    from qa.features import FEATURE_NAMES
    from qa.selector_training import QuestionRows

    monkeypatch.chdir(tmp_path)
    width = len(FEATURE_NAMES)
    raw = np.full((2, width), 1 / 3)
    row = QuestionRows("q1", "twin", True, raw, np.array([1.0, 0.0]), np.array([1.0, 0.0]), ["Kenya", "Haiti"])
    config = SimpleNamespace(index_dir=tmp_path / "index")
    monkeypatch.setattr(train_selector, "dataset_items", lambda args, names: iter([(n, config, []) for n in names]))
    monkeypatch.setattr(qa.selector_training, "collect", lambda pipe, items, progress=None: [row])
    monkeypatch.setattr(qa.pipeline.QAPipeline, "load", classmethod(lambda cls, config, selector=True: object()))
    args = argparse.Namespace(work=tmp_path / "work", dev=[], pairs=[], collect_only="squad-test", recollect=True)

    fresh = train_selector.collect_all(args)["squad-test"][0].features
    args.recollect = False
    cached = train_selector.collect_all(args)["squad-test"][0].features
    assert np.array_equal(fresh, cached)
    assert fresh[0, 0] == round(1 / 3, 6)


def test_an_added_feature_is_fitted_alone_and_moves_nothing_else() -> None:
    """A rare flag that marks right candidates the fitted weights underrate gets a positive weight; the rest stays."""
    train = _synthetic_rows(600, 0.5, seed=6)
    column = FEATURE_NAMES.index("list_sibling")
    for rows in (train,):
        for row in rows:
            row.features[:, column] = 0.0
    base = fit(train, _synthetic_rows(300, 0.5, seed=7), answerable_share=0.5)
    for row in train[::10]:  # a tenth of the questions: the right answer is the flagged third candidate, with a weak score
        row.features[2, column] = 1.0
        row.features[2, 0] = 0.0
        row.labels[:] = 0.0
        row.labels[2] = 1.0
    added = fit_added(base, train, ["list_sibling"])
    assert added.weights[column] > 0.5
    others = [i for i in range(len(FEATURE_NAMES)) if i != column]
    assert np.array_equal(added.weights[others], base.weights[others])
    assert np.array_equal(added.mean[others], base.mean[others]) and np.array_equal(added.scale[others], base.scale[others])
    assert (added.bias, added.platt_scale, added.platt_bias, added.threshold, added.ceilings) == (
        base.bias,
        base.platt_scale,
        base.platt_bias,
        base.threshold,
        base.ceilings,
    )
    flagged = train[0].features
    assert added.probabilities(flagged)[2] > base.probabilities(flagged)[2]


def test_extra_rows_teach_the_regression_and_leave_platt_and_ceilings_to_squad() -> None:
    """News pairs where a feature SQuAD never moves tells right from wrong: fitted with them, it gets weight."""
    train = _synthetic_rows(400, 0.5, seed=8)
    calibrate = _synthetic_rows(300, 0.5, seed=9)
    column = FEATURE_NAMES.index("answer_share")
    extra = _synthetic_rows(200, 0.5, seed=10)
    for rows in (train, calibrate):
        for row in rows:
            row.features[:, column] = 0.0
    for row in extra:
        row.features[:, 0] = 0.0  # the SQuAD signal says nothing here
        row.features[:, column] = 2.0 * row.labels  # this one does
    plain = fit(train, calibrate, answerable_share=0.5)
    with_extra = fit(train, calibrate, answerable_share=0.5, extra=extra)
    heavier = fit(train, calibrate, answerable_share=0.5, extra=extra, extra_weight=4.0)
    assert abs(plain.weights[column]) < 1e-6  # constant in train: standardised to 0
    assert with_extra.weights[column] > 0.1
    assert heavier.weights[column] > with_extra.weights[column]
    assert with_extra.ceilings == plain.ceilings
    assert np.array_equal(with_extra.mean, plain.mean) and np.array_equal(with_extra.scale, plain.scale)


def test_the_model_card_names_the_pairs_a_selector_was_fitted_with(tmp_path: Path) -> None:
    from dataclasses import replace

    from qa.selector_report import write_model_card

    selector = fit(_synthetic_rows(80, 0.5, seed=11), _synthetic_rows(60, 0.5, seed=12), answerable_share=0.5)
    write_model_card(tmp_path / "plain.md", replace(selector, info={"pairs": []}), {})
    info = {"pairs": ["data/probes/bbc-near-misses-s18.tsv"], "pair_questions": 100, "pairs_weight": 2.0}
    write_model_card(tmp_path / "pairs.md", replace(selector, info=info), {})
    assert "hand-written" not in (tmp_path / "plain.md").read_text(encoding="utf-8")
    card = (tmp_path / "pairs.md").read_text(encoding="utf-8")
    assert "100 questions of hand-written near-miss pairs (data/probes/bbc-near-misses-s18.tsv" in card
    assert "each candidate weighing 2.0" in card
