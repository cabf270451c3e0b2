"""The persisted answer selector: round trip, refusal of damaged files, and the shipped one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.config import QAConfig
from qa.errors import QAError
from qa.features import FEATURE_NAMES
from qa.selector import CAPPED_FEATURES, SELECTOR_FILE, Selector


def _selector(weight_on_margin: float = 1.0) -> Selector:
    n = len(FEATURE_NAMES)
    weights = np.zeros(n)
    weights[FEATURE_NAMES.index("margin")] = weight_on_margin
    return Selector(FEATURE_NAMES, np.zeros(n), np.ones(n), weights, -1.0, 0.5, -1.0, 0.4, {"note": "test"})


def test_round_trip_gives_the_same_probabilities(tmp_path: Path) -> None:
    original = _selector()
    original.save(tmp_path)
    loaded = Selector.load(tmp_path)
    x = np.random.default_rng(0).normal(size=(7, len(FEATURE_NAMES)))
    assert np.allclose(original.probabilities(x), loaded.probabilities(x), atol=1e-6)
    assert loaded.threshold == pytest.approx(0.4) and loaded.info == {"note": "test"}


def test_probabilities_follow_the_platt_map_keep_the_ranking_and_stay_in_range() -> None:
    selector = _selector()
    x = np.zeros((3, len(FEATURE_NAMES)))
    x[:, FEATURE_NAMES.index("margin")] = [-50.0, 1.0, 50.0]
    probs = selector.probabilities(x)
    assert probs[0] == pytest.approx(0.0, abs=1e-6) and probs[2] == pytest.approx(1.0, abs=1e-6)
    assert probs[1] == pytest.approx(1 / (1 + np.exp(1.0)))  # log-odds 0 -> sigmoid(0.5 * 0 - 1)
    assert np.all(np.diff(probs) > 0)
    assert selector.probabilities(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)


@pytest.mark.parametrize("flag", CAPPED_FEATURES)
def test_a_capped_flag_caps_the_probability_so_another_candidate_wins(tmp_path: Path, flag: str) -> None:
    selector = replace(_selector(), ceilings={flag: 0.004})
    x = np.zeros((2, len(FEATURE_NAMES)))
    x[:, FEATURE_NAMES.index("margin")] = [50.0, 5.0]  # the reader much prefers the first
    x[0, FEATURE_NAMES.index(flag)] = 1.0  # but it clashes with the question's type, or is part of its name
    probs = selector.probabilities(x)
    assert probs[0] == pytest.approx(0.004) and probs[1] > 0.5 and int(np.argmax(probs)) == 1
    uncapped = _selector().probabilities(x)
    assert uncapped[0] > uncapped[1]
    selector.save(tmp_path)
    assert Selector.load(tmp_path).ceilings == pytest.approx({flag: 0.004})


def test_a_selector_saved_with_one_type_clash_cap_still_reads_it(tmp_path: Path) -> None:
    _selector().save(tmp_path)
    path = tmp_path / SELECTOR_FILE
    data = json.loads(path.read_text())
    del data["ceilings"]
    data["type_clash_ceiling"] = 0.004
    path.write_text(json.dumps(data))
    assert Selector.load(tmp_path).ceilings == {"narrow_type_clash": 0.004}


def test_a_ceiling_is_the_smoothed_share_of_flagged_training_candidates_that_were_right() -> None:
    from qa.selector_training import flag_ceiling

    x = np.zeros((10, len(FEATURE_NAMES)))
    x[:8, FEATURE_NAMES.index("narrow_type_clash")] = 1.0
    x[:2, FEATURE_NAMES.index("name_continues_question")] = 1.0
    labels = np.array([1.0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.0])
    assert flag_ceiling(x, labels, "narrow_type_clash") == pytest.approx((1 + 1) / (8 + 2))
    assert flag_ceiling(x, labels, "name_continues_question") == pytest.approx((1 + 1) / (2 + 2))
    assert flag_ceiling(np.zeros((3, len(FEATURE_NAMES))), np.ones(3), "narrow_type_clash") == 1.0


def test_the_shipped_selector_caps_every_flag_below_its_threshold() -> None:
    shipped = Selector.load(QAConfig().selector_path)
    assert set(shipped.ceilings) == set(CAPPED_FEATURES)
    assert all(0.0 < ceiling < shipped.threshold for ceiling in shipped.ceilings.values())


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("weights"),
        lambda d: d.update(weights=[1.0, 2.0]),
        lambda d: d.update(feature_names=["margin"]),
        lambda d: d.update(threshold="NaN"),
        lambda d: d.update(platt_scale=None),
        lambda d: d.update(ceilings={"narrow_type_clash": 0.0}),
        lambda d: d.update(ceilings={"name_continues_question": 1.5}),
        lambda d: d.update(ceilings={"margin": 0.5}),
        lambda d: d.update(ceilings=[0.5]),
    ],
)
def test_a_damaged_selector_is_one_clear_error(tmp_path: Path, damage) -> None:
    _selector().save(tmp_path)
    path = tmp_path / SELECTOR_FILE
    data = json.loads(path.read_text())
    damage(data)
    path.write_text(json.dumps(data))
    with pytest.raises(QAError, match="train-selector"):
        Selector.load(tmp_path)


def test_missing_selector_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(QAError, match="not found"):
        Selector.load(tmp_path)
    (tmp_path / SELECTOR_FILE).write_text("{not json")
    with pytest.raises(QAError, match="damaged"):
        Selector.load(tmp_path)


def test_the_shipped_selector_loads_and_prefers_larger_reader_margins() -> None:
    selector = Selector.load(QAConfig().selector_path)
    assert 0.0 < selector.threshold < 1.0
    low = np.tile(selector.mean, (1, 1))
    high = low.copy()
    for name in ("margin", "span_logit", "span_share", "answer_share"):  # a more confident reader, all else equal
        high[0, FEATURE_NAMES.index(name)] += selector.scale[FEATURE_NAMES.index(name)]
    assert selector.raw_probabilities(high)[0] > selector.raw_probabilities(low)[0]
    assert selector.platt_scale > 0  # calibration keeps the regression's ranking
    assert replace(selector, threshold=0.5).threshold == 0.5


# ------------------------------------------------- readers without logits


def test_score_calibration_round_trip_and_damage(tmp_path: Path) -> None:
    from qa.selector import ScoreCalibration

    original = ScoreCalibration("sentence", 8.0, -5.0, 0.3, {"note": "test"})
    original.save(tmp_path)
    loaded = ScoreCalibration.load(tmp_path, "sentence")
    scores = np.linspace(0, 1, 11)
    assert np.allclose(original.probabilities(scores), loaded.probabilities(scores))
    assert np.all(np.diff(loaded.probabilities(scores)) > 0)  # a monotone map: the reader's order stays
    (tmp_path / "sentence.json").write_text(json.dumps({"platt_scale": 1.0, "platt_bias": 0.0, "threshold": 7}))
    with pytest.raises(QAError, match="damaged"):
        ScoreCalibration.load(tmp_path, "sentence")
    with pytest.raises(QAError, match="train-selector --reader other"):
        ScoreCalibration.load(tmp_path, "other")


def test_the_shipped_sentence_calibration_answers_a_likely_sentence_and_refuses_an_unlikely_one() -> None:
    from qa.selector import ScoreCalibration

    calibration = ScoreCalibration.load(QAConfig().selector_path, "sentence")
    low, high = calibration.probabilities(np.array([0.1, 0.9]))
    assert low < calibration.threshold < high
    assert 0.0 < calibration.threshold < 1.0


def test_a_sentence_holds_an_answer_only_as_whole_words() -> None:
    from qa.selector_training import holds_answer

    sentence = "Kenya has deployed 739 officers to Haiti."
    assert holds_answer(sentence, ["739"]) == 1.0
    assert holds_answer(sentence, ["the 739 officers", "739 officers"]) == 1.0
    assert holds_answer(sentence, ["73"]) == 0.0
    assert holds_answer(sentence, []) == 0.0


def _retrieval_selector(retrieval: dict[str, str] | None) -> Selector:
    """A selector that weighs only the retrieval score, fitted (nominally) on ``retrieval``."""
    n = len(FEATURE_NAMES)
    weights = np.zeros(n)
    weights[FEATURE_NAMES.index("retrieval_score")] = 2.0
    mean, scale = np.zeros(n), np.ones(n)
    mean[FEATURE_NAMES.index("retrieval_score")], scale[FEATURE_NAMES.index("retrieval_score")] = 0.7, 0.2
    info = {"retrieval": retrieval} if retrieval is not None else {}
    return Selector(FEATURE_NAMES, mean, scale, weights, 0.0, 1.0, 0.0, 0.4, info)


def test_a_selector_reads_retrieval_scores_only_on_its_own_retrieval_scale() -> None:
    """A raw BM25 score of 20 read on a fused score's scale would make any answer certain."""
    convex = {"retriever": "hybrid", "fusion": "convex"}
    selector = _retrieval_selector(convex)
    x = np.zeros((1, len(FEATURE_NAMES)))
    x[0, FEATURE_NAMES.index("retrieval_score")] = 20.0
    assert selector.probabilities(x)[0] == pytest.approx(1.0)
    assert selector.for_retrieval(dict(convex)) is selector
    for other in ({"retriever": "bm25"}, {"retriever": "dense"}, {"retriever": "hybrid", "fusion": "rrf"}):
        adapted = selector.for_retrieval(other)
        assert adapted.probabilities(x)[0] == pytest.approx(0.5)  # the score weighs nothing: log-odds 0
        assert adapted.weights[FEATURE_NAMES.index("retrieval_score")] == 0.0
        assert selector.weights[FEATURE_NAMES.index("retrieval_score")] == 2.0  # the loaded one is untouched


