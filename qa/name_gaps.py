"""A person or organisation the question names and the article never does: an entity swap.

"How many food suppliers were charged with helping Ciara inflate its
earnings?" of an article about Ahold, "Which Yukos finance chief owns a
house in Naxos?" of one that says Houston: the reader answers from the
twin's sentence, and the selector weighs the missing name against a
confident span. In news, where every document is a whole article, a
question about it names what it names: of the 130 answerable news gold
questions, only two name something their article lacks, both places used
loosely ("Washington" for the US government, "North American"). So a name
the article never gives caps a candidate outright, as a year or an office
it never mentions does (``qa.features.period_missing``, ``role_missing``).

What counts as a name: a run of capitalised words after the question's
first word. Left out, because questions spell them loosely: places
(``qa.places``), peoples' words ("Kenyan"), acronyms and other words with
two capitals ("US", "TDs"), titles and offices, months and days. A name is
held when any of its words is in the article, its title included (a SQuAD
paragraph never repeats its article's subject), or as an acronym or a
people's word ("Kenya" for "Kenyan").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text import tokenize
from qa.answer_types import CALENDAR_NAMES
from qa.own_names import TITLE_WORDS, strip_possessive
from qa.places import is_place
from qa.role_titles import people_forms

# Spaces only between the words: what the refusal reason prints of a name stays letters, digits, "'", "-", "&" and spaces.
_RUN = re.compile(r"(?<![\w'’\-])[A-Z][\w'’\-]*(?: +(?:of +|de +|the +|and +|& +)?[A-Z][\w'’\-]*)*")
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_PEOPLES_WORD = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|ean|i|ic|ch)$")  # "ch": Dutch, French
_JOINERS = frozenset({"of", "de", "the", "and"})
_CALENDAR = CALENDAR_NAMES.split()
# Words that are no one's name: titles, and whole month and day names ("Jan" and "Mar" are first names too: the
# calendar words no other one extends).
NOT_NAMES = TITLE_WORDS | frozenset(w for w in _CALENDAR if not any(o != w and o.startswith(w) for o in _CALENDAR))


def question_proper_names(question: str) -> tuple[str, ...]:
    """The people and organisations a question names, in its order ("Ciara", "Pew Internet & American Life")."""
    words = question.split(None, 1)
    rest = words[1] if len(words) > 1 else ""
    names = []
    for match in _RUN.finditer(rest):
        if rest[: match.start()].rstrip().endswith((".", "?", "!", ":")):
            continue  # a capital that opens a sentence
        name = _without_leading_titles(match.group(0))
        parts = [strip_possessive(w) for w in _WORD.findall(name) if w.lower() not in _JOINERS]
        if not parts or any(_two_capitals(w) or _PEOPLES_WORD.match(w) or w.lower() in NOT_NAMES for w in parts):
            continue
        if is_place(name):
            continue
        names.append(name)
    return tuple(dict.fromkeys(names))


def _without_leading_titles(run: str) -> str:
    """The run from its first word that is no title, office, month or day ("Mr Blunkett" -> "Blunkett")."""
    for word in _WORD.finditer(run):
        if word.group(0).lower() not in NOT_NAMES | _JOINERS:
            return run[word.start() :]
    return ""


def _two_capitals(word: str) -> bool:
    return sum(1 for ch in word if ch.isupper()) >= 2


def missing_names(names: Sequence[str], held: frozenset[str]) -> tuple[str, ...]:
    """The names none of whose words an article holds, even as an acronym or a people's word.

    ``held`` is ``qa.features.text_words`` of its titled text: its BM25
    tokens, digit runs and acronyms.
    """
    if not names:
        return ()
    missing = []
    for name in names:
        parts = [strip_possessive(w) for w in _WORD.findall(name) if w.lower() not in _JOINERS]
        tokens = tokenize([" ".join(parts)])[0]
        if not tokens or any(t in held for t in tokens) or name.lower() in held:
            continue
        forms = [f for w in parts for f in people_forms(w.lower())]
        if forms and any(t in held for t in tokenize([" ".join(forms)])[0]):
            continue
        missing.append(name)
    return tuple(missing)
