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

import dataclasses
import re
from collections.abc import Sequence

from qa.readers.base import SpanPrediction

# Auxiliaries (and "have") that follow the plural noun of "Which values did ...", "What regions have ...".
_AUXILIARIES = ("did", "do", "does", "are", "were", "have", "had", "will", "would", "can", "could", "should", "might", "may")
# "Which (shared) values did / have ...", "What techniques did ...": a wh-word, at most two words,
# a plural noun, then an auxiliary.
_ASKS_SEVERAL = re.compile(
    rf"^\s*(?:which|what)\s+((?:[a-z-]+\s+){{0,2}}?)([a-z-]{{3,}}s)\s+(?:{'|'.join(_AUXILIARIES)})\b",
    re.IGNORECASE,
)
# Words that cannot stand between the wh-word and its noun ("What did the sparks do?" asks no plural).
_NOT_MODIFIERS = frozenset(("a", "an", "the", "is", "was", "has", *_AUXILIARIES))
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


def _list_holding_top(preds: Sequence[SpanPrediction], text: str) -> tuple[SpanPrediction, SpanPrediction] | None:
    """(the top span widened to the whole list, the reader's span it was taken from), or None.

    ``text`` is the document text of the top span's passage. The widened span
    keeps the top span's score and logits.
    """
    top = preds[0]
    if _AND_OR.search(text[top.start : top.end]):
        return None  # already a list: running it on would join another one
    for pred in preds[1 : 1 + LOOK_AHEAD]:
        if pred.passage_index != top.passage_index or pred.start > top.start or pred.end < top.end:
            continue
        before, after = text[pred.start : top.start], text[top.end : pred.end]
        if not (before or after) or (before and not _EARLIER_ITEMS.match(before)) or (after and not _COORDINATION.match(after)):
            continue
        if _AND_OR.search(before + after):
            return dataclasses.replace(top, start=pred.start, end=pred.end), pred
    return None


def with_whole_list(preds: Sequence[SpanPrediction], texts: Sequence[str]) -> list[SpanPrediction]:
    """``preds`` with the top span replaced by the reader's span that runs it on through a coordination.

    ``texts[i]`` is the document text of passage ``i``. The replacement keeps
    the top span's score; the other spans are left as they are.
    """
    found = _list_holding_top(preds, texts[preds[0].passage_index]) if preds else None
    if found is None:
        return list(preds)
    widened, taken = found
    return [widened, *(p for p in preds[1:] if p is not taken)]


def with_each_passages_list(preds: Sequence[SpanPrediction], texts: Sequence[str]) -> list[SpanPrediction]:
    """``with_whole_list`` applied to each passage's own spans, in the order given.

    ``--across`` lists every article's best answer, not only the first's: each
    is widened as the answer would be had its article ranked first.
    """
    by_passage: dict[int, list[SpanPrediction]] = {}
    for pred in preds:
        by_passage.setdefault(pred.passage_index, []).append(pred)
    widened: dict[int, SpanPrediction] = {}  # id of a passage's top span -> its whole list
    taken: set[int] = set()  # ids of the reader's spans that became a whole list
    for group in by_passage.values():
        found = _list_holding_top(group, texts[group[0].passage_index])
        if found is not None:
            widened[id(group[0])] = found[0]
            taken.add(id(found[1]))
    return [widened.get(id(p), p) for p in preds if id(p) not in taken]
