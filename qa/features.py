"""What the selector knows about one candidate answer: a fixed vector of numbers.

The reader's logits alone are over-confident on near misses: a question about
*Canadian* soldiers read against a sentence about *Kenyan* ones still gets a
crisp span. Selective QA under domain shift (Kamath, Jia & Liang, ACL 2020)
fixes that with a calibrator over features the reader does not see. These are
those features, grouped by the evidence they carry:

- **reader**: span logit, the window's no-answer logit, their margin, how far
  the candidate is behind the question's best margin, its share of the
  softmax mass over all spans read;
- **retrieval**: the passage's rank after sentence re-scoring, how much of the
  question its best window covers (IDF-weighted). The whole article's
  coverage was dropped: beside the window's it took a negative weight (more
  of the question in the article lowering the probability, an artefact of
  the two moving together), and without it the selector did better on each
  of the three gold sets held out in turn;
- **evidence around the span**: IDF-weighted coverage of the question's words
  in the answer's sentence and its neighbours (``qa.evidence``);
- **specifics the text lacks**: the question's names, numbers and years
  (capitalised words after the first, digit runs) missing from the answer's
  sentences and from the whole article: an entity swap or a time shift shows
  up here and nowhere else (a year or month the whole article lacks is a
  flag of its own, ``period_missing``, as are a number, ``number_missing``,
  and an office, ``role_missing``); an attribute the answer's sentences
  speak of only through a sibling ("injured" asked, "deployed" said:
  ``qa.attributes``), or a name whose title names another office than the
  asked one (``qa.role_titles``), or two of the question's names told the
  other way round (``qa.name_swap``); and whether the names the answer's sentences do
  hold come in the question's order (subject and object swapped shows up as
  a reversed order), and how many of the question's adjacent word pairs
  they hold;
- **answer type**: the question's kind (who / when / how many / ...) and the
  answer's shape (digits, year, month, capitalised words), and whether they
  agree;
- **the answer itself**: length, overlap with the question's words (a
  question never holds its answer);
- **agreement**: how many other spans read, from any passage, give the same
  normalised answer, and their softmax mass;
- **a set-aside list**: whether the answer is the list item beside a phrase
  the question sets aside ("Apart from X, what ...?", ``qa.list_siblings``),
  a span the reader is handed to score because it rarely proposes it, in an
  article that gives every name of the question;
- **nesting**: how many other candidates this answer contains or sits inside
  ("June 2004" / "2004"), and the softmax mass of all of them: where the
  reader spreads its mass over nested spans, the selector learns which
  length annotators mean.

Pure Python and numpy, no model call; ``FEATURE_NAMES`` fixes the order the
persisted selector's weights are stored in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.text import DOTTED_ACRONYM, LOOSE_ROLE_NOUNS, ROLE_NOUNS, tokenize, undot_acronyms
from index.text import WORD_PATTERN as _WORD
from index.types import titled_text
from qa.across import sentence_around
from qa.answer_types import (
    CALENDAR_NAMES,
    SMALL_NUMBER_WORDS,
    UNIT_CONTEXT_CHARS,
    YEAR_PATTERN,
    asked_by,
    asked_kind_words,
    asks_for_a_dateless_thing,
    asks_how_long,
    asks_office_holder,
    asks_personal_office,
    counted_kind,
    counts_other_kind,
    duration_for_count,
    expected_type,
    holds_clause,
    is_acronym,
    is_bare_date,
    is_bare_duration,
    is_nameless,
    items_asked,
    lists_items,
    names_another_kind,
    names_only_the_asked_kind,
    score_for_count,
    sum_for_count,
    type_fit,
)
from qa.appositive_owner import appositive_of_other
from qa.attributes import (
    attribute_words,
    contrasted_attributes,
    converse_doer,
    converse_of_named_doer,
    end_contrast,
    held_attribute_words,
    opposite_by_negative_prefix,
    opposite_by_prefix,
    ordinal_contrast,
    question_attribute_words,
    unstated_event,
    unstated_extreme,
)
from qa.body_types import asked_body, is_titled_person, names_a_body, names_other_body
from qa.date_clash import answer_year_clash, date_clash
from qa.evidence import LexicalEvidence, QuestionTerms
from qa.list_siblings import items_beside, listed_beside_question_name, set_aside
from qa.metrics import normalize_answer
from qa.name_gaps import missing_names, question_proper_names
from qa.name_slot import name_slot
from qa.name_swap import swapped_names
from qa.occupations import asked_occupation, asks_for_a_person, other_occupation, person_word_before
from qa.other_doer import honorific_doer, other_doer, other_sayer, pronoun_doer, swapped_doer, swapped_sayer
from qa.other_object import other_object
from qa.other_owner import other_owner, other_possessor
from qa.other_place import counted_for_other_place, other_place
from qa.own_names import (
    bare_name,
    continues_question_name,
    given_names,
    is_question_name,
    possessor_as_answer,
    question_owners,
    question_person_names,
    repeats_question_name,
    subject_roles,
    titled_with,
)
from qa.phrase_swap import swapped_middle
from qa.places import asks_for_a_city, asks_for_a_club, asks_for_a_country, names_only_states, names_only_wider_places
from qa.polarity import denied_premise, nomination_for_win, set_aside_answer
from qa.preposition_slot import taken_slot
from qa.readers.base import ReadablePassage, SpanPrediction
from qa.relative_owner import other_antecedent
from qa.role_reversal import Reversal, reversed_roles, source_as_doer
from qa.role_titles import Office, asked_office, name_office_clash, tense_clash
from qa.run_ends import other_end
from qa.trades import other_trade
from qa.whose_role import owner_for_holder

QUESTION_KINDS = ("count", "amount", "time", "person", "place", "reason", "which", "what", "other")
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("count", re.compile(r"\bhow (many|long|old|far|often|tall|big|large|high)\b|\bwhat (number|percentage|proportion)\b")),
    ("amount", re.compile(r"\bhow much\b|\bwhat (price|amount|sum|salary|fee|cost)\b")),
    ("time", re.compile(r"\bwhen\b|\b(what|which|in what|on what|at what) (year|date|day|month|time|decade|century|period)\b")),
    ("person", re.compile(r"\bwho(m|se)?\b")),
    (
        "place",
        re.compile(r"\bwhere\b|\b(what|which|in what|in which) (country|city|town|region|state|place|province|nation|capital)\b"),
    ),
    ("reason", re.compile(r"\bwhy\b")),
    ("which", re.compile(r"\bwhich\b")),
    ("what", re.compile(r"\bwhat\b")),
)
_MONTH_WORDS = frozenset(CALENDAR_NAMES.split())
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds "
    "thousand thousands million millions billion billions trillion dozen dozens half several".split()
)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b")
_MONEY = re.compile(r"[$£€¥]|\b(percent|per cent|pounds?|dollars?|euros?|shillings?|sh\d|usd|gbp)\b|%", re.IGNORECASE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’\-]*")

# Sentences each side of the answer's in which the question's names and
# numbers count as near (``specifics_missing_near``). News names a speaker or
# subject once and then quotes or refers back ("..., he said"), so with one
# sentence 38 % of the right answers to the seeds' dev2 questions (24 % on
# bbc-dev) had a name "missing near", against 11 % on SQuAD's paragraphs;
# with two, 30 % and 17 %, while 61-71 % of the near misses still show one.
SPECIFICS_REACH = 2

RELATIONAL_NAMES: tuple[str, ...] = ("contains_others_log", "inside_others_log", "nested_mass")

FEATURE_NAMES: tuple[str, ...] = (
    "margin",
    "span_logit",
    "null_logit",
    "margin_gap",
    "span_share",
    "answer_share",
    "same_answer_spans",
    "reader_rank_log",
    "passage_rank",
    "passage_window_coverage",
    "span_coverage",
    "bigram_coverage",
    "retrieval_score",
    "question_terms",
    "margin_x_span_coverage",
    "margin_x_missing_near",
    "specifics",
    "specifics_missing_near",
    "specifics_missing_doc",
    "any_specific_missing_doc",
    "period_missing_doc",
    "role_missing_doc",
    "number_missing_doc",
    "specifics_order_agreement",
    "answer_words_log",
    "answer_question_overlap",
    "answer_has_digit",
    "answer_is_year",
    "answer_has_month",
    "answer_has_clock",
    "answer_has_money",
    "answer_has_number_word",
    "answer_capitalised",
    "type_applicable",
    "type_agrees",
    "heaviest_missing_near",
    "heaviest_missing_doc",
    "narrow_type_expected",
    "narrow_type_match",
    "narrow_type_clash",
    "name_continues_question",
    "attribute_clash",
    "list_sibling",
    *(f"kind_{k}" for k in QUESTION_KINDS),
    *(f"kind_{k}_x_digit" for k in QUESTION_KINDS),
    *(f"kind_{k}_x_capitalised" for k in QUESTION_KINDS),
    *RELATIONAL_NAMES,
)


def question_kind(question: str) -> str:
    """The answer type a question asks for, from the words at its interrogative (first match wins)."""
    return asked_by(_KIND_PATTERNS, question) or "other"


@dataclass(frozen=True)
class AnswerShape:
    """Surface facts about an answer string that say what type of thing it is."""

    words: int
    has_digit: bool
    is_year: bool
    has_month: bool
    has_clock: bool
    has_money: bool
    has_number_word: bool
    capitalised: float  # share of its words that start with a capital letter

    @classmethod
    def of(cls, answer: str) -> AnswerShape:
        words = _WORD.findall(answer)
        lower = {w.lower() for w in words}
        caps = sum(1 for w in words if w[:1].isupper())
        return cls(
            words=len(words),
            has_digit=any(ch.isdigit() for ch in answer),
            is_year=bool(YEAR_PATTERN.search(answer)),
            has_month=bool(lower & _MONTH_WORDS),
            has_clock=bool(_CLOCK.search(answer)),
            has_money=bool(_MONEY.search(answer)),
            has_number_word=bool(lower & _NUMBER_WORDS),
            capitalised=caps / len(words) if words else 0.0,
        )

    def agrees_with(self, kind: str) -> float | None:
        """1.0 / 0.0 when the question's kind says what the answer should look like, else None."""
        numeric = self.has_digit or self.has_number_word
        if kind == "count":
            return float(numeric)
        if kind == "amount":
            return float(numeric or self.has_money)
        if kind == "time":
            return float(self.is_year or self.has_month or self.has_clock or (self.has_digit and self.words <= 4))
        if kind in ("person", "place"):
            return float(self.capitalised >= 0.5 and not self.has_digit)
        return None


