"""False premise by reversed roles: the answer's sentence has the question's doer on the receiving end.

A question that swaps who did what to whom reads, word for word, like the
sentence that answers its twin: "Who did William Ruto host at the State
Department?" of "Rubio made the appeal while hosting Kenyan President
William Ruto at the State Department". The names, the verb and the place are
all there, so neither the reader nor the "names the article lacks" features
see anything wrong, and the tool answered with whoever stood nearby.

What gives it away is the verb the question and the sentence share (same
stem) and which side of it the question's name stands on:

- ``object``: "Who/What did A VERB?" asks for A's object; if the sentence
  has A right after the verb (its object: "hosting ... William Ruto"), A was
  on the receiving end, and the question's premise is reversed;
- ``subject``: "Who VERBed B?" asks for B's doer; if the sentence has B
  right before the verb (or after its "by" in the passive), B is the doer;
- ``swap``: "A VERB B" in the question, "B VERB ... A" in the sentence.

A passive sentence turns the sides round ("William Ruto was hosted by
Rubio": the name before "was hosted" is the one hosted, the name after "by"
the host) and is read that way. The names must stand next to the verb (a
handful of words, titles allowed), a name followed by a lower-case word is
a modifier ("the Tesla coil") and a possessive ("Newton's hands") no doer
(nor the question's "Who captains England's side?" England as the one captained),
and a verb form must occur once in the sentence. The rule is strict on purpose: on
SQuAD's articles 0-35 it flags 1 of the 8,123 right answers (``docs/trust.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.text import question_stop_words, stemmer

# One token for a name joined by "&" ("Johnson & Johnson", "Marsh & McLennan"): read as two names, the firm
# that agreed to buy Guidant was nowhere in "Which firm has agreed to buy Johnson & Johnson?".
_TOKEN = re.compile(r"[A-Z][\w'’\-]*(?:\s+&\s+[A-Z][\w'’\-]*)+|[A-Za-z][\w'’\-]*|\d[\d,.]*\d|\d")
POSSESSIVE = re.compile(r"['’]s$")
# Words right before a verb that make it passive, and words that make it a question's auxiliary.
_PASSIVE = frozenset("was were is are been being be get got gets getting".split())
_JUDGED_AUXILIARIES = _PASSIVE | {"has", "have", "had"}  # "was jailed for", "has been praised for"
_DO = frozenset("did does do will would could can has have had should might must".split())
_ASKS_OBJECT = frozenset("who whom what which how".split())
# Adverbs that may stand between a doer and its verb ("Kenya also sent"): skipped when reading the verb.
VERB_ADVERBS = frozenset("also still then first later recently reportedly once previously".split())
# Words that start a prepositional phrase or a new clause: what follows them is not the verb's object.
_NOT_OBJECT = frozenset(
    "at in on for of to from with by into over about after before against during under between as than "
    "and or but that which who whom said says".split()
)
_BREAK = re.compile(r"[,;:()\[\]—–]")  # punctuation that ends the verb's phrase
OBJECT_REACH = 4  # words from the verb to its object (room for a title: "hosting Kenyan President William Ruto")
SUBJECT_REACH = 6  # words from a subject to its verb ("Rubio made the appeal while hosting")
BY_REACH = 5  # words from a passive verb to its "by" ("were humbled in the first by minnows Mauritius")


@dataclass(frozen=True)
class Reversal:
    """Which name stands on the other side of which verb than the question has it."""

    name: str
    verb: str  # as the question writes it


@dataclass(frozen=True)
class WordToken:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class QuestionItem:
    """A run of capitalised words (or a number) in the question: first and last token, words without "'s"."""

    first: int
    last: int
    words: tuple[str, ...]


@lru_cache(maxsize=1024)
def word_tokens(text: str) -> tuple[WordToken, ...]:
    """The words of ``text`` with their offsets; kept per text, as ~20 candidates of a question share its sentences."""
    return tuple(WordToken(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text))


# Irregular past forms and participles, so that "Who did Denver beat?" meets "Denver beat Carolina" and
# "Who did Kenya send?" meets "Kenya sent": a question's "did" takes the base form, news the past.
_IRREGULAR = {
    form: base
    for base, forms in {
        "beat": "beat beaten",
        "become": "became",
        "begin": "began begun",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "draw": "drew drawn",
        "drive": "drove driven",
        "fight": "fought",
        "find": "found",
        "forgive": "forgave forgiven",
        "give": "gave given",
        "hold": "held",
        "hit": "hit",
        "keep": "kept",
        "lead": "led",
        "leave": "left",
        "lose": "lost",
        "make": "made",
        "meet": "met",
        "pay": "paid",
        "say": "said",
        "see": "saw seen",
        "sell": "sold",
        "send": "sent",
        "shoot": "shot",
        "sing": "sang sung",
        "speak": "spoke spoken",
        "steal": "stole stolen",
        "strike": "struck stricken",
        "take": "took taken",
        "teach": "taught",
        "tell": "told",
        "throw": "threw thrown",
        "win": "won",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    lower = word.lower()
    return str(stemmer().stemWord(_IRREGULAR.get(lower, lower)))


def question_items(tokens: Sequence[WordToken]) -> list[QuestionItem]:
    """Capitalised runs and numbers after the question's first word, in order."""
    out: list[QuestionItem] = []
    i = 1
    while i < len(tokens):
        if tokens[i].text[0].isupper() or tokens[i].text[0].isdigit():
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].start - tokens[j].end <= 1:
                if tokens[j + 1].text[0].isupper():
                    j += 1
                elif (particles := _particles_inside(tokens, j + 1)) > 0:
                    j += particles + 1  # "Ruud van Nistelrooy", "Ursula von der Leyen"
                else:
                    break
            out.append(QuestionItem(i, j, tuple(POSSESSIVE.sub("", t.text) for t in tokens[i : j + 1])))
            i = j + 1
        else:
            i += 1
    return out


