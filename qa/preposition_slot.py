"""False premise by a taken slot: the question asks who fills a preposition's slot the sentence gives to its own name.

"Against which currency has the euro tumbled to a new low?" of "The US
dollar has ... tumbled to a new low against the euro": the reader answers
"US dollar" (0.95). Every word of the question is in the sentence, so no
"missing name" feature sees anything; the subject and the object have been
swapped. A question that opens with a preposition and a wh-word ("Against
which ...", "To whom ...", "From which ...") or leaves it at its end
("Which company was Telenor a spin-off from?") asks for what stands after
that preposition. So does one whose stranded preposition follows a noun
("What is Meet the Parents the sequel to?"), read only where the sentence
has that noun before that preposition ("Meet the Fockers, which is the
sequel to Meet the Parents"). When the sentence has the preposition
followed by a word the question itself gives ("against the euro"), that
slot is taken by the question's own word, so the answer, standing anywhere
but after the preposition, fills the other side.

Read only for the prepositions whose slot is one role (``SLOT_PREPOSITIONS``;
not "in", "on" or "at", which a sentence uses for times and places beside
the one asked), and only when the answer does not itself stand right after
an occurrence of the preposition. On SQuAD v1.1 dev it flags none of the
gold answers in their sentences (``docs/trust.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.text import question_stop_words
from qa.attributes import OBJECT_LEADS
from qa.role_reversal import Reversal

SLOT_PREPOSITIONS = frozenset("against from to with by into over".split())
# Left at a question's end, "to" and "with" close too many phrasal verbs ("attribute it to", "register with") whose
# sentence has another "to" or "with" beside the answer's: only these are read there alone.
STRANDED_PREPOSITIONS = frozenset("against from".split())
# After a noun ("the sequel to?", "the capital of?") a stranded preposition names one slot of that noun: these are
# read only where the sentence has the same noun right before the same preposition ("the sequel to Meet the Parents").
NOUN_SLOT_PREPOSITIONS = SLOT_PREPOSITIONS | {"of", "for"}
_OPENING = re.compile(r"^\s*([a-z]+)\s+(?:which|what|whom|who|whose)\b", re.IGNORECASE)
# The same question with its preposition left at the end: "Which company was Telenor a spin-off from?"
_STRANDED = re.compile(r"^\s*(?:which|what|whom|who)\b(.*)\b([a-z]+)\s*\?\s*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*|\d[\d,.]*")
# Tokens after the preposition within which the answer counts as its filler ("to the US dollar").
FILLER_REACH = 3


# "What is Meet the Parents the sequel to?": the article before the noun marks it as one, not a verb's particle.
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an)\s+([a-z]{3,})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Asked:
    """The slot a question asks to fill: its preposition, the noun it must follow (if any), the question's own words."""

    preposition: str
    own: frozenset[str]
    noun: str | None = None


@lru_cache(maxsize=1024)
def _asked(question: str) -> _Asked | None:
    """The slot of a preposition-led question, or of one that leaves its preposition at the end."""
    opening = _OPENING.match(question)
    stranded = _STRANDED.match(question) if opening is None else None
    noun: str | None = None
    if opening is not None and opening.group(1).lower() in SLOT_PREPOSITIONS:
        preposition, rest = opening.group(1).lower(), question[opening.end() :]
    elif stranded is not None and stranded.group(2).lower() in STRANDED_PREPOSITIONS:
        preposition, rest = stranded.group(2).lower(), stranded.group(1)
    elif stranded is not None and stranded.group(2).lower() in NOUN_SLOT_PREPOSITIONS:
        before = _NOUN_BEFORE.search(stranded.group(1))
        if before is None or before.group(1).lower() in question_stop_words():
            return None
        preposition, rest, noun = stranded.group(2).lower(), stranded.group(1), before.group(1).lower()
    else:
        return None
    words = [w.lower() for w in _WORD.findall(rest)]
    # The wh-phrase's words ("which European currency") name what is asked, not a word the sentence gives it:
    # they run up to the question's first function word ("has", "did").
    first = next((k for k, w in enumerate(words) if w in question_stop_words()), len(words))
    own = frozenset(w for w in words[first:] if w not in question_stop_words() and w != preposition and w != noun)
    return _Asked(preposition, own, noun)


def taken_slot(question: str, sentence: str, answer: tuple[int, int]) -> Reversal | None:
    """The question's word in the slot and the preposition, when the sentence gives the asked slot to the question's word."""
    asked = _asked(question)
    if asked is None:
        return None
    tokens = [(m.start(), m.group(0)) for m in _WORD.finditer(sentence)]
    taken: str | None = None
    for k, (_, word) in enumerate(tokens):
        if word.lower() != asked.preposition:
            continue
        if asked.noun is not None and (k == 0 or tokens[k - 1][1].lower() != asked.noun):
            continue  # a noun's slot: only "sequel to", not any other "to" of the sentence
        following = tokens[k + 1 : k + 1 + FILLER_REACH]
        if any(answer[0] <= start < answer[1] for start, _ in following):
            return None  # the answer fills one of the preposition's slots
        filler = next((w for _, w in following if w.lower() not in OBJECT_LEADS), None)
        if filler is not None and filler.lower() in asked.own and taken is None:
            taken = filler
    return Reversal(name=taken, verb=asked.preposition) if taken is not None else None