def question_specifics(question: str) -> tuple[str, ...]:
    """The question's names, numbers and years, as BM25 tokens (lower-cased, stemmed).

    A capitalised word after the first word of the question is taken as part
    of a name (English capitalises little else mid-sentence); every digit run
    is a number or a year; a precise office or role ("coach", "chief
    executive", not "head") pins the answer as a name does. These are what a
    near-miss question swaps: asked for the *judge* of a council whose article
    names only its chief executive, the role reads as missing.
    """
    rest = " ".join(undot_acronyms(question).split()[1:])
    found = [(m.start(), m.group(0)) for m in _CAPITALISED.finditer(rest)]
    found += [(m.start(), m.group(1)) for m in _ROLE_PATTERN.finditer(rest.lower())]
    words = [text for _, text in sorted(found)]  # in the question's order: see ``order_agreement``
    numbers = [d.replace(",", "") for d in _DIGITS.findall(question)]
    tokens = tokenize([" ".join(words)])[0] if words else []
    return tuple(dict.fromkeys([*tokens, *numbers]))


_ROLE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(r) for r in sorted(set(ROLE_NOUNS) - LOOSE_ROLE_NOUNS, key=len, reverse=True)) + r")s?\b"
)


@lru_cache(maxsize=4096)
def text_words(text: str) -> frozenset[str]:
    """BM25 tokens of a text plus its bare digit runs (commas dropped) and acronyms, for presence tests."""
    digits = {d.replace(",", "") for d in _DIGITS.findall(text)}
    return frozenset(tokenize([text])[0]) | digits | acronyms(text)


_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|and\s+|for\s+|the\s+)?[A-Z][a-z]+){1,4}")


def acronyms(text: str) -> frozenset[str]:
    """The acronyms a text names, lower-cased: dotted ones collapsed and initials of capitalised runs.

    A question says "US" where its article says "U.S." or "United States",
    "UN" for "United Nations": without these, a name the article does hold
    reads as missing, the signature of an entity swap. Initials of every run
    of two to five capitalised words ("Organization of American States" ->
    "oas") cover the usual ways news spells a body's name out.
    """
    dotted = {m.group(0).replace(".", "").lower() for m in DOTTED_ACRONYM.finditer(text)}
    initials = set()
    for m in _NAME_RUN.finditer(text):
        capitals = [w[0] for w in m.group(0).split() if w[:1].isupper()]
        initials.add("".join(capitals).lower())
    found = dotted | initials
    stemmed = tokenize([" ".join(sorted(found))])[0] if found else []  # as BM25 spells them ("oas" -> "oa")
    return frozenset(found | set(stemmed))


def order_agreement(specifics: Sequence[str], window_tokens: Sequence[str]) -> float:
    """Share of pairs of the question's specifics that the text holds in the question's order (0.5: no pair).

    Questions keep the word order of the statement they ask about ("Why did
    Kenya send officers to Haiti?" / "Kenya sent officers to Haiti"), so a
    pair in reverse order hints that subject and object were swapped.
    """
    first: dict[str, int] = {}
    for i, token in enumerate(window_tokens):
        first.setdefault(token, i)
    present = [s for s in specifics if s in first]
    pairs = [(a, b) for i, a in enumerate(present) for b in present[i + 1 :] if first[a] != first[b]]
    if not pairs:
        return 0.5
    return sum(1 for a, b in pairs if first[a] < first[b]) / len(pairs)


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


