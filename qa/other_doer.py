"""Entity swap inside one article: the answer's sentence has someone else doing what the question asks about.

"When did Atari file for bankruptcy?" of an article that says "Commodore
International filed for bankruptcy in 1994" and names Atari two sentences
later: the article holds every name of the question, and Atari stands near
the answer, so the "names the article lacks" features see nothing, and the
reader answers "1994" (0.87). An entity swap drawn from the same article
looks like this.

What gives it away is the question's verb: in "When / Where / Why / How did
A VERB ...?", "In what year / On which day did A VERB ...?", "How much /
many (NOUN) did A VERB ...?" and "Which / What NOUN is A VERBing ...?" A is
the doer, and the answer's sentence has the same verb (same stem, once)
with another name right before it, and no comma between, as its doer,
while it never mentions A (nor A's people's word: "Kenyan" for "Kenya"). ``other_sayer`` reads a question's "according
to X" the same way, against the sentence's own source.

The rule is strict, as ``qa.role_reversal`` is. The doer must be a run of
capitalised words right before the verb; auxiliaries and a few adverbs may
stand between ("has also filed"). It must not follow a preposition ("in
Boston voted"), and it must not start with a pronoun or a function word
("His last sermon"). A doer that spells A nearly alike, a typo or an
accent ("Moncalm" / "Montcalm", "Yesun" / "Yesün"), counts as A. On SQuAD
v1.1 dev's 10,570 gold answers it flags none (``docs/trust.md``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from index.text import fold_accents, question_stop_words
from qa.answer_types import CALENDAR_NAMES
from qa.places import peoples_place
from qa.role_reversal import POSSESSIVE, VERB_ADVERBS, QuestionItem, WordToken, question_items, stem, word_tokens
from qa.role_titles import people_forms

_ASKS = frozenset({"when", "where", "why", "how"})
_WHICH = frozenset({"which", "what"})
# "Which force is Kenya preparing ...": only the progressive; "What health issue did Tesla suffer?" may name
# him "Nikola" in the answer's sentence, which a doer check cannot tell from another person.
_PROGRESSIVE = frozenset({"is", "are", "was", "were"})
# "Which network has AM3D been working with?": the perfect progressive, its "been" after the doer.
_PERFECT = frozenset({"has", "have", "had"})
_NOT_HOW = frozenset({"much", "many", "long", "often", "far", "old", "big", "large"})  # "how many ...": no doer asked
_AUXILIARIES = frozenset("did does do will has have had was were is are would could can".split())
# Between a doer and its verb: "Commodore has also filed".
_BETWEEN = frozenset(
    "has have had was were is are will would been also then later first finally officially formally reportedly".split()
)
# Capitalised at a sentence's start but no one's name: "His last sermon", "When Temur died", "The firm".
_FUNCTION = frozenset(
    "the a an his her its their our my when while after before as if but and in on at this that these those it he "
    "she they we i".split()
)
_PREPOSITIONS = frozenset("in at on from of for with by to into near under over".split())
SAME_NAME_RATIO = 0.8  # difflib ratio at which two spellings are one name


def _doer_at(words: list[str]) -> int | None:
    """Where the asked doer stands among the question's ``words``; None for a question of another shape.

    After "When / Where / Why / How did", "(In) what year did" and the like
    (``_when_phrase``), "How much / many (NOUN) did" (``_doer_after_amount``),
    or after "Which / What NOUN is" ("Which force is Kenya preparing to
    establish?", the progressive only, or the perfect progressive: "Which
    network has AM3D been working with?").
    """
    low = [w.lower() for w in words]
    if len(low) < 4:
        return None
    if low[0] in _ASKS and low[1] in _AUXILIARIES:
        return None if low[0] == "how" and low[1] in _NOT_HOW else 2
    if low[0] == "how" and low[1] in _AMOUNT:
        return _doer_after_amount(words, low)
    when = _when_phrase(low)
    if when is not None:
        return when
    if low[0] not in _WHICH:
        return None
    for at in (2, 3, 4):  # up to three words: "Which force is", "Which Japanese mobile network has ... been"
        if at >= len(low) - 1:
            return None
        if low[at] in _PROGRESSIVE or (low[at] in _PERFECT and "been" in low[at + 2 : at + 6]):
            nouns = words[1:at]
            return at + 1 if all(_plain_or_people(w) for w in nouns) and (at < 4 or low[at] in _PERFECT) else None
    return None


def _plain_or_people(word: str) -> bool:
    """A lower-case content word, or a people's word ("Japanese" in "Which Japanese mobile network ...?")."""
    if word.islower():
        return word not in question_stop_words()
    return peoples_place(word) is not None


# "In what year did A VERB ...?", "On which day was A sworn in?": a time asked as "When did A VERB ...?" asks it.
_TIME_NOUNS = frozenset("year day date month season time decade century week".split())
_TIME_PREPOSITIONS = frozenset("in on at by during".split())


def _when_phrase(low: list[str]) -> int | None:
    """Where the doer stands after "(In) what / which TIME-NOUN AUXILIARY"; None for any other opening."""
    at = 1 if low[0] in _TIME_PREPOSITIONS else 0
    if len(low) < at + 5 or low[at] not in _WHICH or low[at + 1] not in _TIME_NOUNS or low[at + 2] not in _AUXILIARIES:
        return None
    return at + 3


_AMOUNT = frozenset({"much", "many"})
AMOUNT_NOUNS = 2  # "How many (police) officers did Kenya deploy?": at most this many nouns before the auxiliary


def _doer_after_amount(words: list[str], low: list[str]) -> int | None:
    """Where the doer stands in "How much / many (NOUN...) did A VERB ...?"; None for "How many students attend?".

    "How much did AIG agree to pay?" asks an amount of what AIG did, as
    "When did AIG agree to pay?" asks its time: AIG is the doer.
    """
    for at in range(2, 3 + AMOUNT_NOUNS):
        if at >= len(low) - 1:
            return None
        if low[at] in _AUXILIARIES:
            nouns = words[2:at]
            return at + 1 if all(w.islower() and w not in question_stop_words() for w in nouns) else None
    return None


def other_doer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked doer, the sentence's doer) when ``sentence`` has another name doing the question's verb; None otherwise."""
    q = word_tokens(question)
    doer_at = _doer_at([t.text for t in q])
    if doer_at is None:
        return None
    # The doer is the first name at its place; a people's word before it ("Which Japanese network ...") is no name.
    asked = next((item for item in question_items(q) if item.first >= doer_at), None)
    if asked is None or asked.first != doer_at:
        return None
    after = asked.last + 1
    if after < len(q) and q[after].lower == "been" and q[doer_at - 1].lower in _PERFECT:
        after += 1  # "has AM3D been working": the verb is after "been"
    v = _verb_after(q, after)
    if v is None:
        return None
    s = word_tokens(sentence)
    verb = _only(s, q[v].text)
    found = None if verb is None else _doer_before(s, verb)
    if found is None:
        return None
    first, last = found
    doer = [POSSESSIVE.sub("", t.text) for t in s[first : last + 1]]
    asked_words = {fold_accents(w.lower()) for w in asked.words}
    forms = set().union(*(people_forms(w) for w in asked_words))
    held = {fold_accents(POSSESSIVE.sub("", t.text).lower()) for t in s}
    doer_words = {fold_accents(w.lower()) for w in doer}
    if asked_words & held or forms & held or doer_words & (asked_words | forms):
        return None
    spelled = " ".join(sorted(asked_words)), " ".join(sorted(doer_words))
    if difflib.SequenceMatcher(None, *spelled).ratio() >= SAME_NAME_RATIO:
        return None
    return " ".join(asked.words), " ".join(doer)


# "Mr Ferguson took the helm ...": news names a person it has introduced by an honorific and the surname, as the
# subject that opens the sentence.
_HONORIFIC_SUBJECT = re.compile(r"^\W*(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.?\s+([A-Z][\w\-'’]+)")
_DOING_AUXILIARIES = frozenset("did does do will has have had".split())


def _doer_after_wh_phrase(q: Sequence[WordToken], *, through_the: bool = False) -> int | None:
    """Where the doer stands after "(PREPOSITION) WH-phrase did / has / will": "At which giant did A spend ...?".

    ``_asked_doer_at``'s reading, after an optional preposition, kept only
    for an auxiliary of doing ("did", "has", "will"; not "is"), and with
    ``through_the`` after "did the" too ("How much did the Tories ...?").
    """
    first = 1 if q and q[0].lower in _PREPOSITIONS else 0
    found = _asked_doer_at(q[first:])
    if found is None:
        return None
    at = found[0] + first
    auxiliary = at - 2 if through_the and q[at - 1].lower == "the" else at - 1
    return at if q[auxiliary].lower in _DOING_AUXILIARIES else None


def _asked_doer(q: Sequence[WordToken], *, through_the: bool = False) -> QuestionItem | None:
    """The name that does the question's verb after its wh-phrase and auxiliary (``_doer_after_wh_phrase``)."""
    doer_at = _doer_after_wh_phrase(q, through_the=through_the)
    if doer_at is None:
        return None
    asked = next((item for item in question_items(q) if item.first >= doer_at), None)
    return asked if asked is not None and asked.first == doer_at else None


def _other_person(asked: QuestionItem, s: Sequence[WordToken], surname: str, *, peoples_words: bool = False) -> bool:
    """The sentence ``s`` never mentions the asked doer, and ``surname`` is not the doer's (nor spelt alike).

    ``peoples_words`` also counts the doer's people's word as a mention ("Kenyan" for "Kenya").
    """
    asked_words = {fold_accents(w.lower()) for w in asked.words}
    held = {fold_accents(POSSESSIVE.sub("", t.text).lower()) for t in s}
    forms = set().union(*(people_forms(w) for w in asked_words)) if peoples_words else set()
    surname = fold_accents(POSSESSIVE.sub("", surname).lower())
    if asked_words & held or forms & held:
        return False
    return not any(difflib.SequenceMatcher(None, surname, w).ratio() >= SAME_NAME_RATIO for w in asked_words)


def honorific_doer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked doer, "Mr X") when the sentence opens with another person, by honorific, and has the question's verb later.

    "At which consumer goods giant did Fred Goodwin spend most of his
    career?" of "Mr Ferguson took the helm at the company in 2003, after
    spending most of his career at consumer goods giant Unilever": the verb
    has no name right before it, so ``other_doer`` reads nothing, and the
    reader answers "Unilever" (0.85). The question must ask "(At) WH-phrase
    did / has / will A VERB ...?", its doer a name of two words at least; the
    sentence must open with an honorific and a surname that is not the
    doer's, have the question's verb (its stem) after it, and never mention
    the doer.
    """
    q = word_tokens(question)
    asked = _asked_doer(q)
    if asked is None or len(asked.words) < 2:
        return None
    v = _verb_after(q, asked.last + 1)
    opening = _HONORIFIC_SUBJECT.match(sentence)
    if v is None or opening is None:
        return None
    wanted = stem(q[v].text)
    if not any(stem(t.text) == wanted for t in word_tokens(sentence[opening.end() :])):
        return None
    if not _other_person(asked, word_tokens(sentence), opening.group(1)):
        return None
    return " ".join(asked.words), opening.group(0).strip(" \t\"'“‘")


_PERSONAL_PRONOUNS = frozenset({"he", "she"})


def pronoun_doer(question: str, sentence: str, previous: str) -> tuple[str, str] | None:
    """(asked doer, "Mr X") when the sentence's "He" / "She" doing the question's verb is the previous sentence's Mr X.

    "How much did the Tories suggest keeping British troops in Iraq could
    cost?" of "Mr Cable compared that new cost with ... . He suggested
    keeping British troops in Iraq could cost another £1bn": the verb's doer
    is a pronoun, so ``other_doer`` reads nothing, and the reader answers
    "another £1bn" (0.90). News names a person by honorific and surname
    and goes on with "He" / "She": a sentence that opens with the pronoun
    right before the question's verb (auxiliaries and a few adverbs may
    stand between) tells of the person the previous sentence opens with,
    by honorific. The question must ask "WH-phrase did / has / will (the) A
    VERB ...?"; A must not be that person (nor spelt alike) and must not be
    mentioned in the sentence.
    """
    opening = _HONORIFIC_SUBJECT.match(previous)
    if opening is None:
        return None
    q = word_tokens(question)
    asked = _asked_doer(q, through_the=True)
    if asked is None:
        return None
    v = _verb_after(q, asked.last + 1)
    s = word_tokens(sentence)
    verb = None if v is None else _only(s, q[v].text)
    if verb is None:
        return None
    subject = verb - 1
    while subject >= 0 and s[subject].lower in _BETWEEN:
        subject -= 1
    if subject != 0 or s[0].lower not in _PERSONAL_PRONOUNS or not _other_person(asked, s, opening.group(1), peoples_words=True):
        return None
    return " ".join(asked.words), opening.group(0).strip(" \t\"'“‘")


def _verb_after(q: Sequence[WordToken], v: int) -> int | None:
    """``v`` when the question's word there can be its verb (lower case, three letters or more, no stop word)."""
    if v >= len(q) or not q[v].text.islower() or len(q[v].text) < 3 or q[v].lower in question_stop_words():
        return None
    return v


