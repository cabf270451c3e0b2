"""Fine answer types: what a question asks for, and whether a candidate's text can be that.

``qa.features.question_kind`` sorts questions into broad kinds (who / when /
how many ...). Near misses and type slips hide inside those kinds: "How much
did Universal *pay*" answered with "the 50%" (a share, not a sum), "How old
was he" answered with "10 years ago" (a point in time, not an age), "What
salary" answered with "January". A reader trained on SQuAD proposes such
spans with high logits whenever the passage lacks the real answer, because
they are the nearest thing of roughly the right shape.

This module names the narrower type a question expects (``change``,
``money``, ``percent``, ``age``, ``duration``, ``term``, ``frequency``,
``year``, ``month``, ``date``, ``count``, ``person``) from its wording alone,
and scores a candidate against it:
+1 when the text has the expected shape, -1 when it has a shape the type
rules out, 0 when the question names no narrow type or the text says
nothing either way. A bare number ("91", "thousands") takes its unit from
the words around it in the article ("died aged 91", "thousands of his
possessions"), so "For how many years were they married?" clashes with an
age, and "How much money did he make?" with a count of things. The selector
learns how much a clash weighs; these rules only say what a clash is. Pure
regular expressions, no model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from qa.attributes import ORDINAL_WORDS

# The words of a currency, singular and plural, as the patterns below read them.
CURRENCY_NAMES = r"pounds?|dollars?|euros?|yen|yuan|rupees?|shillings?|francs?|pence|cents?"
# The words that count how many times something happens ("three times", "twice").
COUNT_OF_TIMES = r"times|once|twice|thrice"
ANSWER_TYPES = (
    "change",
    "money",
    "percent",
    "age",
    "duration",
    "term",
    "frequency",
    "year",
    "month",
    "day",
    "date",
    "count",
    "person",
)

_MONEY_WORDS = (
    r"pay|paid|cost|costs|costing|worth|price|priced|spend|spent|raise|raised|earn|earns|earned|salary|wage|fee|fees|"
    r"fine|fined|sold|sell|buy|bought|charge|charged|fund|funding|budget|value|valued|invest|invested|owe|owed|"
    r"bill|loan|debt|revenue|profit|profits|income|turnover|money|cash|deal|bid|offer|compensation|damages"
)
# Verbs of a rise or a fall, in the forms a question puts them ("did profits rise", "have shares fallen").
_CHANGE_VERBS = (
    r"rise|rises|rose|risen|fall|falls|fell|fallen|jump|jumped|increase|increased|decrease|decreased|drop|dropped|"
    r"grow|grew|grown|climb|climbed|gain|gained|slump|slumped|surge|surged|soar|soared|plunge|plunged|slip|slipped|"
    r"slide|slid|tumble|tumbled|decline|declined|dip|dipped|sink|sank|sunk|rally|rallied|improve|improved|shrink|"
    r"shrank|shrunk|expand|expanded|widen|widened|narrow|narrowed|cut|boost|boosted|add|added|lose|lost"
)
_AFTER_CHANGE = r"by|in|on|at|for|over|since|during|last|this|after|before|from|to|against|between|compared|when|while|so|overall"
# A count asked outright: "how many", "what was the number / score ...".
_COUNT_ASKED = re.compile(r"\bhow many\b|\bwhat (was |is )?(the )?(number|total|attendance|crowd|score|tally)\b")
_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "percent",
        re.compile(r"\b(what|which|by what|by how much|how big a|how large a) (percentage|percent|proportion|share|fraction)\b"),
    ),
    ("percent", re.compile(r"\bwhat (is|was|were|will be) the (\w+ ){0,3}(rate|percentage|share)\b")),
    # "What was the budget deficit as a share of GDP?": a share, whatever sum it is of.
    ("percent", re.compile(r"\b(what|which|how much|how big|how large)\b.*\bas an? (percentage|proportion|share|fraction) of\b")),
    # A jail term is a span of time ("two years") or a word for one ("life"), never a sum: the fine beside it is one.
    (
        "term",
        re.compile(
            r"\b(what|which) (\w+ ){0,2}(jail|prison|custodial) (sentence|term)s?\b|\bhow long a (jail|prison) (sentence|term)\b"
        ),
    ),
    # A sum that rose or fell is told as a share as often as an amount ("profits jumped 76% to $1.13bn"):
    # "How much did profits rise?" asks for either, so it is read before "money", which a share clashes with.
    # The verb of change ends the question or comes before a time or a comparison ("rise in 2004", "fall
    # against the euro"): in "How much does it cost to gain entry?" "gain" is no change of the cost.
    (
        "change",
        re.compile(
            rf"\bhow much\b(?=.*\b({_MONEY_WORDS})\b).*\b({_CHANGE_VERBS})\b"
            rf"(?:\s+(?:{_AFTER_CHANGE})\b[^?]*)?\W*$"
        ),
    ),
    # "What did the employment index climb to?", "What will the waiting time fall to?": the level a change
    # ends at, told by a number of any unit ("52.9", "6-months"), never by a word.
    (
        "count",
        re.compile(
            rf"\bwhat (did|does|do|will|has|have|had) .*\b({_CHANGE_VERBS}|ease|eased) to\W*(in|on|at|by|after|last|this|\W*$)"
        ),
    ),
    # "What was the price rise?": a change of a sum, named as a noun.
    (
        "change",
        re.compile(
            r"\bwhat (was |is |will be )?(the )?(\w+ )?(price|cost|fee|wage|salary|pay|budget|value)s? "
            r"(rise|increase|fall|cut|hike|drop|reduction)s?\b"
        ),
    ),
    # "By how much do they plan to cut spending?": the size of a change, whatever the verb ("low priority" is none).
    ("change", re.compile(r"^\W*by how much\b")),
    # "By what margin were they elected?": a margin is a number of votes, points or a share, never a word.
    ("change", re.compile(r"^\W*by what (margin|majority)\b")),
    ("money", re.compile(rf"\bhow much\b.*\b({_MONEY_WORDS})\b|\bhow much (money|cash)\b")),
    (
        "money",
        re.compile(
            r"\bwhat (was |is |will be )?(the )?((?!(?:of|in|for|on|at|by|with|between|is|was|are|were|does|do|did|there|type|"
            r"kind|law|the)\b)\w+ ){0,3}(price|cost|salary|fee|fine|sum|wage|budget|bid|fortune|value|revenue|"
            r"revenues|turnover)\b(?! (growth|rise|increase|fall|drop|share|rate|target|forecast|index|war|tag|cap|range)s?\b)"
        ),
    ),
    # "What did he say the proposals would cost?": the sum is what the question ends on.
    ("money", re.compile(r"\bwhat\b.*\b(would|will|did|does|do|to|could|might|may) cost\W*$")),
    # "How much taller than O'Connor is Leamy?": a difference, told by a number.
    (
        "count",
        re.compile(
            r"\bhow much (taller|heavier|lighter|older|younger|longer|shorter|bigger|smaller|higher|lower|faster|slower|"
            r"further|farther|wider|deeper)\b"
        ),
    ),
    (
        "age",
        re.compile(
            r"\bhow old\b|\b(what|which) age\b|\bat what age\b|\baged how\b|\bwhat (is|was|were) (the|his|her|their) ages?\b"
        ),
    ),
    (
        "duration",
        re.compile(
            r"\bfor how (long|many (years|months|weeks|days|hours|minutes|decades))\b|\bhow long (did|does|do|has|have|had|will|would|is|was|were) .*\b(last|take|took|serve|served|spend|spent|run|ran|wait|waited|stay|stayed|been|be married|married|jailed|sentenced|ban|banned)\b"
        ),
    ),
    ("duration", re.compile(r"\bhow many (years|months|weeks|days|hours|minutes|seconds|decades)\b")),
    ("frequency", re.compile(r"\bhow (often|frequently)\b")),
    ("year", re.compile(r"\b(in )?(what|which) year\b")),
    ("month", re.compile(r"\b(in |during )?(what|which) month\b")),
    ("day", re.compile(r"\b(on )?(what|which) days?\b")),
    ("date", re.compile(r"\b(on )?(what|which) date\b|\bwhen\b")),  # "which day" is read by "day" above
    ("count", _COUNT_ASKED),
    (
        "person",
        re.compile(
            r"\bwho(m|se)?\b|\b(what|which) (man|woman|person|player|minister|official|spokesman|spokeswoman|director|chief|executive|singer|actor|actress)\b"
        ),
    ),
)

# A currency's short form before the figure: the Kenyan "Sh77 billion", "KSh 5,000", "Rs 40 crore".
_CURRENCY = re.compile(
    rf"[$£€¥₹]|\b(?:ksh|sh|rs)\.?\s?\d|\b\d[\d,.]*\s?(m|bn|k|million|billion|trillion)?\s?({CURRENCY_NAMES}|usd|gbp|eur)\b"
    rf"|\b({CURRENCY_NAMES})\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage points?\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(
    r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
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
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTH_NAME = re.compile(r"\b(" + "|".join(w for w in CALENDAR_NAMES.split() if w not in WEEKDAYS) + r")\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
# Numbers written in words, each at its value's index ("two" is SMALL_NUMBER_WORDS[2]).
SMALL_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty"
).split()
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
# A rate of recurrence, whole: "every four years", "twice a week", "annually";
# "once" or "5.8 seconds" alone is not one (the period or the "every" is cut off).
_FREQUENCY = re.compile(
    rf"\b(every|each|per)\b|\b(time|{COUNT_OF_TIMES})\s+an?\b"
    r"|\b(hourly|daily|nightly|weekly|fortnightly|monthly|quarterly|yearly|annually|biennially|biennial|biannually"
    r"|rarely|seldom|often|frequently|occasionally|regularly|constantly|never)\b",
    re.IGNORECASE,
)
# A count of occurrences ("three times", "twice"): a fair answer to "how often
# has she won?", so neither a fit nor a clash.
_OCCURRENCES = re.compile(rf"\b({COUNT_OF_TIMES})\b", re.IGNORECASE)
# A span of time told by where it starts or ends, or as the latest stretch:
# "since 1951", "ever since the war", "until the 19th century", "for the past
# two years", "the last 7000 years". Each answers "How long has ...?" or "How
# long did ... last?", though "since" and "last" alone name points in time.
_BOUNDED_SPAN = re.compile(
    r"^\W*(?:(?:ever|at least|only|not)\s+)?(?:since|until|till|up until)\b"
    r"|\b(?:last|past)\s+(?:\d[\d,.]*|[a-z]+)\s+(?:years?|months?|weeks?|days?|hours?|decades?|centuries)\b",
    re.IGNORECASE,
)
# A quantity told in words: a fair answer to "how many" though no number
# ("None", "all missions", "infinitely many", "a majority", "a third of them");
# an ordinal ("seventh", "a third bid") is a place in an order, not a
# quantity, and "a third" cut off before what follows may be either.
_QUANTIFIER = re.compile(
    r"\b(none|nobody|all|every|many|few|most|majority|minority|both|single|infinitely|countless|numerous)\b"
    r"|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(?:half|halves|thirds?|quarters?|fifths?|tenths?)"
    r"(?=\s+of\b)",
    re.IGNORECASE,
)
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
    month_name: bool  # "June", "Sept"
    weekday: bool  # "Tuesday"
    frequency: bool  # a whole rate: "every four years", "twice a week", "annually"
    occurrences: bool  # a count of times: "three times", "twice"
    bounded_span: bool  # a span told by its bound or as the latest stretch: "since 1951", "until 1815", "the last 7,000 years"
    quantifier: bool  # a quantity in words: "none", "all", "many", "a majority", "a third of them"
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
            month_name=bool(_MONTH_NAME.search(text)),
            weekday=bool(_WEEKDAY.search(text)),
            frequency=bool(_FREQUENCY.search(text)),
            occurrences=bool(_OCCURRENCES.search(text)),
            bounded_span=bool(_BOUNDED_SPAN.search(text)),
            quantifier=bool(_QUANTIFIER.search(text)),
            capitalised=caps / len(words) if words else 0.0,
        )


# Characters read each side of a candidate for its unit (``type_fit``'s ``before`` / ``after``).
UNIT_CONTEXT_CHARS = 80
# What the words right around a bare number say it counts (``unit_in_context``).
_AFTER_PERCENT = re.compile(r"^\s*(?:%|per ?cent\b|percentage points?\b)", re.IGNORECASE)
_AFTER_CURRENCY = re.compile(
    rf"^\s*(?:(?:m|bn|k|million|billion|trillion)\s*)?(?:{CURRENCY_NAMES})\b",
    re.IGNORECASE,
)
# An age told in the answer itself: "31-year-old", "a 1.6-million-year-old skeleton", "31 years old".
_AGE_PHRASE = re.compile(r"\b\d+(?:\.\d+)?[- ]years?[- ]old\b|\b(?:\w+-)?years?-old\b", re.IGNORECASE)
_AFTER_AGE = re.compile(r"^\s*-?\s*years?[- ]old\b", re.IGNORECASE)
_AFTER_AGO = re.compile(r"^\s*-?\s*(?:of\s+)?(?:years?|months?|weeks?|days?|decades?)\s+(?:ago|earlier|later)\b", re.IGNORECASE)
_AFTER_DURATION = re.compile(
    r"^\s*-?\s*(?:of\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)\b", re.IGNORECASE
)
_AFTER_THING = re.compile(r"^\s+(?:of\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?)?[a-z][a-z\-]+\b")
# "193 UN member states", "five Premier League clubs": a name that qualifies a plural common noun, which is what is
# counted (a name alone, "30 Labour MPs", says nothing).
_AFTER_NAMED_THINGS = re.compile(r"^\s+(?:[A-Z][\w.&'’\-]*\s+){1,3}(?:([a-z][a-z\-]+)\s+)?([a-z][a-z\-]+s)\b")
_BEFORE_CURRENCY = re.compile(r"[$£€¥₹]\s*$")
# Figures from two up written in words (``_COUNT_WORDS``; a range's end or an answer's own figure may also be "one").
_FIGURE_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
# The other end of a range after a number ("three or four years", "two to three weeks"), skipped to reach its unit.
_RANGE_END = re.compile(rf"^\s+(?:or|to)\s+(?:\d[\d,.]*|one|{_FIGURE_WORDS})\b", re.IGNORECASE)
_BEFORE_AGE = re.compile(r"\b(?:aged|age of|ages of)\s*$", re.IGNORECASE)
# Words after a number that are not what it counts: function words, magnitudes.
_UNITLESS_WORDS = frozenset(
    "and or nor but to in on at by for from with as than the a an this that these those near after before since during "
    "until while when where which who whom whose what per each every over under about around across into onto upon "
    "against among between through throughout within without via is are was were be been being has have had will "
    "would could should may might can do does did not no so more less most least times million billion trillion above below "
    "thousand hundred bn m k".split()
)
_FRACTION = re.compile(
    r"\b(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b", re.IGNORECASE
)


def unit_in_context(before: str, after: str) -> str | None:
    """What a bare number counts, read from the words around it: ``percent``, ``currency``, ``age``, ``ago``, ``duration``, ``thing``.

    The reader often proposes just "91" or "30" where the article says "died
    aged 91" or "30 Labour MPs": the number alone has no type, so a question
    asking *how long* or *how much money* cannot clash with it. ``thing`` is
    a number followed by an ordinary lower-case word ("thousands of his
    possessions"); a capitalised one ("30 Labour MPs") says nothing, as a
    name does not tell what is counted. None when the context says nothing.
    """
    if _BEFORE_CURRENCY.search(before):
        return "currency"
    if _BEFORE_AGE.search(before):
        return "age"
    after = _RANGE_END.sub("", after, count=1)  # "three or four years": the range's unit is the number's
    for unit, pattern in (
        ("percent", _AFTER_PERCENT),
        ("currency", _AFTER_CURRENCY),
        ("age", _AFTER_AGE),
        ("ago", _AFTER_AGO),
        ("duration", _AFTER_DURATION),
    ):
        if pattern.match(after):
            return unit
    thing = _AFTER_THING.match(after)
    if thing is not None and not set(thing.group(0).lower().split()) & _UNITLESS_WORDS - {"of", "the"}:
        return "thing"
    named = _AFTER_NAMED_THINGS.match(after)
    if named is not None and not {named.group(1), named.group(2)} & _UNITLESS_WORDS:
        return "thing"
    return None


def _with_context(shape: TypeShape, unit: str | None) -> tuple[TypeShape, str | None]:
    """``shape`` with the unit its context gives a bare number; the unit only for a bare number."""
    bare = shape.numeric and not (
        shape.currency or shape.percent or shape.duration_unit or shape.year or shape.month_or_day or shape.clock
    )
    if not bare or unit is None:
        return shape, None
    return (
        replace(
            shape,
            currency=unit == "currency",
            percent=unit == "percent",
            duration_unit=unit in ("duration", "ago"),
            point_in_time=shape.point_in_time or unit == "ago",
        ),
        unit,
    )


# A figure the answer itself says counts things: "50 million copies", "300 jobs" (magnitudes skipped, the noun
# lower-case and not a unit, a function word or a length of time).
_OWN_FIGURE = re.compile(
    rf"(?:\d[\d,.]*|\b(?:one|{_FIGURE_WORDS})\b)(?:\s*(?:m|bn|k|million|billion|trillion|thousand|hundred)\b)?", re.IGNORECASE
)
# Types a count of things cannot be, told by the answer's own words: a sum, a share, an age, a length of time.
# (Not a change: "20 points" is how much an index fell.)
_OWN_THINGS_CLASH = frozenset({"money", "percent", "age", "duration"})


def counts_things(text: str) -> bool:
    """The answer's last figure is followed, inside it, by a common noun it counts ("50 million copies").

    ``unit_in_context`` reads a bare number's unit from the article around it;
    an answer that carries its own noun says what it counts itself, so "50
    million copies" answers no "How much revenue ...?". A currency, a share or
    a length of time anywhere in it is a unit, not a thing counted.
    """
    shape = TypeShape.of(text)
    if shape.currency or shape.percent or shape.duration_unit or shape.year or shape.clock or shape.occurrences:
        return False
    figures = list(_OWN_FIGURE.finditer(text))
    if not figures:
        return False
    rest = text[figures[-1].end() :]
    return bool(rest.strip()) and unit_in_context("", rest) == "thing"


# Words right before a length of time that make it a span, not an age: "for nine years", "over the past two years".
_SPAN_OF_TIME_BEFORE = re.compile(r"\b(?:for|over|during|within|in the (?:past|last))\s+$", re.IGNORECASE)


def type_fit(expected: str | None, text: str, before: str = "", after: str = "") -> float:
    """+1 when ``text`` has the shape ``expected`` calls for, -1 when it has one the type rules out, else 0.

    ``before`` and ``after`` are the text around the candidate: a bare number
    takes its unit from them (``unit_in_context``), so "91" out of "died aged
    91" is an age, and clashes with a question asking for how many years.
    """
    if expected is None:
        return 0.0
    if _AGE_PHRASE.search(text):  # "the 31-year-old": its "year" is no date and no length of time
        return 1.0 if expected == "age" else (-1.0 if expected in _CLASHES_WITH["age"] else _RULES[expected](TypeShape.of(text)))
    if expected == "age" and _SPAN_OF_TIME_BEFORE.search(before) and TypeShape.of(text).duration_unit:
        return -1.0  # "hadn't flown for nine years": how long, not how old
    unit = unit_in_context(before, after) if (before or after) and not _FRACTION.search(text) else None
    shape, unit = _with_context(TypeShape.of(text), unit)
    if unit is not None and expected in _CLASHES_WITH[unit]:
        return -1.0
    if expected in _OWN_THINGS_CLASH and counts_things(text):
        return -1.0
    if unit == "age" and expected == "age":
        return 1.0
    return _RULES[expected](shape)


def _money(s: TypeShape) -> float:
    if s.currency:
        return 1.0
    if s.percent or s.year or s.month_or_day or not s.numeric or s.duration_unit:
        return -1.0  # a bare number may be a sum; "two years" is not
    return 0.0


def _term(s: TypeShape) -> float:
    """A jail term: a span of time fits, a sum or a share clashes, anything else ("life") says nothing."""
    if s.currency or s.percent:
        return -1.0
    return 1.0 if s.duration_unit and s.numeric else 0.0


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


def _change(s: TypeShape) -> float:
    """A rise or a fall: a share or a sum fits; a date, a time of day, a span of time or no number at all clashes."""
    if s.currency or s.percent:
        return 1.0
    if s.year or s.month_or_day or s.clock or s.duration_unit or not s.numeric:
        return -1.0
    return 0.0  # a bare number: points, or a sum whose unit is cut off


def _duration(s: TypeShape) -> float:
    if s.currency or s.percent:
        return -1.0
    if s.bounded_span:  # "since 1951" says how long without a length; "the last 7000 years" has one
        return 1.0 if s.duration_unit and s.numeric else 0.0
    if s.point_in_time:
        return -1.0
    if s.duration_unit and s.numeric:
        return 1.0
    return 0.0 if s.numeric or s.duration_unit else -1.0


def _frequency(s: TypeShape) -> float:
    """A whole rate fits; a count of times says nothing; a bare number, sum, share or span of time clashes."""
    if s.frequency:
        return 1.0
    if s.occurrences:
        return 0.0
    if s.numeric or s.duration_unit or s.currency or s.percent or s.year or s.month_or_day or s.clock:
        return -1.0
    return 0.0


def _year(s: TypeShape) -> float:
    if s.year:
        return 1.0
    return -1.0 if s.currency or s.percent or not (s.numeric or s.month_or_day) else 0.0


def _month(s: TypeShape) -> float:
    """A month's name fits; a weekday, a time of day, a bare year, a number, a sum or a share clashes ("last month" says nothing)."""
    if s.month_name:
        return 1.0
    if s.duration_unit and s.numeric:
        return -1.0  # "five-month", "six months": a length of time, not a month
    if s.weekday or s.clock or s.year or s.currency or s.percent or (s.numeric and not s.month_or_day):
        return -1.0
    return 0.0


def _day(s: TypeShape) -> float:
    """A weekday, a day of a month or a time fits; a bare year, a sum or a share clashes.

    "On which day did Chelsea lose at the Nou Camp?" is not answered by
    "2000": none of SQuAD v1.1 dev's "what / which day" gold answers is a
    bare year (one "what date" answer is, so a date question keeps ``_date``).
    """
    if s.weekday or s.month_or_day or s.clock:
        return 1.0
    if s.year or s.currency or s.percent:
        return -1.0
    return 0.0


def _date(s: TypeShape) -> float:
    if s.year or s.month_or_day or s.clock:
        return 1.0
    if s.currency or s.percent:
        return -1.0
    return 0.0


def _count(s: TypeShape) -> float:
    """A number fits, and so does a count of times ("twice" for "How many times did he score?")."""
    if (s.numeric or s.occurrences) and not s.year:
        return 1.0
    if s.quantifier:
        return 0.0  # "none", "a majority": a quantity, not a number
    if not s.numeric:
        return -1.0
    return 0.0


def _person(s: TypeShape) -> float:
    if s.numeric and (s.currency or s.percent or s.year or s.clock):
        return -1.0
    if s.capitalised >= 0.5 and not s.month_or_day:
        return 1.0
    return 0.0


# Types a number counting people or things, giving an age, a sum, a share or a
# span of time cannot be ("how many" answered by "12" out of "12%" or "£12").
_CLASHES_WITH = {
    "age": frozenset({"change", "money", "percent", "duration", "year", "date", "count"}),
    "thing": frozenset({"change", "money", "percent", "age", "duration"}),
    "currency": frozenset({"count"}),
    "percent": frozenset({"count"}),
    "duration": frozenset({"count", "change"}),
    "ago": frozenset({"count", "change"}),
}

_RULES = {
    "change": _change,
    "money": _money,
    "percent": _percent,
    "age": _age,
    "duration": _duration,
    "term": _term,
    "frequency": _frequency,
    "year": _year,
    "month": _month,
    "day": _day,
    "date": _date,
    "count": _count,
    "person": _person,
}


# "Which two cities ...?", "What three things ...?": the question counts the items it asks for.
_ITEMS_ASKED = re.compile(
    r"\b(?:what|which|name)\s+(two|three|four|five|2|3|4|5)\s+(?:[a-z]+\s+)?[a-z]+s\b(?!['’])", re.IGNORECASE
)
# What joins items of a list in an answer ("Tel Aviv and Chicago", "red, white and blue", "A/B").
_LIST_JOINER = re.compile(r",|;|/|&|\b(?:and|or|plus|as well as)\b", re.IGNORECASE)


def items_asked(question: str) -> int | None:
    """How many items a question asks for by number ("In which two cities ...?" -> 2); None when it does not say."""
    match = _ITEMS_ASKED.search(question)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else ("two", "three", "four", "five").index(word) + 2


def lists_items(answer: str) -> bool:
    """Does the answer join several items ("Tel Aviv and Chicago")? A question that counts two or more asks for such a list.

    All 33 SQuAD v1.1 dev questions of that form ("What two ...", "Which three
    ...") have a gold answer that does; a single item ("Tel Aviv") is
    half an answer.
    """
    return _LIST_JOINER.search(answer) is not None


# A form of "be", "have" or a modal: the verb of a clause, not part of a number phrase.
_CLAUSE_VERB = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would)\b", re.IGNORECASE)


