"""A how-often answer keeps its period: "once" becomes "once every two years".

Why: a span reader may stop a count of times at the count, and "once" out
of "will be given once every two years" answers nothing of how often. Every
one of SQuAD v1.1 dev's "How often" gold answers holds its period ("every
four years", "each six months", "annually"), so an answer to a how-often
question that ends on a count of times ("once", "twice", "three times") is
stretched forward over the period right after it ("a year", "every two
years", "per week"). A count with no period after it ("can only win once")
is left as it is.

Only the end moves, and only over that one phrase, within the article's
text, so ``text[start:end] == answer`` still holds and the selector's
probability stands: it was about this occurrence. Any other question, or an
answer that does not end on a count of times, is left as it was. Pure
regular expressions, no model.
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


def asks_how_often(question: str) -> bool:
    """Does the question ask how often something happens ("How often ...?", "How frequently ...?")?"""
    return bool(_ASKS_HOW_OFTEN.search(question))


def period_end(text: str, start: int, end: int) -> int:
    """Where the answer ``text[start:end]`` ends once its period is taken in; ``end`` when none follows."""
    if not _ENDS_ON_A_COUNT_OF_TIMES.search(text[start:end]):
        return end
    period = _PERIOD_AFTER.match(text, end)
    return period.end() if period else end


def with_period(text: str, named: NamedSpan) -> NamedSpan:
    """``named`` stretched over the period after its count of times (``period_end``), the shown stretch widened to match."""
    end = period_end(text, named.start, named.end)
    return named if end == named.end else replace(named, end=end, shown_end=max(named.shown_end, end))
