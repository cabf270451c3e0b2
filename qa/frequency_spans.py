"""A how-often answer keeps its whole rate: "once" or "every two years" becomes "once every two years".

Why: a span reader may stop a count of times at the count, and "once" out
of "will be given once every two years" answers nothing of how often. Every
one of SQuAD v1.1 dev's "How often" gold answers holds its period ("every
four years", "each six months", "annually"), so an answer to a how-often
question that ends on a count of times ("once", "twice", "three times") is
stretched forward over the period right after it ("a year", "every two
years", "per week"). A count with no period after it ("can only win once")
is left as it is. The mirror holds too: an answer that is the period alone
("every two years") takes the count of times right before it ("once").

Only the ends move, and only over that one phrase, within the article's
text, so ``text[start:end] == answer`` still holds and the selector's
probability stands: it was about this occurrence. Any other question, or an
answer that neither ends on a count of times nor is a period, is left as it
was. Pure regular expressions, no model.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qa.answer_types import COUNT_OF_TIMES
from qa.full_names import NamedSpan

_ASKS_HOW_OFTEN = re.compile(r"\bhow (?:often|frequently)\b", re.IGNORECASE)
_ENDS_ON_A_COUNT_OF_TIMES = re.compile(rf"\b(?:{COUNT_OF_TIMES})$", re.IGNORECASE)
_HOW_MANY = (
    r"(?:\d+(?:\.\d+)?|a few|a couple of|few|several|other|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_PERIOD = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|century|season|term)s?"
# Read from the answer's end: spaces (no line break), then "a year", "every two years", "per week" ...
_PERIOD_AFTER = re.compile(rf"[ \t]+(?:a|an|every|per|each)[ \t]+(?:{_HOW_MANY}[ \t]+)?{_PERIOD}\b", re.IGNORECASE)
# An answer that is the period itself ("every two years"), and the count of times right before it ("once ").
_STARTS_ON_A_PERIOD = re.compile(rf"(?:a|an|every|per|each)[ \t]+(?:{_HOW_MANY}[ \t]+)?{_PERIOD}\b", re.IGNORECASE)
_COUNT_REACH = 40  # characters before the period that can hold its count ("a couple of times ")
_COUNT_BEFORE = re.compile(rf"\b(?:(?:{_HOW_MANY}[ \t]+)?times|once|twice|thrice)[ \t]+$", re.IGNORECASE)


def asks_how_often(question: str) -> bool:
    """Does the question ask how often something happens ("How often ...?", "How frequently ...?")?"""
    return bool(_ASKS_HOW_OFTEN.search(question))


def period_end(text: str, start: int, end: int) -> int:
    """Where the answer ``text[start:end]`` ends once its period is taken in; ``end`` when none follows."""
    if not _ENDS_ON_A_COUNT_OF_TIMES.search(text[start:end]):
        return end
    period = _PERIOD_AFTER.match(text, end)
    return period.end() if period else end


def count_start(text: str, start: int, end: int) -> int:
    """Where the answer ``text[start:end]`` starts once the count of times before its period is taken in.

    The mirror of ``period_end``: "every two years" out of "once every two
    years" is a rate too, but not the one the article gives; ``start`` when
    the answer is no period or no count of times stands right before it.
    """
    if not _STARTS_ON_A_PERIOD.match(text, start, end):
        return start
    count = _COUNT_BEFORE.search(text, max(0, start - _COUNT_REACH), start)
    return count.start() if count else start


def with_period(text: str, named: NamedSpan) -> NamedSpan:
    """``named`` stretched over its count of times and the period after it, the shown stretch widened to match.

    A count of times takes the period after it (``period_end``); a period
    takes the count of times before it (``count_start``).
    """
    start = count_start(text, named.start, named.end)
    end = period_end(text, start, named.end)
    if (start, end) == (named.start, named.end):
        return named
    return replace(named, start=start, end=end, shown_start=min(named.shown_start, start), shown_end=max(named.shown_end, end))