def holds_clause(answer: str) -> bool:
    """Does the answer run through a clause ("1,247 people were murdered and 710")? A count or a sum never does.

    The reader sometimes spans two numbers and the verb between them. Of
    the 990 "how many / how much" questions in SQuAD v1.1 dev, none has only
    gold answers with such a verb (7 list one beside a shorter answer).
    """
    return _CLAUSE_VERB.search(answer) is not None


# Ordinals ("17th century", "the eighteenth century"), words that anchor a span
# of time to a moment ("within five years", "after two years"), and words or
# dashes that bound a period ("since 2001", "1964 until 1969", "1939-45").
_ORDINAL = re.compile(rf"\b(?:\d+(?:st|nd|rd|th)|{'|'.join(ORDINAL_WORDS)})\b", re.IGNORECASE)
_ANCHORED = re.compile(r"\b(?:within|in|for|after|over|around|about|by)\b", re.IGNORECASE)
_PERIOD_BOUNDS = re.compile(r"\b(?:since|from|until|till|to|between|through)\b|[–—-]", re.IGNORECASE)
_HOW_LONG = re.compile(r"\bhow long\b(?! ago\b)")


def is_bare_duration(answer: str) -> bool:
    """A length of time and nothing that places it ("two years"): no answer to "when".

    "Two years ago", "within five years", "the 17th century" and "1998"
    place it and pass. Of SQuAD v1.1 dev's 743 questions that ask for a date,
    none has only such gold answers.
    """
    shape = TypeShape.of(answer)
    placed = shape.point_in_time or shape.year or shape.month_or_day or shape.clock
    return shape.duration_unit and shape.numeric and not placed and not _ORDINAL.search(answer) and not _ANCHORED.search(answer)


