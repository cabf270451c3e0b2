"""Reading in two stages: the best-ranked passage first, the rest only when its answer is not sure enough.

The span reader is ~85 % of a warm question, and it reads every passage
handed to it. When the first passage alone already yields an answer the
selector gives a high probability, the other passages almost never change
it: on the pooled development sets (dev, dev2, bbc-dev and their generated
near misses, 765 questions) every question whose first-passage answer
scored 0.7 or more got the very same answer from all three passages, and
its probability moved by under 0.02 on average (``docs/trust.md``,
"Fourteenth session"). Such a question is answered from the first passage
(``QAConfig.early_exit_probability``); every other one reads the rest and is
selected over all passages exactly as a single read would.

``merged_predictions`` is what makes the second stage exact: the reader
keeps, per article span, the reading with the best score, the earlier
passage on a tie, so the union of the two stages' spans is the one a single
read of all passages gives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from qa.readers import ReadablePassage, SpanPrediction

#: Below this best reader margin (span minus no-answer logits) in the first
#: passage, the selector is not even asked whether to stop there: no question of
#: the pooled development data, nor of 100 Reuters title questions, stopped with
#: a best margin under 10.7, and asking costs a selection (~1.6 ms on Reuters,
#: where 69 % of the questions fall under this floor). The floor can only send a
#: question on to the full read, never stop one.
SURE_MARGIN_FLOOR = 8.0


def may_stop(first: Sequence[SpanPrediction]) -> bool:
    """Whether a first passage's spans are worth asking the selector about stopping (``SURE_MARGIN_FLOOR``)."""
    return any(p.margin is not None and p.margin >= SURE_MARGIN_FLOOR for p in first)


def merged_predictions(
    passages: Sequence[ReadablePassage], first: Sequence[SpanPrediction], rest: Sequence[SpanPrediction], offset: int
) -> list[SpanPrediction]:
    """The spans of one read of ``passages``, from a read of its first ``offset`` and one of the others.

    ``rest``'s ``passage_index`` counts from ``passages[offset]``; an article
    span read in both keeps its best-scoring reading (the earlier on a tie),
    best first, as ``SpanReader.read_batch`` orders them.
    """
    best: dict[tuple[str, int, int], SpanPrediction] = {}
    shifted = [dataclasses.replace(p, passage_index=p.passage_index + offset) for p in rest]
    for pred in [*first, *shifted]:
        key = (passages[pred.passage_index].passage.doc_id, pred.start, pred.end)
        kept = best.get(key)
        if kept is None or pred.score > kept.score:
            best[key] = pred
    return sorted(best.values(), key=lambda p: -p.score)


ReadBatch = Callable[[Sequence[str], Sequence[Sequence[ReadablePassage]]], list[list[SpanPrediction]]]
Select = Callable[[str, Sequence[ReadablePassage], Sequence[SpanPrediction]], list[SpanPrediction]]


def read_in_two_stages(
    questions: Sequence[str],
    passages: Sequence[Sequence[ReadablePassage]],
    read_batch: ReadBatch,
    select: Select,
    exit_at: float,
) -> list[list[SpanPrediction]]:
    """Per question, its selected spans: from its first passage when the best scores ``exit_at`` or more, else from all.

    ``read_batch`` is the reader's; ``select`` scores one question's spans
    (the pipeline's selector), most probable first. Every question's first
    passage is read in one call, the others of the questions that read on in a
    second one.
    """
    first = read_batch(questions, [ps[:1] for ps in passages])
    selected: list[list[SpanPrediction]] = []
    unsure: list[int] = []
    for i, (question, ps, preds) in enumerate(zip(questions, passages, first)):
        best = select(question, ps[:1], preds) if len(ps) <= 1 or may_stop(preds) else []
        selected.append(best)
        if len(ps) > 1 and not (best and best[0].score >= exit_at):
            unsure.append(i)
    if unsure:
        rest = read_batch([questions[i] for i in unsure], [passages[i][1:] for i in unsure])
        for i, more in zip(unsure, rest):
            selected[i] = select(questions[i], passages[i], merged_predictions(passages[i], first[i], more, offset=1))
    return selected
