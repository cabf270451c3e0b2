"""An answer that is the question's own subject: a name the question already gives.

"Who urged Marco Rubio to step up support?" answered "U.S. Secretary of
State Marco Rubio", "Who coached Kenteris and Thanou?" answered "Katerina"
(out of "Katerina Thanou"): the reader finds the question's names in the
passage and proposes them, but a person asked about is never the person the
question names. Two forms are read:

- ``continues_question_name``: the span ends a capitalised word and the next
  word is a name the question gives ("Katerina" before "Thanou");
- ``repeats_question_name``: for a "who" question, the span holds a whole
  name the question gives, as its head ("Secretary of State Marco Rubio";
  not "friends of Luther", "Warsaw City Council", "Luther and Melanchthon");
- ``possessor_as_answer``: for a "which" or "who" question, the span ends
  with the owner the question names by a possessive, after a few lower-case
  words at most ("net provider AOL" for "Which think-tank commissioned
  AOL's report?"): the owner is given, not asked;
- ``is_question_name``: for any question but a choice, the span is just a
  name the question gives ("Ghana" for "Which rival country could Ghana be
  looking to emulate?"), or after one describing word ("rival Ghana"); of
  SQuAD dev's 34,726 annotators' answers, 13 (11 questions) are, most of
  them slips ("Who was the designer of the Oriental Courts?" | "Oriental
  Courts"); a choice ("... or ...", "between") is not read;
- ``titled_with``: the question names its subject by an office it does not
  ask for ("What has Kenteris and Thanou's former coach been charged
  with?") and the article titles the span with that office ("their former
  coach Christos Tzekos"): the span is who the question is about
  (``subject_roles``).

Titles, peoples' words ("Kenyan"), acronyms and the first word of the
question are not names here: "US President-elect Donald Trump" is the right
answer to "Who was the US President-elect ...?".
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.text import LOOSE_ROLE_NOUNS, ROLE_NOUNS
from qa.answer_types import asked_phrase

_NEXT_NAME_WORD = re.compile(r"^[ \t]+([A-Z][\w'’\-]*)")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’\-.]*(?:[ \t]+[A-Z][\w'’\-.]*)*")
_POSSESSIVE = re.compile(r"['’]s\b")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_PEOPLES_WORD = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|ean|i|ic)$")
# Words that say what someone is, not who: titles and the words of every office (``index.text.ROLE_NOUNS``).
TITLE_WORDS = frozenset(
    "mr mrs ms dr sir dame lord lady king queen prince princess president minister secretary general senator "
    "governor mayor chancellor pope saint st".split()
) | frozenset(w for role in ROLE_NOUNS for w in role.split())


def strip_possessive(word: str) -> str:
    """``word`` without a closing "'s" or "'" ("Kuznetsova's" -> "Kuznetsova")."""
    return _POSSESSIVE_END.sub("", word)


def bare_name(word: str) -> str:
    """A capitalised word lower-cased, without a possessive ("Kuznetsova's" -> "kuznetsova")."""
    return strip_possessive(word.lower())


def continues_question_name(text: str, start: int, end: int, question_words: frozenset[str]) -> bool:
    """True when the span ends a capitalised word and the next word is one of the question's capitalised words.

    ``question_words`` are lower-cased and without a possessive, and so is
    the next word when compared ("Arjen" before "Robben's", asked "Robben's
    shot").

    Only the word after is read: the word before is often a title the
    question also uses ("Secretary of State Marco Rubio").
    """
    words = text[start:end].split()
    if not question_words or not words or not words[-1][:1].isupper():
        return False
    after = _NEXT_NAME_WORD.match(text[end : end + 40])
    return after is not None and _POSSESSIVE.sub("", after.group(1)).lower() in question_words


def _is_name_word(word: str) -> bool:
    head = word.lower().split("-")[0]  # "President-elect"
    return len(word) >= 3 and not word.isupper() and head not in TITLE_WORDS and not _PEOPLES_WORD.match(word)


def question_person_names(question: str) -> tuple[str, ...]:
    """The names a question gives, after its first word: capitalised runs without leading titles or peoples' words."""
    rest = question.split(None, 1)[1] if len(question.split()) > 1 else ""
    names: list[str] = []
    for match in _CAPITALISED_RUN.finditer(_POSSESSIVE.sub("", rest)):
        words = match.group(0).split()
        while words and not _is_name_word(words[0]):
            words = words[1:]
        if words and _is_name_word(words[-1]):
            names.append(" ".join(words))
    return tuple(dict.fromkeys(names))


def repeats_question_name(answer: str, names: tuple[str, ...]) -> str | None:
    """The question's name that ``answer`` holds as its head, for a "who" question's candidate; None if it holds none.

    Not a head: a name after "of" ("friends of Luther"), one a possessive or
    another capitalised word follows ("Tesla's uncles", "Warsaw City
    Council"), or one of several people ("Temüjin and his brother").
    """
    if not names or " and " in answer or " & " in answer:
        return None
    for name in names:
        for match in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", answer):
            before = answer[: match.start()].split()
            after = answer[match.end() :]
            if before and before[-1].lower() == "of":
                continue
            if re.match(r"['’]s\b|[ \t]+[A-Z]", after):
                continue
            return name
    return None


# A question that offers its answer: "Did it spread in Scandinavia or Germany first?", "the dispute between X and Y".
_CHOICE = re.compile(r"\b(?:or|between|whether)\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def given_names(question: str) -> tuple[str, ...]:
    """The question's capitalised runs after its first word, without a possessive, lower-cased; none for a choice.

    Cached: every candidate of a question reads it (``qa.list_siblings``).
    """
    if _CHOICE.search(question):
        return ()
    rest = question.split(None, 1)[1] if len(question.split()) > 1 else ""
    runs = _CAPITALISED_RUN.finditer(_POSSESSIVE.sub("", rest))
    return tuple(dict.fromkeys(strip_possessive(" ".join(m.group(0).split())).lower() for m in runs))


# A word before a name that only describes it: "rival Ghana", "the neighbouring Kenya"; not a preposition ("friends of
# Luther", "theses against Agricola"), a verb ("expelled Jews") or a word that makes another thing of it ("the
# south-east of Australia", "political Islam" for "apolitical Islam").
_DESCRIBED = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?)\s+)?(?:(?!(?:of|against|to|toward|towards|for|from|with|by|in|on|at|political)\b)[a-z][a-z\-]*(?<!ed)\s+)?(?=[A-Z])"
)


