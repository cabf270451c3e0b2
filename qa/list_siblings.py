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

from index.text import question_stop_words
from qa.own_names import given_names

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


# Words in a question that ask for a name listed with another: "Who starred with Hugh Laurie?", "X and who else?",
# "Which minister was also splattered in the attack on Kilroy-Silk?".
_ASKS_FOR_COMPANY = re.compile(
    r"\b(?:with|and|or|both|also|too|as well|co-?\w+|fellow|other|others|else|partner|pair|duo|trio)\b", re.IGNORECASE
)
# A name listed right before the answer ("Hugh Laurie, Stephen Fry") or right after it ("Fry and Hugh Laurie").
_LISTED_BEFORE = re.compile(r"([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)(?:\s*,\s*(?:and\s+)?|\s+and\s+)$")
_LISTED_AFTER = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+)([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)")
# What opens a list right before its first item, and what opens a pair of counterparts.
_LIST_CUE = re.compile(r"\b(?:including|includes|include|such as|among them|namely|like)\s+$", re.IGNORECASE)
_PAIRED = re.compile(r"\b(?:between|both|either|neither|versus|vs\.?)\s+$", re.IGNORECASE)
# Words of a name that need no capital: "Duke of Prussia", "Marquis de la Jonquiere".
_NAME_LINKS = frozenset("and of de la le du von van der den bin al".split())


def listed_beside_question_name(question: str, sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """(question's name, the answer) when the answer is a name listed right beside a name the question gives.

    "Which character did Hugh Laurie play in Blackadder?" of "A host of other
    UK actors, including Hugh Laurie, Stephen Fry and Miranda Richardson,
    also appeared": the reader answers "Stephen Fry and Miranda Richardson"
    (0.62). Items of one list are the same kind of thing told side by side,
    so a name listed with the question's own is another of what the question
    is about, not something the question asks of it. Not read when the
    question asks for company ("with", "and", "other", "co-star", a set-aside
    phrase: ``set_aside``), nor for an answer that is not a name. The
    question's names are its ``qa.own_names.given_names``.
    """
    answer = sentence[start:end]
    names = given_names(question)
    if not names or not _is_name(answer) or _ASKS_FOR_COMPANY.search(question) or set_aside(question):
        return None
    reach = max(0, start - 80)
    before = _LISTED_BEFORE.search(sentence[reach:start])
    after = _LISTED_AFTER.match(sentence[end : end + 80])
    sides = []
    if before is not None:  # the question's name, then the answer: the list opens at the name
        sides.append((before.group(1), before.group(0)[len(before.group(1)) :], reach + before.start()))
    if after is not None:  # the answer, then the question's name: the list opens at the answer
        sides.append((after.group(1), after.group(0)[: after.start(1)], start))
    for listed, joint, opens in sides:
        lead = sentence[max(0, opens - 40) : opens]
        if _PAIRED.search(lead):
            continue  # "between Edison and Westinghouse": each is the other's counterpart
        # A comma joins list items only in a list a cue opens ("including Laurie, Fry and Richardson"); otherwise it
        # may stand before an apposition ("Philip I, Landgrave of Hesse") or end a clause ("In 1870, Tesla went").
        if "and" not in joint and not _LIST_CUE.search(lead):
            continue
        words = listed.split()
        # a suffix of the run: "Including Hugh Laurie" opening a sentence is Hugh Laurie
        named = next((" ".join(words[k:]) for k in range(len(words)) if " ".join(words[k:]).lower() in names), None)
        if named is not None:
            return named, answer
    return None


def _is_name(text: str) -> bool:
    """Every word capitalised but the links of a name, and no function word opening it ("In 1870" is a time)."""
    words = text.split()
    if not words or words[0].lower() in question_stop_words():
        return False
    return all(w[:1].isupper() or w in _NAME_LINKS for w in words)