@lru_cache(maxsize=4096)
def window_tokens_of(text: str) -> tuple[str, ...]:
    """BM25 tokens of a stretch of text in order, digit runs as in ``question_specifics``."""
    tokens = []
    for match in re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_]+", text):
        word = match.group(0)
        tokens.extend([word.replace(",", "")] if word[0].isdigit() else tokenize([word])[0])
    return tuple(tokens)


_CALENDAR_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The months a question may pin a time to ("May" left out: far more often a verb).
_ASKED_MONTHS = frozenset(_CALENDAR_MONTHS) - {"May"}
_MONTH_IN_QUESTION = re.compile(r"\b(" + "|".join(sorted(_ASKED_MONTHS)) + r")\b")
_ISO_MONTH = re.compile(r"^\d{4}-(\d\d)")


def question_periods(question: str) -> tuple[str, ...]:
    """The years, decades and months a question names, in its order ("2024", "2020s", "March")."""
    found = [(m.start(), m.group(0)) for m in YEAR_PATTERN.finditer(question)]
    found += [(m.start(), m.group(0)) for m in _MONTH_IN_QUESTION.finditer(question)]
    return tuple(dict.fromkeys(text for _, text in sorted(found)))


def period_missing(periods: Sequence[str], doc_text: str, doc_date: str | None = None) -> bool:
    """True when the question names a year or a month that neither the article's text nor its date holds.

    An article covers the times it mentions: asked "How many officers were
    killed in 2023?" (or "in March") of one that only reports 2024 (or July
    to September), any number it gives answers another question (a *time
    shift*). Among SQuAD's 645 dev questions that name a year, 3 name one
    their whole article lacks, each a range spelled another way ("1646
    through 1647" for "1646-47"); of its 64 that name a month, 1 ("July
    Fourth" for an article on Independence Day). Hence the selector caps this
    flag (``qa.selector.CAPPED_FEATURES``) instead of only weighing it. The
    year and month of a date kept apart from the text (a JSON record's
    ``date`` field) count as held, a decade ("the 2020s") is held by any of
    its years, and a month by its usual short forms ("Sept.", "Nov").
    """
    if not periods:
        return False
    held = text_words(doc_text) | (text_words(doc_date) if doc_date else frozenset())
    held_decades = {w[:3] for w in held if len(w) == 4 and w.isdigit()}
    dated_month = _ISO_MONTH.match(doc_date or "")
    return any(
        not _month_held(p, doc_text, dated_month)
        if p in _ASKED_MONTHS
        else (p[:3] not in held_decades if p.endswith("s") else p not in held)
        for p in periods
    )


def _month_held(month: str, doc_text: str, dated_month: re.Match[str] | None) -> bool:
    """``month`` in the text, whole or short ("Sept", "Nov."), or the month of the record's ISO date."""
    if dated_month is not None and int(dated_month.group(1)) == _CALENDAR_MONTHS.index(month) + 1:
        return True
    pattern = rf"\b{re.escape(month[:3])}(?:{re.escape(month[3:])}|t)?\b"
    return re.search(pattern, doc_text, re.IGNORECASE) is not None


_QUESTION_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DECADE_SUFFIX = re.compile(r"['’]?s\b")
_SMALL_ORDINAL_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


# "ten-month", "two-year", "five-a-side": a number word joined to what it measures.
# Not "twenty-first" or "twenty-one": one number written in two words.
_NUMBER_WORD_MEASURE = re.compile(
    rf"\b({'|'.join(SMALL_NUMBER_WORDS[2:])})-(?!(?:{'|'.join(SMALL_NUMBER_WORDS[1:10] + _SMALL_ORDINAL_WORDS[1:10])})\b)[a-z]",
    re.IGNORECASE,
)
# "in the past ten years", "two straight seasons": a number word before a span of time. Not a bare count
# ("which three terms", "what two cities"): that counts the answer's own items.
_NUMBER_WORD_SPAN = re.compile(
    rf"\b({'|'.join(SMALL_NUMBER_WORDS[2:])})\s+(?:(?:more|consecutive|straight|successive|full|previous|past|last|"
    r"next|additional|extra)\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|seasons?|decades?|centuries)\b",
    re.IGNORECASE,
)


def question_roles(question: str) -> tuple[str, ...]:
    """The precise offices a question names, in its order ("chief executive"; never "head" or "leader")."""
    return tuple(dict.fromkeys(m.group(1) for m in _ROLE_PATTERN.finditer(question.lower())))


def question_numbers(question: str) -> tuple[str, ...]:
    """The numbers a question names other than its years and decades, commas dropped ("1,247" -> "1247").

    "5th" gives "5"; "the 70's" and "1990s" are decades, left to
    ``question_periods``. A number word joined to its measure ("a ten-month
    training") or before a span of time ("in the past ten years") is a
    number too, kept as the word; a bare one ("which two ...") counts the
    answer's items instead. Of SQuAD dev's 25 questions with a number word
    before a span of time, one names a number its paragraph lacks ("five
    years after ...", reckoned by the asker).
    """
    years = [m.span() for m in YEAR_PATTERN.finditer(question)]
    found = []
    for m in _QUESTION_NUMBER.finditer(question):
        if any(a <= m.start() < b for a, b in years) or _DECADE_SUFFIX.match(question, m.end()):
            continue
        found.append(m.group(0).replace(",", ""))
    found += [m.group(1).lower() for m in _NUMBER_WORD_MEASURE.finditer(question)]
    found += [m.group(1).lower() for m in _NUMBER_WORD_SPAN.finditer(question)]
    return tuple(dict.fromkeys(found))


def number_missing(numbers: Sequence[str], doc_text: str) -> bool:
    """True when the question names a number the article never gives, in digits or, up to twenty, in words.

    Asked "How many officers arrived with the second contingent of 250?" of
    an article whose contingent was 400 (an *entity swap* on a number), any
    count it gives answers another question. Among SQuAD's 639 dev questions
    that name a number other than a year, 5 name one their article lacks,
    each a slip of the question's own ("By 199", "1755, 56, 57", "100 years
    before" reckoned by the asker); no gold question of the three public
    sets does. Hence a cap, as for ``period_missing``.
    """
    if not numbers:
        return False
    held = text_words(doc_text)
    lower = doc_text.lower()
    for number in numbers:
        if number in SMALL_NUMBER_WORDS:  # asked in words ("ten-month"): looked up in digits and in words
            number = str(SMALL_NUMBER_WORDS.index(number))
        if number in held:
            continue
        small = int(number) if number.isdigit() and int(number) <= 20 else None
        words = (SMALL_NUMBER_WORDS[small], _SMALL_ORDINAL_WORDS[small]) if small is not None else ()
        if not any(re.search(rf"\b{w}\b", lower) for w in words):
            return True
    return False


