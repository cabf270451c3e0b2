"""Time shift inside one article: the answer's sentence dates the event to the same month of another year.

"Which body approved the mission in October 2024?" of an article that says
"approved by the U.N. Security Council in October 2023" and mentions 2024
elsewhere: every word and number of the question is in the article, so
"a year the article never mentions" (``period_missing_doc``) sees nothing,
and the reader answered "the U.N. Security Council" at 0.72.

The check is narrow on purpose. It reads only a month named with its year
("October 2024", "5 October 2024", "October 5, 2024"), in the question and
in the answer's sentence: the sentence has the question's month with
another year, and never the question's year. A bare year against another
bare year is not read: a sentence often dates something else than the
question asks about ("the 2015 NFC Championship" of a sentence on the club's
founding in 1995), and 13 of SQuAD dev's 645 year questions would clash so
on their gold sentence; of its 45 month-and-year questions, none does.
"""

from __future__ import annotations

import re

_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?((?:1[5-9]|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:1[5-9]|20)\d\d)\b")


def date_clash(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked "Month Year", the sentence's "Month Year") when the sentence gives the asked month another year; else None."""
    sentence_years = set(_YEAR.findall(sentence))
    told = {(m.group(1), m.group(2)) for m in _MONTH_YEAR.finditer(sentence)}
    for m in _MONTH_YEAR.finditer(question):
        month, year = m.group(1), m.group(2)
        if year in sentence_years:
            continue
        other = sorted(y for told_month, y in told if told_month == month and y != year)
        if other:
            return f"{month} {year}", f"{month} {other[0]}"
    return None