def _only(s: Sequence[WordToken], word: str) -> int | None:
    """Where the one token with ``word``'s stem stands in ``s`` (None when there is none or several)."""
    wanted = stem(word)
    at = [k for k, t in enumerate(s) if stem(t.text) == wanted]
    return at[0] if len(at) == 1 else None


def _doer_before(s: Sequence[WordToken], verb: int, titles: bool = False) -> tuple[int, int] | None:
    """First and last token of the capitalised run right before ``s[verb]`` that does it; None when there is none.

    Auxiliaries and a few adverbs may stand between ("has also filed").
    ``titles`` reads a title's "of" as part of the run ("Secretary of State
    Marco Rubio suggested"); without it the run stops there, and a run after
    a preposition ("in Boston voted") is no doer.
    """
    last = verb - 1
    while last >= 0 and s[last].lower in _BETWEEN:
        last -= 1
    if last < 0 or not s[last].text[:1].isupper():
        return None
    if any(s[k + 1].start - s[k].end > 1 for k in range(last, verb)):
        return None  # a comma between: "The film, which starred Sophie Okonedo, made £507,596" (she is no doer)
    first = _run_start(s, last)
    while titles and first > 1 and s[first - 1].lower == "of" and s[first - 2].text[:1].isupper():
        first = _run_start(s, first - 2)
    while first <= last and s[first].lower in _FUNCTION:
        first += 1
    if first > last or (first > 0 and s[first - 1].lower in _PREPOSITIONS):
        return None
    return first, last