# Offices an article may name in another word than the question's.
_ROLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "chairman": ("chairman", "chairwoman", "chairperson", "chair"),
    "chairwoman": ("chairman", "chairwoman", "chairperson", "chair"),
    "spokesman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokeswoman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
    "chief executive": ("chief executive", "ceo"),
}


@lru_cache(maxsize=256)
def _role_text(doc_text: str) -> str:
    """The article lower-cased with hyphens and runs of space as one space ("Director-General" reads as a role)."""
    return " ".join(doc_text.lower().replace("-", " ").split())


def role_missing(roles: Sequence[str], doc_text: str) -> bool:
    """True when the question names a precise office ("coach", "chief executive") the article never uses.

    Asked for the *director general* of a police force whose article only
    names its spokesman, any name the article gives answers another
    question (a *role confusion*). Among SQuAD's dev questions, 205 name a
    precise role and 1 names one its article lacks ("Kipling was an
    influential spokesman for what?"); no answerable question of the public
    gold sets does, while 4 of their 20 unanswerable ones do; hence a cap
    (``qa.selector.CAPPED_FEATURES``). Loose roles
    ("head", "leader") are never asked about here, and an office counts as
    held in its plural or its other usual words (``_ROLE_VARIANTS``).
    """
    if not roles:
        return False
    text = _role_text(doc_text)
    return any(
        not any(re.search(rf"\b{re.escape(variant)}s?\b", text) for variant in _ROLE_VARIANTS.get(role, (role,)))
        for role in roles
    )


def _missing(specifics: Sequence[str], words: frozenset[str]) -> float:
    if not specifics:
        return 0.0
    return sum(1 for s in specifics if s not in words) / len(specifics)