def test_a_selector_saved_before_it_recorded_its_retrieval_was_fitted_on_rrf() -> None:
    legacy = _retrieval_selector(None)
    assert legacy.retrieval == {"retriever": "hybrid", "fusion": "rrf"}
    assert legacy.for_retrieval({"retriever": "hybrid", "fusion": "rrf"}) is legacy
    assert legacy.for_retrieval({"retriever": "hybrid", "fusion": "convex"}) is not legacy


def test_the_shipped_selector_records_the_default_retrieval() -> None:
    from qa.retrieval import retrieval_setting

    shipped = Selector.load(QAConfig().selector_path)
    assert shipped.retrieval == retrieval_setting(QAConfig())


def test_a_sentence_clash_at_a_texts_strongest_occurrence_caps_its_other_occurrences() -> None:
    """ "Bafana Bafana were humbled ... by Mauritius" flagged; "Bafana Bafana play ..." must not inherit the text's share."""
    selector = replace(_selector(), ceilings={"attribute_clash": 0.03})
    x = np.zeros((3, len(FEATURE_NAMES)))
    x[:, FEATURE_NAMES.index("margin")] = [8.0, 6.0, 4.0]
    x[:, FEATURE_NAMES.index("span_logit")] = [9.0, 3.0, 5.0]
    x[0, FEATURE_NAMES.index("attribute_clash")] = 1.0  # the reader's best place for the text clashes
    texts = ["Bafana Bafana", "Bafana Bafana ", "Mauritius"]
    shared = selector.probabilities(x, texts)
    assert shared[0] == pytest.approx(0.03) and shared[1] == pytest.approx(0.03)  # same text, stripped
    assert shared[2] > 0.5 and int(np.argmax(shared)) == 2
    alone = selector.probabilities(x)  # without texts, only the flagged row is capped
    assert alone[1] > 0.5 and alone[0] == pytest.approx(0.03)


def test_a_clash_at_a_weaker_occurrence_or_an_unshared_flag_caps_only_its_own_row() -> None:
    x = np.zeros((2, len(FEATURE_NAMES)))
    x[:, FEATURE_NAMES.index("margin")] = [8.0, 6.0]
    x[:, FEATURE_NAMES.index("span_logit")] = [9.0, 3.0]
    x[1, FEATURE_NAMES.index("attribute_clash")] = 1.0  # the weaker occurrence clashes: the stronger one stands
    probs = replace(_selector(), ceilings={"attribute_clash": 0.03}).probabilities(x, ["Denver", "Denver"])
    assert probs[0] > 0.5 and probs[1] == pytest.approx(0.03)
    x[:, FEATURE_NAMES.index("attribute_clash")] = 0.0
    x[0, FEATURE_NAMES.index("name_continues_question")] = 1.0  # a flag about the span itself is not shared
    probs = replace(_selector(), ceilings={"name_continues_question": 0.03}).probabilities(x, ["Denver", "Denver"])
    assert probs[0] == pytest.approx(0.03) and probs[1] > 0.5