# Lower-case words inside a person's name: "Ruud van Nistelrooy", "Ursula von der Leyen", "Osama bin Laden".
NAME_PARTICLES = frozenset("van von der den de del della da di du la le bin al dos das ter ten".split())


def _particles_inside(tokens: Sequence[WordToken], at: int) -> int:
    """How many name particles (at most two) stand from ``tokens[at]`` before a capitalised word of the same name; 0 if none."""
    count = 0
    while count < 2 and at + count < len(tokens) and tokens[at + count].text in NAME_PARTICLES:
        count += 1
    following = at + count
    if count == 0 or following >= len(tokens) or not tokens[following].text[0].isupper():
        return 0
    glued = all(tokens[k + 1].start - tokens[k].end <= 1 for k in range(at, following))
    return count if glued else 0


def _verbish(word: str) -> bool:
    return word.islower() and len(word) >= 3 and word not in question_stop_words() and word not in _NOT_OBJECT


class _Sentence:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = word_tokens(text)
        self.lower = [t.lower for t in self.tokens]
        self.stems = [stem(t.text) for t in self.tokens]
        self.bare = [POSSESSIVE.sub("", t.text) for t in self.tokens]

    def verb(self, word: str) -> int | None:
        """The one token with ``word``'s stem (None when there is none or several)."""
        wanted = stem(word)
        at = [k for k, s in enumerate(self.stems) if s == wanted]
        return at[0] if len(at) == 1 else None

    def active(self, verb: int) -> bool:
        """No passive auxiliary right before the verb and no "by" shortly after it.

        An "-ing" form after "is" is active, and so is an infinitive after it ("is to pay").
        """
        progressive = self.lower[verb].endswith("ing")
        infinitive = verb > 0 and self.lower[verb - 1] == "to"  # "is to pay Fiat": no passive
        passive = set(self.lower[max(0, verb - 2) : verb]) & _PASSIVE and not progressive and not infinitive
        return not passive and "by" not in self.lower[verb + 1 : verb + 5]

    def find(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """Token ranges where the name stands: the whole run, else (for a longer name) its last word."""
        n = len(words)
        whole = [(k, k + n - 1) for k in range(len(self.bare) - n + 1) if tuple(self.bare[k : k + n]) == words]
        if whole or n == 1 or len(words[-1]) < 3:
            return whole
        return [(k, k) for k, w in enumerate(self.bare) if w == words[-1]]

    def is_object(self, verb: int, first: int, last: int) -> bool:
        """The name at ``first..last`` stands right after the verb, ends its phrase and nothing opens a new phrase between."""
        if not verb < first <= verb + OBJECT_REACH:
            return False
        if set(self.lower[verb + 1 : first]) & _NOT_OBJECT or _BREAK.search(
            self.text, self.tokens[verb].end, self.tokens[first].start
        ):
            return False
        after = last + 1
        glued = after < len(self.tokens) and self.tokens[after].start - self.tokens[last].end <= 1
        return not (glued and self.lower[after].isalpha() and self.lower[after] not in question_stop_words())

    def is_subject(self, first_after: int, verb: int) -> bool:
        """The name ending at ``first_after`` stands shortly before the verb with no other name or clause between."""
        if not 0 <= verb - first_after <= SUBJECT_REACH or POSSESSIVE.search(self.tokens[first_after].text):
            return False  # too far, or a possessive ("Newton's hands"), which is no doer
        between = self.tokens[first_after + 1 : verb]
        if self._judged_for(between, verb):
            return True  # "Tony Martin was jailed for life for murdering ...": he did the murdering
        return not any(t.text[0].isupper() or t.text[0].isdigit() or t.lower in _NOT_OBJECT for t in between)

    def _judged_for(self, between: Sequence[WordToken], verb: int) -> bool:
        """ "was jailed for life for VERBing", "has been praised for VERBing": the subject did what "for" names.

        A passive auxiliary opens the words between, a past form follows it,
        and "for" stands right before the "-ing" verb; all lower case.
        """
        words = [t.lower for t in between]
        if len(words) < 3 or words[-1] != "for" or not self.lower[verb].endswith("ing"):
            return False
        if words[0] not in _JUDGED_AUXILIARIES or any(not t.text.islower() for t in between):
            return False
        done = next((w for w in words[1:] if w not in _PASSIVE), "")
        return done.endswith("ed") or done in _IRREGULAR

    def passive(self, verb: int) -> bool:
        """A passive auxiliary right before the verb and "by" right after it ("was hosted by")."""
        return bool(set(self.lower[max(0, verb - 2) : verb]) & _PASSIVE) and "by" in self.lower[verb + 1 : verb + 3]

    def agent_by(self, verb: int) -> int | None:
        """The "by" of a passive verb ("was hosted by"), or a few lower-case words on ("were humbled in the first by")."""
        if not set(self.lower[max(0, verb - 2) : verb]) & _PASSIVE:
            return None
        for k in range(verb + 1, min(verb + 1 + BY_REACH, len(self.lower))):
            if self.lower[k] == "by":
                between = self.tokens[verb + 1 : k]
                if any(not t.text.islower() for t in between) or _BREAK.search(
                    self.text, self.tokens[verb].end, self.tokens[k].start
                ):
                    return None
                return k
        return None

    def is_agent(self, by: int, first: int) -> bool:
        """In a passive, the name at ``first`` is the doer: it follows the verb's "by" (``agent_by``) closely."""
        if not by < first <= by + OBJECT_REACH:
            return False
        return not _BREAK.search(self.text, self.tokens[by].end, self.tokens[first].start)

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        inside = [k for k, t in enumerate(self.tokens) if t.start < end and t.end > start]
        return (inside[0], inside[-1]) if inside else None


def reversed_roles(question: str, sentence: str, span: tuple[int, int] | None = None) -> Reversal | None:
    """How ``sentence`` (the one holding a candidate at ``span``, offsets into it) reverses the question's roles; None if it does not."""
    q = word_tokens(question)
    if len(q) < 3:
        return None
    low = [t.lower for t in q]
    items = question_items(q)
    s = _Sentence(sentence)
    answer = s.token_range(*span) if span else None
    for n, name in enumerate(items):
        v = name.last + 1
        while v < len(q) and low[v] in VERB_ADVERBS:
            v += 1
        if v >= len(q) or not _verbish(q[v].text):
            continue
        # "Who is A VERBing?" (A as the doer of a progressive), but not "Who was A hosted by?"
        progressive = low[name.first - 1] in _PROGRESSIVE_AUXILIARIES and low[v].endswith("ing")
        if low[name.first - 1] in _PASSIVE and not progressive:
            continue
        if v + 1 < len(q) and low[v + 1] == "by":
            continue
        verb = s.verb(q[v].text)
        found = s.find(name.words)
        if verb is None or len(found) != 1:
            continue
        first, last = found[0]
        if answer is not None and first <= answer[0] and answer[1] <= last:
            continue  # the candidate is the name itself: a repeat, not a reversal ("Fiat 1.55bn euros" reads on)
        asks_object = (_after_auxiliary(low, name.first) or progressive) and low[0] in _ASKS_OBJECT
        if s.passive(verb):
            # "Who did A host?" of "A was hosted by ...": A is the one hosted
            if asks_object and s.is_subject(last, _auxiliary(s, verb)):
                return Reversal(" ".join(name.words), q[v].text)
            if not asks_object and _after_auxiliary(low, name.first) and _other_agent(s, verb, name, items, first):
                return Reversal(" ".join(name.words), q[v].text)
            continue
        if not s.active(verb) or not s.is_object(verb, first, last):
            continue
        if asks_object:
            return Reversal(" ".join(name.words), q[v].text)
        after = next((m for m in items[n + 1 :] if m.first > v), None)
        if after is not None and len(low[v + 1 : after.first]) <= 3 and not set(low[v + 1 : after.first]) & _NOT_OBJECT:
            other = s.find(after.words)
            if len(other) == 1 and s.is_subject(other[0][1], verb):
                return Reversal(" ".join(name.words), q[v].text)
    return (
        _subject_question(q, low, items, s, answer)
        or _agent_candidate(q, low, items, s, answer)
        or _candidate_acted_on(q, low, s, answer)
    )


def _other_agent(s: _Sentence, verb: int, name: QuestionItem, items: list[QuestionItem], first: int) -> bool:
    """ "When did A announce B's departure?" of "A's departure was announced by B": another of the question's names is the doer.

    The question has A do the verb (after "did"); the sentence puts the verb
    in the passive with one of the question's other names after its "by",
    and A elsewhere (here, as the one whose departure was announced).
    """
    by = s.agent_by(verb)
    if by is None or by < first <= by + OBJECT_REACH:
        return False  # no agent, or the question's doer is the agent
    for other in items:
        if other is name or set(other.words) & set(name.words):
            continue
        found = s.find(other.words)
        if len(found) == 1 and s.is_agent(by, found[0][0]):
            return True
    return False


def _agent_candidate(
    q: Sequence[WordToken], low: list[str], items: list[QuestionItem], s: _Sentence, answer: tuple[int, int] | None
) -> Reversal | None:
    """ "Which X was VERBed by B?" answered by the sentence's own agent: "... had been inspired by a Wall Street Journal article".

    The question names the doer (after its "by") and asks for the one acted
    on; a candidate standing right after the sentence's "VERBed by" is that
    sentence's doer, so the question's roles are the other way round there.
    """
    if answer is None:
        return None
    for k in range(1, len(q) - 2):
        if low[k] not in _PASSIVE or not _verbish(q[k + 1].text) or low[k + 2] != "by":
            continue
        name = next((m for m in items if m.first == k + 3), None)
        verb = s.verb(q[k + 1].text)
        if name is None or verb is None:
            return None
        by = s.agent_by(verb)
        if by is None or not by < answer[0] <= by + OBJECT_REACH:
            return None
        if _BREAK.search(s.text, s.tokens[by].end, s.tokens[answer[0]].start):
            return None
        found = s.find(name.words)
        if any(first <= answer[1] and last >= answer[0] for first, last in found):
            return None  # the candidate is the question's own doer
        return Reversal(" ".join(name.words), q[k + 1].text)
    return None


def _subject_question(
    q: Sequence[WordToken], low: list[str], items: list[QuestionItem], s: _Sentence, answer: tuple[int, int] | None
) -> Reversal | None:
    """ "Who VERBed B?" of "B VERBed ..." or "... was VERBed by B": B is the doer, not the one acted on.

    "Which NOUN VERBed B?" asks for a doer too ("Which team humbled
    Mauritius?"), when the word after one or two nouns reads as a past form
    (ends in "-ed" or is an irregular past), not as one more noun. So do
    "Which firm has agreed to buy B?" and "Who is buying B?": an active
    auxiliary before the verb, and a second verb after "to", which the
    sentence must chain the same way ("B has agreed to buy ...").
    """
    found_verb = _doer_question_verb(q, low)
    if found_verb is None:
        return None
    v, chained = found_verb
    if not _verbish(q[v].text) or not items:
        return None
    after_verb = (chained if chained is not None else v) + 1
    name = next((m for m in items if m.first >= after_verb), None)
    if name is None or len(low[after_verb : name.first]) > 3 or set(low[after_verb : name.first]) & _NOT_OBJECT:
        return None
    name = _described_name(name, items, low)
    if POSSESSIVE.search(q[name.last].text):
        return None  # "Who captains England's side?": the side is the object, England its owner
    verb = s.verb(q[v].text)
    found = s.find(name.words)
    if verb is None or len(found) != 1:
        return None
    if chained is not None and not (
        verb + 2 < len(s.tokens) and s.lower[verb + 1] == "to" and s.stems[verb + 2] == stem(q[chained].text)
    ):
        return None
    first, last = found[0]
    if answer is not None and answer[0] <= last and answer[1] >= first:
        return None  # the candidate is the name itself: a repeat, not a reversal
    by = s.agent_by(verb)
    doer = s.is_agent(by, first) if by is not None else s.active(verb) and s.is_subject(last, verb)
    return Reversal(" ".join(name.words), q[v].text) if doer else None


# Words that may stand in a "which" question's wh-phrase before its verb: "Which unit at Scotland Yard contacted ...?"
_WH_PHRASE_PREPOSITIONS = frozenset("at of in from for".split())
_AUXILIARY_WORDS = _DO | _PASSIVE | frozenset("may might shall".split())
_DOER_NOUN_ENDINGS = ("er", "ers", "or", "ors")  # "reporter" is no form of "reported"
_ALONGSIDE = frozenset("alongside opposite beside behind across through up down out off".split())
WH_PHRASE_REACH = 6  # words from "which" to the verb


def _candidate_acted_on(q: Sequence[WordToken], low: list[str], s: _Sentence, answer: tuple[int, int] | None) -> Reversal | None:
    """ "Which unit at Scotland Yard contacted DEC?" of "DEC ... had contacted the Computer Crime Unit": the candidate is the object.

    A doer question asks for who did the verb; a candidate that stands right
    after the same verb in the sentence (active, nothing opening a new
    phrase between, ``_Sentence.is_object``) is the one it was done to.
    """
    if answer is None:
        return None
    v = _wh_phrase_verb(q, low)
    if v is None or not _verbish(q[v].text) or low[v - 1] in _PASSIVE or (v + 1 < len(q) and low[v + 1] == "by"):
        return None  # a form of "be" is no verb to read; "What color was featured ...?" is passive
    if not (low[v].endswith(("ed", "ing")) or low[v] in _IRREGULAR):
        return None  # "Who originally hosted ...?": an adverb is no verb
    if v + 1 >= len(q) or low[v + 1] in _NOT_OBJECT or low[v + 1] in _ALONGSIDE:
        return None  # "Which rapper starred in ...?" takes no object: "a film starring Ja Rule" is no reversal
    verb = s.verb(q[v].text)
    if verb is None or s.lower[verb].endswith(_DOER_NOUN_ENDINGS) or not s.active(verb):
        return None  # "sideline reporter John Sutcliffe" shares the stem of "reported" and is no verb
    if not s.is_object(verb, answer[0], answer[1]):
        return None
    return Reversal(" ".join(s.bare[answer[0] : answer[1] + 1]), q[v].text)


def _wh_phrase_verb(q: Sequence[WordToken], low: list[str]) -> int | None:
    """The verb of "Who VERBed ...?" or "Which NOUN [at NAME] VERBed ...?" (``_doer_question_verb``, a longer wh-phrase)."""
    found = _doer_question_verb(q, low)
    if found is not None:
        return found[0] if found[1] is None else None  # a chained verb ("referred to") is read by ``_subject_question``
    if low[0] not in ("which", "what"):
        return None
    for k in range(2, min(len(q), WH_PHRASE_REACH + 1)):
        if _starts_verb(low, k) and low[k - 1] not in _WH_PHRASE_PREPOSITIONS:
            between = q[1:k]
            if not any(t.lower in _WH_PHRASE_PREPOSITIONS for t in between):
                return None  # no longer than ``_doer_question_verb`` reads without a preposition
            if any(
                t.text.islower()
                and t.lower not in _WH_PHRASE_PREPOSITIONS
                and (t.lower in _AUXILIARY_WORDS or t.lower in question_stop_words())
                for t in between
            ):
                return None  # "What type of amendments might members opposed ...": a clause, not a wh-phrase
            return _past_verb_at(low, k)
    return None


def _described_name(name: QuestionItem, items: list[QuestionItem], low: list[str]) -> QuestionItem:
    """The person a place or a team describes: "Tony Martin" of "Norfolk farmer Tony Martin" (one or two words between)."""
    for later in items:
        between = low[name.last + 1 : later.first]
        if later.first <= name.last or not 1 <= len(between) <= 2:
            continue
        if all(w.isalpha() and w not in question_stop_words() and w not in _NOT_OBJECT for w in between):
            name = later
        break
    return name


# Auxiliaries of an active verb in a doer question ("Which firm has agreed ...?", "Who will replace ...?"), and
# those that make one only before an "-ing" form ("Who is buying ...?"; "Who was hosted ...?" is passive).
_ACTIVE_AUXILIARIES = frozenset("has have had will would could can should may might must".split())
_PROGRESSIVE_AUXILIARIES = frozenset("is are was were".split())


def _doer_question_verb(q: Sequence[WordToken], low: list[str]) -> tuple[int, int | None] | None:
    """Where the verb of a question that asks for its doer stands, and a second verb it chains with "to".

    "Who VERBed", "Which NOUN (NOUN) VERBed", either with an active
    auxiliary first ("Who has VERBed", "Which NOUN is VERBing"), and
    "VERBed to VERB" ("has agreed to buy": the second verb's place).
    """
    if low[0] not in ("who", "which", "what"):
        return None
    at = 1 if low[0] == "who" else next((k for k in (2, 3) if k < len(q) and _starts_verb(low, k)), None)
    if at is None or not all(t.text.islower() and t.lower not in question_stop_words() for t in q[1:at]):
        return None  # a "which" question's one or two nouns before its verb
    v = _past_verb_at(low, at)
    if v is None:
        return None
    chained = v + 2 if v + 2 < len(q) and low[v + 1] == "to" and _verbish(q[v + 2].text) else None
    return v, chained


def _starts_verb(low: list[str], k: int) -> bool:
    """A past form, or an active auxiliary, stands at ``k`` (after a "which" question's nouns)."""
    if low[k] in _ACTIVE_AUXILIARIES | _PROGRESSIVE_AUXILIARIES:
        return _past_verb_at(low, k) is not None  # "has agreed", "is buying"; not "has been" (a passive)
    return (low[k].endswith("ed") or low[k] in _IRREGULAR) and low[k] not in _PASSIVE | _DO


def _past_verb_at(low: list[str], k: int) -> int | None:
    """The verb's place when a doer question's verb phrase starts at ``k``: "VERBed", "has (also) VERBed", "is VERBing"."""
    if k >= len(low):
        return None
    if low[k] in _ACTIVE_AUXILIARIES or (low[k] in _PROGRESSIVE_AUXILIARIES and k + 1 < len(low) and low[k + 1].endswith("ing")):
        v = k + 1
        while v < len(low) and low[v] in VERB_ADVERBS:
            v += 1
        if v >= len(low) or low[v] in _PASSIVE | _DO:
            return None  # "Who has been hosted ...?" is passive; "Who will do ...?" names no verb
        return v
    return k


def _after_auxiliary(low: list[str], first: int) -> bool:
    """The question's name at ``first`` follows "did" / "does" ..., or "did the" ("Which team did the Americans shock?")."""
    if low[first - 1] in _DO:
        return True
    return first >= 2 and low[first - 1] == "the" and low[first - 2] in _DO


def _auxiliary(s: _Sentence, verb: int) -> int:
    """The passive auxiliary's position before the verb ("was" in "was hosted")."""
    return next(k for k in range(verb - 1, max(-1, verb - 3), -1) if s.lower[k] in _PASSIVE)


# "Which sites did the gangs recapture from the officers?": a common-noun doer, the verb, and "from" whom, in the
# question's order (inverted after did / have, or "gangs had recaptured"). Lower-case nouns only; names are read
# by ``reversed_roles``.
_SOURCE_QUESTIONS = (
    re.compile(r"\bdid\s+(?:the\s+)?([a-z]+)\s+([a-z]+)\b(.*)$"),
    re.compile(r"\b(?:have|has|had)\s+(?:the\s+)?([a-z]+)\s+([a-z]+ed)\b(.*)$"),
    re.compile(r"\b([a-z]+)\s+(?:have|has|had)\s+([a-z]+ed)\b(.*)$"),
)
_FROM_SOURCE = re.compile(r"\s+(?:[a-z]+\s+){0,3}?from\s+(?:the\s+)?(?:[A-Z]\w+\s+)?([a-z]+)\b")
SOURCE_REACH = 12  # words from the sentence's doer to its verb ("Our officers, in collaboration with ..., have recaptured")


def source_as_doer(question: str, sentence: str) -> Reversal | None:
    """The question's source ("from the officers") is the doer of its verb in the sentence, and its doer is absent.

    "Which key sites did the gangs recapture from the Kenyan officers?" of
    "Our officers, in collaboration with the Haitian National Police, have
    already recaptured key sites": the officers did the recapturing, and no
    gang is in the sentence. The verb must occur once in the sentence,
    active (no "by" shortly after it), with the source's noun within
    ``SOURCE_REACH`` words before it.
    """
    match = next((m for m in (p.search(question) for p in _SOURCE_QUESTIONS) if m), None)
    if match is None:
        return None
    doer, verb, rest = match.group(1), match.group(2), match.group(3)
    stop = question_stop_words()
    source = _FROM_SOURCE.match(rest)
    if doer in stop or doer.endswith("ed") or len(verb) < 4 or source is None or source.group(1) in stop:
        return None
    s = _Sentence(sentence)
    if any(st == stem(doer) for st in s.stems):
        return None
    at = s.verb(verb)
    if at is None or "by" in s.lower[at + 1 : at + 5]:
        return None
    wanted = stem(source.group(1))
    if any(st == wanted for st in s.stems[max(0, at - SOURCE_REACH) : at]):
        return Reversal(source.group(1), verb)
    return None
