"""The answer selector: the one place a candidate's score is computed.

Every span the reader proposes gets a probability of being right, from the
features of ``qa.features``: a logistic regression over standardised
features, then Platt scaling (a second sigmoid, two parameters) fitted on
held-out questions' top candidates so that "0.8" means right about 8 times
in 10. Platt rather than isotonic: isotonic steps on a few hundred
questions tie many answers at the same probability, which throws away the
ranking the threshold and the runners-up depend on. The pipeline picks the most probable
candidate and refuses ("not in the corpus") below the selector's threshold,
which was chosen on pooled development data for a stated precision; see
``models/selector/MODEL_CARD.md``.

The fitted model is plain arrays in JSON and is applied with numpy: the
query path never imports scikit-learn (``qa.selector_training`` fits it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from index.files import atomic_write_text
from qa.errors import QAError
from qa.features import FEATURE_NAMES

SELECTOR_FILE = "selector.json"
# Features whose numbers depend on how passages were retrieved: a convex fused
# score lies in [0, 1], a raw BM25 score can be 20. Read on another retriever's
# scale the feature would add tens of log-odds and make every answer look
# certain, so a selector ignores them unless the pipeline retrieves the way
# its training candidates were retrieved (``Selector.for_retrieval``).
RETRIEVAL_SCALED_FEATURES = ("retrieval_score",)
# What every selector saved before selectors recorded their retrieval was fitted on.
LEGACY_RETRIEVAL = {"retriever": "hybrid", "fusion": "rrf"}
# Flags that all but rule a candidate out, each capped at the smoothed share of
# flagged training candidates that were right (``qa.selector_training.flag_ceiling``):
# - an answer type that clashes with the question's ("the 50%" for "How much
#   did they pay?"), a single item where the question counts several ("Tel
#   Aviv" for "In which two cities ...?"), or a phrase naming no one for an
#   office holder ("Our officers" for "Who is the head of ...?");
# - an answer that is a name the question gives, or only its first part
#   ("Secretary of State Marco Rubio" for "Who urged Marco Rubio ...?",
#   "Katerina" out of "Katerina Thanou" for "Who coached Thanou?":
#   ``qa.own_names``);
# - an answer from an article that never mentions the year or month the
#   question asks about ("How many were killed in 2023?" of an article on 2024),
#   never uses the office it asks for ("Who is the director general?" of one
#   that names a spokesman) or names the person or body it asks about ("...
#   helping Ciara inflate its earnings?" of one about Ahold; ``qa.name_gaps``,
#   in the ``role_missing_doc`` flag), or never gives the number it names ("How many
#   arrived with the contingent of 250?" of one whose contingent was 400);
# - an answer whose sentences speak of a sibling of the attribute asked and
#   not of it ("How many were injured?" answered from "400 were deployed":
#   ``qa.attributes``), or a name whose title names another office than the
#   one asked ("Who is the US Secretary of Defense?" answered "Secretary of
#   State Marco Rubio": ``qa.role_titles``), or a sentence that has the
#   question's doer on the receiving end ("Who did Ruto host?" of "Rubio ...
#   hosting Ruto": ``qa.role_reversal``) or two of its names the other way
#   round ("When did Algeria take control of France?": ``qa.name_swap``), or
#   another name doing its verb (``qa.other_doer``), another country or city
#   than the question's (``qa.other_place``), or the asked month or dated
#   words with another year (``qa.date_clash``).
CAPPED_FEATURES: tuple[str, ...] = (
    "narrow_type_clash",
    "name_continues_question",
    "attribute_clash",
    "period_missing_doc",
    "role_missing_doc",
    "number_missing_doc",
)
# Capped flags the regression does not weigh (weight 0): fitted beside the
# looser "a name the article lacks" features, the period flag took over their
# share of the time shifts and left them weaker on entity and role swaps
# (refused on held-out SQuAD near misses: entity swaps 95 -> 84 %, role
# swaps 91 -> 82 %); the cap alone refuses time shifts and changes nothing
# else (``qa.selector_training.fit``). The role, number and attribute flags are held to the same rule.
CAP_ONLY_FEATURES: tuple[str, ...] = ("period_missing_doc", "role_missing_doc", "number_missing_doc", "attribute_clash")
_CAPPED_COLUMNS = {name: FEATURE_NAMES.index(name) for name in CAPPED_FEATURES}
# Flags read off one occurrence's sentence, which the answer's other occurrences inherit when the
# flagged one is where the reader found it best ("Bafana Bafana were humbled ... by minnows Mauritius"
# flagged for "Which team humbled Mauritius?", the same name unflagged in "Bafana Bafana play the
# Seychelles" carrying the text's pooled share of the reader's mass).
SHARED_BY_TEXT: tuple[str, ...] = ("attribute_clash",)
_STRENGTH = FEATURE_NAMES.index("span_logit")


@dataclass(frozen=True)
class Selector:
    """A fitted, calibrated candidate scorer and its refusal threshold."""

    feature_names: tuple[str, ...]
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    bias: float
    platt_scale: float  # calibrated = sigmoid(platt_scale * logit + platt_bias)
    platt_bias: float
    threshold: float
    info: dict[str, Any]
    # Per flag of ``CAPPED_FEATURES``, the most a flagged candidate may score: the
    # share of such candidates that were right in training, smoothed. A linear
    # model cannot say "this one feature all but rules it out", so strong reader
    # logits outweighed the flag. A flag missing here is not capped (1.0).
    ceilings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Selector:
        """Read ``folder/selector.json``; QAError when missing, damaged or made for other features."""
        path = Path(folder) / SELECTOR_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            selector = cls(
                feature_names=tuple(data["feature_names"]),
                mean=np.asarray(data["mean"], dtype=np.float64),
                scale=np.asarray(data["scale"], dtype=np.float64),
                weights=np.asarray(data["weights"], dtype=np.float64),
                bias=float(data["bias"]),
                platt_scale=float(data["platt_scale"]),
                platt_bias=float(data["platt_bias"]),
                threshold=float(data["threshold"]),
                info=dict(data.get("info", {})),
                ceilings=_read_ceilings(data),
            )
        except FileNotFoundError as exc:
            raise QAError(f"answer selector not found at {path}; run `qa train-selector`") from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise QAError(f"answer selector {path} is damaged ({exc}); run `qa train-selector`") from exc
        if selector.feature_names != FEATURE_NAMES:
            raise QAError(f"answer selector {path} was fitted on other features; run `qa train-selector`")
        n = len(FEATURE_NAMES)
        shapes_ok = selector.mean.shape == selector.scale.shape == selector.weights.shape == (n,)
        ceilings = tuple(selector.ceilings.values())
        values = (selector.threshold, selector.platt_scale, selector.platt_bias, selector.bias, *ceilings)
        finite = all(math.isfinite(v) for v in values) and np.isfinite(selector.weights).all()
        if not shapes_ok or not (selector.scale > 0).all():
            raise QAError(f"answer selector {path} is damaged (array shapes); run `qa train-selector`")
        if not finite or not all(0.0 < c <= 1.0 for c in ceilings):
            raise QAError(f"answer selector {path} is damaged (values out of range); run `qa train-selector`")
        return selector

    @property
    def retrieval(self) -> dict[str, str]:
        """How the training candidates' passages were retrieved (``qa.retrieval.retrieval_setting``)."""
        recorded = self.info.get("retrieval")
        return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else dict(LEGACY_RETRIEVAL)

    def for_retrieval(self, retrieval: Mapping[str, str]) -> Selector:
        """This selector as it should read passages retrieved by ``retrieval``.

        The same selector when ``retrieval`` is its own; otherwise a copy whose
        ``RETRIEVAL_SCALED_FEATURES`` weigh nothing, which is what reading them
        at their training mean would give: the rest of the evidence still
        decides, on its own scale.
        """
        if dict(retrieval) == self.retrieval:
            return self
        weights = self.weights.copy()
        for name in RETRIEVAL_SCALED_FEATURES:
            weights[self.feature_names.index(name)] = 0.0
        return replace(self, weights=weights)

    def save(self, folder: Path) -> Path:
        """Write ``folder/selector.json`` atomically (write a sibling, then rename)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / SELECTOR_FILE
        payload = {
            "feature_names": list(self.feature_names),
            "mean": self.mean.round(8).tolist(),
            "scale": self.scale.round(8).tolist(),
            "weights": self.weights.round(8).tolist(),
            "bias": round(self.bias, 8),
            "ceilings": {name: round(value, 6) for name, value in self.ceilings.items()},
            **_calibration_payload(self.platt_scale, self.platt_bias, self.threshold, self.info),
        }
        atomic_write_text(path, json.dumps(payload, indent=1) + "\n")
        return path

    def logits(self, features: np.ndarray) -> npt.NDArray[np.float64]:
        """The logistic regression's log-odds per candidate, before calibration."""
        if features.size == 0:
            return np.zeros(len(features))
        return ((features - self.mean) / self.scale) @ self.weights + self.bias

    def raw_probabilities(self, features: np.ndarray) -> npt.NDArray[np.float64]:
        """The logistic regression's probabilities, before calibration."""
        return sigmoid(self.logits(features))

    def probabilities(self, features: np.ndarray, texts: Sequence[str] | None = None) -> npt.NDArray[np.float64]:
        """Calibrated probability that each candidate (one row of features) is the right answer.

        A candidate flagged by one of ``CAPPED_FEATURES`` scores at most that
        flag's ceiling, so another candidate wins, or the question is refused.
        Given the candidates' ``texts``, a flag of ``SHARED_BY_TEXT`` on the
        occurrence of a text that the reader scores highest caps every
        occurrence of that text: their text-level features (its share of the
        reader's mass, how many spans agree on it) pool the evidence of the
        flagged sentence.
        """
        calibrated = sigmoid(self.platt_scale * self.logits(features) + self.platt_bias)
        if features.size == 0:
            return calibrated
        for name, ceiling in self.ceilings.items():
            if ceiling < 1.0:
                on = flagged(features, name)
                if texts is not None and name in SHARED_BY_TEXT:
                    on = on | flagged_at_strongest(on, features[:, _STRENGTH], texts)
                calibrated = np.where(on, np.minimum(calibrated, ceiling), calibrated)
        return calibrated