def asks_how_long(question: str) -> bool:
    """ "How long will the pipeline be?", "How long did it last?": a length, of time or of anything else.

    "How long ago ...?" asks for a moment, and a question that says "since"
    may be answered by where the period starts.
    """
    q = question.lower()
    return asked_by((("long", _HOW_LONG),), q) is not None and "since" not in q.split()


def is_bare_date(answer: str) -> bool:
    """A moment and nothing that makes it a length ("2005", "June 2004"): no answer to "how long".

    "Since 2001", "1964 until 1969", "three years" and "an eight-year term"
    pass. Of SQuAD v1.1 dev's 70 "how long" questions, none has only such
    gold answers.
    """
    shape = TypeShape.of(answer)
    return (shape.year or shape.month_or_day) and not _DURATION_UNIT.search(answer) and not _PERIOD_BOUNDS.search(answer)


# "Which film led the field ...?": the head of the wh-phrase names a thing no date can be (a date may name an edition
# of an event, "Which Olympics ...?" answered "2012", so events are not listed).
_ASKS_DATELESS_THING = (
    (
        "thing",
        re.compile(
            r"\b(?:what|which)\s+(?:[\w\-]+\s+){0,2}?(?:films?|movies?|songs?|albums?|books?|novels?|plays?|bands?|"
            r"teams?|clubs?|compan(?:y|ies)|firms?|part(?:y|ies)|countr(?:y|ies)|cit(?:y|ies)|players?|actors?|actress(?:es)?)\b"
        ),
    ),
)


