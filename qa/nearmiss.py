"""Near-miss questions, generated: answerable questions turned unanswerable by one general rule.

A threshold tuned on a handful of unanswerable questions says nothing about
the questions users actually get wrong: ones that look answerable but are
not. Each rule below edits an answerable question (its **twin**, kept beside
it) so that the corpus no longer answers it, while the topic, most words and
the question type stay:

- ``entity_swap``: a name, nationality or number in the question becomes
  another of the same kind found elsewhere in the corpus (never one in the
  twin's own article);
- ``time_shift``: a year in the question moves to one the article does not
  mention, or the question is pinned to such a year;
- ``role_swap``: an office or role noun ("president", "coach") becomes another
  the article never uses;
- ``false_premise``: two names in the question trade places (subject and
  object swapped);
- ``attribute_swap``: a word naming what the question asks about
  ("killed", "imports", "women's") becomes a sibling that excludes it
  ("injured", "exports", "men's"; ``qa.attributes.CONTRASTS``) and that the
  article never uses;
- ``subject_swap`` (only when asked for with ``--kinds``; the shipped sets
  predate it): the answer and the question's subject or object trade places
  ("Who did Marco Rubio host?" answered "William Ruto" becomes "Who did
  William Ruto host?"), a false premise told in the article's own words;
- ``answer_removed``: the question as is, asked of the corpus with every
  sentence holding its answer hidden (``hide``), which is how an article
  that gives the number deployed but not the number injured looks.

No rule looks at particular questions; the output is deterministic for a
seed. Records are gold lines (``id``, ``question``, ``answers``, ``doc``)
plus ``kind``, ``twin`` (the original's id) and ``hide``, so ``qa eval`` scores
them directly and reports refusals per kind.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from index.text import ROLE_NOUNS
from qa.attributes import attribute_words, sibling_words, word_class
from qa.evaluate import GoldItem

KINDS = ("entity_swap", "time_shift", "role_swap", "false_premise", "attribute_swap", "answer_removed")
# Rules run only when named: adding them to KINDS would change every shipped set.
EXTRA_KINDS = ("subject_swap",)
_NAME = re.compile(r"\b[A-Z][\w'’\-]*(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w'’\-]*){0,2}")
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|ean)$")
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_QUESTION_STARTS = frozenset(
    "what which who whom whose when where why how did does do is are was were has have had can could "
    "would should will in on at for by according apart besides along with after before during".split()
)


@dataclass(frozen=True)
class NearMiss:
    """One generated question: unanswerable (``kind`` != "twin") or the answerable original."""

    id: str
    question: str
    answers: tuple[str, ...]
    doc: str | None
    kind: str
    twin: str
    hide: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answers": list(self.answers),
            "doc": self.doc,
            "kind": self.kind,
            "twin": self.twin,
            "hide": list(self.hide),
        }


@dataclass
class EntityPool:
    """Names, nationalities, numbers and years seen in a corpus, to swap into questions."""

    names: dict[int, list[str]] = field(default_factory=dict)  # by word count
    nationalities: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    @classmethod
    def from_texts(cls, texts: Iterable[str], limit: int = 20000) -> EntityPool:
        names: dict[int, set[str]] = {}
        nationalities: set[str] = set()
        numbers: set[str] = set()
        years: set[str] = set()
        lowercase: set[str] = set()  # a word also written in lower case is an ordinary word, not a name
        for text in texts:
            lowercase.update(w for w in re.findall(r"\b[a-z]+\b", text))
            for match in _NAME.finditer(text):
                words = match.group(0).split()
                before = text[max(0, match.start() - 2) : match.start()]
                if not before.strip() or before.rstrip().endswith((".", "!", "?", '"', "“")):
                    words = words[1:]  # a sentence-initial capital says nothing; the rest of the run may be a name
                if not words:
                    continue
                name = " ".join(words)
                if len(words) == 1 and _NATIONALITY.match(name):
                    nationalities.add(name)
                elif words[0].lower() not in _QUESTION_STARTS:
                    names.setdefault(len(words), set()).add(name)
            for number in _NUMBER.findall(text):
                (years if _YEAR.fullmatch(number) else numbers).add(number)
            if sum(len(v) for v in names.values()) > limit:
                break

        def is_name(word: str) -> bool:
            return word.lower() not in lowercase and word.lower() not in _CALENDAR

        names[1] = {n for n in names.get(1, set()) if is_name(n)}
        return cls(
            names={k: sorted(v) for k, v in names.items()},
            nationalities=sorted(n for n in nationalities if is_name(n)),
            numbers=sorted(numbers),
            years=sorted(years),
        )


def _pick(rng: random.Random, pool: Sequence[str], avoid: str, exclude: Callable[[str], bool]) -> str | None:
    """A random pool entry that is not ``avoid`` and not excluded, or None after a few tries."""
    if not pool:
        return None
    for _ in range(30):
        choice = pool[rng.randrange(len(pool))]
        if choice != avoid and not exclude(choice):
            return choice
    return None


def _question_names(question: str) -> list[re.Match[str]]:
    """Capitalised spans after the question's first word that are not question words."""
    first_space = question.find(" ")
    out = []
    for match in _NAME.finditer(question):
        if match.start() <= first_space or first_space < 0:
            continue
        if match.group(0).split()[0].lower() in _QUESTION_STARTS:
            continue
        out.append(match)
    return out


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def entity_swap(question: str, doc_text: str, pool: EntityPool, rng: random.Random) -> str | None:
    """Swap one name, nationality or number for another of the same kind that the article never mentions."""
    options: list[tuple[int, int, str, Sequence[str]]] = []
    for match in _question_names(question):
        name = match.group(0)
        words = name.split()
        if len(words) == 1 and _NATIONALITY.match(name):
            options.append((match.start(), match.end(), name, pool.nationalities))
        else:
            options.append((match.start(), match.end(), name, pool.names.get(len(words), [])))
    for match in _NUMBER.finditer(question):
        if not _YEAR.fullmatch(match.group(0)):
            options.append((match.start(), match.end(), match.group(0), pool.numbers))
    rng.shuffle(options)
    for start, end, old, candidates in options:
        new = _pick(rng, candidates, old, lambda c: c in doc_text)
        if new is not None:
            return _replace(question, start, end, new)
    return None