def _softmax(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    shifted = np.exp(values - values.max())
    shares: np.ndarray = shifted / shifted.sum()  # numpy's stubs type this division as Any
    return shares


@dataclass(frozen=True)
class ArticleGaps:
    """What an article lacks of what a question names: the evidence behind the selector's article-level flags."""

    specifics: float  # share of the question's names, numbers and years it lacks
    period: bool  # a year or month the question names (``period_missing``)
    role: bool  # a precise office (``role_missing``)
    number: bool  # a number other than a year (``number_missing``)
    names: tuple[str, ...] = ()  # people and organisations it never names (``qa.name_gaps``)

    @property
    def any(self) -> bool:
        """Does the article lack anything the question names?"""
        return self.specifics > 0 or self.period or self.role or self.number or bool(self.names)


@dataclass(frozen=True)
class QuestionNames:
    """What a question names that an article must hold to answer it.

    The one set of rules for "the article lacks what the question names":
    the selector reads the gaps per passage (``_CandidateSet``), and the
    header answers per described article (``qa.article_header.fits``).
    """

    specifics: tuple[str, ...]  # names, numbers and years (``question_specifics``), in the question's order
    periods: tuple[str, ...]  # years, decades and months (``question_periods``)
    roles: tuple[str, ...]  # precise offices (``question_roles``)
    numbers: tuple[str, ...]  # numbers other than years (``question_numbers``)
    proper_names: tuple[str, ...] = ()  # people and organisations (``qa.name_gaps.question_proper_names``)

    @classmethod
    def of(cls, question: str) -> QuestionNames:
        return cls(
            question_specifics(question),
            question_periods(question),
            question_roles(question),
            question_numbers(question),
            question_proper_names(question),
        )

    def gaps(self, doc_text: str, doc_date: str | None = None, doc_title: str | None = None) -> ArticleGaps:
        """What ``doc_text`` (dated ``doc_date``, titled ``doc_title``) lacks of these.

        Every gap is read with the title (``index.types.titled_text``): a
        SQuAD paragraph never names its article's subject ("What famous
        conductor went to Harvard?" of a "Harvard University" paragraph,
        "Super Bowl 50" of a paragraph that never repeats "50") and a BBC
        record keeps its headline apart, so without it a right answer reads
        as one from another article.
        """
        titled = titled_text(doc_text, doc_title)
        return ArticleGaps(
            specifics=_missing(self.specifics, text_words(titled)),
            period=period_missing(self.periods, titled, doc_date),
            role=role_missing(self.roles, titled),
            number=number_missing(self.numbers, titled),
            names=missing_names(self.proper_names, text_words(titled)),
        )


@dataclass(frozen=True)
class QuestionContext:
    """Per-question facts every candidate's features share."""

    question: str
    terms: QuestionTerms
    kind: str
    question_words: frozenset[str]
    bigrams: frozenset[tuple[str, str]]  # adjacent content words (stemmed) of the question
    narrow_type: str | None  # ``qa.answer_types.expected_type``
    items_asked: int | None  # "which two cities": ``qa.answer_types.items_asked``
    asks_office_holder: bool  # "Who is the head of ...?": ``qa.answer_types.asks_office_holder``
    capitalised_words: frozenset[str]  # the question's capitalised words after its first, lower-cased
    person_names: tuple[str, ...]  # for a "who" question, the names it gives (``qa.own_names``)
    names: QuestionNames  # what an article must hold to answer it
    attribute_words: frozenset[str]  # its words as ``qa.attributes`` matches them
    office: Office | None  # the precise office it asks about (``qa.role_titles``)
    set_aside: tuple[str, ...] = ()  # "apart from X": ``qa.list_siblings.set_aside``
    asks_how_long: bool = False  # "How long will it be?": ``qa.answer_types.asks_how_long``
    asks_personal_office: bool = False  # "Who is the president of ...?": ``qa.answer_types.asks_personal_office``
    asked_body: int | None = None  # "Which committee ...?": ``qa.body_types.asked_body``
    asks_person: bool = False  # "Which Iranian official ...?": ``qa.occupations.asks_for_a_person``
    asked_occupation: int | None = None  # "Which guitarist ...?": ``qa.occupations.asked_occupation``
    subject_roles: tuple[str, ...] = ()  # "What has X's former coach said?": ``qa.own_names.subject_roles``
    owners: tuple[str, ...] = ()  # "Which think-tank commissioned AOL's report?": ``qa.own_names.question_owners``
    counted_kind: str | None = None  # "How many countries ...?": ``qa.answer_types.counted_kind``
    asked_kind: str = ""  # "Which Law Lord ...?" -> "law lord": ``qa.answer_types.asked_kind_words``
    given_names: tuple[str, ...] = ()  # its capitalised runs, lower-cased; none for a choice: ``qa.own_names.given_names``
    asks_city: bool = False  # "Which US city ...?": ``qa.places.asks_for_a_city``
    asks_club: bool = False  # "Which club ...?": ``qa.places.asks_for_a_club``
    asks_country: bool = False  # "Which country ...?": ``qa.places.asks_for_a_country``
    asks_dateless: bool = False  # "Which film ...?": ``qa.answer_types.asks_for_a_dateless_thing``

    @property
    def asked(self) -> tuple[str, frozenset[str], Office | None]:
        """What ``candidate_clash`` reads of the question."""
        return self.question, self.attribute_words, self.office

    @classmethod
    def of(cls, question: str, evidence: LexicalEvidence) -> QuestionContext:
        return cls(
            question=question,
            terms=evidence.question_terms(question),
            kind=question_kind(question),
            question_words=frozenset(w.lower() for w in _WORD.findall(question)),
            bigrams=frozenset(_bigrams(tokenize([question])[0])),
            narrow_type=expected_type(question),
            items_asked=items_asked(question),
            asks_office_holder=asks_office_holder(question),
            capitalised_words=frozenset(bare_name(m.group(0)) for m in _CAPITALISED.finditer(" ".join(question.split()[1:]))),
            person_names=question_person_names(question) if question_kind(question) == "person" else (),
            names=QuestionNames.of(question),
            attribute_words=question_attribute_words(question),
            office=asked_office(question),
            set_aside=set_aside(question),
            asks_how_long=asks_how_long(question),
            asks_personal_office=asks_personal_office(question),
            asked_body=asked_body(question),
            asks_person=asks_for_a_person(question),
            asked_occupation=asked_occupation(question),
            subject_roles=subject_roles(question),
            owners=question_owners(question),
            counted_kind=counted_kind(question),
            asked_kind=asked_kind_words(question),
            given_names=given_names(question),
            asks_city=asks_for_a_city(question),
            asks_club=asks_for_a_club(question),
            asks_country=asks_for_a_country(question),
            asks_dateless=asks_for_a_dateless_thing(question),
        )


# Words each side of an answer that say what it is a number of ("rose by 2%", "a 31% decline").
ATTRIBUTE_REACH = 3
_ANY_WORD = re.compile(r"\S+")


def attribute_contrast(
    question_words: frozenset[str], text: str, start: int, end: int, window: str, sentence: str = ""
) -> tuple[str, str] | None:
    """("asked", "said instead") when the answer's sentence window, its own sentence, or the words right around it, speak of a sibling.

    The own sentence is read when the window holds the asked word only in a
    neighbour ("The shadow cabinet revealed its support" beside "The Lib Dems
    have pledged to oppose the bill" for "Which party pledged to support it?").

    The window catches "How many were injured?" answered from "400 were
    deployed"; the words around the span catch a sentence that holds both
    ("GDP rose by 2% in 2004, after a 31% decline in 2003": for "By how much
    did it shrink?", "2%" sits by "rose"). ``question_words`` are the
    question's ``qa.attributes.attribute_words``.
    """
    answer = attribute_words(text[start:end])
    shape = AnswerShape.of(text[start:end])
    counted = shape.has_digit or shape.has_number_word
    found = contrasted_attributes(question_words, held_attribute_words(window), answer, counted)
    if not found and sentence:
        found = contrasted_attributes(question_words, held_attribute_words(sentence), answer, counted)
    if not found:
        before = _ANY_WORD.findall(text[max(0, start - 200) : start])[-ATTRIBUTE_REACH:]
        after = _ANY_WORD.findall(text[end : end + 200])[:ATTRIBUTE_REACH]
        found = contrasted_attributes(question_words, held_attribute_words(" ".join(before + after)), answer, counted)
    return found[0] if found else None


def answers_with_question_name(context: QuestionContext, text: str, start: int, end: int) -> bool:
    """The ``name_continues_question`` flag: the span is a name the question gives, or its first part (``qa.own_names``)."""
    if continues_question_name(text, start, end, context.capitalised_words):
        return True
    if possessor_as_answer(context.owners, text[start:end]) is not None:
        return True  # "net provider AOL" for "Which think-tank commissioned AOL's report?"
    if titled_with(text, start, end, context.subject_roles):
        return True  # "their former coach Christos Tzekos" for "What has X's former coach been charged with?"
    if is_question_name(text[start:end], context.given_names):
        return True  # "Ghana" for "Which rival country could Ghana be looking to emulate?"
    return repeats_question_name(text[start:end], context.person_names) is not None


@dataclass(frozen=True)
class Clash:
    """What a candidate's text says instead of what the question asks: exactly one field is set."""

    contrast: tuple[str, str] | None = None  # (asked, said): a sibling attribute, ``qa.attributes``
    office: Office | None = None  # the clashing title, ``qa.role_titles``
    reversal: Reversal | None = None  # ``qa.role_reversal``
    swap: tuple[str, str] | None = None  # two names told the other way round, ``qa.name_swap``
    tense: tuple[str, str] | None = None  # (asked, titled): "former coach" asked, "new coach" before the name
    doer: tuple[str, str] | None = None  # (asked, told): another name does the question's verb, ``qa.other_doer``
    place: tuple[str, str] | None = None  # (asked, told): the sentence speaks of another place, ``qa.other_place``
    counted: tuple[str, str] | None = None  # (asked, told): the figure counts another place's people, ``qa.other_place``
    date: tuple[str, str] | None = None  # (asked, told): the asked month or dated words, another year, ``qa.date_clash``
    owner: tuple[str, str] | None = None  # (asked, told): another team or firm glued to the answer, ``qa.other_owner``
    slot: tuple[str, str] | None = None  # (asked, answer): the answer stands where the question has a name, ``qa.name_slot``
    unstated: str | None = None  # the asked event ("injured") the article never tells, ``qa.attributes.unstated_event``
    sibling: tuple[str, str] | None = None  # (asked, answer): listed beside the question's name, ``qa.list_siblings``
    trade: tuple[str, str] | None = None  # (asked, told): the word before the answer names another trade, ``qa.trades``


_ASKS_COUNT = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)


