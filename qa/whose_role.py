"""Reversed ownership: "Whose getaway driver was Charles Manson?" of "Linda Kasabian - the getaway driver of ... Charles Manson".

A false premise written by swapping subject and object: the article says A
is X's getaway driver, the question asks whose getaway driver X was. Every
word of the question is in the answer's sentence, next to the answer, so
the reader answers "Linda Kasabian" (0.85) and no missing-word check sees
anything. What gives it away is on which side of the role noun X stands:
the question puts X as the holder of the role ("was Charles Manson"), the
sentence as its owner ("the getaway driver of ... Charles Manson",
"Charles Manson's getaway driver").

Only the copular shape is read, "Whose <role> is / was <Name>?", the name
ending the question: SQuAD dev's 34 "whose" questions all have another verb
("Whose army liberated Warsaw?"), where the owner is what is asked.
"""

from __future__ import annotations

import re

from qa.own_names import strip_possessive
from qa.role_reversal import Reversal

_WHOSE = re.compile(
    r"^\s*(?i:whose)\s+((?:[a-z][\w\-]*\s+){0,2}[a-z][\w\-]*)\s+(?:is|was|are|were)\s+((?:[A-Z][\w\-'’.]*\s*){1,4})\?\s*$"
)
_OWNER_REACH = 4  # words between "of" and the owner's name: "the getaway driver of US serial killer Charles Manson"


def owner_for_holder(question: str, sentence: str) -> Reversal | None:
    """The question's name, when the sentence has it owning the question's role rather than holding it; else None.

    The role's last noun must stand right before "of" with the name within
    a few words after it, or right after the name's "'s", and the sentence
    must never put the name right after the role ("the getaway driver,
    Charles Manson").
    """
    asked = _WHOSE.match(question)
    if asked is None:
        return None
    role, name = asked.group(1), asked.group(2).strip()
    noun = re.escape(role.split()[-1])
    surname = re.escape(strip_possessive(name.split()[-1]))
    owned = re.search(
        rf"\b{noun}\s+of\s+(?:[\w\-]+\s+){{0,{_OWNER_REACH}}}?(?:\w+\s+)?{surname}\b", sentence, re.IGNORECASE
    ) or re.search(rf"\b{surname}['’]s?\s+(?:[\w\-]+\s+)?{noun}\b", sentence)
    if owned is None:
        return None
    if re.search(rf"\b{noun}\W{{1,3}}(?:[A-Z][\w\-]*\s+)*{surname}\b", sentence):
        return None  # "the getaway driver, Charles Manson": he holds it
    return Reversal(name, role)