def time_shift(question: str, doc_text: str, pool: EntityPool, rng: random.Random) -> str | None:
    """Move a year in the question to one the article never mentions, or pin the question to one."""
    years_in_doc = set(_YEAR.findall(doc_text))
    match = _YEAR.search(question)
    if match:
        old = int(match.group(0))
        shifts = [d for d in range(-12, 13) if d and str(old + d) not in years_in_doc]
        if not shifts:
            return None
        return _replace(question, match.start(), match.end(), str(old + rng.choice(shifts)))
    new = _pick(rng, pool.years, "", lambda y: y in years_in_doc)
    if new is None:
        return None
    body = question.rstrip().rstrip("?").rstrip()
    return f"{body} in {new}?"


def role_swap(question: str, doc_text: str, pool: EntityPool, rng: random.Random) -> str | None:
    """Change the role noun the question asks about to one the article never uses."""
    lower = question.lower()
    doc_lower = doc_text.lower()
    for role in sorted(ROLE_NOUNS, key=len, reverse=True):
        match = re.search(rf"\b{re.escape(role)}\b", lower)
        if not match:
            continue

        def related(r: str, role: str = role) -> bool:
            return re.search(rf"\b{re.escape(r)}\b", doc_lower) is not None or role in r or r in role

        new = _pick(rng, ROLE_NOUNS, role, related)
        if new is None:
            return None
        return _replace(question, match.start(), match.end(), new)
    return None


def false_premise(question: str, doc_text: str, pool: EntityPool, rng: random.Random) -> str | None:
    """Swap two different names of the question (subject and object trade places)."""
    names = [m for m in _question_names(question)]
    distinct = {m.group(0) for m in names}
    if len(distinct) < 2:
        return None
    first, second = names[0], next(m for m in names[1:] if m.group(0) != names[0].group(0))
    return (
        question[: first.start()]
        + second.group(0)
        + question[first.end() : second.start()]
        + first.group(0)
        + question[second.end() :]
    )


_LOWER_WORD = re.compile(r"\b[a-z]+(?:['’]s)?")
# Past forms without an "-ed": a base form is not swapped for one ("did exports rise" -> "did exports fall").
_IRREGULAR_PAST = frozenset("rose risen fell fallen grew grown shrank shrunk dead died hurt".split())


def attribute_swap(question: str, doc_text: str, pool: EntityPool, rng: random.Random, answer_sentence: str = "") -> str | None:
    """Swap the word for what the question asks about for a sibling the article never uses ("killed" -> "injured").

    Only a word whose class the answer's sentence also uses is swapped
    ("killed" where the sentence says "were killed"): that word is the
    attribute the answer is about, not a word in another sense ("the fall
    quarter"). Capitalised words are left alone (names and titles: "Gold
    Nemesis"). The sibling keeps the word's ending ("-ed", "-ing", "-s",
    "'s") where one fits, and the article must hold no word of its class (no
    synonym or inflection listed with it), or the swapped question might be
    answerable after all.
    """
    doc_words = attribute_words(doc_text)
    sentence_words = attribute_words(answer_sentence or doc_text)
    options = []
    for match in _LOWER_WORD.finditer(question):
        word = match.group(0)
        if match.start() == 0 or not word_class(word) & sentence_words:
            continue
        siblings = [s for s in sibling_words(word) if not word_class(s) & doc_words]
        if siblings:
            options.append((match, siblings))
    if not options:
        return None
    match, siblings = options[rng.randrange(len(options))]
    return _replace(question, match.start(), match.end(), rng.choice(_same_form(match.group(0), siblings)))


