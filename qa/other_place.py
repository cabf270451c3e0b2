"""Entity swap of a place: the answer's sentence speaks of another country or city than the question.

"How many people remain displaced in Kenya?" of an article on Kenya's
mission to Haiti: the answer's sentence says "600,000 people remain
displaced" of Haiti, and Kenya stands a sentence away, so "a name the
article lacks" sees nothing; the reader answered "600,000" at 0.89. Places
are left out of that check on purpose (``qa.places``: questions name them
loosely), which is what lets a swapped place through.

The rule reads places only where they are plain: a question place is a
capitalised run that is a listed place as a whole ("in Kenya", "Kenya's
prisons", "New Orleans"), not part of an organisation's name ("French
Academy of Sciences", "Church of England"), or a people's word before a
lower-case noun ("Kenyan officers"). The candidate's sentence clashes when
it never names that place (nor its people's word, nor another name of the
same country: "US" / "American") and names another listed place of the same
kind (country, US state, city) that the question does not name and the
answer is not. A people's word asks more: the other place must come with
the same noun ("Haitian police officers" against "Kenyan officers"), since
"Dutch artist" may stand in a sentence about Italian art. A country's
forces are one noun ("Haitian security forces" against "Kenyan police"),
then even of a place the question names as where ("the killings in
Haiti"), but not of one it names by its people's word, not a force named
with capitals ("the Haitian National Police"), and not where the sentence
also has the question's own force ("Our officers"). A sentence that
could refer to the place without naming it ("the country", "the city",
"there", a sentence that opens with "It") is not read.

The UK's nations are one country to that check ("Britain", "Scotland"),
but a question that names exactly one of them is not answered by a sentence
that names another and never it ("How long is the MPs' mission to Wales?"
of "a two-day fact-finding mission to Scotland", 0.44 before): BBC news
asks about England, Scotland, Wales and Northern Ireland apart. A nation
inside a name "of" it ("Church of England") is not read. On SQuAD dev's
10,570 gold answers and the news gold sets' 130 it adds no flag.

On SQuAD v1.1 dev articles 0-35 it flags the gold sentence of 3 of 8,123
questions ("How many hours ... from Newcastle to King's Cross?" of "trains
to London King's Cross"), on articles 36-47 4 of 2,447; on the news gold
sets, none (``docs/trust.md``).

A sentence may name both places and still give the other's figure: "The
Kenya police deployed to Haiti ... the graduation of at least 739 Haitian
police officers" for "How many Kenyan police officers are in Haiti?" (0.75
before). ``counted_for_other_place`` reads the people's word right after a
figure answer; of SQuAD v1.1 dev's 34,726 gold answers (every annotator's)
and the news gold sets' 176 it flags none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from index.text import FIGURE_HEDGES, question_stop_words
from qa.places import AMBIGUOUS_PLACES, CAPITALISED_RUN, names_one_place, place_mentions, run_places
from qa.role_reversal import POSSESSIVE

_WORD = re.compile(r"[A-Za-z][\w\-.’']*")
_QUESTION_OPENERS = frozenset("what which who whom whose when where how why in on at the did does is are was were".split())
# Words that refer to a place without naming it.
_PLACE_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:city|country|nation|state|capital|island|region|town|republic|kingdom|"
    r"colony|province|territory)\b|\bthere\b|^\W*it\b",
    re.IGNORECASE,
)
NOUN_REACH = 3  # words from another place's people's word to the question's noun ("Haitian police officers")
# The figure an answer opens on, with the words that hedge it: "739", "at least 739", "least 739", "over 400".
_LEADING_FIGURE = re.compile(rf"\s*(?:{FIGURE_HEDGES})?\s*\d[\d.,]*(?!\S)")


def _noun_stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > 4:
            return word[: -len(suffix)]
    return word


# A country's armed or police forces, one kind of doer whatever the noun: "Haitian security forces" are no
# "Kenyan police".
FORCE_NOUNS = frozenset(
    _noun_stem(w)
    for w in "police officers forces troops soldiers security army military personnel cops guards contingent peacekeepers".split()
)


def asked_places(question: str) -> dict[str, tuple[str, frozenset[str]]]:
    """{place: (kind, nouns)} for the places the question names plainly; ``nouns`` is empty unless named by a people's word."""
    asked: dict[str, tuple[str, frozenset[str]]] = {}
    for run_start, run_end, words in _runs_split_at_possessives(question):
        if run_start == 0 and words[0].lower() in _QUESTION_OPENERS:
            words = words[1:]
        found = run_places(words)
        if len(found) != 1:
            continue
        place, kind, by_people = found[0]
        if len(words) > 1 and not names_one_place(words):
            continue  # a place inside a longer name: "Church of England", "Kenya Defence Forces"
        nouns: frozenset[str] = frozenset()
        if by_people:
            after = [w.strip("?,.;:") for w in question[run_end:].split()[:2]]
            if not after or not after[0].islower():
                continue  # a people's word naming no thing ("the Kenyans") or part of a name ("French Academy")
            nouns = frozenset(_noun_stem(w) for w in after if w.islower())
        asked[place] = (kind, nouns)
    return asked


