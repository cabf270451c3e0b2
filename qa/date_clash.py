"""Time shift inside one article: the answer's sentence gives what the question dates another year.

"Which body approved the mission in October 2024?" of an article that says
"approved by the U.N. Security Council in October 2023" and mentions 2024
elsewhere: every word and number of the question is in the article, so
"a year the article never mentions" (``period_missing_doc``) sees nothing,
and the reader answered "the U.N. Security Council" at 0.72.

The check is narrow on purpose: the sentence must never give the
question's year, and must give another year in the very words the question
dates with. Either the question's month ("October 2024", "5 October 2024",
"October 5, 2024" against "October 2023"), or the two words before the
year ("the Most Wanted game of 2004?" against "the Most Wanted game of
2005"). A bare year against any other year is not enough: a sentence often
dates something else than the question asks about ("the 2015 NFC
Championship" of a sentence on the club's founding in 1995); 13 of SQuAD
dev's 645 year questions would clash so on their gold sentence, and 4 with
one word before the year ("in 2011" / "In 2005"). With a month or two
words, none of SQuAD dev's 10,570 gold sentences clashes. A period told
relative to the article's date clashes the same way ("this year's council
tax rises" against "next year's", ``relative_clash``), and so does one of a
finer unit that cannot lie inside the asked one ("earlier this month" for
"last year"), a sentence only about what is still to come for a past period
(``future_for_past``), another stretch of time back from today ("the
last 18 months" for "the last five years", ``stretch_clash``), and another
weekday for the asked one ("on Tuesday" for "on Monday", ``weekday_clash``).
A period back from today by a count ("a year ago", not the baseline "from a
year ago") is a "last" one, "in recent months" a "this" one, and a weekday
that dates an event ("at the awards on Sunday") a day of the week the
article reports: no day of last year or next year, though it may be one of
last week or last month.
"""

from __future__ import annotations

import re

from qa.answer_types import SMALL_NUMBER_WORDS, WEEKDAYS

_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?((?:1[5-9]|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:1[5-9]|20)\d\d)\b")
# The two words before a year: "game of 2004".
_DATED = re.compile(r"([A-Za-z]+)\W+([A-Za-z]+)\W+((?:1[5-9]|20)\d\d)\b(?!s)")


# A period told relative to the article's date: "next year's council tax rises", "last season".
_RELATIVE = re.compile(
    r"\b(this|next|last|previous|coming|past)\s+(year|month|week|season|summer|winter|spring|autumn|weekend)(?:['’]s)?\b",
    re.IGNORECASE,
)
_RELATIVE_CLASS = {"this": "this", "next": "next", "coming": "next", "last": "last", "previous": "last", "past": "last"}


