"""A run's other end: the date a thing ended answers no question about when it began, and the other way round.

"In which year did Blackadder begin?" of "... hit comedy Blackadder, which
ended in 1989": the reader answers "1989" (0.69). Nothing the question
names is missing, and no sibling attribute sits in the sentence window of
the kind ``qa.attributes`` reads, because "begin" and "end" are too common
apart to contrast over a whole window ("the end of the season" beside a
season that began). What gives it away is the word right before the
answer: the date is told as the run's end ("ended in 1989"), and the
answer's own sentence never tells the asked end.

Read only for a question that asks when (when, what or which year, month,
day or date) with a verb of one end ("begin", "start", "end", "finish"),
an answer whose three words before hold a verb of the other end, and a
sentence that holds no word of the asked end at all. On SQuAD v1.1 dev it
flags none of the gold answers in their sentences (``docs/trust.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The two ends of a run, in the verb forms a question or a sentence puts them.
BEGIN_WORDS = frozenset("began begin begins beginning begun started start starts starting".split())
END_WORDS = frozenset("ended end ends ending finished finish finishes finishing".split())
_WHEN = re.compile(r"^\s*(?:when|(?:in\s+|by\s+)?(?:what|which)\s+(?:year|month|day|date|decade|season)s?)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
# Words read before the answer for the other end's verb: "which ended in 1989", "ended on 4 May".
BEFORE_REACH = 3


@lru_cache(maxsize=1024)
def asked_end(question: str) -> str | None:
    """ "begin" or "end": the end of a run a "when" question asks about, or None."""
    if _WHEN.search(question) is None:
        return None
    words = {w.lower() for w in _WORD.findall(question)}
    begins, ends = bool(words & BEGIN_WORDS), bool(words & END_WORDS)
    if begins == ends:
        return None  # neither, or both ("When did the war that began in 1939 end?")
    return "begin" if begins else "end"


def other_end(question: str, sentence: str, answer: tuple[int, int]) -> tuple[str, str] | None:
    """(asked verb, told verb) when the answer is the date of the other end of the run the question asks about."""
    asked = asked_end(question)
    if asked is None:
        return None
    asked_words, other_words = (BEGIN_WORDS, END_WORDS) if asked == "begin" else (END_WORDS, BEGIN_WORDS)
    told = [w.lower() for w in _WORD.findall(sentence)]
    if any(w in asked_words for w in told):
        return None
    before = [w.lower() for w in _WORD.findall(sentence[: answer[0]])][-BEFORE_REACH:]
    other = next((w for w in reversed(before) if w in other_words), None)
    if other is None:
        return None
    question_verb = next(w.lower() for w in _WORD.findall(question) if w.lower() in asked_words)
    return question_verb, other