def _named_by_people(text: str) -> frozenset[str]:
    """The places ``text`` names by their people's word anywhere, in a name too ("the Haitian National Police")."""
    return frozenset(
        place for m in CAPITALISED_RUN.finditer(text) for place, _, people in run_places(m.group(0).split()) if people
    )


def _runs_split_at_possessives(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, words) of each capitalised run, cut after a possessive: "Vivendi's French assets" holds "French".

    A possessive ends the name it closes; what follows it is another name
    or a people's word that describes the thing owned.
    """
    runs: list[tuple[int, int, list[str]]] = []
    for match in CAPITALISED_RUN.finditer(text):
        words = match.group(0).rstrip(".").split()
        at = match.start()
        while words:
            cut = next((i + 1 for i, w in enumerate(words[:-1]) if POSSESSIVE.search(w)), len(words))
            piece = words[:cut]
            end = text.index(piece[-1], at) + len(piece[-1])
            runs.append((at, end, piece))
            words = words[cut:]
            at = text.index(words[0], end) if words else end
    return runs


def _noun_follows(words: Sequence[str], at: int, nouns: frozenset[str]) -> bool:
    """One of ``nouns`` within ``NOUN_REACH`` words after ``words[at]`` ("Haitian *police officers*")."""
    return any(_noun_stem(w) in nouns for w in words[at + 1 : at + 1 + NOUN_REACH])


def _with_noun(sentence: str, place: str, nouns: frozenset[str]) -> bool:
    """``sentence`` names ``place`` with one of ``nouns`` right after it ("Haitian police officers", "the United States
    government": a place of several words is read whole, when the run of capitals is that place and nothing more, not
    a body named with it, "the Haitian National Police")."""
    words = _WORD.findall(sentence)
    if any(
        any(found[0] == place for found in run_places([word])) and _noun_follows(words, i, nouns) for i, word in enumerate(words)
    ):
        return True
    for run in CAPITALISED_RUN.finditer(sentence):
        parts = run.group(0).split()
        if len(parts) > 1 and names_one_place(parts) and any(found[0] == place for found in run_places(parts)):
            after = _WORD.findall(sentence[run.end() :])[:NOUN_REACH]
            if any(_noun_stem(w) in nouns for w in after):
                return True
    return False


def _told_with_noun(question: str, sentence: str, place: str, nouns: frozenset[str], in_question: dict[str, str]) -> bool:
    """``sentence`` names another ``place`` with the question's noun, or as another people's force.

    "Haitian security forces" against "Kenyan police": a force even of a place the question names as where
    ("killings in Haiti"), but not of one it names by its people's word ("the Haitian National Police"), and not
    where the sentence has the question's own force too ("Our officers, with ...").
    """
    if place not in in_question and _with_noun(sentence, place, nouns):
        return True
    forces = bool(nouns & FORCE_NOUNS) and not _holds_noun(sentence, nouns)
    return forces and place not in _named_by_people(question) and _with_force(sentence, place)


def _with_force(sentence: str, place: str) -> bool:
    """``sentence`` names ``place``'s people's word before a force in lower case ("Haitian security forces")."""
    words = _WORD.findall(sentence)
    for i, word in enumerate(words):
        if any(found[0] == place and found[2] for found in run_places([word])):
            after = words[i + 1 : i + 1 + NOUN_REACH]
            lower = list(itertools.takewhile(str.islower, after))
            if any(_noun_stem(w) in FORCE_NOUNS for w in lower):
                return True
    return False


def _holds_noun(sentence: str, nouns: frozenset[str]) -> bool:
    return any(_noun_stem(w) in nouns for w in _WORD.findall(sentence))


# The UK's nations: one country to every other check ("UK", "Britain" and "Scotland" name one place to a
# reader asking where), but a question about one of them is not answered by a sentence about another
# ("How long is the MPs' mission to Wales?" of "a two-day mission to Scotland").
_NATION_WORDS = {
    "england": "England",
    "english": "England",
    "scotland": "Scotland",
    "scottish": "Scotland",
    "scots": "Scotland",
    "wales": "Wales",
    "welsh": "Wales",
    "northern ireland": "Northern Ireland",
    "northern irish": "Northern Ireland",
}
# Not inside a name "of" a nation: "Church of England", "Bank of Scotland".
_NATION = re.compile(r"(?<!\bof )\b(?:Northern Ireland|Northern Irish|England|English|Scotland|Scottish|Scots|Wales|Welsh)\b")


def nations(text: str) -> frozenset[str]:
    """The UK nations ``text`` names by name or people's word ("Welsh" -> "Wales"), capitalised as written."""
    return frozenset(_NATION_WORDS[m.group(0).lower()] for m in _NATION.finditer(text))