def candidate_clash(
    asked: tuple[str, frozenset[str], Office | None],
    passage: ReadablePassage,
    start: int,
    end: int,
    window: str,
    others: Sequence[str] = (),
) -> Clash | None:
    """The ``attribute_clash`` flag's finding: the span's text says something else than the question asks of it.

    - a sibling of the asked attribute ("739 graduated" for "how many were
      killed", ``qa.attributes``), or another rank of the asked noun
      ("twelfth man" for "thirteenth man", ``qa.attributes.ordinal_contrast``);
    - a count of what happened to people (killed, injured, arrested ...)
      from an article that never tells of it (``qa.attributes.unstated_event``);
    - another office: a name whose title names another office or another
      holder than the question's ("Kenyan President William Ruto" for "Who is
      the president of Haiti?", ``qa.role_titles``), read before the name and
      in an appositive after it, at every mention of the name in its article
      and in ``others`` (the other articles read);
    - the same office at another time: "New coach Tony Lester" for "Who is
      his former coach?" (``qa.role_titles.tense_clash``);
    - reversed roles: the question's doer stands on the receiving end of the
      verb in the span's sentence ("Who did Ruto host?" of "Rubio ... hosting
      Ruto", ``qa.role_reversal``), or owns the asked role there ("Whose
      getaway driver was Charles Manson?" of "the getaway driver of ...
      Charles Manson", ``qa.whose_role``);
    - swapped names: the question fits the span's sentence better with two of
      its names exchanged ("When did Algeria take control of France?" of
      "France took control of Algeria", ``qa.name_swap``);
    - another doer: the span's sentence has another name doing the
      question's verb and never mentions the question's ("When did Atari
      file for bankruptcy?" of "Commodore International filed ...",
      ``qa.other_doer``; a "He" opening the sentence is the person the
      previous sentence opens with by honorific, ``pronoun_doer``), or
      another source than the question's "according
      to" ("according to McAfee?" of "Sophos said ...", ``other_sayer``), or
      another owner of the question's noun ("Dell's profit" of "Lenovo's
      profit", ``qa.other_owner.other_possessor``), or the answer stands
      in another name's appositive beside the question's ("Damian Hockney,
      now Veritas deputy leader, and Peter Hulme-Cross" for Hulme-Cross's
      position, ``qa.appositive_owner``), or gives the question's verb
      another object ("he quit UKIP" for "Who quit Veritas ...?",
      ``qa.other_object``);
    - a name listed beside the question's own: "Hugh Laurie, Stephen Fry and
      Miranda Richardson" for "Which character did Hugh Laurie play?"
      (``qa.list_siblings.listed_beside_question_name``);
    - another trade: the word right before the answer names another trade
      than the question's ("Internet service provider Wanadoo" for "Which
      chip maker ...?", ``qa.trades``);
    - another place: the span's sentence speaks of another country or city
      and never of the question's ("How many people remain displaced in
      Kenya?" of "... Haiti's population ... 600,000 people remain
      displaced", ``qa.other_place``);
    - another place's people counted: the figure comes with another
      people's word before the question's noun ("739 Haitian police
      officers" for "How many Kenyan police officers ...?",
      ``qa.other_place.counted_for_other_place``);
    - another date: the span's sentence gives the asked month, or the two
      words before the asked year, another year ("approved ... in October
      2023" for "... in October 2024?", ``qa.date_clash``);
    - another owner: the words glued to the answer name another team or
      firm than the question's, which its sentence never names ("Which
      Chelsea player ...?" of "his Arsenal team-mate Robert Pires",
      ``qa.other_owner``), or the answer stands in the relative clause of
      another item of the list that names the question's ("Finding
      Neverland ... and Vera Drake, which has 11 nominations",
      ``qa.relative_owner``);
    - a name in the question's place: the answer stands between the words
      around one of the question's names ("leaving Miami in" for "Where are
      weapons leaving Jamaica in containers arriving?", ``qa.name_slot``).
    - the opposite by prefix: the window has the question's verb only in its
      "dis-" form ("after disallowing tries from Cueto" for "Whose tries did
      the referee allow?", ``qa.attributes.opposite_by_prefix``);
    - the premise denied: the sentence has the question's phrase only with
      "not" or "without" ("is not currently under consideration" for "...
      is under consideration?", ``qa.polarity``), or the asked prize only
      as a nomination ("won her an Oscar nomination" for "... win an
      Oscar?", ``qa.polarity.nomination_for_win``).
    - the other side of the asked event: the answer does the converse of
      the question's verb to the same thing ("Coupling ... lost its
      primetime slot" for "Which comedy kept its primetime slot?",
      ``qa.attributes.converse_doer``), or the date of the other end of the
      run it asks about ("ended in 1989" for "When did it begin?",
      ``qa.run_ends``);
    - another middle word in a phrase of the question whose other words
      the sentence keeps ("the best film award" for "the best actor
      award", where the article tells of best actors, ``qa.phrase_swap``).

    ``asked`` is the question, its words as ``qa.attributes`` matches them
    and the office it asks about (``QuestionContext.asked``). The selector
    caps on the finding (``attribute_clash``); the refusal says which it was
    (``qa.refusal``).
    """
    question, attribute_words_asked, asked_office_ = asked
    text = passage.doc_text
    offset, sentence = _own_sentence(passage, start, end)
    contrast = attribute_contrast(attribute_words_asked, text, start, end, window, sentence)
    if contrast is not None:
        return Clash(contrast=contrast)
    shape = AnswerShape.of(text[start:end])
    if (shape.has_digit or shape.has_number_word) and _ASKS_COUNT.search(question):
        unstated = unstated_event(attribute_words_asked, text)
        if unstated is not None:
            return Clash(unstated=unstated)
    extreme = unstated_extreme(attribute_words_asked, text)
    if extreme is not None:
        return Clash(unstated=extreme)
    office = name_office_clash(asked_office_, text, start, end, others)
    if office is not None:
        return Clash(office=office)
    tense = tense_clash(question, text, start)
    if tense is not None:
        return Clash(tense=tense)
    ranked = ordinal_contrast(question, sentence) or end_contrast(question, sentence)
    if ranked is not None:
        return Clash(contrast=ranked)
    opposite = (
        opposite_by_prefix(question, window)
        or opposite_by_negative_prefix(question, sentence, (start - offset, end - offset))
        or denied_premise(question, sentence)
        or nomination_for_win(question, sentence)
        or set_aside_answer(question, sentence, (start - offset, end - offset))
        or converse_doer(question, sentence, (start - offset, end - offset))
        or converse_of_named_doer(question, sentence, (start - offset, end - offset))
        or other_end(question, sentence, (start - offset, end - offset))
        or swapped_middle(question, sentence, text)
    )
    if opposite is not None:
        return Clash(contrast=opposite)
    reversal = (
        reversed_roles(question, sentence, (start - offset, end - offset))
        or source_as_doer(question, sentence)
        or taken_slot(question, sentence, (start - offset, end - offset))
        or owner_for_holder(question, sentence)
    )
    if reversal is not None:
        return Clash(reversal=reversal)
    swap = swapped_names(question, sentence)
    if swap is not None:
        return Clash(swap=swap)
    # Another possessor reads as another doer to a user: the sentence has Y where the question has X.
    doer = (
        other_doer(question, sentence)
        or honorific_doer(question, sentence)
        or pronoun_doer(question, sentence, _previous_sentence(passage, offset))
        or other_sayer(question, sentence)
        or other_possessor(question, sentence)
        or swapped_doer(question, sentence)
        or swapped_sayer(question, sentence)
        or appositive_of_other(question, sentence, start - offset, end - offset)
        or other_object(question, sentence)
    )
    if doer is not None:
        return Clash(doer=doer)
    sibling = listed_beside_question_name(question, sentence, start - offset, end - offset)
    if sibling is not None:
        return Clash(sibling=sibling)
    trade = other_trade(question, sentence, start - offset)
    if trade is not None:
        return Clash(trade=trade)
    place = other_place(question, sentence, text[start:end])
    if place is not None:
        return Clash(place=place)
    counted = counted_for_other_place(question, sentence, start - offset, end - offset)
    if counted is not None:
        return Clash(counted=counted)
    date = date_clash(question, sentence) or answer_year_clash(question, text[start:end])
    if date is not None:
        return Clash(date=date)
    owner = other_owner(question, sentence, start - offset, text[start:end]) or other_antecedent(
        question, sentence, start - offset, end - offset
    )
    if owner is not None:
        return Clash(owner=owner)
    slot = name_slot(question, sentence, start - offset, end - offset)
    return Clash(slot=slot) if slot is not None else None


