"""Kinds of person: "Which guitarist ...?" is not answered by "director Ken Loach".

A question that asks for a guitarist, a referee or a mathematician names
what the person it wants does, and news names people with what they do
right before the name ("fashion designer Hussein Chalayan", "England coach
Andy Robinson", "psychologist Steven Pinker"), an actor by the film
"starring" them. The reader proposes any
person near the question's words; one the article introduces as another
kind of person is no answer.

``asked_occupation`` reads the kind from the head of the question's
wh-phrase (``qa.body_types.asked_kind``) or of a "Who is ...?" question's
noun phrase ("Who is Wales' team *doctor*?"); ``other_occupation`` is the
word right before a capitalised answer when it names another kind.
``OCCUPATIONS`` groups the words for one kind ("writer", "author",
"novelist"). A "player" (``PLAYER``) is any of the playing kinds, so only
a kind that plays no sport ("coach Andy Robinson") is another. Of SQuAD
v1.1 dev's and the news gold sets' 56 questions that ask for a kind of
person so, none has a gold answer introduced as another kind. Pure word
lists, no model.
"""

from __future__ import annotations

import re

from qa.body_types import asked_kind, word_kinds

OCCUPATIONS: tuple[str, ...] = (
    "mathematician mathematicians",
    "physicist physicists",
    "chemist chemists",
    "biologist biologists",
    "economist economists",
    "psychologist psychologists psychiatrist psychiatrists",
    "philosopher philosophers",
    "historian historians",
    "sociologist sociologists",
    "anthropologist anthropologists",
    "astronomer astronomers",
    "engineer engineers",
    "architect architects",
    "lawyer lawyers attorney attorneys solicitor solicitors barrister barristers",
    "physician physicians doctor doctors surgeon surgeons",
    "physiotherapist physiotherapists physio physios",
    "nurse nurses",
    "actor actors actress actresses starring co-starring",  # "a comedy starring Paul Giamatti": its actor
    "singer singers vocalist vocalists rapper rappers",
    "guitarist guitarists",
    "drummer drummers",
    "bassist bassists",
    "pianist pianists",
    "composer composers",
    "writer writers author authors novelist novelists",
    "poet poets",
    "playwright playwrights dramatist dramatists",
    "journalist journalists reporter reporters columnist columnists correspondent correspondents",
    "painter painters",
    "sculptor sculptors",
    "photographer photographers",
    "director directors filmmaker filmmakers",
    "producer producers",
    "designer designers",
    "comedian comedians",
    "dancer dancers",
    "politician politicians",
    "diplomat diplomats",
    "businessman businessmen businesswoman entrepreneur entrepreneurs",
    "inventor inventors",
    "explorer explorers",
    "footballer footballers",
    "cricketer cricketers",
    "golfer golfers",
    "boxer boxers",
    "cyclist cyclists",
    "swimmer swimmers",
    "sprinter sprinters",
    "goalkeeper goalkeepers",
    "defender defenders",
    "midfielder midfielders",
    "striker strikers",
    "coach coaches manager managers",  # one job in sport: England's "coach" is its "manager"
    "referee referees",
    "priest priests",
    "bishop bishops",
    "rabbi rabbis",
)
# The word right before a capitalised answer, after an optional article ("the novelist Ian McEwan").
_WORD_BEFORE = re.compile(r"(?:\b(?:the|a|an)\s+)?([a-z\-]+)\s+$")
_REACH = 40  # characters before the answer read for that word
# A lower-case kind word that opens an answer before a name ("rapper Ja Rule").
_LEADING_KIND = re.compile(r"^(?:the\s+|a\s+|an\s+)?([a-z\-]+)\s+[A-Z]")


_KIND_OF_WORD = word_kinds(OCCUPATIONS)
# A lower-case word right before a capitalised one, anywhere in an answer.
_KIND_BEFORE_NAME = re.compile(r"\b([a-z\-]+)\s+[A-Z]")


# Verbs that name a job by what its holder does: "Who refereed the match?" asks for a referee, "Who produced the
# film?" for a producer. Other verbs say nothing of the doer's job: anyone may write, design or found.
_JOB_VERBS = {
    form: job
    for job, forms in {
        "producer": "produced produces produce",
        "director": "directed directs direct",
        "referee": "refereed referees referee",
        "coach": "coached coaches coach",
        "manager": "managed manages manage",
    }.items()
    for form in forms.split()
}
_WHO_VERB = re.compile(r"^\s*who\s+(?:(?:will|would|has|had)\s+)?([a-z]+)\b", re.IGNORECASE)


# "Which player ...?" / "Which midfield players ...?": a kind of its own (``PLAYER``) that every playing position
# and sport of ``OCCUPATIONS`` belongs to, so only a non-playing kind ("coach Andy Robinson", "referee") is another.
PLAYER = len(OCCUPATIONS)
_PLAYING = frozenset(
    _KIND_OF_WORD[word]
    for word in "footballer cricketer golfer boxer cyclist swimmer sprinter goalkeeper defender midfielder striker".split()
)
_ASKED_KIND_OF_WORD = _KIND_OF_WORD | {"player": PLAYER, "players": PLAYER}