def _other_nation(question: str, sentence: str, answer: str, nouns: frozenset[str]) -> tuple[str, str] | None:
    """(asked nation, another the sentence names) where the question names exactly one, which the sentence never names.

    A sentence naming the question's nation does not clash, even one that
    also names the UK whole ("a mission to Scotland ... the UK's fishing
    industry" is no mission to Wales); a nation the answer names is no
    rival. A people's word in the question ("Scottish MPs") asks the
    rival's to come with the same noun ("Welsh MPs").
    """
    asked = nations(question)
    if len(asked) != 1:
        return None
    named = nations(sentence)
    if asked & named:
        return None
    rivals = named - nations(answer)
    if nouns:
        words = _WORD.findall(sentence)
        rivals = frozenset(
            nation
            for nation in rivals
            for i, word in enumerate(words)
            if _NATION_WORDS.get(word.lower()) == nation and _noun_follows(words, i, nouns)
        )
    return (min(asked), min(rivals)) if rivals else None


@lru_cache(maxsize=512)
def _places_named(text: str) -> tuple[tuple[str, tuple[str, frozenset[str]]], ...]:
    """``asked_places(text)``, frozen and kept: the selector reads one question, and a few sentences, for ~20 candidates."""
    return tuple(asked_places(text).items())


def other_place(question: str, sentence: str, answer: str = "") -> tuple[str, str] | None:
    """(asked place, the sentence's place) when ``sentence`` speaks of another place than the question; None otherwise."""
    asked = dict(_places_named(question))
    if not asked:
        return None
    named = place_mentions(sentence)
    in_question = place_mentions(question)
    in_slot = place_in_slot(question, sentence, asked, named, in_question)
    if in_slot is not None or _PLACE_ANAPHOR.search(sentence):
        return in_slot
    plain = dict(_places_named(sentence))
    in_answer = place_mentions(answer)
    for place, (kind, nouns) in asked.items():
        if place == "UK" and (nation_clash := _other_nation(question, sentence, answer, nouns)) is not None:
            return nation_clash
        if place in AMBIGUOUS_PLACES or any(place in p or p in place for p in named):
            continue  # named, or as part of a longer name: "New York" and "New York City"
        others = [p for p, (k, _) in plain.items() if k == kind and p not in in_answer]
        if nouns:
            others = [p for p in others if _told_with_noun(question, sentence, p, nouns, in_question)]
        else:
            others = [p for p in others if p not in in_question]
        if others:
            return _shown(place), _shown(others[0])
    return None