def attribute_clash(
    context: QuestionContext, passage: ReadablePassage, start: int, end: int, window: str, others: Sequence[str] = ()
) -> bool:
    """The ``attribute_clash`` flag: ``candidate_clash`` found something (a helper of its own so benchmarks can switch it off)."""
    return candidate_clash(context.asked, passage, start, end, window, others) is not None


def clash_of(question: str, passage: ReadablePassage, start: int, end: int, others: Sequence[str] = ()) -> Clash | None:
    """``candidate_clash`` of one candidate span, the question and the sentence window read here (for ``qa.refusal``)."""
    asked = (question, question_attribute_words(question), asked_office(question))
    return candidate_clash(asked, passage, start, end, _sentence_window(passage, start, end), others)


def _own_sentence(passage: ReadablePassage, start: int, end: int) -> tuple[int, str]:
    """The sentence(s) holding the span, and where they start in the article."""
    sentences = [s for s in passage.sentences if s.start < end and s.end > start]
    if not sentences:
        lo = max(0, start - 300)
        return lo, passage.doc_text[lo : end + 300]
    return sentences[0].start, passage.doc_text[sentences[0].start : sentences[-1].end]


def _previous_sentence(passage: ReadablePassage, start: int) -> str:
    """The sentence of the article that ends before ``start`` (the answer's sentence's start); "" when there is none."""
    before = [s for s in passage.sentences if s.end <= start]
    return passage.doc_text[before[-1].start : before[-1].end] if before else ""


def _sentence_window(passage: ReadablePassage, start: int, end: int, neighbours: int = 1) -> str:
    """The answer's sentence(s) and ``neighbours`` more each side, as text."""
    sentences = passage.sentences
    if not sentences:
        return passage.doc_text[max(0, start - 300) : end + 300]
    inside = [i for i, s in enumerate(sentences) if s.start < end and s.end > start]
    if not inside:
        inside = [min(range(len(sentences)), key=lambda i: abs(sentences[i].start - start))]
    lo, hi = max(0, inside[0] - neighbours), min(len(sentences) - 1, inside[-1] + neighbours)
    return passage.doc_text[sentences[lo].start : sentences[hi].end]


def relational_features(texts: Sequence[str], shares: np.ndarray) -> np.ndarray:
    """``RELATIONAL_NAMES`` per candidate, from the candidates' texts and softmax shares alone.

    Nesting is read from the texts (one answer's text inside another's),
    which is what a user sees; the shares are ``span_share``.
    """
    n = len(texts)
    out = np.zeros((n, len(RELATIONAL_NAMES)), dtype=np.float64)
    lowered = [t.lower() for t in texts]
    for i, a in enumerate(lowered):
        contains = [j for j, b in enumerate(lowered) if j != i and b and b != a and b in a]
        inside = [j for j, b in enumerate(lowered) if j != i and a and b != a and a in b]
        out[i] = (
            math.log1p(len(contains)),
            math.log1p(len(inside)),
            float(shares[i] + sum(shares[j] for j in contains + inside)),
        )
    return out


@dataclass(frozen=True)
class _CandidateSet:
    """What every candidate's row is measured against: the whole set read for one question.

    Computed once per question (softmax shares, agreement, per-article
    coverage) so that each row is a cheap lookup, not a pass over the set.
    """

    margins: np.ndarray
    span_logits: np.ndarray
    shares: np.ndarray
    texts: list[str]
    keys: list[str]
    mass: dict[str, float]
    count: dict[str, int]
    best_margin: float
    window_cov: dict[int, float]
    doc_gaps: dict[int, ArticleGaps]
    doc_heaviest: dict[int, float]
    reader_rank: np.ndarray
    doc_texts: tuple[str, ...]  # each article read, once

    @classmethod
    def of(
        cls,
        context: QuestionContext,
        passages: Sequence[ReadablePassage],
        predictions: Sequence[SpanPrediction],
        evidence: LexicalEvidence,
    ) -> _CandidateSet:
        """The set statistics of ``predictions`` (at least one) over ``passages``."""
        n = len(predictions)
        margins = np.array([p.margin if p.margin is not None else 0.0 for p in predictions])
        span_logits = np.array([p.span_logit if p.span_logit is not None else 0.0 for p in predictions])
        shares = _softmax(span_logits)
        texts = [passages[p.passage_index].doc_text[p.start : p.end] for p in predictions]
        keys = [normalize_answer(t) or t for t in texts]
        mass: dict[str, float] = {}
        count: dict[str, int] = {}
        for key, share in zip(keys, shares):
            mass[key] = mass.get(key, 0.0) + float(share)
            count[key] = count.get(key, 0) + 1
        best_margin = float(margins.max())
        window_cov = {i: evidence.best_window(context.terms, p) for i, p in enumerate(passages)}
        doc_gaps = {i: context.names.gaps(p.doc_text, p.doc_date, p.doc_title) for i, p in enumerate(passages)}
        doc_heaviest = {i: context.terms.heaviest_missing(text_words(p.doc_text)) for i, p in enumerate(passages)}
        order = np.argsort(-margins, kind="stable")
        reader_rank = np.empty(n, dtype=np.int64)
        reader_rank[order] = np.arange(n)
        return cls(
            margins,
            span_logits,
            shares,
            texts,
            keys,
            mass,
            count,
            best_margin,
            window_cov,
            doc_gaps,
            doc_heaviest,
            reader_rank,
            tuple({p.passage.doc_id: p.doc_text for p in passages}.values()),
        )


def candidate_features(
    context: QuestionContext,
    passages: Sequence[ReadablePassage],
    predictions: Sequence[SpanPrediction],
    evidence: LexicalEvidence,
) -> np.ndarray:
    """One row of ``FEATURE_NAMES`` per prediction (same order); shape ``(len(predictions), n_features)``."""
    n = len(predictions)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return out
    stats = _CandidateSet.of(context, passages, predictions, evidence)
    kind_index = QUESTION_KINDS.index(context.kind)
    for row, pred in enumerate(predictions):
        shape = AnswerShape.of(stats.texts[row])
        values = _row_values(context, passages[pred.passage_index], pred, row, shape, stats, evidence)
        out[row, : len(values)] = values
        base = len(values)
        k = len(QUESTION_KINDS)
        out[row, base + kind_index] = 1.0
        out[row, base + k + kind_index] = float(shape.has_digit)
        out[row, base + 2 * k + kind_index] = shape.capitalised
    out[:, -len(RELATIONAL_NAMES) :] = relational_features(stats.texts, stats.shares)
    return out