def _run_start(s: Sequence[WordToken], last: int) -> int:
    """The first token of the run of capitalised words, glued by single spaces, that ends at ``last``."""
    first = last
    while first > 0 and s[first - 1].text[:1].isupper() and s[first].start - s[first - 1].end <= 1:
        first -= 1
    return first


# A question's wh-phrase, then an auxiliary, then its doer: "Which regional organization did Rubio suggest ...?"
_WH = frozenset("who whom what which when where why how".split())
_BE = frozenset("is are was were".split())
WH_PHRASE_WORDS = 5  # "which regional organization" and the like: at most this many words before the auxiliary


def _asked_doer_at(q: Sequence[WordToken]) -> tuple[int, bool] | None:
    """Where the doer stands after "WH-phrase AUXILIARY (the)", and whether the auxiliary is a form of "be"."""
    low = [t.lower for t in q]
    if len(low) < 4 or low[0] not in _WH:
        return None
    for k in range(1, min(WH_PHRASE_WORDS + 1, len(low) - 2)):
        if low[k] in _AUXILIARIES:
            return k + 1 + (low[k + 1] == "the"), low[k] in _BE
        if not q[k].text.islower():
            return None  # a name inside the wh-phrase: "Which Chelsea player did ..."
    return None


def _name_words(words: Sequence[str]) -> frozenset[str]:
    return frozenset(fold_accents(POSSESSIVE.sub("", w).lower()) for w in words)


