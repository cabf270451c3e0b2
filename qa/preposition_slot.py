"""False premise by a taken slot: the question asks who fills a preposition's slot the sentence gives to its own name.

"Against which currency has the euro tumbled to a new low?" of "The US
dollar has ... tumbled to a new low against the euro": the reader answers
"US dollar" (0.95). Every word of the question is in the sentence, so no
"missing name" feature sees anything; the subject and the object have been
swapped. A question that opens with a preposition and a wh-word ("Against
which ...", "To whom ...", "From which ...") or leaves it at its end
("Which company was Telenor a spin-off from?") asks for what stands after
that preposition. When the sentence has the preposition followed by a
word the question itself gives ("against the euro"), that slot is taken by
the question's own word, so the answer, standing anywhere but after the
preposition, fills the other side.

Read only for the prepositions whose slot is one role (``SLOT_PREPOSITIONS``;
not "in", "on" or "at", which a sentence uses for times and places beside
the one asked), and only when the answer does not itself stand right after
an occurrence of the preposition. On SQuAD v1.1 dev it flags none of the
gold answers in their sentences (``docs/trust.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.text import question_stop_words
from qa.attributes import OBJECT_LEADS
from qa.role_reversal import Reversal

SLOT_PREPOSITIONS = frozenset("against from to with by into over".split())
# Left at a question's end, "to" and "with" close too many phrasal verbs ("attribute it to", "register with") whose
# sentence has another "to" or "with" beside the answer's: only these are read there.
STRANDED_PREPOSITIONS = frozenset("against from".split())
_OPENING = re.compile(r"^\s*([a-z]+)\s+(?:which|what|whom|who|whose)\b", re.IGNORECASE)
# The same question with its preposition left at the end: "Which company was Telenor a spin-off from?"
_STRANDED = re.compile(r"^\s*(?:which|what|whom|who)\b(.*)\b([a-z]+)\s*\?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*|\d[\d,.]*")
# Tokens after the preposition within which the answer counts as its filler ("to the US dollar").
FILLER_REACH = 3


@lru_cache(maxsize=1024)
def _asked(question: str) -> tuple[str, frozenset[str]] | None:
    """(preposition, the question's own content words after its wh-phrase) of a preposition-led question."""
    opening = _OPENING.match(question)
    stranded = _STRANDED.match(question) if opening is None else None
    if opening is not None and opening.group(1).lower() in SLOT_PREPOSITIONS:
        preposition, rest = opening.group(1).lower(), question[opening.end() :]
    elif stranded is not None and stranded.group(2).lower() in STRANDED_PREPOSITIONS:
        preposition, rest = stranded.group(2).lower(), stranded.group(1)
    else:
        return None
    words = [w.lower() for w in _WORD.findall(rest)]
    # The wh-phrase's words ("which European currency") name what is asked, not a word the sentence gives it:
    # they run up to the question's first function word ("has", "did").
    first = next((k for k, w in enumerate(words) if w in question_stop_words()), len(words))
    own = frozenset(w for w in words[first:] if w not in question_stop_words() and w != preposition)
    return preposition, own


def taken_slot(question: str, sentence: str, answer: tuple[int, int]) -> Reversal | None:
    """The question's word in the slot and the preposition, when the sentence gives the asked slot to the question's word."""
    asked = _asked(question)
    if asked is None:
        return None
    preposition, own = asked
    tokens = [(m.start(), m.group(0)) for m in _WORD.finditer(sentence)]
    taken: str | None = None
    for k, (_, word) in enumerate(tokens):
        if word.lower() != preposition:
            continue
        following = tokens[k + 1 : k + 1 + FILLER_REACH]
        if any(answer[0] <= start < answer[1] for start, _ in following):
            return None  # the answer fills one of the preposition's slots
        filler = next((w for _, w in following if w.lower() not in OBJECT_LEADS), None)
        if filler is not None and filler.lower() in own and taken is None:
            taken = filler
    return Reversal(name=taken, verb=preposition) if taken is not None else None