def _row_values(
    context: QuestionContext,
    passage: ReadablePassage,
    pred: SpanPrediction,
    row: int,
    shape: AnswerShape,
    stats: _CandidateSet,
    evidence: LexicalEvidence,
) -> list[float]:
    """Row ``row``'s features up to the one-hot kinds, as one literal list read against ``FEATURE_NAMES``'s order.

    (The persisted selector's weights are stored in that order.)"""
    answer = stats.texts[row]
    agrees = shape.agrees_with(context.kind)
    text, reach = passage.doc_text, UNIT_CONTEXT_CHARS
    fit = type_fit(context.narrow_type, answer, text[max(0, pred.start - reach) : pred.start], text[pred.end : pred.end + reach])
    answer_words = {w.lower() for w in _WORD.findall(answer)}
    window = _sentence_window(passage, pred.start, pred.end)
    near = text_words(window)
    window_tokens = window_tokens_of(window)
    span_coverage = evidence.around_span(context.terms, passage, pred.start, pred.end)
    gaps = stats.doc_gaps[pred.passage_index]
    missing_near = _missing(context.names.specifics, text_words(_sentence_window(passage, pred.start, pred.end, SPECIFICS_REACH)))
    bigram_cov = len(context.bigrams & _bigrams(window_tokens)) / len(context.bigrams) if context.bigrams else 1.0
    margins, key = stats.margins, stats.keys[row]
    return [
        margins[row],
        stats.span_logits[row],
        pred.null_logit if pred.null_logit is not None else 0.0,
        margins[row] - stats.best_margin,
        float(stats.shares[row]),
        stats.mass[key],
        float(stats.count[key] - 1),
        math.log1p(float(stats.reader_rank[row])),
        float(passage.passage.rank),
        stats.window_cov[pred.passage_index],
        span_coverage,
        bigram_cov,
        float(passage.passage.score),
        float(len(context.terms.terms)),
        margins[row] * span_coverage,
        margins[row] * missing_near,
        float(len(context.names.specifics)),
        missing_near,
        gaps.specifics,
        float(gaps.specifics > 0),
        float(gaps.period),
        float(gaps.role or bool(gaps.names)),  # the article never names the office, person or body asked about
        float(gaps.number),
        order_agreement(context.names.specifics, window_tokens),
        math.log1p(shape.words),
        len(answer_words & context.question_words) / len(answer_words) if answer_words else 0.0,
        float(shape.has_digit),
        float(shape.is_year),
        float(shape.has_month),
        float(shape.has_clock),
        float(shape.has_money),
        float(shape.has_number_word),
        shape.capitalised,
        float(agrees is not None),
        float(agrees or 0.0),
        context.terms.heaviest_missing(near),
        stats.doc_heaviest[pred.passage_index],
        float(context.narrow_type is not None),
        float(fit > 0),
        float(_type_clash(context, answer, text, pred.start, pred.end, fit)),
        float(answers_with_question_name(context, passage.doc_text, pred.start, pred.end)),
        float(attribute_clash(context, passage, pred.start, pred.end, window, [t for t in stats.doc_texts if t is not text])),
        # only in an article that gives every name of the question: beside a swapped-in name
        # ("... by Republican security forces") the item is the near miss's answer
        float(gaps.specifics == 0 and is_list_sibling(context.set_aside, answer, window)),
    ]


def _type_clash(context: QuestionContext, answer: str, text: str, start: int, end: int, fit: float) -> bool:
    """The candidate cannot be the kind of thing the question asks for (``narrow_type_clash``, a capped flag)."""
    return (
        fit < 0  # a type that clashes with the question's,
        or (context.items_asked is not None and not lists_items(answer))  # one item of a counted list,
        or (context.kind in ("count", "amount") and holds_clause(answer))  # a clause for a count or a sum,
        or (context.asks_office_holder and is_nameless(answer))  # no one's name for an office holder,
        or (context.asks_personal_office and is_acronym(answer))  # a body's initials for a president,
        or (context.asked_body is not None and names_other_body(answer, context.asked_body))  # a commission for a committee,
        or (context.asked_body is not None and is_titled_person(text, start, end))  # its chairman,
        or (context.asked_body is not None and person_word_before(text, start, end) is not None)  # Chelsea's boss,
        or _other_kind_of_person(context, text, start, end)  # a director for a guitarist,
        or (context.asks_person and names_a_body(answer))  # a company for an official,
        or (context.narrow_type in ("date", "day") and is_bare_duration(answer))  # "two years" for "when",
        or (context.asks_how_long and is_bare_date(answer))  # or "2005" for "how long"
        or counts_other_kind(context.counted_kind, text, start, end)  # "2,500 officers" for how many countries
        or score_for_count(context.question, context.narrow_type, answer)  # "51-15" for the attendance
        or duration_for_count(context.question, context.narrow_type, answer)  # "four years" for how many players
        or sum_for_count(context.question, answer)  # "Sh77 billion" for how many troops
        or (context.asks_city and names_only_wider_places(answer))  # "Jamaica, Trinidad and Tobago" for which US city
        or (context.asks_club and names_only_wider_places(answer))  # "Wales" (a national side) for which club
        or (context.asks_country and names_only_states(answer))  # "California" for which country
        or (context.asks_dateless and is_bare_date(answer))  # "2005" for which film
        or names_only_the_asked_kind(context.asked_kind, answer)  # "Law Lords" for "Which Law Lord ...?"
        or _another_kind(context, answer, text, start, end)  # "fishing game" for "Which driving game ...?"
    )


def _another_kind(context: QuestionContext, answer: str, text: str, start: int, end: int) -> bool:
    """ "A fishing game is the first title" for "Which driving game ...?" (``qa.answer_types.names_another_kind``)."""
    if len(context.asked_kind.split()) != 2:
        return False  # the sentence is found only for the few questions that ask with two words
    sentence, _ = sentence_around(text, start, end)
    return names_another_kind(context.question, context.asked_kind, answer, sentence) is not None


def _other_kind_of_person(context: QuestionContext, text: str, start: int, end: int) -> bool:
    """ "director Ken Loach" for "Which guitarist ...?" (``qa.occupations``)."""
    kind = context.asked_occupation
    return kind is not None and other_occupation(text, start, end, kind) is not None


def is_list_sibling(parts: tuple[str, ...], answer: str, window: str) -> bool:
    """Whether the answer is a list item beside a phrase the question sets aside, in its sentences (``qa.list_siblings``)."""
    if not parts:
        return False
    key = normalize_answer(answer)
    return bool(key) and any(normalize_answer(window[a:b]) == key for a, b in items_beside(parts, window))