def _one_name(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two runs of name words share a word, or a place and its people's word ("Kenya", "Kenyan")."""
    forms_a = set().union(*(people_forms(w) for w in a))
    forms_b = set().union(*(people_forms(w) for w in b))
    return bool(a & b or forms_a & b or forms_b & a)


def swapped_doer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked doer, the sentence's doer) when the question's verb has, in ``sentence``, another of its names as doer.

    "Which regional organization did Haiti suggest could provide a force for
    Rubio?" of "Secretary of State Marco Rubio has suggested that the
    Organization of American States could provide a force ... in Haiti":
    every name is there, so ``other_doer`` (which wants the asked doer
    absent) passes it, but the one who suggests is the question's other
    name. A question in the passive ("When was Scotland invaded by
    William?") asks no doer and is not read; the progressive is ("Which
    company is Sharp buying?"). The sentence's verb must be active (no "be"
    before it unless it ends in "-ing", no "by" after it) and stand once.
    """
    q = word_tokens(question)
    found = _asked_doer_at(q)
    if found is None:
        return None
    at, be = found
    items = question_items(q)
    asked = next((m for m in items if m.first == at), None)
    if asked is None:
        return None
    after = asked.last + 1
    while after < len(q) and q[after].lower in VERB_ADVERBS:
        after += 1
    v = _verb_after(q, after)
    if v is None:
        return None
    if be and not q[v].lower.endswith("ing"):
        return None  # a passive question: "When was Scotland invaded by William?"
    s = word_tokens(sentence)
    verb = _only(s, q[v].text)
    if verb is None or (verb + 1 < len(s) and s[verb + 1].lower == "by"):
        return None
    doer = _doer_before(s, verb, titles=True)
    if doer is None:
        return None
    between = {t.lower for t in s[doer[1] + 1 : verb]}
    if between & _BE and not s[verb].lower.endswith("ing"):
        return None  # a passive sentence: "Lemonade was released ..."
    told = [t.text for t in s[doer[0] : doer[1] + 1]]
    told_words, asked_words = _name_words(told), _name_words(asked.words)
    if _one_name(told_words, asked_words):
        return None
    if any(_one_name(told_words, _name_words(m.words)) for m in items if m is not asked):
        return " ".join(asked.words), " ".join(POSSESSIVE.sub("", w) for w in told)
    return None


# "according to McAfee": the source a question credits with a figure or a claim.
# A name may carry where it sits: "The UN Integrated Office in Haiti reported ..." is the Office's report,
# not Haiti's.
_NAME_RUN = r"[A-Z][\w&'’\-]*(?:\s+(?:of\s+|the\s+|&\s+|in\s+|at\s+)?[A-Z][\w&'’\-]*){0,5}"
_ACCORDING_TO = re.compile(rf"\b[Aa]ccording to (?:the\s+)?({_NAME_RUN})")
# Who a sentence credits: "Sophos said", "Sophos has told", "said Sophos", "according to Sophos".
_SAYER = re.compile(
    rf"(?:^|[^\w])({_NAME_RUN})\s+(?:has\s+|had\s+)?(?:said|says|told|reported|reports|estimated|estimates)\b"
    rf"|\b(?:said|says|according to)\s+(?:the\s+)?({_NAME_RUN})"
)
_NOT_SOURCES = frozenset(CALENDAR_NAMES.split() + "the a an he she it they we i but and in on this that".split())


def other_sayer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked source, the sentence's) when a question "according to X" is answered from a sentence that Y says.

    "What percentage of e-mail was infected with the Zafi virus, according
    to McAfee?" of "Anti-virus firm Sophos said that 10% of the e-mail ...
    was infected": the figure is Sophos's, and McAfee stands nowhere in the
    sentence. The sentence must name its source ("Sophos said", "said
    Sophos", "according to Sophos"), never any word of the question's (an
    acronym counts: "the UN report" of "The UN Integrated Office ...
    reported"), and the source must not be named in the question. Of SQuAD
    dev's 24 questions "according to" a name and the news gold sets' 8, none
    clashes with its gold sentence.
    """
    asked = _ACCORDING_TO.search(question)
    if asked is None or asked.group(1).lower() in _NOT_SOURCES:
        return None
    asked_words = [w for w in re.findall(r"[A-Za-z]+", asked.group(1)) if len(w) > 2 or w.isupper()]
    if any(re.search(rf"\b{re.escape(w)}\b", sentence, re.IGNORECASE) for w in asked_words if w.lower() != "the"):
        return None
    for match in _SAYER.finditer(sentence):
        told = match.group(1) or match.group(2)
        if not told or told.lower() in _NOT_SOURCES:
            continue  # a month, a pronoun or a function word opening the sentence ("But said ...")
        if any(re.search(rf"\b{re.escape(w)}\b", question, re.IGNORECASE) for w in re.findall(r"[A-Za-z]+", told) if len(w) > 2):
            continue
        return asked.group(1), told
    return None


def swapped_sayer(question: str, sentence: str) -> tuple[str, str] | None:
    """(asked source, the sentence's) when a question "according to X" is answered from a sentence its other name Y says.

    "According to Haiti, what will the Rubio stabilization effort fail
    without?" of "Rubio ... saying the effort cannot succeed without broader
    international backing": the claim is Rubio's, and the question names him
    elsewhere, so ``other_sayer`` (which wants a source the question never
    names) passes it. A sentence that also credits the asked source is not
    read.
    """
    asked = _ACCORDING_TO.search(question)
    if asked is None or asked.group(1).lower() in _NOT_SOURCES:
        return None
    asked_words = _name_words(re.findall(r"[A-Za-z]+", asked.group(1)))
    others = [
        _name_words(m.words) for m in question_items(word_tokens(question)) if not _one_name(_name_words(m.words), asked_words)
    ]
    swapped = None
    for match in _SAYER.finditer(sentence):
        told = match.group(1) or match.group(2)
        if not told or told.lower() in _NOT_SOURCES:
            continue
        told_words = _name_words([w for w in re.findall(r"[A-Za-z]+", told) if w.lower() != "the"])
        if _one_name(told_words, asked_words):
            return None  # the asked source says it too
        if swapped is None and any(_one_name(told_words, other) for other in others):
            swapped = (asked.group(1), told)
    return swapped
