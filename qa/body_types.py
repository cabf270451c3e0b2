"""Kinds of body: "Which committee ...?" is not answered by a commission, nor by its chairman.

A question that asks for a committee, a company, a party, a court or a
newspaper names the kind of body it wants, and a name usually says what kind
of body it is ("European Legal Affairs Committee", "Bank of England"). The
reader proposes any organisation near the question's words, so "Which
committee said the law should be re-drafted?" got "European Commission (EC)"
(0.57) from a sentence beside the one naming the committee.

``asked_body`` reads the kind from the head of the question's wh-phrase,
the word before its verb ("Which *committee* said", "Which *company*
makes"; ``asked_kind``, shared with ``qa.occupations``);
``names_other_body`` is true when a capitalised answer names one or more
kinds of body and none of them is the asked one. A name that says nothing of
its kind ("Labour", "the Miami Herald") never clashes, and classes hold the
words that name one kind ("company", "firm", "corporation"). Generic words
("group", "organisation", "department", "office", "service") are no kind: a
"group" may be a commission or a church. Of SQuAD v1.1 dev's and the news
gold sets' 156 questions that ask for a body so, none has only gold answers
that clash. A person is no body either: a name the article gives an office
("Committee chairman Austin Mitchell", "Senator Charles Schumer"), or by an
honorific ("Mr Tveter"), does not answer "Which committee is chaired by Ross
Finnie?" or "Which cable firm has ruled out a PVR?" (``is_titled_person``;
none of those gold answers is one). Pure word lists, no model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from index.text import LOOSE_ROLE_NOUNS, ROLE_NOUNS

BODY_KINDS: tuple[str, ...] = (
    "committee committees subcommittee panel",
    "commission commissions",
    "council councils",
    "party parties",
    "company companies firm firms corporation corp inc plc ltd conglomerate",
    "bank banks",
    "court courts tribunal",
    "university universities college colleges school schools institute academy",
    "union unions federation association league confederation",
    "newspaper newspapers paper daily",
    "magazine magazines",
    "agency agencies authority bureau ministry",
    "army armies navy force forces",
    "church churches",
    "band bands",
    "club clubs team teams",
)
# Words that end a question's wh-phrase: its verb ("Which committee *said* ...").
_PHRASE_ENDS = frozenset(
    "is was are were did does do has have had will would can could should may might said says told won made took gave "
    "became sold bought held ran led set put paid built wrote sang began lost met saw found left came went got kept "
    "spoke chose drew fought taught brought caught struck stood knew grew threw wore beat hit let quit shut split spread "
    "hurt upset cast".split()
)
_WH_PHRASE = re.compile(r"^\s*(?:(?:in|at|from|by|to|for|of|with|on)\s+)?(?:which|what)\s+(.*)$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_LONGEST_PHRASE = 4  # words before the verb; a longer run is no wh-phrase this module reads


def word_kinds(groups: Sequence[str]) -> dict[str, int]:
    """Each word of ``groups`` (one string of words per kind) mapped to the index of its kind."""
    return {word: kind for kind, words in enumerate(groups) for word in words.split()}


_KIND_OF_WORD = word_kinds(BODY_KINDS)


def asked_body(question: str) -> int | None:
    """The index in ``BODY_KINDS`` of the kind of body the question asks for, or None.

    The head of the wh-phrase decides ("Which *committee* said"); a phrase with a
    possessive ("Which newspaper's parent company ...") asks for something else.
    """
    return asked_kind(question, _KIND_OF_WORD)


def asked_kind(question: str, kind_of_word: Mapping[str, int]) -> int | None:
    """The kind (``kind_of_word``'s value) of the head of "Which / What ..." before the question's verb; None when unread.

    The verb is a form of "be", "have" or "do", a common past form or any
    word in -ed, or a word in -s right after a singular kind word ("Which
    company *makes* ..."). A phrase of four words or more, or with a
    possessive, is not read.
    """
    match = _WH_PHRASE.match(question)
    if match is None:
        return None
    phrase: list[str] = []
    for word in match.group(1).split():
        bare = word.lower().strip("?,.;:!")
        if bare in _PHRASE_ENDS or (phrase and bare.endswith("ed")) or _present_verb_after(phrase, bare, kind_of_word):
            break
        phrase.append(word)
        if len(phrase) >= _LONGEST_PHRASE:
            return None
    if not phrase or any("'" in w or "’" in w for w in phrase):
        return None
    return kind_of_word.get(phrase[-1].lower().strip("?,.;:!"))


def _present_verb_after(phrase: list[str], word: str, kind_of_word: Mapping[str, int]) -> bool:
    """ "Which company *makes* ...": a word in -s right after a singular kind word is its verb."""
    if not phrase or not word.endswith("s") or word.endswith("ss"):
        return False
    last = phrase[-1].lower()
    return last in kind_of_word and not last.endswith("s")


def names_other_body(answer: str, kind: int) -> bool:
    """Does the capitalised name ``answer`` name kinds of body, none of them ``kind``?"""
    words = answer.replace("(", " ").replace(")", " ").split()
    if not words or not all(w[:1].isupper() or w.lower() in ("of", "the", "and", "for") for w in words):
        return False
    kinds = {_KIND_OF_WORD[w.lower()] for w in _WORD.findall(answer) if w.lower() in _KIND_OF_WORD}
    return bool(kinds) and kind not in kinds


# The words for a body that end its name or start it before "of" ("National Iranian Oil Company", "Bank of England"):
# singular ones only, so that a surname ("David Banks") is no bank.
_SINGULAR_KINDS = frozenset(w for w in _KIND_OF_WORD if not w.endswith("s") or w.endswith("ss"))


def names_a_body(answer: str) -> bool:
    """Does the capitalised name ``answer`` say it is a body: its last word, or a word before "of", a kind of body?

    "Which Iranian official reached a deal?" is not answered by "National
    Iranian Oil Company".
    """
    words = answer.replace("(", " ").replace(")", " ").split()
    if not words or not all(w[:1].isupper() or w.lower() in ("of", "the", "and", "for") for w in words):
        return False
    bare = [w.lower().strip(".,;:") for w in words]
    return bare[-1] in _SINGULAR_KINDS or any(w in _SINGULAR_KINDS and nxt == "of" for w, nxt in zip(bare, bare[1:]))


def _office_words() -> str:
    offices = sorted({re.escape(r) for r in ROLE_NOUNS if r not in LOOSE_ROLE_NOUNS}, key=len, reverse=True)
    return "|".join(offices)


# An office right before a name, in the text or inside the answer ("chairman Austin Mitchell");
# "head", "leader" and "general" are left out ("General Electric").
_OFFICE_BEFORE = re.compile(rf"\b(?:{_office_words()})\s+$", re.IGNORECASE)
_OFFICE_INSIDE = re.compile(rf"\b(?:{_office_words()})\s+[A-Z]", re.IGNORECASE)
_OFFICE_REACH = 40  # characters before the answer read for its title
# "Mr Tveter", "Dr Williams": a person by an honorific, right before the answer or opening it.
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady)\.?\s+"
_HONORIFIC_BEFORE = re.compile(rf"\b{_HONORIFIC}$")
_HONORIFIC_INSIDE = re.compile(rf"\b{_HONORIFIC}[A-Z]")


def is_titled_person(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a person the article titles with an office or an honorific ("chairman Austin Mitchell", "Mr Tveter")?"""
    answer = text[start:end]
    if not answer[:1].isalpha():
        return False
    before = text[max(0, start - _OFFICE_REACH) : start]
    titled = _OFFICE_BEFORE.search(before) or _HONORIFIC_BEFORE.search(before)
    inside = _OFFICE_INSIDE.search(answer) or _HONORIFIC_INSIDE.search(answer)
    return (answer[:1].isupper() and titled is not None) or inside is not None