def asks_for_a_dateless_thing(question: str) -> bool:
    """ "Which film ...?", "Which team ...?": a kind of thing that a bare year or date never names."""
    return asked_by(_ASKS_DATELESS_THING, question) is not None


def _office_holder_pattern() -> re.Pattern[str]:
    from index.text import ROLE_NOUNS

    roles = "|".join(re.escape(r) for r in sorted(set(ROLE_NOUNS), key=len, reverse=True))
    return re.compile(
        rf"^\s*(?:who|whom)\s+(?:is|was|are|were|will be|has been)\s+(?:the|a|an|its|their)?\s*(?:[\w'’\-]+\s+){{0,2}}?(?P<role>{roles})\b",
        re.IGNORECASE,
    )


_OFFICE_HOLDER = _office_holder_pattern()
_NOT_A_NAME_START = frozenset("the a an our their his her its my your this that these those some many all".split())


def asks_office_holder(question: str) -> bool:
    """ "Who is the head of ...?", "Who was its chief executive?": the answer is a person's name."""
    return _OFFICE_HOLDER.match(question) is not None


# Offices a firm or a body holds as often as a person does ("Who is the producer of Doctor Who?" -> "BBC").
_BODY_OFFICES = frozenset({"producer", "founder", "leader", "head"})
_ACRONYM = re.compile(r"^(?:the\s+)?[A-Z][A-Z&]+s?$")


