"""Entity swap of an owner: the words glued to the answer name another team, firm or body than the question.

"Which Chelsea player urged Cole to stay at Highbury?" of an article on
Chelsea's approach to Arsenal's Ashley Cole: the reader answers "Robert
Pires" (0.80) from "his Arsenal team-mate Robert Pires has urged ...".
"Which Bath tight-head suffered a neck injury?" gets "Julian White" (0.83)
from "Leicester tight-head Julian White suffered a neck injury". Both clubs
stand in the article, so "a name the article lacks" sees nothing, and clubs
and firms have no list that tells their kind the way ``qa.places`` tells a
country, so ``qa.other_place`` cannot read them.

What gives the swap away is the answer's own noun phrase. The question names
an owner with the thing it asks for ("Which *Chelsea* player", "Who is
*Arsenal*'s chief executive?", "Who is the leader of the *British National
Party*?"); the answer comes with another owner
glued to it ("*Arsenal* team-mate Robert Pires", "*Leicester* tight-head",
"*Arsenal*'s Thierry Henry"), and the answer's sentence never names the
question's owner. Places and peoples' words are left to ``qa.other_place``
("his Italian team-mate" says nothing of a club), and so are kin ("Genghis
Khan's grandson Batu" for "Which Mongol leader ...": a grandson belongs to
no team).

"Its" or "their" before the answer's office stands for the nearest name
before it: "the pursuit of Yukos is a response to the ambitions of its
former chief executive, Mikhail Khodorkovsky" gives Yukos, so "Who is the
chief executive of Gazprom?" is not answered from it.

On SQuAD v1.1 dev (10,570 questions, 203 of them asking with an owner) it
flags no gold answer's sentence, and none of the news gold sets' 130
(``docs/trust.md``).
"""

from __future__ import annotations

import difflib
import re

from index.text import fold_accents
from qa.answer_types import CALENDAR_NAMES
from qa.other_doer import SAME_NAME_RATIO  # one threshold for "spelt nearly alike" ("Brainbridge", "Bainbridge")
from qa.places import names_one_place, run_places
from qa.role_titles import people_forms

# "Which Chelsea player ...", "What Microsoft product ...": one to three capitalised words, then the asked noun.
_ASKED_WHICH = re.compile(r"^\s*(?i:which|what)\s+((?:[A-Z][\w’'\-]*\s+){1,3}?)([a-z][a-z\-]+)\b(?!['’])")
# "Who is Arsenal's chief executive?", "Who is the Conservative leader?"
_ASKED_POSSESSIVE = re.compile(
    r"^\s*(?i:who|whom)\s+(?:is|was|are|were|became|becomes)\s+(?:the\s+)?((?:[A-Z][\w\-]*\s+){0,2}[A-Z][\w\-]*)['’]s?\s+"
    r"((?:[a-z][a-z\-]+\s*){1,3})\?*\s*$"
)
# "Who is the leader of the British National Party?": the owner after "of".
_ASKED_OF = re.compile(
    r"^\s*(?i:who|whom)\s+(?:is|was|are|were)\s+the\s+(?:[a-z][a-z\-]+\s+){1,3}of\s+(?:the\s+)?"
    r"((?:[A-Z][\w\-]*\s*){1,4})\?*\s*$"
)
_ASKED_THE = re.compile(
    r"^\s*(?i:who|whom)\s+(?:is|was|are|were)\s+the\s+((?:[A-Z][\w\-]*\s+){1,3})((?:[a-z][a-z\-]+\s*){1,3})\?*\s*$"
)
_FUNCTION_WORDS = frozenset(
    "and or nor of by to with in on at for from as that which who whom whose what is was are were be been has have had "
    "do does did will would can could may might said says say the a an but than then when while after before".split()
)
# Words that open a capitalised run without being part of the owner's name ("The Arsenal striker ...").
_OPENERS = frozenset("the a an his her its their our your this that these those".split())
_NOT_OWNERS = frozenset(
    "mr mrs ms miss dr sir lord lady dame st saint prof president minister king queen prince princess pope".split()
    + CALENDAR_NAMES.split()
)
_KIN = frozenset(
    "son sons daughter daughters wife wives husband husbands brother brothers sister sisters father mother parents "
    "grandson granddaughter grandfather grandmother uncle aunt nephew niece cousin widow widower fiancee fiance "
    "partner girlfriend boyfriend".split()
)
_PEOPLES_WORD = re.compile(r"[A-Z][a-z]+(?:ian|an|ese|ish|ch|i)")
# Pronouns that stand for a body ("its chief executive"), read back to the name they follow.
_BODY_PRONOUNS = frozenset({"its", "their"})
# Capitalised at a sentence's start, never part of a body's name ("Some Huguenot families ... their patron").
_QUANTIFIERS = frozenset("some many most several all both each every other such few".split())
NOUN_REACH = 3  # lower-case words between the owner and the answer ("Arsenal team-mate", "Celtic chief executive")
OWNER_WORDS = 3  # capitalised words an owner may run to ("Manchester United", "Wells Fargo Bank")