def flagged(features: np.ndarray, name: str) -> npt.NDArray[np.bool_]:
    """Per candidate row: is the 0/1 flag ``name`` (one of ``CAPPED_FEATURES``) set?"""
    on: npt.NDArray[np.bool_] = features[:, _CAPPED_COLUMNS[name]] > 0.5
    return on


def flagged_at_strongest(on: npt.NDArray[np.bool_], strength: np.ndarray, texts: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Per candidate: is the occurrence of its text with the highest ``strength`` flagged (``on``)?"""
    strongest: dict[str, int] = {}
    for i, text in enumerate(texts):
        key = text.strip()
        if key not in strongest or strength[i] > strength[strongest[key]]:
            strongest[key] = i
    return np.array([bool(on[strongest[text.strip()]]) for text in texts], dtype=bool)


def _read_ceilings(data: dict[str, Any]) -> dict[str, float]:
    """The saved ceilings; a selector saved before there were several reads its one type-clash cap."""
    if "ceilings" in data:
        raw = data["ceilings"]
        if not isinstance(raw, dict) or not set(raw) <= set(CAPPED_FEATURES):
            raise ValueError(f"ceilings must map some of {', '.join(CAPPED_FEATURES)} to numbers")
        return {name: float(value) for name, value in raw.items()}
    return {"narrow_type_clash": float(data.get("type_clash_ceiling", 1.0))}


def sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The logistic function, clipped so that no log-odds overflows ``exp``."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


@dataclass(frozen=True)
class ScoreCalibration:
    """Platt scaling of a reader's own score, for a reader the selector was not fitted on.

    The ``sentence`` reader has no logits, so the selector's features do not
    apply; its score (cosine plus word overlap) is a similarity, not a
    probability, and a threshold for one reader refuses everything from the
    other. Each such reader gets its own two-parameter calibration and
    refusal threshold, fitted by ``qa train-selector --reader NAME`` and
    stored beside the selector as ``NAME.json``.
    """

    reader: str
    platt_scale: float
    platt_bias: float
    threshold: float
    info: dict[str, Any]

    @classmethod
    def load(cls, folder: Path, reader: str) -> ScoreCalibration:
        """Read ``folder/<reader>.json``; QAError when missing or damaged."""
        path = Path(folder) / f"{reader}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            calibration = cls(
                reader,
                float(data["platt_scale"]),
                float(data["platt_bias"]),
                float(data["threshold"]),
                dict(data.get("info", {})),
            )
        except FileNotFoundError as exc:
            raise QAError(
                f"calibration for the {reader} reader not found at {path}; run `qa train-selector --reader {reader}`"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise QAError(f"calibration {path} is damaged ({exc}); run `qa train-selector --reader {reader}`") from exc
        values = (calibration.platt_scale, calibration.platt_bias, calibration.threshold)
        if not all(math.isfinite(v) for v in values) or not 0.0 <= calibration.threshold <= 1.0:
            raise QAError(f"calibration {path} is damaged (values out of range); run `qa train-selector --reader {reader}`")
        return calibration

    def save(self, folder: Path) -> Path:
        """Write ``folder/<reader>.json`` atomically."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.reader}.json"
        payload = _calibration_payload(self.platt_scale, self.platt_bias, self.threshold, self.info)
        atomic_write_text(path, json.dumps(payload, indent=1) + "\n")
        return path

    def probabilities(self, scores: np.ndarray) -> npt.NDArray[np.float64]:
        """Calibrated probability that each answer (one reader score each) is right."""
        return sigmoid(self.platt_scale * np.asarray(scores, dtype=np.float64) + self.platt_bias)


def _calibration_payload(platt_scale: float, platt_bias: float, threshold: float, info: dict[str, Any]) -> dict[str, Any]:
    """The saved Platt map and threshold, rounded as both model files store them."""
    return {
        "platt_scale": round(platt_scale, 8),
        "platt_bias": round(platt_bias, 8),
        "threshold": round(threshold, 6),
        "info": info,
    }
