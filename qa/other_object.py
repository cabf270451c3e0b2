"""Another object of the question's verb: "Who quit Veritas ...?" of "... after he quit UKIP following an unsuccessful bid".

An entity swap inside one sentence: the question's verb takes one name as
its object, the sentence gives that verb another name right after it and
mentions the question's name elsewhere ("Veritas was formed by Mr
Kilroy-Silk ... after he quit UKIP"). Every word of the question is in the
sentence, so no missing-word check sees anything, and the reader answers
"Mr Kilroy-Silk" (0.83).

The rule is strict: a question that asks who did it ("Who / Which NOUN
VERB NAME ...?"), its lower-case verb right before a capitalised name, the same word (or its stem) in the sentence right before
another capitalised name that shares no word with it, nowhere in the
sentence the verb within a few words before the question's name, and the
question's name only in another clause than the verb ("the Census Bureau
considers San Bernardino ... a separate area from Los Angeles County" is
one clause, and the question a paraphrase of it).
"""

from __future__ import annotations

import re

from index.text import question_stop_words
from qa.role_reversal import stem

# "quit UKIP" in the sentence: a lower-case word, an optional determiner, then a capitalised run.
_VERB_NAME = re.compile(r"\b([a-z]{3,})\s+(?:the\s+)?((?:[A-Z][\w\-'’&]*)(?:\s+[A-Z][\w\-'’&]*)*)")
# Only a question that asks for the doer of its verb: "Who quit Veritas ...?", "Which MEP quit UKIP ...?".
_WHO_VERB_NAME = re.compile(
    r"^\s*(?i:who|which\s+[a-z\-]+(?:\s+[a-z\-]+)?)\s+([a-z]{3,})\s+(?:the\s+)?((?:[A-Z][\w\-'’&]*)(?:\s+[A-Z][\w\-'’&]*)*)",
)
_FUNCTION = frozenset("the a an his her its their our this that these those he she they it we i".split())
_REACH = 3  # words between the verb and the question's name that still make it the verb's object: "quit the old Veritas"


# What ends a clause between the verb and another mention of the question's name: "Veritas was formed ... | after he
# quit UKIP". A comma or an "and" joins list items as often as clauses ("the San Bernardino and Riverside County
# areas, ..."), so only a subordinating word, a semicolon or a dash counts.
_CLAUSE_BREAK = re.compile(r"[;:()\u2013\u2014]|\s-\s|\b(?:after|before|when|while|because|but|which|who|since)\b")


def _same_clause(sentence: str, start: int, end: int, name: str) -> bool:
    """Whether a mention of ``name`` shares a clause with the verb and its object at ``sentence[start:end]``."""
    for mention in re.finditer(rf"\b{re.escape(name)}", sentence):
        between = sentence[end : mention.start()] if mention.start() >= end else sentence[mention.end() : start]
        if _CLAUSE_BREAK.search(between) is None:
            return True
    return False


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[A-Za-z][\w\-'’&]*", text))


def other_object(question: str, sentence: str) -> tuple[str, str] | None:
    """(the question's verb and name, the sentence's) when the sentence gives the verb another object; else None."""
    stop = question_stop_words()
    for asked in _WHO_VERB_NAME.finditer(question):
        verb, name = asked.group(1), asked.group(2)
        if verb in stop or verb.endswith("ly"):
            continue
        verb_stem = stem(verb)
        name_words = _stems(name)
        if not re.search(rf"\b{re.escape(name.split()[0])}", sentence):
            continue  # the sentence never names the question's object: a missing-name check's business
        for told in _VERB_NAME.finditer(sentence):
            if stem(told.group(1)) != verb_stem:
                continue
            other = told.group(2)
            if other.split()[0].lower() in _FUNCTION or _stems(other) & name_words:
                continue
            own_object = rf"\b{re.escape(told.group(1))}\s+(?:[\w\-'’]+\s+){{0,{_REACH}}}?{re.escape(name.split()[0])}"
            if re.search(own_object, sentence):
                return None
            if _same_clause(sentence, told.start(), told.end(), name.split()[0]):
                return None  # "considers San Bernardino ... a separate area from Los Angeles County": one clause
            return f"{verb} {name}", f"{told.group(1)} {other}"
    return None
