"""False premise by polarity: the answer's sentence denies what the question takes as given.

"Which newspaper reported that OAS involvement is under consideration?" of
"The Miami Herald reported that OAS involvement is not currently under
consideration", and "Which magazine published the pictures with her
permission?" of "... for publishing pictures of her honeymoon without
permission": every word of the question is in the sentence, so no check on
missing words sees anything, and the reader answers the newspaper. What
gives it away is the negation glued to the question's own phrase:

- an auxiliary and the words after it ("is under consideration") that the
  sentence writes with "not" or "never" between them ("is not currently
  under consideration"), and never without;
- "with" and a noun of the question ("with her permission") that the
  sentence only has after "without";
- an infinitive of the question ("the only region to experience a fall")
  that the sentence only has after "not" ("the only region not to
  experience a fall");
- an answer the sentence sets aside (``set_aside_answer``): "Which was the
  only UK region to experience a fall in growth?" of "All major UK regions,
  apart from Northern Ireland, experienced a fall in growth": the sentence
  says everything the question says of everyone but the answer;
- a prize the question says was won that the sentence tells only as a
  nomination (``nomination_for_win``): "For which film did Bening win an
  Oscar?" of "... The Grifters - a role that won her an Oscar nomination".

A question that itself negates or offers a choice ("... or ...?") is not
read. Phrases, not single words: a sentence that denies one of the
question's words elsewhere ("was not injured" beside "was injured") says
nothing of the premise, and single words flagged 33 of SQuAD dev's gold
answers (``docs/trust.md``). Of SQuAD dev's 10,570 gold sentences and the
news gold's 130, none is flagged this way.
"""

from __future__ import annotations

import re

from index.text import question_content, question_stop_words, tokenize
from qa.attributes import negates_or_offers_a_choice

_AUXILIARIES = "is|was|are|were|has|have|had|will|would|can|could|did|does|do"
# "is not currently under consideration": an auxiliary, the negation, an optional adverb in -ly, then two words.
_NEGATED = re.compile(
    rf"\b({_AUXILIARIES})(?:\s+(?:not|never)|n['’]t)\s+(?:\w+ly\s+)?([a-z]+)(?:\s+([a-z]+))?",
    re.IGNORECASE,
)
# "the only region not to experience a fall": an infinitive the sentence denies.
_NOT_TO = re.compile(r"\bnot to ([a-z]+)")
# Words after "with" in the question, up to the first one that says what it is with ("with her permission").
_WITH = re.compile(r"\bwith\s+([a-z]+)(?:\s+([a-z]+))?(?:\s+([a-z]+))?", re.IGNORECASE)
# Prepositions that carry a predicate after "is" as well as a content word does ("is under consideration").
_PREDICATE_PREPOSITIONS = frozenset({"under", "in", "on"})
_SHORTEST_WORD = 4  # "with her permission": the noun read is a content word, not "her" or "all"


def denied_premise(question: str, sentence: str) -> tuple[str, str] | None:
    """(the question's phrase, the sentence's denial) when the sentence only denies what the question asserts; else None."""
    if negates_or_offers_a_choice(question):
        return None
    asked = question.lower()
    told = sentence.lower()
    stop = question_stop_words()
    for match in _NEGATED.finditer(sentence):
        auxiliary, first, second = match.group(1).lower(), match.group(2).lower(), (match.group(3) or "").lower()
        if first in stop and first not in _PREDICATE_PREPOSITIONS:
            continue
        phrase = f"{auxiliary} {first}" + (f" {second}" if second and second not in stop else "")
        if re.search(rf"\b{re.escape(phrase)}\b", asked) and not re.search(rf"\b{auxiliary}\s+{re.escape(first)}\b", told):
            return phrase, " ".join(match.group(0).split()).lower()
    for match in _NOT_TO.finditer(told):
        verb = match.group(1)
        if verb in stop:
            continue
        if re.search(rf"(?<!\bnot )\bto {verb}\b", asked) and not re.search(rf"(?<!\bnot )\bto {verb}\b", told):
            return f"to {verb}", f"not to {verb}"
    for match in _WITH.finditer(asked):
        noun = next((w for w in match.groups() if w and w not in stop and len(w) >= _SHORTEST_WORD), None)
        if noun is None:
            continue
        without = re.search(rf"\bwithout\s+(?:\w+\s+){{0,2}}?{noun}\b", told)
        if without and not re.search(rf"\bwith\s+(?:\w+\s+){{0,2}}?{noun}\b", told):
            return f"with {noun}", " ".join(without.group(0).split())
    return None


