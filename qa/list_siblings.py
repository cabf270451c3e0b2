"""Spans the reader rarely proposes: the other items of a list a question sets one item of aside.

"Apart from political instability and gang control, what has Haiti
endured?" asks for the third item of "political instability, widespread gang
control, and deepening poverty". The reader scores whole phrases, and a list
item next to the words it was asked about ("summary executions" after
"excessive use of force and") often never makes its n-best: dev2 holds six
such questions, and four of its misses were items the reader never proposed
on their own. In SQuAD 0–35, 49 of the 104 questions of this form whose set-aside
phrase is in the paragraph have an adjacent list item as gold.

So for a question with "apart from / besides / along with / other than / in
addition to ... X", each list item next to X in the text is handed to the
reader as a span to score (``SpanReader``'s ``propose``); the selector then
weighs it like any other candidate. Nothing is proposed for other
questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "apart from X," / "besides X what ..." / "Which ... besides X did ..."
_CUE = re.compile(
    r"\b(?:apart from|aside from|besides|beside|along with|alongside|other than|in addition to|together with)\s+"
    r"(?P<phrase>[^,?;:]+?)"
    r"(?=\s*[,?;:]|\s+(?:what|which|who|whom|whose|where|when|how|is|are|was|were|did|does|do|has|have|had|can|could|will|would)\b|\s*$)",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her)\s+", re.IGNORECASE)
_PART_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r",\s+(?:and|or)\s+|,\s+|\s+(?:and|or)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\s,;:.!?()\[\]\"“”]+")
# A list item ends before these: a preposition other than "of", a verb of saying, a relative word.
_ITEM_STOP = frozenset(
    "with to in on at for from by into onto over under after before since during while as than against among "
    "amid across through via including involving such like who whom whose which that where when said says say "
    "is are was were be been being has have had will would can could may might should must do does did "
    "but yet so then although though because if".split()
)
MAX_ITEM_WORDS = 6
ITEM_REACH_CHARS = 200  # how far back an item before the phrase may start (6 words)
MAX_SPANS = 8


def set_aside(question: str) -> tuple[str, ...]:
    """The phrases a question sets aside ("political instability", "gang control"); empty for other questions."""
    match = _CUE.search(question)
    if not match:
        return ()
    parts = [_DETERMINER.sub("", p.strip()) for p in _PART_SPLIT.split(match.group("phrase"))]
    return tuple(p for p in parts if p)


def _item_after(text: str, pos: int) -> tuple[int, int] | None:
    """The list item that starts at ``pos``: words up to a separator, punctuation or a stop word."""
    return _item(text, pos, _WORD.finditer(text, pos), backward=False)


def _item_before(text: str, end: int) -> tuple[int, int] | None:
    """The list item that ends at ``end``: words back to a separator, punctuation, a stop word or "of"."""
    words = list(_WORD.finditer(text, max(0, end - ITEM_REACH_CHARS), end))  # an item is a few words: look back no further
    return _item(text, end, reversed(words), backward=True)


def _item(text: str, anchor: int, words: Iterable[re.Match[str]], backward: bool) -> tuple[int, int] | None:
    """Words taken from ``anchor`` outwards, each one space from the last, until a word no item holds."""
    taken: list[re.Match[str]] = []
    for word in words:
        near = (taken[-1].start() if taken else anchor) if backward else (taken[-1].end() if taken else anchor)
        gap = text[word.end() : near] if backward else text[near : word.start()]
        if (taken and gap != " ") or (not taken and gap.strip()):
            break
        lowered = word.group().lower()
        if lowered in _ITEM_STOP or len(taken) == MAX_ITEM_WORDS:
            break
        if lowered in ("and", "or") and (taken or backward) or (backward and lowered == "of"):
            break
        taken.append(word)
    if not taken:
        return None
    first, last = (taken[-1], taken[0]) if backward else (taken[0], taken[-1])
    return first.start(), last.end()


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` stands in ``text`` as whole words (any case); an acronym also matches its capitalised words."""
    found = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)]
    if re.fullmatch(r"[A-Z]{2,5}", phrase):
        pattern = r"\s+".join(rf"{letter}[a-z]+" for letter in phrase)
        found += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text)]
    return found


def _separator_before(text: str, pos: int) -> re.Match[str] | None:
    """The list separator (", ", " and ", ", or " ...) that ends right at ``pos``, if any."""
    return next((m for m in _SEPARATOR.finditer(text, max(0, pos - 8), pos) if m.end() == pos), None)


def sibling_spans(question: str, text: str) -> list[tuple[int, int]]:
    """Character spans in ``text`` of the list items beside each phrase the question sets aside.

    Items that hold a set-aside phrase themselves ("widespread gang control"
    beside "political instability" when both are set aside) are not
    proposed; at most ``MAX_SPANS``, nearest the phrases' first mentions first.
    """
    return items_beside(set_aside(question), text)


def items_beside(parts: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """``sibling_spans`` for phrases already read from the question (``set_aside``)."""
    if not parts:
        return []
    lowered = [p.lower() for p in parts]
    spans: list[tuple[int, int]] = []
    for part in parts:
        for start, end in _occurrences(text, part):
            after = _SEPARATOR.match(text, end)
            before = _separator_before(text, start)
            following = _item_after(text, after.end()) if after else None
            preceding = _item_before(text, before.start()) if before else None
            # A bare comma makes a list only where the list goes on: "drone strikes, ground missions, and ..."
            # but not "In June 2024, Kenya led ..." or "Kenya, backed by ...".
            if following and after and after.group().strip() == "," and not (before or _SEPARATOR.match(text, following[1])):
                following = None
            if preceding and before and before.group().strip() == "," and not (after or _separator_before(text, preceding[0])):
                preceding = None
            for item in (following, preceding):
                if item is None or item in spans:
                    continue
                words = text[item[0] : item[1]].lower()
                if any(words == p or words.endswith(" " + p) for p in lowered):
                    continue  # the set-aside phrase itself, or "widespread gang control" for "gang control"
                spans.append(item)
                if len(spans) == MAX_SPANS:
                    return spans
    return spans
