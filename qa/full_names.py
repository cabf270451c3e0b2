"""An answer that names someone by title and surname ("Ms Kelly") moves to the passage's full name ("Ruth Kelly").

Why: a news article names a person in full once, then by title and surname:
"Fellow guest Ruth Kelly MP was also hit by the slurry. ... Mr Kilroy-Silk
and Ms Kelly, a Cabinet Office minister, arrived ...". The reader answers
from the sentence that holds the evidence, so "Which Cabinet Office minister
was also splattered?" got "Ms Kelly": less than the article says, and not
what anyone would write as the answer (no gold answer in the seed or BBC
development sets is a title and a surname; the people they ask about are
named in full).

The span moves, the answer stays extracted (``text[start:end]`` is the full
mention), and the selector's probability stands: it was about the person,
and the full name names the same person. The guards:

- the article must give the surname exactly one full name ("Ruth Kelly");
  two ("Ruth Kelly", "Tom Kelly") leave the answer as it was;
- the context shown stretches from the full name's paragraph to the end of
  the passage read, so the evidence stays in view; where that would be more
  than ``MAX_SHOWN_GROWTH`` times the passage, the answer stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.text import question_stop_words
from qa.name_gaps import NOT_NAMES
from qa.readers.base import ReadablePassage

MAX_SHOWN_GROWTH = 2.5  # the context shown may grow to this many times the passage read
# A surname may hold one more capital ("McDonald", "DiCaprio"), an "O'" before it ("O'Neill") and parts joined by "-".
_SURNAME = r"[A-Z][a-z]*[A-Z]?[a-z]+"
# Titles that go before a surname. "Sir", "Dame", "Lord" and "Lady" are left
# out: "Sir Alex" is a title and a given name, "Lord Falconer" a title name.
_TITLE_AND_SURNAME = re.compile(rf"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+((?:[A-Z]['’])?{_SURNAME}(?:-{_SURNAME})*)")


@lru_cache(maxsize=256)
def _full_mention(surname: str) -> re.Pattern[str]:
    """A given name (and a middle initial) right before ``surname``, which must end there ("Kelly", not "Kelly-Smith")."""
    return re.compile(r"(?<![\w'’.-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z]\.)?\s+" + re.escape(surname) + r"(?![\w-])")


def _is_given_name(word: str) -> bool:
    """Whether a capitalised word before a surname can be a given name, not a title or a sentence's first word."""
    lower = word.lower()
    return lower not in NOT_NAMES and lower not in question_stop_words()


@dataclass(frozen=True)
class NamedSpan:
    """Where an answer lies, and the stretch of the document shown around it (document offsets)."""

    start: int
    end: int
    shown_start: int
    shown_end: int


def full_name_span(passage: ReadablePassage, start: int, end: int) -> NamedSpan:
    """The article's full name for a title-and-surname answer; the span and its passage unchanged otherwise.

    Offsets are the document's, as the reader's spans are. Of the full
    mentions, the last one before the answer is taken, else the first after.
    """
    lo = passage.passage.start
    hi = lo + len(passage.passage.text)
    unchanged = NamedSpan(start, end, lo, hi)
    text = passage.doc_text
    title = _TITLE_AND_SURNAME.fullmatch(text, start, end)
    if title is None:
        return unchanged
    mentions = [m for m in _full_mention(title.group(1)).finditer(text) if _is_given_name(m.group(1))]
    if len({m.group(1) for m in mentions}) != 1:
        return unchanged
    before = [m for m in mentions if m.end() <= start]
    chosen = before[-1] if before else mentions[0]
    shown_start = min(lo, text.rfind("\n", 0, chosen.start()) + 1)
    shown_end = max(hi, chosen.end())
    if shown_end - shown_start > MAX_SHOWN_GROWTH * (hi - lo):
        return unchanged
    return NamedSpan(chosen.start(), chosen.end(), shown_start, shown_end)