# "All major UK regions, apart from Northern Ireland, experienced a fall": what sets the answer (or the name it ends) aside.
_SETS_ASIDE_BEFORE = re.compile(
    r"\b(?i:apart from|aside from|except for|except|other than|with the exception of|save for|excluding)\s+(?i:the\s+)?"
    r"(?:[A-Z][\w'’\-]*\s+){0,3}$",  # the rest of a name the answer ends ("apart from Northern" before "Ireland")
)
_QUESTION_SETS_ASIDE = re.compile(r"\b(?:apart|aside|except|exception|other than|besides|excluding)\b", re.IGNORECASE)
SET_ASIDE_REACH = 40  # characters before the answer read for the phrase that sets it aside
# "Which was the only region ...?": the question's word for one of a kind, which the sentence need not repeat.
_ONE_OF_A_KIND = frozenset(tokenize(["only sole single"])[0])
_SHORTEST_STEM = 4  # a stem read as a prefix of another ("experi" of "experienc"); shorter ones prefix too much
MIN_SHARED_WORDS = 2  # "Who won?" of "all but Smith won" says too little to tell


def set_aside_answer(question: str, sentence: str, answer: tuple[int, int]) -> tuple[str, str] | None:
    """(the answer, the phrase setting it aside) when the sentence says what the question asks of all but the answer.

    The sentence must hold every content word of the question (stemmed, the
    answer's own words and "only" left out, at least ``MIN_SHARED_WORDS``):
    "What portion of Luther's statement was in German?" of "The statement was
    in Latin, apart from 'We are beggars'" asks of German, which the sentence
    says only of the part set aside, so it is left alone. A question that
    negates, offers a choice or sets something aside itself is not read.
    """
    if negates_or_offers_a_choice(question) or _QUESTION_SETS_ASIDE.search(question):
        return None
    start, end = answer
    cue = _SETS_ASIDE_BEFORE.search(sentence[max(0, start - SET_ASIDE_REACH) : start])
    if cue is None:
        return None
    said = sentence[start:end]
    asked = set(tokenize([question_content(question)])[0]) - set(tokenize([said])[0]) - _ONE_OF_A_KIND
    told = set(tokenize([f"{sentence[:start]} {sentence[end:]}"])[0])
    if len(asked) < MIN_SHARED_WORDS or not all(_told(word, told) for word in asked):
        return None
    return said, " ".join(f"{cue.group(0)}{said}".split())


def _told(stem: str, told: set[str]) -> bool:
    """Is ``stem`` among ``told``, or one a stem of the other ("experi" / "experienc": the stemmer cuts them apart)?"""
    return stem in told or any(
        min(len(stem), len(t)) >= _SHORTEST_STEM and (t.startswith(stem) or stem.startswith(t)) for t in told
    )


# "did Bening win an Oscar": the prize the question says was won, the first word after the verb and its determiner.
_WON = re.compile(r"\b(?:win|wins|won|winning)\s+(?:(?:a|an|the|his|her|their|its)\s+)?([A-Za-z][\w\-]{2,})", re.IGNORECASE)
_NOMINATED = re.compile(r"\bnominat(?:ed|ion|ions)\b", re.IGNORECASE)


def nomination_for_win(question: str, sentence: str) -> tuple[str, str] | None:
    """("won <prize>", "<prize> nomination") when the sentence tells of the prize only as a nomination; else None.

    "For which film did Bening win an Oscar?" of "... in The Grifters - a
    role that won her an Oscar nomination": the sentence has the question's
    verb and its prize, so no missing word gives it away, and the reader
    answers "The Grifters" (0.91). A nomination is not a win. The sentence
    must write the prize right before "nomination" or within a few words
    after "nominated for", and nowhere as a prize won outright; a question
    that speaks of nominations itself is not read.
    """
    if _NOMINATED.search(question):
        return None
    won = _WON.search(question)
    if won is None:
        return None
    prize = re.escape(won.group(1).lower())
    told = sentence.lower()
    nominated = re.search(rf"\b{prize}\w*\s+nominations?\b", told) or re.search(
        rf"\bnominated\s+for\s+(?:\w+\s+){{0,3}}?{prize}", told
    )
    if nominated is None:
        return None
    for match in re.finditer(rf"\b(?:win|wins|won|winning|scooped|claimed|took)\s+(?:\w+\s+){{0,2}}?{prize}\w*\b", told):
        if not re.match(r"\s+nominations?\b", told[match.end() :]):
            return None  # "won an Oscar" outright, beside the nomination
    return f"won {won.group(1)}", nominated.group(0)