def asks_personal_office(question: str) -> bool:
    """ "Who is the president of ...?": an office only a person holds, unlike a producer or a founder."""
    match = _OFFICE_HOLDER.match(question)
    return match is not None and match.group("role").lower() not in _BODY_OFFICES


def is_acronym(answer: str) -> bool:
    """A body's initials and nothing else ("AMBO", "the BBC"): a firm, a party or an agency, not a person.

    Of the 64 SQuAD v1.1 dev questions "Who is/was the <office> ...?", one
    has such a gold answer, for an office a body holds ("BBC", the producer
    of Doctor Who).
    """
    return _ACRONYM.match(answer.strip()) is not None


def is_nameless(answer: str) -> bool:
    """A phrase that names no one: no capital after its first word, which is lower-case or a determiner ("Our officers").

    Of the 56 SQuAD v1.1 dev questions "Who is/was the <office> ...?", one has
    such a gold answer ("The individual", for the final judge of right and
    wrong).
    """
    words = answer.split()
    if not words or any(w[:1].isupper() or w[:1].isdigit() for w in words[1:]):
        return False
    return not words[0][:1].isupper() or words[0].lower() in _NOT_A_NAME_START


# Kinds of things a "how many" question counts, so that a figure counting another kind is no answer: "How many
# countries will the force be made up of?" is not answered by "2,500" out of "2,500 officers from various countries".
# Plural nouns only, one kind each; a noun in no kind is never in conflict ("How many people" / "50 civilians" are
# both people).
_COUNTED_KINDS: dict[str, str] = {
    **dict.fromkeys(
        "people persons individuals men women children adults civilians soldiers troops officers policemen personnel "
        "workers employees staff members players fans voters residents students pupils teachers doctors nurses patients "
        "refugees migrants prisoners inmates victims passengers journalists athletes Britons Americans".lower().split(),
        "people",
    ),
    **dict.fromkeys("countries nations states cities towns villages regions provinces districts".split(), "places"),
    **dict.fromkeys("companies firms businesses banks clubs teams parties organisations organizations".split(), "bodies"),
    # A sport's or an election's tallies: "four places above Newcastle" answers no "How many points ...?".
    # (Not seats or votes: an arena's seats are the people it holds, a vote may be a voter's.)
    **{noun: noun for noun in "points places goals tries medals titles wickets runs".split()},
    **dict.fromkeys("games matches".split(), "games"),
    **dict.fromkeys("caps appearances".split(), "caps"),
    **dict.fromkeys("wins victories".split(), "wins"),
    **dict.fromkeys("defeats losses".split(), "defeats"),
}
_HOW_MANY_NOUN = re.compile(r"\bhow many\s+(?:more\s+|fewer\s+|other\s+|different\s+|of\s+the\s+)?([a-z]+)", re.IGNORECASE)
# Figures a count is written with in words ("four places above the Magpies").
_COUNT_WORDS = rf"\b(?:{_FIGURE_WORDS})"
_FIGURE_THEN_NOUN = re.compile(rf"(?:\d[\d,.]*|{_COUNT_WORDS})\s*(?:m|bn|million|billion|thousand)?\s+([a-z]+)\b", re.IGNORECASE)
_FIGURE_IN_ANSWER = re.compile(rf"\d|{_COUNT_WORDS}\b", re.IGNORECASE)