def asked_owner(question: str) -> str | None:
    """The owner a question names with what it asks for ("Which Chelsea player" -> "Chelsea"); None when none."""
    match = _ASKED_WHICH.match(question)
    if match is not None and match.group(2) in _FUNCTION_WORDS:
        match = None
    match = match or _ASKED_POSSESSIVE.match(question) or _ASKED_THE.match(question) or _ASKED_OF.match(question)
    if match is None:
        return None
    owner = match.group(1).strip()
    return owner if _is_owner(owner) else None


def answer_owner(sentence: str, answer_start: int) -> str | None:
    """The owner glued to the answer at ``sentence[answer_start:]`` ("his Arsenal team-mate " -> "Arsenal"); None when none.

    Read backwards from the answer: up to ``NOUN_REACH`` lower-case words
    (the noun: "team-mate", "chief executive"), then one to ``OWNER_WORDS``
    capitalised words that do not continue a longer capitalised run. Without
    a noun the owner must be possessive ("Liverpool's Steven Gerrard"), or
    it would be the end of a longer name or a sentence's subject; one word
    opening the sentence must be possessive too, or an acronym ("Fellow
    guest Ruth Kelly" opens with a capital for the sentence's sake, "UKIP
    leader Roger Knapman" does not). A comma may end the noun when the title
    is bare and names the one after it ("said EEF chief economist, Steve
    Radley"), not after a possessive one, whose appositive refers back
    ("Drogba, Chelsea's striker, has ...").
    """
    words = sentence[:answer_start].split()
    at = len(words)
    nouns: list[str] = []
    # The noun may end in an appositive's comma: "its former chief executive, Mikhail Khodorkovsky".
    while at > 0 and len(nouns) < NOUN_REACH and re.fullmatch(r"[a-z][a-z\-]+" + (",?" if not nouns else ""), words[at - 1]):
        if words[at - 1] in _FUNCTION_WORDS or words[at - 1] in _BODY_PRONOUNS:
            break
        nouns.append(words[at - 1].rstrip(","))
        at -= 1
    if _KIN.intersection(nouns):
        return None
    if nouns and at > 0 and words[at - 1] in _BODY_PRONOUNS:
        return _antecedent(words[: at - 1])
    run: list[str] = []
    while at > 0 and len(run) < OWNER_WORDS + 1 and re.fullmatch(r"[A-Z][\w\-]*(?:['’]s?)?", words[at - 1]):
        run.insert(0, words[at - 1])
        at -= 1
    opens_sentence = at == 0
    while run and run[0].lower() in _OPENERS:
        run.pop(0)
        opens_sentence = False
    if not run or len(run) > OWNER_WORDS:
        return None  # no owner, or the end of a longer name
    possessive = re.search(r"['’]s?$", run[-1]) is not None
    if words and words[-1].endswith(",") and (possessive or not nouns):
        # An appositive after a possessive title refers back ("Drogba, Chelsea's striker, [said]"); a bare
        # title before its holder's name does not ("said EEF chief economist, Steve Radley").
        return None
    if not nouns and not possessive:
        return None
    if opens_sentence and len(run) == 1 and not possessive and not run[0].isupper():
        return None  # one capitalised word opening the sentence may be any word ("Fellow guest"); "UKIP leader" is a name
    owner = re.sub(r"['’]s?$", "", " ".join(run))
    return owner if _is_owner(owner) else None


def _antecedent(words: list[str]) -> str | None:
    """The body "its" or "their" most likely stands for: the nearest capitalised run before it, if an owner.

    "... the pursuit of Yukos is a response to the ambitions of its former
    chief executive, Mikhail Khodorkovsky": Yukos. A single word opening the
    sentence is no antecedent ("Many commentators believe ...").
    """
    at = len(words)
    while at > 0 and not re.fullmatch(r"[A-Z][\w\-]*(?:['’]s?)?[,;:]?", words[at - 1]):
        at -= 1
    run: list[str] = []
    while at > 0 and len(run) < OWNER_WORDS + 1 and re.fullmatch(r"[A-Z][\w\-]*(?:['’]s?)?[,;:]?", words[at - 1]):
        run.insert(0, words[at - 1].rstrip(",;:"))
        at -= 1
        if words[at - 1 : at] and words[at - 1].endswith((",", ";", ":")):
            break
    while run and (run[0].lower() in _OPENERS or run[0].lower() in _QUANTIFIERS):
        run.pop(0)
    if not run or len(run) > OWNER_WORDS or (at == 0 and len(run) == 1 and not run[0].isupper()):
        return None
    owner = re.sub(r"['’]s?$", "", " ".join(run))
    return owner if _is_owner(owner) else None