def asked_occupation(question: str) -> int | None:
    """The index in ``OCCUPATIONS`` of the kind of person the question asks for (``PLAYER`` for a player), or None.

    Read from the head of its wh-phrase ("Which *guitarist* ...") or from a
    verb that names a job ("Who *refereed* ...?" asks for a referee).
    """
    kind = asked_kind(question, _ASKED_KIND_OF_WORD)
    if kind is not None:
        return kind
    verb = _WHO_VERB.match(question)
    job = _JOB_VERBS.get(verb.group(1).lower()) if verb else None
    return _KIND_OF_WORD[job] if job else _predicate_kind(question)


# "Who is Wales' team doctor?": a "who is" question whose predicate is a noun phrase, up to a preposition or the end.
_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(.+?)\s*\?\s*$", re.IGNORECASE)
_PHRASE_STOPS = frozenset("of at for in on with to from by as during since".split())
_PREDICATE_LEADS = frozenset("the a an".split())
_LONGEST_PREDICATE = 5


def _predicate_kind(question: str) -> int | None:
    """The kind named by the head of a "Who is ...?" question's noun phrase ("Wales' team *doctor*"), or None.

    The phrase runs to a preposition or the question's end; only articles,
    names (a possessive included) and lower-case modifiers may stand before
    its head. A verb ("Who is presenting ...?") or a clause leaves it unread.
    """
    match = _WHO_IS.match(question)
    if match is None:
        return None
    words: list[str] = []
    for word in match.group(1).split():
        if word.lower() in _PHRASE_STOPS:
            break
        words.append(word)
    if not words or len(words) > _LONGEST_PREDICATE or not (words[0].lower() in _PREDICATE_LEADS or words[0][:1].isupper()):
        return None
    head = words[-1].lower()
    if any(w.lower().endswith("ing") or w.lower() in ("who", "that", "which") for w in words):
        return None
    return _ASKED_KIND_OF_WORD.get(head) if head.isalpha() else None


# Words for a person that name no job of ``OCCUPATIONS``: "Which Iranian *official* ...?" still asks for a person.
_PERSON_WORDS = frozenset(
    "official officials executive executives spokesman spokeswoman spokesperson minister ministers president "
    "chairman chairwoman boss player players star stars man woman person girl boy".split()
)
_ASKS_PERSON = {word: 0 for word in _PERSON_WORDS | set(_KIND_OF_WORD)}


def asks_for_a_person(question: str) -> bool:
    """ "Which Iranian official ...?", "Which guitarist ...?": the wh-phrase's head is a word for a person."""
    return asked_kind(question, _ASKS_PERSON) is not None


def person_word_before(text: str, start: int, end: int) -> str | None:
    """The word that introduces the name ``text[start:end]`` as a person ("Chelsea boss Jose Mourinho"), or None.

    A job of ``OCCUPATIONS`` or a word for a person ("boss", "star",
    "official") right before a capitalised answer, or before a name inside
    it: such a name does not answer "Which team beat Chelsea?"
    (``qa.body_types`` reads the titled ones, "chairman Austin Mitchell",
    "Mr Tveter").
    """
    for inside in _KIND_BEFORE_NAME.finditer(text[start:end]):  # "rapper Ja Rule", "Chelsea boss Jose Mourinho"
        if inside.group(1) in _KIND_OF_WORD or inside.group(1) in _PERSON_WORDS:
            return inside.group(1)
    word = _word_before_name(text, start, end)
    return word if word in _KIND_OF_WORD or word in _PERSON_WORDS else None


def other_occupation(text: str, start: int, end: int, kind: int) -> str | None:
    """The word that introduces ``text[start:end]`` as another kind of person than ``kind``, or None.

    Only a name is read: a capitalised answer, with the word right before
    it ("director Ken Loach" for a guitarist), or an answer that opens with
    its own kind word before the name ("rapper Ja Rule" for "Who directed
    ...?").
    """
    answer = text[start:end]
    leading = _LEADING_KIND.match(answer)
    if leading is not None:  # "rapper Ja Rule": the answer carries its own kind
        told = _KIND_OF_WORD.get(leading.group(1))
        return leading.group(1) if _other_kind(told, kind) else None
    word = _word_before_name(text, start, end)
    told = _KIND_OF_WORD.get(word) if word is not None else None
    return word if _other_kind(told, kind) else None


def _other_kind(told: int | None, asked: int) -> bool:
    """A told kind that is not the asked one; for a player, one that plays no sport ("coach", "referee")."""
    if told is None or told == asked:
        return False
    return told not in _PLAYING if asked == PLAYER else True


def _word_before_name(text: str, start: int, end: int) -> str | None:
    """The lower-cased word right before a capitalised answer ("director" of "director Ken Loach"), or None."""
    if not text[start:end][:1].isupper():
        return None
    match = _WORD_BEFORE.search(text[max(0, start - _REACH) : start])
    return match.group(1).lower() if match is not None else None