def counted_kind(question: str) -> str | None:
    """The kind of thing a "how many" question counts (``_COUNTED_KINDS``), or None."""
    asked = _HOW_MANY_NOUN.search(question)
    return _COUNTED_KINDS.get(asked.group(1).lower()) if asked else None


def counts_other_kind(asked_kind: str | None, text: str, start: int, end: int) -> bool:
    """The candidate's figure is followed by a noun of another kind than the one asked ("2,500 officers" for countries).

    An answer that holds a figure and ends on a counted noun is read by that
    noun too: "the two most affected regions" counts no troops.
    """
    if asked_kind is None:
        return False
    own = _FIGURE_IN_ANSWER.search(text, start, end)
    if own is not None:
        last = text[start:end].split()[-1].lower().strip(".,;:")
        told_here = _COUNTED_KINDS.get(last)
        if told_here is not None and told_here != asked_kind:
            return True
    figure = next(_FIGURE_THEN_NOUN.finditer(text, start, min(len(text), end + 40)), None)
    if figure is None or figure.start() >= end:
        return False
    told = _COUNTED_KINDS.get(figure.group(1).lower())
    return told is not None and told != asked_kind


# A match's score ("51-15", "2–1"): two numbers, not one count. "What was the attendance when the Wallabies hammered
# England?" is not answered by the score beside the crowd figure; a question about the score itself is. A score
# puts the winner's first (or is a draw); a range puts the low end first ("100–150 species").
_SCORE = re.compile(r"^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*$")
_ASKS_SCORE = re.compile(r"\b(score|scores|scoreline|result|margin|tally|record)\b", re.IGNORECASE)