def _is_owner(name: str) -> bool:
    """A name that can own a player or an officer: not a title, month or day, not a place nor a people's word.

    A place counts only as a whole ("Liverpool", "New York", "US"): a body
    named after one is an owner ("British National Party", "Manchester
    United").
    """
    words = name.split()
    if not words or all(w.lower() in _NOT_OWNERS for w in words):
        return False
    if len(words) == 1:
        return not run_places(words) and not _PEOPLES_WORD.fullmatch(name)
    return not names_one_place(words)


def _names(name: str, text: str) -> bool:
    """``text`` names any word of ``name`` (or its people's word) on its own."""
    for word in name.split():
        if len(word) < 3 or word.lower() in _NOT_OWNERS:
            continue
        singular = word[:-1] if word.endswith("s") and len(word) > 3 else word  # "Huguenots", "Huguenot families"
        for form in {word, singular, *people_forms(word)}:
            if re.search(rf"\b{re.escape(form)}(?:e?s)?\b", text, re.IGNORECASE):
                return True
    return False


def other_owner(question: str, sentence: str, answer_start: int, answer: str = "") -> tuple[str, str] | None:
    """(asked owner, the answer's owner) when the answer comes with another owner than the question's; None otherwise."""
    asked = asked_owner(question)
    if asked is None:
        return None
    told = answer_owner(sentence, answer_start)
    if told is None or _names(asked, sentence) or _names(told, question) or _names(told, answer):
        return None
    if _initials(asked) == told.upper() or _initials(told) == asked.upper():
        return None  # one body, once in full and once by its initials ("UK Independence Party", "UKIP")
    return asked, told


def _initials(name: str) -> str:
    """ "UK Independence Party" -> "UKIP", "British National Party" -> "BNP": an all-capitals word counts whole."""
    words = [w for w in name.split() if w.lower() not in ("of", "the", "and", "for", "&")]
    return "".join(w if w.isupper() else w[:1].upper() for w in words)


# "Dell's profit", "the Museum's main entrance": a capitalised run (up to three words, "&" may join) owning a noun.
_OWNER_RUN = r"(?:[A-Z][\w\-&]*\s+(?:&\s+)?){0,2}[A-Z][\w\-&]*"
_POSSESSED = re.compile(rf"\b({_OWNER_RUN})['’]s?\s+((?:[a-z][a-z\-]+\s+)?[a-z][a-z\-]+)\b")
_ASKING = frozenset("what which who whom whose how when where why did does do is was are were".split())
_NOT_IN_NAME = _OPENERS | _QUANTIFIERS | _ASKING  # words a capitalised run may open with that name no one


def other_possessor(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked owner, the sentence's) when the question's "X's NOUN" stands as "Y's NOUN" in a sentence that never names X.

    "What was Dell's profit for the three months to December?" of "Lenovo's
    profit for the three months to December was HK$327m": both firms stand
    in the article, so no name is missing, but the profit the sentence gives
    is Lenovo's. The noun must be the same word; both owners must be names
    that can own (``_is_owner``: no place, month or title); one name spelt
    alike, by its initials, or with an accent ("Céloron", "Celeron"; "EU",
    "European Union") is the same; a single word after "the" is a
    description ("the Museum's main entrance"), not a name. On SQuAD dev's
    10,570 gold answers and the news gold sets' 130 it flags none.
    """
    asked = next((m for m in _POSSESSED.finditer(question) if m.start() > 0), None)
    if asked is None:
        return None
    words = _trimmed(asked.group(1).split())
    owner = " ".join(words)
    if not words or not _is_owner(owner) or _names(owner, sentence):
        return None
    noun = asked.group(2).split()[-1]
    for told_at in re.finditer(rf"(?:^|(\b\w+)\s+)({_OWNER_RUN})['’]s?\s+(?:[a-z][a-z\-]+\s+)?{re.escape(noun)}\b", sentence):
        told_words = _trimmed(told_at.group(2).split())
        told = " ".join(told_words)
        if not told_words or (len(told_words) == 1 and not told.isupper() and (told_at.group(1) or "").lower() == "the"):
            continue
        if _is_owner(told) and not _names(told, question) and not _same_name(owner, told):
            return owner, told
    return None


def _trimmed(words: list[str]) -> list[str]:
    while words and words[0].lower() in _NOT_IN_NAME:
        words = words[1:]
    return words


def _same_name(a: str, b: str) -> bool:
    """One body or person however written: the same letters, by its initials, or spelt nearly alike."""
    letters_a, letters_b = (re.sub(r"[^a-z]", "", fold_accents(x.lower())) for x in (a, b))
    if letters_a == letters_b:
        return True
    initials_a, initials_b = (re.sub(r"[^a-z]", "", _initials(x).lower()) for x in (a, b))
    if initials_a == letters_b or initials_b == letters_a:
        return True
    return difflib.SequenceMatcher(None, letters_a, letters_b).ratio() >= SAME_NAME_RATIO