# "gang violence in Haiti": a content word and a preposition right before a place, the slot a swap fills.
_SLOT_PREPOSITIONS = "in|at|for|from|to|with|against|on|into|across|throughout|of"


def place_in_slot(
    question: str,
    sentence: str,
    asked: dict[str, tuple[str, frozenset[str]]],
    named: dict[str, str],
    in_question: dict[str, str],
) -> tuple[str, str] | None:
    """(asked place, the sentence's) when the sentence puts another place right where the question has its own.

    "What organisation did Rubio suggest could provide a force to combat
    gang violence in Jamaica?" of "... to help combat the ongoing gang
    violence in Haiti, where armed groups are inching closer to full control
    of the capital": the words before the place ("violence in") match, the
    place does not, and the sentence never names Jamaica. Read even where
    the sentence refers to a place without naming it ("the capital"), which
    stops ``other_place``'s wider reading: the slot says which place the
    sentence speaks of. Both places must be listed places of one kind, and
    the question must not name the sentence's. ``named`` and ``in_question``
    are ``place_mentions`` of the sentence and the question (``other_place``
    reads them once for both checks).
    """
    for place, (kind, nouns) in asked.items():
        if nouns or place in named or place in AMBIGUOUS_PLACES:
            continue
        slot = re.search(
            rf"\b([a-z][a-z\-]+)\s+({_SLOT_PREPOSITIONS})\s+(?:the\s+)?{re.escape(place)}\b", question, re.IGNORECASE
        )
        if slot is None or not slot.group(1).islower() or slot.group(1) in question_stop_words():
            continue
        words = rf"\b{re.escape(slot.group(1))}\s+{slot.group(2)}\s+(?:the\s+)?"
        for told in re.finditer(words + r"([A-Z][\w\-.’']*(?:\s+[A-Z][\w\-.’']*)*)", sentence):
            found = run_places(told.group(1).rstrip(".").split())
            if len(found) == 1 and found[0][1] == kind and found[0][0] != place and found[0][0] not in in_question:
                return _shown(place), _shown(found[0][0])
    return None


def counted_for_other_place(question: str, sentence: str, answer_start: int, answer_end: int) -> tuple[str, str] | None:
    """(asked place, the answer's) when the answer's own noun is another place's: "739 Haitian police officers".

    "How many Kenyan police officers are in Haiti?" of "The Kenya police
    deployed to Haiti are upbeat ... following the graduation of at least
    739 Haitian police officers": the sentence names Kenya, so
    ``other_place`` reads no clash, but the number counts the people right
    after it, and they are another country's. The question must name its
    people by a people's word before a noun ("Kenyan police officers"); the
    word right after the answer must be another place's people's word, the
    question's noun following within ``NOUN_REACH`` words. Only an answer
    that opens on a figure (hedged or not: "at least 739") is read, from
    right after the figure ("739 Haitian", "739 Haitian police officers").
    A place the question also names by its people's word before a noun is
    no rival; one it names as where ("... in Haiti?") still is.
    """
    figure = _LEADING_FIGURE.match(sentence, answer_start, answer_end)
    if figure is None:
        return None  # no count: "significantly increased British military resources" counts no one
    asked = [(place, nouns) for place, (_, nouns) in _places_named(question) if nouns]
    if not asked:
        return None
    counted = figure.end()
    after = _WORD.findall(sentence[counted : counted + 80])
    if not after:
        return None
    found = run_places([after[0]])
    if len(found) != 1:
        return None
    told, _, by_people = found[0]
    if not by_people or any(told == place for place, _ in asked):
        return None
    for place, nouns in asked:
        if _noun_follows(after, 0, nouns):
            return _shown(place), _shown(told)
    return None


def _shown(place: str) -> str:
    return place if place.isupper() else " ".join(w if w in ("of", "and", "the") else w.capitalize() for w in place.split())
