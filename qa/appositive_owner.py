"""Another name's appositive: "Damian Hockney, now Veritas deputy leader, and Peter Hulme-Cross" for "What position does Peter Hulme-Cross hold?".

An entity swap inside one sentence: the article describes one person in an
appositive and names the question's person beside him. Every word of the
question is in the sentence, so the missing-word checks see nothing, and
the reader answers "deputy leader" (0.83). What gives it away is whose
appositive the answer stands in: the name right before its comma is not
the question's, and the question's own name stands elsewhere in the
sentence.
"""

from __future__ import annotations

import re

from qa.own_names import bare_name

# "Damian Hockney, now Veritas deputy leader": a capitalised run, a comma, then up to four words before the answer.
_OWNER_THEN_COMMA = re.compile(r"((?:[A-Z][\w\-'’]*\s+){0,3}[A-Z][\w\-'’]*),\s+(?:[\w\-'’]+\s+){0,4}$")
_CLOSING = re.compile(r"^(?:\s+[\w\-'’]+){0,3}\s*,")  # the appositive closes within a few words after the answer
_NAME = re.compile(r"[A-Z][\w\-'’]*(?:\s+[A-Z][\w\-'’]*)+")  # a name of two capitalised words at least
# The question asks what someone is: "What position does X hold?", "What is X's job?".
_ASKS_POSITION = re.compile(r"\bwhat\s+(?:\w+\s+){0,3}?(?:position|post|role|title|job|office|rank)s?\b", re.IGNORECASE)
_NOT_NAMES = frozenset("the a an in on at of for and but as when while after before this that mr mrs ms dr".split())


def _words(name: str) -> frozenset[str]:
    return frozenset(bare_name(w) for w in name.split()) - _NOT_NAMES


def appositive_of_other(question: str, sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """(the question's name, the appositive's owner) when the answer describes another name than the question's; else None.

    ``start`` and ``end`` are the answer's offsets in ``sentence``. Only a
    question that asks what someone's position is ("What position / post /
    role / title / job ...?") is read, and only an answer that names no one
    (no capital but a body's name inside it, "Veritas deputy leader"). The
    question must name a person in two capitalised words at least ("Peter
    Hulme-Cross"), the sentence must name that person outside the
    appositive, and the owner, two capitalised words at least, must share
    no word with the question.
    """
    if _ASKS_POSITION.search(question) is None or not sentence[start:end][:1].islower():
        return None
    before = _OWNER_THEN_COMMA.search(sentence[:start])
    if before is None or _CLOSING.match(sentence[end:]) is None:
        return None
    owner = before.group(1)
    owner_words = _words(owner)
    asked_words = frozenset(bare_name(w) for w in re.findall(r"[\w\-'’]+", question))
    if len(owner_words) < 2 or owner_words & asked_words:
        return None
    outside = sentence[: before.start()] + " " + sentence[end:]
    for match in _NAME.finditer(" ".join(question.split()[1:])):
        name_words = _words(match.group(0))
        if len(name_words) >= 2 and all(re.search(rf"\b{re.escape(w)}\b", outside, re.IGNORECASE) for w in name_words):
            return match.group(0), owner
    return None
