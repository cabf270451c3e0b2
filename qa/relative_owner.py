"""Another name's relative clause: "How many nominations does Finding Neverland have?" of "..., Finding Neverland and Vera Drake, which has 11 nominations".

An entity swap inside a list. The sentence names the question's film as one
item, and the figure the question asks for stands in a relative clause
(", which has 11 nominations") that belongs to the item right before it,
another film. Every word of the question is in the sentence, so no
missing-name check sees anything, and the reader answers "11" (0.77).

What gives it away is what the clause hangs on: the capitalised name right
before ", which / who / whose" owns what the clause says. The answer must
stand inside that clause (no comma, semicolon or bracket between the
relative word and it, at most ``CLAUSE_REACH`` words on), and the clause
must open on a singular verb ("which has"), so that it is told of the last
item alone ("Beyoncé and Bruno Mars, who headlined ..." may be told of
both). The clause's owner must share no word with any of the question's
names, and one of those names must stand earlier in the same list as the
owner (only names, commas and an "and" / "or" between, ``_listed``; commas
alone may set off an appositive). On SQuAD v1.1 dev it flags none of the
gold answers, nor any of the news gold sets' 130 (``docs/trust.md``).
"""

from __future__ import annotations

import re

from qa.role_reversal import question_items, word_tokens

_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s+", re.IGNORECASE)
# The capitalised run right before the relative clause's comma: "British film Vera Drake" gives "Vera Drake".
_OWNER = re.compile(r"((?:[A-Z][\w'’\-]*\s+){0,4}[A-Z][\w'’\-]*)$")
_BREAK = re.compile(r"[,;:()\[\]—–]")
# A singular verb right after the relative word: the clause is told of the last item alone ("Beyoncé and Bruno Mars,
# who headlined ..." may be told of both).
_SINGULAR_VERB = re.compile(r"(?:has|is|was|holds|owns|earns|leads|remains|boasts|employs|makes)\b", re.IGNORECASE)
CLAUSE_REACH = 8  # words from the relative word to the answer


def other_antecedent(question: str, sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """(the question's name, the clause's owner) when the answer at ``sentence[start:end]`` is told of another name."""
    relative = None
    for match in _RELATIVE.finditer(sentence, 0, start):
        relative = match
    if relative is None:
        return None
    clause = sentence[relative.end() : start]
    if _BREAK.search(clause) or len(clause.split()) > CLAUSE_REACH or _SINGULAR_VERB.match(clause) is None:
        return None
    owner = _OWNER.search(sentence, 0, relative.start())
    if owner is None:
        return None
    owner_words = {w.lower() for w in owner.group(1).split()}
    names = [" ".join(item.words) for item in question_items(word_tokens(question)) if item.words[0][:1].isalpha()]
    if not names or any({w.lower() for w in name.split()} & owner_words for name in names):
        return None  # the clause is told of the question's own name
    earlier = sentence[: owner.start()]
    for name in names:
        for mention in re.finditer(rf"\b{re.escape(name)}\b", earlier):
            if _listed(sentence[mention.end() : owner.start()]):
                return name, owner.group(1)
    return None


_LIST_WORDS = frozenset({",", "and", "or", "the", "of", "&"})
_LIST_TOKEN = re.compile(r",|[^\s,]+")
DESCRIBING_WORDS = 2  # lower-case words right before the clause's owner ("British film Vera Drake")


def _listed(between: str) -> bool:
    """The words between the question's name and the clause's owner make them two items of one list.

    Only names, commas, "and" / "or" (at least one of those) and a few
    lower-case words describing the last item.
    """
    tokens = _LIST_TOKEN.findall(between)
    if not any(t in ("and", "or") for t in tokens):
        return False  # commas alone may set off an appositive ("Philip I, Landgrave of Hesse, who ...")
    trailing = 0
    while (
        trailing < len(tokens)
        and trailing < DESCRIBING_WORDS
        and tokens[-1 - trailing].islower()
        and tokens[-1 - trailing] not in _LIST_WORDS
    ):
        trailing += 1
    body = tokens[: len(tokens) - trailing]
    return all(t in _LIST_WORDS or t[:1].isupper() for t in body)
