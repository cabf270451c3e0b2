"""Fine answer types: what a question asks for, and whether a candidate's text can be that.

``qa.features.question_kind`` sorts questions into broad kinds (who / when /
how many ...). Near misses and type slips hide inside those kinds: "How much
did Universal *pay*" answered with "the 50%" (a share, not a sum), "How old
was he" answered with "10 years ago" (a point in time, not an age), "What
salary" answered with "January". A reader trained on SQuAD proposes such
spans with high logits whenever the passage lacks the real answer, because
they are the nearest thing of roughly the right shape.

This module names the narrower type a question expects (``money``,
``percent``, ``age``, ``duration``, ``year``, ``date``, ``count``,
``person``) from its wording alone, and scores a candidate against it:
+1 when the text has the expected shape, -1 when it has a shape the type
rules out, 0 when the question names no narrow type or the text says
nothing either way. The selector learns how much a clash weighs; these rules
only say what a clash is. Pure regular expressions, no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ANSWER_TYPES = ("money", "percent", "age", "duration", "year", "date", "count", "person")

_MONEY_WORDS = (
    r"pay|paid|cost|costs|costing|worth|price|priced|spend|spent|raise|raised|earn|earns|earned|salary|wage|fee|fees|"
    r"fine|fined|sold|sell|buy|bought|charge|charged|fund|funding|budget|value|valued|invest|invested|owe|owed|"
    r"bill|loan|debt|revenue|profit|profits|income|turnover|money|cash|deal|bid|offer|compensation|damages"
)
_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "percent",
        re.compile(r"\b(what|which|by what|by how much|how big a|how large a) (percentage|percent|proportion|share|fraction)\b"),
    ),
    ("percent", re.compile(r"\bwhat (is|was|were|will be) the (\w+ ){0,3}(rate|percentage|share)\b")),
    ("money", re.compile(rf"\bhow much\b.*\b({_MONEY_WORDS})\b|\bhow much (money|cash)\b")),
    (
        "money",
        re.compile(r"\bwhat (was |is |will be )?(the )?(\w+ )?(price|cost|salary|fee|fine|sum|wage|budget|bid|fortune|value)\b"),
    ),
    ("age", re.compile(r"\bhow old\b|\b(what|which) age\b|\bat what age\b|\baged how\b")),
    (
        "duration",
        re.compile(
            r"\bfor how (long|many (years|months|weeks|days|hours|minutes|decades))\b|\bhow long (did|does|do|has|have|had|will|would|is|was|were) .*\b(last|take|took|serve|served|spend|spent|run|ran|wait|waited|stay|stayed|been|be married|married|jailed|sentenced|ban|banned)\b"
        ),
    ),
    ("duration", re.compile(r"\bhow many (years|months|weeks|days|hours|minutes|decades)\b")),
    ("year", re.compile(r"\b(in )?(what|which) year\b")),
    ("date", re.compile(r"\b(on )?(what|which) (date|day)\b|\bwhen\b")),
    ("count", re.compile(r"\bhow many\b|\bwhat (was |is )?(the )?(number|total|attendance|crowd|score|tally)\b")),
    (
        "person",
        re.compile(
            r"\bwho(m|se)?\b|\b(what|which) (man|woman|person|player|minister|official|spokesman|spokeswoman|director|chief|executive|singer|actor|actress)\b"
        ),
    ),
)

_CURRENCY = re.compile(
    r"[$£€¥₹]|\b\d[\d,.]*\s?(m|bn|k|million|billion|trillion)?\s?(pounds?|dollars?|euros?|yen|yuan|rupees?|shillings?|francs?|pence|cents?|usd|gbp|eur)\b"
    r"|\b(pounds?|dollars?|euros?|yen|yuan|rupees?|shillings?|francs?|pence|cents?)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage points?\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
    r"million|millions|billion|dozen|dozens|half|several|a few)\b",
    re.IGNORECASE,
)
YEAR_PATTERN = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
# Month and weekday names, full and short: the calendar words of a date.
CALENDAR_NAMES = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday"
)
_MONTH_OR_DAY = re.compile(
    r"\b("
    + "|".join(
        CALENDAR_NAMES.split()
        + "today yesterday tomorrow tonight week month year spring summer autumn winter christmas easter".split()
    )
    + r")\b",
    re.IGNORECASE,
)
_DURATION_UNIT = re.compile(
    r"\b(years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century)\b", re.IGNORECASE
)
_POINT_IN_TIME = re.compile(r"\b(ago|since|until|before|after|last|next|earlier|later)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s?(am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


_INTERROGATIVE = re.compile(r"\b(what|which|who|whom|whose|when|where|why|how)\b")


def asked_by(patterns: Sequence[tuple[str, re.Pattern[str]]], question: str) -> str | None:
    """The name of the first pattern that matches at the question's own interrogative word, or None.

    A question may hold more than one wh-word, and only the first asks: "What
    does the US need from partners *who* are affected?" asks for a thing, not
    a person; "Who fumbled the ball *when* tackled?" for a person, not a time.
    Any match counts only when it spans the first wh-word; a question with
    none ("Name the ...") is matched anywhere.
    """
    q = " ".join(question.lower().split())
    asking = _INTERROGATIVE.search(q)
    for name, pattern in patterns:
        for match in pattern.finditer(q):
            if asking is None or match.start() <= asking.start() < match.end():
                return name
    return None


def expected_type(question: str) -> str | None:
    """The narrow answer type the question's wording asks for (``ANSWER_TYPES``), or None (first match wins)."""
    return asked_by(_TYPE_PATTERNS, question)