def date_clash(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked date, the sentence's) when the sentence dates the question's words another year, never the asked one; else None.

    Both are the words before the year and the year: "October 2024" and
    "October 2023", or "game of 2004" and "game of 2005"; or a period told
    relative to the article's date, "this year" and "next year".
    """
    relative = (
        relative_clash(question, sentence)
        or future_for_past(question, sentence)
        or stretch_clash(question, sentence)
        or weekday_clash(question, sentence)
    )
    if relative is not None:
        return relative
    if not _YEAR.search(question):
        return None
    sentence_years = set(_YEAR.findall(sentence))
    if not sentence_years:
        return None
    told = {(m.group(1), m.group(2)) for m in _MONTH_YEAR.finditer(sentence)}
    for m in _MONTH_YEAR.finditer(question):
        month, year = m.group(1), m.group(2)
        if year in sentence_years:
            continue
        other = sorted(y for told_month, y in told if told_month == month and y != year)
        if other:
            return f"{month} {year}", f"{month} {other[0]}"
    told_after = {(m.group(1).lower(), m.group(2).lower(), m.group(3)) for m in _DATED.finditer(sentence)}
    for m in _DATED.finditer(question):
        words, year = (m.group(1).lower(), m.group(2).lower()), m.group(3)
        if year in sentence_years:
            continue
        other = sorted(y for w1, w2, y in told_after if (w1, w2) == words and y != year)
        if other:
            return f"{m.group(1)} {m.group(2)} {year}", f"{m.group(1)} {m.group(2)} {other[0]}"
    return None


# A question that places what it asks for inside one year: "In which month of 2023 ...?", "When in 2004 ...?".
_WITHIN_YEAR = re.compile(
    r"\b(?:(?:which|what) (?:month|day|week|date|season|quarter) (?:of|in)|when in|at what point in) ((?:1[5-9]|20)\d\d)\b",
    re.IGNORECASE,
)


def answer_year_clash(question: str, answer: str) -> tuple[str, str] | None:
    """(asked year, the answer's) when the question asks for a time within one year and the answer dates another.

    "In which month of 2023 did the Kenyan team arrive?" is no question
    "June 2024" answers, whatever the rest of the article says of 2023.
    """
    asked = _WITHIN_YEAR.search(question)
    if asked is None:
        return None
    years = set(_YEAR.findall(answer))
    if not years or asked.group(1) in years:
        return None
    return asked.group(1), min(years)


# Days told relative to the article's date, as a period of the unit "day".
_RELATIVE_DAY = re.compile(r"\b(yesterday|today|tonight|tomorrow)\b", re.IGNORECASE)
_DAY_CLASS = {"yesterday": "last", "today": "this", "tonight": "this", "tomorrow": "next"}
# Periods back from today told by a count ("a year ago", "two months ago") and the latest stretch ("in recent
# months"): the first is a "last" period of its unit, the second a "this" one. "From a year ago", "than a year
# ago", "compared with a year ago" tell the baseline of a change, not when it happened: not read.
_AGO = re.compile(
    rf"(?<!\bfrom )(?<!\bthan )(?<!\bwith )(?<!\bsince )(?<!\bversus )"
    rf"\b(?:a|an|one|\d+|{'|'.join(SMALL_NUMBER_WORDS)})\s+(year|month|week|day)s?\s+ago\b",
    re.IGNORECASE,
)
_RECENT = re.compile(r"\bin\s+recent\s+(month|week|day)s\b", re.IGNORECASE)
# How long each unit is, coarsest last: a period of a finer unit lies inside one of a coarser unit. A weekday
# that dates an event ("on Saturday", "Saturday's final") is a day of the week the article reports.
_UNIT_SIZE = {"day": 0, "weekday": 0, "weekend": 1, "week": 1, "month": 2, "season": 3, "year": 3}


def _relative_periods(text: str) -> dict[str, set[str]]:
    """{unit: {"this" | "next" | "last"}} for the periods ``text`` tells relative to its date."""
    found: dict[str, set[str]] = {}
    for m in _RELATIVE.finditer(text):
        found.setdefault(m.group(2).lower(), set()).add(_RELATIVE_CLASS[m.group(1).lower()])
    for m in _RELATIVE_DAY.finditer(text):
        found.setdefault("day", set()).add(_DAY_CLASS[m.group(1).lower()])
    for m in _AGO.finditer(text):
        found.setdefault(m.group(1).lower(), set()).add("last")
    for m in _RECENT.finditer(text):
        found.setdefault(m.group(1).lower(), set()).add("this")
    if _dated_weekdays(text):
        found.setdefault("weekday", set()).add("this")
    return found


def relative_clash(question: str, sentence: str) -> tuple[str, str] | None:
    """("next year", "this year") when the sentence tells the question's period another way and never the asked one.

    "Below what level is the package meant to keep this year's council tax
    rises?" of "... keep next year's council tax rises below 5%": the asked
    unit (year, month, week, season ...) stands in the sentence with another
    of this / next / last ("coming" counts as next, "previous" and "past" as
    last). A question asking two of one unit ("this year or next year")
    never clashes on it. Of SQuAD dev's 10,570 questions 7 tell a period so,
    of the news gold sets' 130 one; none clashes with its gold sentence.

    A period of a finer unit clashes too when it cannot lie inside the asked
    one (``_nested_clash``): "Which firm filed ... last year?" of "filed ...
    earlier this month".
    """
    asked = _relative_periods(question)
    if not asked:
        return None
    told = _relative_periods(sentence)
    for unit, classes in asked.items():
        held = told.get(unit, set())
        if len(classes) == 1 and held and not classes & held:
            return _period(min(classes), unit), _period(min(held), unit)
    for unit, classes in asked.items():
        if len(classes) != 1 or unit in told or unit not in _UNIT_SIZE:
            continue
        for other, held in told.items():
            if len(held) == 1 and other in _UNIT_SIZE and _nested_clash(unit, min(classes), other, min(held)):
                return _period(min(classes), unit), _period(min(held), other)
    return None


def _nested_clash(asked_unit: str, asked: str, told_unit: str, told: str) -> bool:
    """Whether a period of one unit cannot lie inside (or around) one of another unit, both told relative to today.

    "last year" holds no "this month" or "next week"; "this week" lies in no
    "last year". "last year" against "last month" clashes too, although in
    January last month was last year: news rarely asks so, and the
    question's year is then one the sentence does not tell.
    """
    if _UNIT_SIZE[asked_unit] == _UNIT_SIZE[told_unit]:
        return False
    if "weekday" in (asked_unit, told_unit) and _UNIT_SIZE["year"] > max(_UNIT_SIZE[asked_unit], _UNIT_SIZE[told_unit]):
        return False  # a Sunday may be last week's or last month's: only a year or a season tells it apart
    coarse, fine = (asked, told) if _UNIT_SIZE[asked_unit] > _UNIT_SIZE[told_unit] else (told, asked)
    if coarse == "this":
        return False  # this year holds last month, this month and next month alike (mostly)
    return fine != coarse or (coarse == "last" and _UNIT_SIZE[asked_unit] > _UNIT_SIZE[told_unit])


def _period(which: str, unit: str) -> str:
    """The words for a relative period: "last year", "today"."""
    if unit == "day":
        return {"last": "yesterday", "this": "today", "next": "tomorrow"}[which]
    if unit == "weekday":
        return f"{which} week"  # "on Sunday": a day of the week the article reports
    return f"{which} {unit}"


# A sentence that tells of what is still to come, and nothing past: "... the awards, which will be held on 8
# December at the MGM Grand". Reported speech in the past ("said") does not date the event.
_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are) (?:due|set|expected|scheduled) to|(?:is|are) to)\b", re.IGNORECASE)
_PAST_MARKS = re.compile(r"\b(?:last|previous|ago|past|earlier|was|were|had|did|has been|have been)\b", re.IGNORECASE)


def future_for_past(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked period, "what is still to come") when the question asks of a past period and the sentence only of the future.

    "Where were last year's Billboard awards held?" of "the awards, which
    will be held on 8 December at the MGM Grand": the sentence tells of the
    coming ceremony, never of last year's.
    """
    past_units = [unit for unit, classes in _relative_periods(question).items() if "last" in classes]
    if not past_units or _FUTURE.search(sentence) is None or _PAST_MARKS.search(sentence) is not None:
        return None
    return _period("last", past_units[0]), "what is still to come"


# Numbers a stretch of time is written with in words ("the last five years"), as digits.
_SPAN_NUMBERS = {word: str(value) for value, word in enumerate(SMALL_NUMBER_WORDS) if value >= 2} | {
    "thirty": "30",
    "fifty": "50",
}
# A stretch of time told back or forward from today: "over the last five years", "for the past 18 months".
_STRETCH = re.compile(
    rf"\b(?:last|past|previous|next|coming)\s+(\d+|{'|'.join(_SPAN_NUMBERS)})(\s+and\s+a\s+half)?\s+"
    r"(years?|months?|weeks?|days?|decades?|hours?|seasons?)\b",
    re.IGNORECASE,
)


def _stretches(text: str) -> dict[tuple[str, str], str]:
    """{(number, unit): the words} for every stretch of time ``text`` tells back or forward from today."""
    found = {}
    for m in _STRETCH.finditer(text):
        number = _SPAN_NUMBERS.get(m.group(1).lower(), m.group(1)) + ("½" if m.group(2) else "")
        found[(number, m.group(3).lower().rstrip("s"))] = " ".join(m.group(0).split())
    return found


def stretch_clash(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked stretch, the sentence's) when the sentence tells another stretch of time than the one asked, never it.

    "How often has the blogosphere doubled over the last five years?" of
    "... has doubled every five and a half months for the last 18 months".
    """
    asked = _stretches(question)
    if len(asked) != 1:
        return None
    told = _stretches(sentence)
    if not told or asked.keys() & told.keys():
        return None
    return next(iter(asked.values())), min(told.values())


# A weekday told as a time: "on Monday", "Monday morning", "Monday's close", "in Tuesday trading"; not one inside a
# name ("Good Friday", "Black Monday", "the Sunday Times", "Monday Night Football").
_WEEKDAY = re.compile(rf"\b({'|'.join(day.capitalize() for day in WEEKDAYS)})\b")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’\-]*)\s+$")
_NAME_AFTER = re.compile(r"^\s+[A-Z]")  # "Sunday Times"; "Saturday's Northern Ireland final" is dated
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“]\s*)$")


def _dated_weekdays(text: str) -> set[str]:
    """The weekdays ``text`` dates something on, leaving out those inside a name."""
    days = set()
    for match in _WEEKDAY.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        name_before = _NAME_BEFORE.search(before)
        if name_before is not None and not _SENTENCE_START.search(before[: name_before.start()]):
            continue  # "Good Friday"; but "On Monday" opening a sentence counts
        if _NAME_AFTER.match(text[match.end() : match.end() + 4]):
            continue  # "Sunday Times"
        days.add(match.group(1))
    return days


def weekday_clash(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked weekday, the sentence's) when the sentence dates its event on another weekday and never names the asked one.

    "By how much did shares in American Express surge on Monday?" is not
    answered from "Shares in American Express surged more than 8% on
    Tuesday", nor "How much did the shares rise in Monday morning trading?"
    from "... in Tuesday morning trading". A question that dates by two
    weekdays is not read, and a sentence that names the asked day anywhere
    ("from Monday to Tuesday") does not clash.
    """
    asked = _dated_weekdays(question)
    if len(asked) != 1:
        return None
    day = next(iter(asked))
    if day in sentence:
        return None
    told = sorted(_dated_weekdays(sentence) - asked)
    return (day, told[0]) if told else None
