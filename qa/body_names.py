"""Whole names of bodies: "American States" becomes "Organization of American States" when a body is asked for.

Why: the span reader, trained on SQuAD, often starts a long organisation's
name on its most distinctive words. "Which regional organization did Rubio
suggest could provide a force for Haiti?" was answered "American States"
(0.75) out of "the Organization of American States", and "Which Senate
committee held the hearing?" "Foreign Relations Committee" out of "the
Senate Foreign Relations Committee". Both answers point at the right body
but neither names it.

When the question asks for a body (the head of its wh-phrase is a word for
one: "Which *committee*", "What *organisation*"; ``qa.body_types``), a
capitalised answer is stretched back, within its sentence, over the rest of
the name:

- over "<Name> of (the)" when that name's last word is a body word
  ("Organization of", "Bank of", "University of");
- over a run of capitalised words right before it when the answer itself
  ends in a body word ("Senate" before "Foreign Relations Committee").

Words that cannot start a name (stop words, month and day names) are left
off the front, and so is a sentence's first word, whose capital says nothing
("Although the Senate ..."): a name that opens its sentence is not stretched
over it. Nothing changes when the question asks for anything else: "Which
state is the University of California in?" keeps "California". The span
stays on the article's text, so ``text[start:end] == answer`` still holds.
Pure regular expressions and word lists, no model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from index.text import question_stop_words
from qa.answer_types import CALENDAR_NAMES
from qa.body_types import BODY_KINDS, asked_kind
from qa.frequency_spans import with_period
from qa.full_names import NamedSpan, full_name_span
from qa.readers.base import ReadablePassage

# Words for bodies that qa.body_types leaves out of its kinds because they say
# nothing of the kind ("a group may be a commission or a church"); here any
# body will do.
GENERIC_BODY_WORDS = frozenset(
    "organisation organisations organization organizations group groups department departments office offices "
    "service services body bodies institution institutions board boards foundation foundations society societies "
    "fund funds alliance alliances coalition coalitions assembly assemblies senate congress parliament "
    "programme program network networks".split()
)
BODY_WORDS = frozenset(w for kind in BODY_KINDS for w in kind.split()) | GENERIC_BODY_WORDS
_ANY_BODY = {word: 0 for word in BODY_WORDS}

# Characters before an answer read for the rest of its name: more than the longest
# capitalised name among SQuAD v1.1 dev's answers (82 characters), and a bound that keeps
# the backwards search short in an article that is one endless capitalised "sentence".
NAME_REACH = 120

_NAME_WORD = r"[A-Z][\w'’&.\-]*"
_NAME_OF_BEFORE = re.compile(rf"((?:{_NAME_WORD} )*({_NAME_WORD}) of (?:the )?)$")
_NAME_RUN_BEFORE = re.compile(rf"((?:{_NAME_WORD} )+)$")
_NAME_JOINERS = frozenset({"of", "the", "and", "for", "&"})
_SENTENCE_BREAK = re.compile(r"[.!?:;][\"'”’)\]]*\s|\n")
_WORD = re.compile(r"\S+")


def asks_for_body(question: str) -> bool:
    """Whether the head of the question's wh-phrase is a word for a body ("Which Senate *committee* held ...")."""
    return asked_kind(question, _ANY_BODY) is not None


def _is_capitalised_name(words: list[str]) -> bool:
    return bool(words) and words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words)


@lru_cache(maxsize=1)
def _not_name_openers() -> frozenset[str]:
    return question_stop_words() | frozenset(CALENDAR_NAMES.split())


def _cannot_open_a_name(word: str) -> bool:
    return word.lower() in _not_name_openers()


def whole_body_name_start(text: str, start: int, end: int) -> int:
    """Where the name of a body that ``text[start:end]`` ends begins; ``start`` when the span is no such part of a name."""
    words = text[start:end].split()
    if not _is_capitalised_name(words):
        return start
    reach = max(0, start - NAME_REACH)
    sentence_start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, reach, start)), default=reach)
    before = text[sentence_start:start]
    of_name = _NAME_OF_BEFORE.search(before)
    if of_name and of_name.group(2).lower() in BODY_WORDS:
        new_start = start - len(of_name.group(1))
    elif words[-1].lower() in BODY_WORDS and (run := _NAME_RUN_BEFORE.search(before)):
        new_start = start - len(run.group(1))
    else:
        return start
    for word in _WORD.finditer(text, new_start, start):
        at_sentence_start = word.start() == sentence_start + len(before) - len(before.lstrip())
        if not at_sentence_start and not _cannot_open_a_name(word.group(0)):
            return word.start()
    return start


def with_whole_body_name(text: str, named: NamedSpan) -> NamedSpan:
    """``named`` begun where its body's name begins (``whole_body_name_start``), the shown stretch widened to match."""
    start = whole_body_name_start(text, named.start, named.end)
    return named if start == named.start else replace(named, start=start, shown_start=min(named.shown_start, start))


def answer_span(passage: ReadablePassage, start: int, end: int, asks_body: bool, asks_often: bool = False) -> NamedSpan:
    """How a reader's span is shown as an answer, for the answer and the across listing alike.

    A title and surname becomes the full name (``qa.full_names``); when the
    question asks for a body (``asks_for_body``), part of a body's name
    becomes the whole name; when it asks how often (``asks_how_often``), a
    count of times takes the period after it (``qa.frequency_spans``).
    """
    named = full_name_span(passage, start, end)
    if asks_often:
        named = with_period(passage.doc_text, named)
    return with_whole_body_name(passage.doc_text, named) if asks_body else named
