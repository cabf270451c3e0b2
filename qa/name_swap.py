"""False premise by swapped names: the question fits its answer's sentence better with two of its names exchanged.

"When did the Haiti team arrive in Kenya?" of "the Kenyan team arrived in
Haiti", "When did Algeria take control of France?" of "France took control
of Algeria in 1830": every name, verb and noun of the question is in the
sentence, so coverage, bigram and "names the article lacks" features all
say the sentence answers it, and the reader answers with the date beside
it. ``qa.role_reversal`` reads one name against one shared verb; this reads
the question's word order around its names, which needs no verb.

The test is counterfactual. Each name of the question (a run of capitalised
words or a number, ``qa.role_reversal.question_items``) has neighbours, the
content words just before and after it ("Haiti" -> "team", "arrive" ->
"Kenya"). A neighbour pair is *found* when the sentence has the two, in that
order, next to each other once stop words are dropped. Exchanging two names
A and B in the question and counting again: when the exchanged question
finds at least ``MIN_GAIN`` more pairs than the question as asked, the
sentence tells the fact with A and B the other way round.

Paraphrase makes the count noisy, so the rule is strict:

- both names must be in the sentence (a name it lacks is the "missing
  names" features' business);
- two names that stand next to each other ("the NFL Most Valuable Player" of
  "Most Valuable Player for the NFL"; "December 12" of "12 December") or that
  are joined by "and", "or", a comma or "between" ("Kenteris and Thanou")
  may come in either order and are never exchanged;
- one pair regained is not enough: it takes ``MIN_GAIN`` (2), in practice
  both names' contexts.

On SQuAD v1.1 articles 0-35 it flags the gold sentence of 7 of the 8,123
questions (0.09 %); it flags 17 of the 148 generated false premises built
from the development sets (SQuAD 32-47 and the news gold sets) on their
twin's answer sentence, and none of their twins (``docs/trust.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.text import question_stop_words
from qa.role_reversal import POSSESSIVE, question_items, stem, word_tokens
from qa.role_titles import people_forms

MIN_GAIN = 2  # neighbour pairs the exchanged question must find beyond the asked one
# Questions naming more are not read: the pairs grow with the square of the names (a hostile question with
# 200 names took 3 s a candidate), and no question of the gold or near-miss sets names more than 6.
MAX_NAMES = 8
_COORDINATION = frozenset({"and", "or", "nor", "&", ",", "between", "vs", "versus", "the"})
_GAP = re.compile(r"[\w&]+|,")


@dataclass(frozen=True)
class _Unit:
    """One element of the question's word order: a name (``key``: its words' stems) or a content word's stem."""

    key: tuple[str, ...]
    is_name: bool
    first: int  # token range in the question
    last: int


@lru_cache(maxsize=4096)
def _question_units(question: str) -> tuple[tuple[_Unit, ...], tuple[tuple[int, int], ...]]:
    """The question's content words and names in order, and the token spans' character offsets."""
    tokens = word_tokens(question)
    names = {item.first: item for item in question_items(tokens)}
    stop = question_stop_words()
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        item = names.get(i)
        if item is not None:
            units.append(_Unit(tuple(stem(w) for w in item.words), True, item.first, item.last))
            i = item.last + 1
            continue
        if i > 0 and tokens[i].lower not in stop:
            units.append(_Unit((stem(tokens[i].text),), False, i, i))
        i += 1
    return tuple(units), tuple((t.start, t.end) for t in tokens)


def _sentence_units(sentence: str, names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The sentence's content words in order, a question's name as one unit.

    A name is also found by its last word ("Ruto" for "William Ruto") and a
    one-word place by its people's word ("Kenyan" for "Kenya", ``qa.role_titles.people_forms``).
    """
    tokens = word_tokens(sentence)
    stems = [stem(POSSESSIVE.sub("", t.text)) for t in tokens]
    stop = question_stop_words()
    peoples = {stem(form): key for key in names if len(key) == 1 for form in people_forms(key[0])}
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        whole = next((key for key in names if tuple(stems[i : i + len(key)]) == key), None)
        if whole is not None:
            out.append(whole)
            i += len(whole)
            continue
        last = next((key for key in names if len(key) > 1 and stems[i] == key[-1] and tokens[i].text[:1].isupper()), None)
        if last is None and tokens[i].text[:1].isupper():
            last = peoples.get(stems[i])
        if last is not None:
            out.append(last)
        elif tokens[i].lower not in stop:
            out.append((stems[i],))
        i += 1
    return out


def _found_pairs(units: list[_Unit], sentence: list[tuple[str, ...]]) -> int:
    """How many neighbour pairs of the question that involve a name the sentence has next to each other, in order."""
    at: dict[tuple[str, ...], list[int]] = {}
    for k, key in enumerate(sentence):
        at.setdefault(key, []).append(k)
    found = 0
    for a, b in zip(units, units[1:]):
        if (a.is_name or b.is_name) and any(j - i == 1 for i in at.get(a.key, ()) for j in at.get(b.key, ())):
            found += 1
    return found


def _coordinated(question: str, offsets: tuple[tuple[int, int], ...], a: _Unit, b: _Unit) -> bool:
    """Only "and", "or", commas, "between" or "the" stand between the two names: they may come in either order."""
    lo, hi = (a, b) if a.first < b.first else (b, a)
    words = set(_GAP.findall(question[offsets[lo.last][1] : offsets[hi.first][0]].lower()))
    return bool(words) and words <= _COORDINATION


def swapped_names(question: str, sentence: str) -> tuple[str, str] | None:
    """The two names of ``question`` (its words, space-joined) that ``sentence`` tells the other way round; None if none."""
    units, offsets = _question_units(question)
    names = [u for u in units if u.is_name]
    if not 2 <= len(names) <= MAX_NAMES:
        return None
    told = _sentence_units(sentence, [u.key for u in names])
    held = set(told)
    asked = _found_pairs(list(units), told)
    order = {u: k for k, u in enumerate(units)}
    for x, a in enumerate(names):
        for b in names[x + 1 :]:
            if a.key == b.key or a.key not in held or b.key not in held:
                continue
            if abs(order[a] - order[b]) == 1 or _coordinated(question, offsets, a, b):
                continue
            exchanged = [b if u is a else a if u is b else u for u in units]
            if _found_pairs(exchanged, told) - asked >= MIN_GAIN:
                return _written(question, offsets, a), _written(question, offsets, b)
    return None


def _written(question: str, offsets: tuple[tuple[int, int], ...], unit: _Unit) -> str:
    """The name's words as the question writes them, joined by single spaces (only word characters reach a terminal)."""
    return " ".join(question[s:e] for s, e in offsets[unit.first : unit.last + 1])