_ANSWER_NAME = re.compile(r"^[A-Z][\w'’\-]*(?: (?:of |de |the )?[A-Z][\w'’\-]*){0,3}$")
_DO_AUX = frozenset("did does do will would could can has have had".split())
# Written apart from qa.role_reversal on purpose: the near misses judge that check, so they must not share its parsing.
_NOT_BETWEEN = frozenset("at in on for of to from with by into about after before during as than and or".split())


def subject_swap(question: str, answers: Sequence[str]) -> str | None:
    """The answer and the question's doer (or, for "who did X", its object) trade places.

    "Who/What did A VERB ...?" answered B becomes "Who/What did B VERB
    ...?"; "Who VERBed B ...?" answered A becomes "Who VERBed A ...?". Only
    a name answer is used (capitalised words, a leading "the" dropped), one
    the question does not already hold.
    """
    answer = next((a.removeprefix("the ").strip() for a in answers if _ANSWER_NAME.match(a.removeprefix("the ").strip())), None)
    if answer is None or answer in question:
        return None
    words = list(re.finditer(r"[\w'’\-]+", question))
    lower = [w.group(0).lower() for w in words]
    names = [m for m in _question_names(question) if m.start() > 0]
    if not names or not lower:
        return None
    if lower[0] in ("who", "whom", "what", "which"):
        for name in names:
            before = [i for i, w in enumerate(words) if w.end() <= name.start()]
            if before and lower[before[-1]] in _DO_AUX:
                return question[: name.start()] + answer + question[name.end() :]
    if (
        lower[0] == "who"
        and len(words) > 2
        and words[1].group(0).islower()
        and lower[1] not in _DO_AUX | {"is", "was", "are", "were"}
    ):
        name = names[0]
        between = [lower[i] for i, w in enumerate(words) if words[1].end() <= w.start() and w.end() <= name.start()]
        if len(between) <= 3 and not set(between) & _NOT_BETWEEN:
            return question[: name.start()] + answer + question[name.end() :]
    return None


# Where the generator's sentences end. Not ``index.chunking.split_sentences``: the near-miss sets shipped
# in data/gold were generated with this rule, and the index's splitter cuts a few sentences elsewhere.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+|\n+")


def answer_sentence(text: str, answers: Sequence[str]) -> str:
    """The sentence of ``text`` that holds the first answer found in it ("" when none is)."""
    for answer in answers:
        at = text.find(answer) if answer else -1
        if at < 0:
            continue
        starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, at))]
        end = _SENTENCE_END.search(text, at + len(answer))
        return text[starts[-1] : end.start() + 1 if end else len(text)]
    return ""


def _same_form(word: str, siblings: Sequence[str]) -> list[str]:
    """The siblings inflected as ``word`` is, as far as its ending tells (all of them when none is)."""
    return [s for s in siblings if _form(s) == _form(word)] or list(siblings)


_NOUN_ENDINGS = ("tion", "tions", "ment", "ments", "ure", "ity", "ness", "ance", "ence", "y", "ies", "ages")


def _form(word: str) -> str:
    """A rough part of speech from the ending: past, -ing, plural or possessive, noun, or a base form."""
    if word in _IRREGULAR_PAST:
        return "ed"
    if word.endswith(_NOUN_ENDINGS):
        return "noun"
    return next((e for e in ("'s", "ed", "ing", "s") if word.endswith(e)), "")


RULES: dict[str, Callable[[str, str, EntityPool, random.Random], str | None]] = {
    "entity_swap": entity_swap,
    "time_shift": time_shift,
    "role_swap": role_swap,
    "false_premise": false_premise,
    "attribute_swap": attribute_swap,
}


def generate(
    items: Sequence[GoldItem],
    text_of: Callable[[GoldItem], str | None],
    pool: EntityPool,
    *,
    seed: int = 0,
    kinds: Sequence[str] = KINDS,
) -> list[NearMiss]:
    """Every applicable near miss of every answerable item, each after its twin.

    Args:
        items: gold questions; unanswerable ones are skipped.
        text_of: the twin's article text (a swap must not land on a word it holds).
        pool: what swaps draw from (``EntityPool.from_texts`` over the corpus).
        seed: the random choices (which name, which year) are reproducible per seed.
        kinds: the rules to apply.
    """
    out: list[NearMiss] = []
    for item in items:
        if not item.answers:
            continue
        text = text_of(item) or ""
        rng = random.Random(f"{seed}|{item.id}")
        out.append(NearMiss(item.id, item.question, item.answers, item.doc, "twin", item.id))
        for kind in kinds:
            if kind == "answer_removed":
                out.append(NearMiss(f"{item.id}~{kind}", item.question, (), None, kind, item.id, hide=item.answers))
                continue
            if kind == "attribute_swap":
                edited = attribute_swap(item.question, text, pool, rng, answer_sentence(text, item.answers))
            elif kind == "subject_swap":
                edited = subject_swap(item.question, item.answers)
            else:
                edited = RULES[kind](item.question, text, pool, rng)
            if edited and edited != item.question:
                out.append(NearMiss(f"{item.id}~{kind}", edited, (), None, kind, item.id))
    return out