def is_question_name(answer: str, names: tuple[str, ...]) -> bool:
    """The answer is a name the question gives (``given_names``), at most after an article and one describing word ("rival Ghana").

    Such an answer is who or what the question is about, not what it asks.
    """
    if not names:
        return False
    key = _DESCRIBED.sub("", " ".join(answer.strip().rstrip(".,;:").split()))
    return bool(key) and strip_possessive(key).lower() in names


_ASKS_WHICH_OR_WHO = re.compile(r"^\s*(?:which|who)\b", re.IGNORECASE)
_CHOICE_OR_OWNER = re.compile(r"\b(?:or|whose)\b", re.IGNORECASE)
_OWNER = re.compile(r"\b([A-Z][\w&\-]*(?:[ \t]+[A-Z][\w&\-]*)*)['’]s\b")
_DESCRIBING_WORDS = 3  # lower-case words before the owner's name: "net provider AOL"


def question_owners(question: str) -> tuple[str, ...]:
    """The owners a "which" / "who" question names by a possessive ("AOL" of "... AOL's report?"); read once per question.

    A choice ("... or ...?") and "whose" questions give none: there the
    owner may be the answer.
    """
    if not _ASKS_WHICH_OR_WHO.match(question) or _CHOICE_OR_OWNER.search(question):
        return ()
    return tuple(owner.group(1) for owner in _OWNER.finditer(question))


def possessor_as_answer(owners: tuple[str, ...], answer: str) -> str | None:
    """The owner of ``owners`` (``question_owners``) that the answer is; else None.

    "Which think-tank commissioned AOL's report?" takes AOL as given; a
    candidate "net provider AOL" (from "was commissioned by net provider
    AOL") repeats it. The answer must end with the owner's name (whole, or
    its last word) after at most ``_DESCRIBING_WORDS`` lower-case words and no
    "of" ("friends of Luther" is someone else).
    """
    words = answer.split()
    for owner in owners:
        name = owner.split()
        for tail in (name, name[-1:]):
            before = words[: len(words) - len(tail)]
            if (
                len(words) > len(before)
                and words[len(before) :] == tail
                and len(before) <= _DESCRIBING_WORDS
                and all(w.islower() and w != "of" for w in before)
            ):
                return owner
    return None


# The precise offices, longest first so that "chief executive" is read before "chief".
_ROLES = sorted((role for role in ROLE_NOUNS if role not in LOOSE_ROLE_NOUNS), key=len, reverse=True)
_ROLE = re.compile(rf"\b({'|'.join(re.escape(role) for role in _ROLES)})\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(r"\b(what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
_TITLE_REACH = 40  # characters before a span read for its title
# An office after "was the ...", "became ...": said of what is asked ("What alumnus was the Prime Minister?").
_PREDICATE = re.compile(r"\b(?:is|was|are|were|be|been|became|become|becomes|as)\b", re.IGNORECASE)


def subject_roles(question: str) -> tuple[str, ...]:
    """Offices the question names someone by without asking for them: ("coach",) for "What has X's former coach said?".

    Empty for a question that asks for a person ("who", "whom", "whose") or
    for an office holder ("Which coach ...?", "What is the name of the
    coach ...?"), where a titled name is the answer.
    """
    asking = _INTERROGATIVE.search(question)
    if asking is None or asking.group(1).lower() in ("who", "whom", "whose") or re.search(r"\bname\b", question, re.I):
        return ()
    if asking.group(1).lower() in ("what", "which") and _ROLE.search(asked_phrase(question[asking.end() :])):
        return ()
    return tuple(
        dict.fromkeys(
            m.group(1).lower()
            for m in _ROLE.finditer(question, asking.end())
            if not _PREDICATE.search(question[asking.end() : m.start()])
        )
    )


def titled_with(text: str, start: int, end: int, roles: tuple[str, ...]) -> bool:
    """The span is a name the article titles with one of ``roles`` ("their former coach Christos Tzekos", "Tzekos, their coach")."""
    if not roles or not text[start:end][:1].isupper():
        return False
    alternation = "|".join(re.escape(role) for role in roles)
    before = text[max(0, start - _TITLE_REACH) : start]
    if re.search(rf"\b(?:{alternation}),?\s+$", before, re.IGNORECASE):
        return True
    after = text[end : end + _TITLE_REACH]
    return (
        re.match(rf",\s+(?:the|their|his|her|its)\s+(?:former\s+|new\s+)?(?:{alternation})\b", after, re.IGNORECASE) is not None
    )