def score_for_count(question: str, narrow_type: str | None, answer: str) -> bool:
    """A score answers a question that asks for one count ("how many", "what was the attendance")."""
    score = _SCORE.match(answer)
    return (
        narrow_type == "count"
        and score is not None
        and int(score.group(1)) >= int(score.group(2))
        and _ASKS_SCORE.search(question) is None
    )


# Besides a unit of time (``_DURATION_UNIT``), words of a rate or a span a question may count in.
_RATE_OR_SPAN = re.compile(r"\b(?:annual|annually|daily|weekly|monthly|how long|times)\b", re.IGNORECASE)


def duration_for_count(question: str, narrow_type: str | None, answer: str) -> bool:
    """A length of time answers no count of people or things ("three or four years" for "How many players ...?").

    Nor a score ("20 minutes" for "What was the score?"). A question that
    names a unit of time counts in it ("How many paid holiday days ...?" is
    answered "4 weeks"); a rate ("every three years") is left to the
    frequency rules. Only a count asked outright is read: a difference
    ("How much older ...?") is told in years, and the level a change ends at
    ("What will the waiting time fall to?") may be "6-months".
    """
    if (
        narrow_type != "count"
        or not _COUNT_ASKED.search(" ".join(question.lower().split()))
        or _DURATION_UNIT.search(question)
        or _RATE_OR_SPAN.search(question)
    ):
        return False
    shape = TypeShape.of(answer)
    return shape.duration_unit and shape.numeric and not (shape.occurrences or shape.frequency)


