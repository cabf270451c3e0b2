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
  not "friends of Luther", "Warsaw City Council", "Luther and Melanchthon").

Titles, peoples' words ("Kenyan"), acronyms and the first word of the
question are not names here: "US President-elect Donald Trump" is the right
answer to "Who was the US President-elect ...?".
"""

from __future__ import annotations

import re

from index.text import ROLE_NOUNS

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