@dataclass(frozen=True)
class TypeShape:
    """The surface facts of a candidate's text that the type rules read."""

    currency: bool
    percent: bool
    numeric: bool  # a digit or a number word
    year: bool
    month_or_day: bool
    clock: bool
    duration_unit: bool
    point_in_time: bool
    capitalised: float  # share of words that start with a capital letter

    @classmethod
    def of(cls, text: str) -> TypeShape:
        words = _WORD.findall(text)
        caps = sum(1 for w in words if w[:1].isupper())
        return cls(
            currency=bool(_CURRENCY.search(text)),
            percent=bool(_PERCENT.search(text)),
            numeric=bool(_DIGIT.search(text) or _NUMBER_WORD.search(text)),
            year=bool(YEAR_PATTERN.search(text)),
            month_or_day=bool(_MONTH_OR_DAY.search(text)),
            clock=bool(_CLOCK.search(text)),
            duration_unit=bool(_DURATION_UNIT.search(text)),
            point_in_time=bool(_POINT_IN_TIME.search(text)),
            capitalised=caps / len(words) if words else 0.0,
        )


def type_fit(expected: str | None, text: str) -> float:
    """+1 when ``text`` has the shape ``expected`` calls for, -1 when it has one the type rules out, else 0."""
    if expected is None:
        return 0.0
    return _RULES[expected](TypeShape.of(text))


def _money(s: TypeShape) -> float:
    if s.currency:
        return 1.0
    if s.percent or s.year or s.month_or_day or not s.numeric:
        return -1.0
    return 0.0


def _percent(s: TypeShape) -> float:
    if s.percent:
        return 1.0
    if s.currency or s.year or not s.numeric:
        return -1.0
    return 0.0


def _age(s: TypeShape) -> float:
    if s.point_in_time or s.year or s.month_or_day or s.currency or s.percent or not s.numeric:
        return -1.0
    return 1.0


def _duration(s: TypeShape) -> float:
    if s.currency or s.percent or s.point_in_time:
        return -1.0
    if s.duration_unit and s.numeric:
        return 1.0
    return 0.0 if s.numeric or s.duration_unit else -1.0


def _year(s: TypeShape) -> float:
    if s.year:
        return 1.0
    return -1.0 if s.currency or s.percent or not (s.numeric or s.month_or_day) else 0.0


def _date(s: TypeShape) -> float:
    if s.year or s.month_or_day or s.clock:
        return 1.0
    if s.currency or s.percent:
        return -1.0
    return 0.0


def _count(s: TypeShape) -> float:
    if s.numeric and not s.year:
        return 1.0
    if not s.numeric:
        return -1.0
    return 0.0


def _person(s: TypeShape) -> float:
    if s.numeric and (s.currency or s.percent or s.year or s.clock):
        return -1.0
    if s.capitalised >= 0.5 and not s.month_or_day:
        return 1.0
    return 0.0


_RULES = {
    "money": _money,
    "percent": _percent,
    "age": _age,
    "duration": _duration,
    "year": _year,
    "date": _date,
    "count": _count,
    "person": _person,
}