# "How many troops ...?" but not "How many dollars ...?", "How many pounds of steam ...?" or "How many times more ...?".
_ASKS_HOW_MANY = re.compile(
    rf"\bhow many\b(?!\s+(?:\w+\s+)?(?:{CURRENCY_NAMES}|naira)\b)(?!\s+times\b)",
    re.IGNORECASE,
)


def sum_for_count(question: str, answer: str) -> bool:
    """A sum of money answers no "how many" question that counts people or things ("Sh77 billion" for "How many troops?").

    A share does ("How many Victorians are Catholic?" is answered "26.7%"),
    and so does a sum for a question that counts in a currency ("How many
    dollars ...?").
    """
    return bool(_CURRENCY.search(answer)) and _ASKS_HOW_MANY.search(question) is not None


# The phrase a "which" / "what" question asks with runs to its verb: an auxiliary or a past form.
_ASKED_PHRASE_END = re.compile(
    r"\b(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|may|might|must|[a-z]+ed)\b"
)
_WHICH_OR_WHAT = re.compile(r"\b(?:which|what)\s+", re.IGNORECASE)
_LEADING_DETERMINERS = frozenset("the a an its their his her".split())


def asked_phrase(rest: str) -> str:
    """The words after "which" / "what" up to its verb: "Marsh & McLennan senior vice president" of "... pleaded guilty?"."""
    end = _ASKED_PHRASE_END.search(rest)
    return rest[: end.start()] if end else rest


def kind_words(text: str) -> str:
    """Lower-case words without a leading determiner, each without a plural "s": "the Law Lords" -> "law lord"."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    while words and words[0] in _LEADING_DETERMINERS:
        words = words[1:]
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def asked_kind_words(question: str) -> str:
    """``kind_words`` of the phrase a "which" / "what" question asks with ("law lord"), or "" for any other question."""
    found = _WHICH_OR_WHAT.search(question)
    return kind_words(asked_phrase(question[found.end() :])) if found else ""


def names_only_the_asked_kind(asked: str, answer: str) -> bool:
    """The answer is the kind the question asks for and nothing more: "Law Lords" for "Which Law Lord dissented?".

    ``asked`` is the question's ``asked_kind_words``. A right answer names one
    of that kind ("Lord Bingham"), or more ("protein A" for "What protein
    ...?"). Of SQuAD dev's gold answers (every annotator's) one is the asked
    phrase alone ("force" for "What force acted on bodies to retard their
    velocity?"), and none of the news gold sets'.
    """
    return bool(asked) and kind_words(answer) == asked


# Words before an asked noun that do not say which of its kind: "What type of engine ...?", "Which other game ...?".
_NOT_A_KIND = frozenset(
    "type types kind kinds sort sorts form forms class category variety main other new first last same next "
    "former latest previous current second third only major key big general".split()
)
_LOWER_PHRASE = re.compile(r"(?:(?:[Tt]he|[Aa]n?)\s+)?([a-z][a-z\-]+)\s+([a-z][a-z\-]+)")


def names_another_kind(question: str, asked: str, answer: str, sentence: str) -> str | None:
    """The answer is another kind of the asked noun: "fishing game" for "Which driving game ...?"; its word, or None.

    ``asked`` is the question's ``asked_kind_words``; ``sentence`` the
    answer's own. Only two plain words on each side are read, the same noun
    last: "Which driving game was the first title?" asks for one driving
    game, and "A fishing game is the first title" names a game of another
    kind. The asked word must be in the question in lower case, must say
    which kind ("What type of engine ...?" does not), and must be missing
    from the answer's sentence: a sentence that has it tells the answer is
    one of that kind ("The plant cells which contain chloroplasts are
    usually parenchyma cells" for "What plant cells ...?"). The answer must
    be two lower-case words, not a title or a name.
    """
    parts = asked.split()
    if len(parts) != 2 or parts[0] in _NOT_A_KIND or not re.search(rf"\b{re.escape(parts[0])}", question):
        return None
    if re.search(rf"\b{re.escape(parts[0])}", sentence, re.IGNORECASE):
        return None
    found = _LOWER_PHRASE.fullmatch(answer.strip())
    if found is None:
        return None
    own, noun = kind_words(found.group(1)), kind_words(found.group(2))
    if noun != parts[1] or own == parts[0] or own in _NOT_A_KIND:
        return None
    return own


# The types whose shape a sentence shows plainly (a sum, a share, a date, a rate): a count or a person is in
# nearly every sentence of news, so it says nothing about where the answer is.
_SENTENCE_TYPES = frozenset(("money", "percent", "frequency", "year", "month", "day", "date", "duration", "term", "age"))


def sentence_type_check(question: str) -> Callable[[str], bool] | None:
    """For a question asking for a plainly shaped type, a test of whether a sentence holds one; else None.

    ``qa.evidence.LexicalEvidence.focus`` reads it to find a chunk's sentence
    that holds the asked type when the window of the question's words has none.
    """
    expected = expected_type(question)
    if expected not in _SENTENCE_TYPES:
        return None
    return lambda sentence: type_fit(expected, sentence) > 0
