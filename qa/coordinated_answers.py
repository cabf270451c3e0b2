"""A question that asks for several things is answered with the whole coordinated list.

"Which shared values did Ruto say underpin closer ties?" of "... the shared
values of democracy and the rule of law" was answered "democracy": the reader
ranked the first conjunct above the span that runs through "and the rule of
law", which it also proposed. When the question's head noun is plural
("values", "regions", "techniques") and the reader proposed, in the same
passage, a span that holds the top one and widens it only by list items
(earlier items before it, later ones after it, the list closed by "and" or
"or", each item at most five words and no clause), that span is the
answer, with the top span's probability: the selector judged *what* is
asked about; the plural says how much of the list the answer is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.readers.base import SpanPrediction

# "Which (shared) values did / have ...", "What techniques did ...": a wh-word, at most two words,
# a plural noun, then an auxiliary or "have".
_ASKS_SEVERAL = re.compile(
    r"^\s*(?:which|what)\s+((?:[a-z-]+\s+){0,2}?)([a-z-]{3,}s)\s+"
    r"(?:did|do|does|are|were|have|had|will|would|can|could|should|might|may)\b",
    re.IGNORECASE,
)
# Words that cannot stand between the wh-word and its noun ("What did the sparks do?" asks no plural).
_NOT_MODIFIERS = frozenset("a an the did do does is are was were has have had will would can could".split())
# Plural-looking words that are not plurals.
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ics|news|series|species)$", re.IGNORECASE)
# One list item: at most five words, within the sentence, not a clause (", which are sticky").
_ITEM = r"(?!(?:which|who|whom|whose|that|where|when|while)\b)(?:[^\s,.;:!?]+\s){0,4}[^\s,.;:!?]+"
# What runs on from the first conjunct: list items, closed by "and" / "or".
_COORDINATION = re.compile(rf"^(?:,\s+{_ITEM})*,?\s+(?:and|or)\s+{_ITEM}$", re.IGNORECASE)
# What comes before the top span when it is a later item: earlier items, each closed by a comma, or
# the first conjunct and its "and" / "or".
_EARLIER_ITEMS = re.compile(rf"^(?:(?:{_ITEM},\s+)+|{_ITEM},?\s+(?:and|or)\s+)$", re.IGNORECASE)
_AND_OR = re.compile(r"\b(?:and|or)\b", re.IGNORECASE)
# How many of the reader's next spans are looked at for the coordinated one.
LOOK_AHEAD = 10


def asks_for_several(question: str) -> bool:
    """Does the question's head noun, right after "which" / "what", ask for more than one thing?"""
    match = _ASKS_SEVERAL.match(question)
    if not match or _NOT_PLURAL.search(match.group(2)):
        return False
    return not _NOT_MODIFIERS.intersection(match.group(1).lower().split())


def with_whole_list(preds: Sequence[SpanPrediction], texts: Sequence[str]) -> list[SpanPrediction]:
    """``preds`` with the top span replaced by the reader's span that runs it on through a coordination.

    ``texts[i]`` is the document text of passage ``i``. The replacement keeps
    the top span's score; the other spans are left as they are.
    """
    if not preds:
        return list(preds)
    top = preds[0]
    text = texts[top.passage_index]
    if _AND_OR.search(text[top.start : top.end]):
        return list(preds)  # already a list: running it on would join another one
    for pred in preds[1 : 1 + LOOK_AHEAD]:
        if pred.passage_index != top.passage_index or pred.start > top.start or pred.end < top.end:
            continue
        before, after = text[pred.start : top.start], text[top.end : pred.end]
        if not (before or after) or (before and not _EARLIER_ITEMS.match(before)) or (after and not _COORDINATION.match(after)):
            continue
        if _AND_OR.search(before + after):
            widened = SpanPrediction(
                top.passage_index, pred.start, pred.end, top.score, top.margin, top.span_logit, top.null_logit
            )
            return [widened, *(p for p in preds[1:] if p is not pred)]
    return list(preds)


def with_each_passages_list(preds: Sequence[SpanPrediction], texts: Sequence[str]) -> list[SpanPrediction]:
    """``with_whole_list`` applied to each passage's own spans, most probable first overall.

    ``--across`` lists every article's best answer, not only the first's: each
    is widened as the answer would be had its article ranked first.
    """
    by_passage: dict[int, list[SpanPrediction]] = {}
    for pred in preds:
        by_passage.setdefault(pred.passage_index, []).append(pred)
    replaced: dict[int, SpanPrediction] = {}  # id of a passage's top span -> its whole list
    taken: set[int] = set()  # ids of the longer spans that became a whole list
    for group in by_passage.values():
        widened = with_whole_list(group, texts)
        if widened[0] is not group[0]:
            replaced[id(group[0])] = widened[0]
            taken |= {id(p) for p in group[1:]} - {id(p) for p in widened[1:]}
    return [replaced.get(id(p), p) for p in preds if id(p) not in taken]
