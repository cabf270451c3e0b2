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
  sentence only has after "without".

A question that itself negates or offers a choice ("... or ...?") is not
read. Phrases, not single words: a sentence that denies one of the
question's words elsewhere ("was not injured" beside "was injured") says
nothing of the premise, and single words flagged 33 of SQuAD dev's gold
answers (``docs/trust.md``). Of SQuAD dev's 10,570 gold sentences and the
news gold's 130, none is flagged this way.
"""

from __future__ import annotations

import re

from index.text import question_stop_words
from qa.attributes import negates_or_offers_a_choice

_AUXILIARIES = "is|was|are|were|has|have|had|will|would|can|could|did|does|do"
# "is not currently under consideration": an auxiliary, the negation, an optional adverb in -ly, then two words.
_NEGATED = re.compile(
    rf"\b({_AUXILIARIES})(?:\s+(?:not|never)|n['’]t)\s+(?:\w+ly\s+)?([a-z]+)(?:\s+([a-z]+))?",
    re.IGNORECASE,
)
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
    for match in _WITH.finditer(asked):
        noun = next((w for w in match.groups() if w and w not in stop and len(w) >= _SHORTEST_WORD), None)
        if noun is None:
            continue
        without = re.search(rf"\bwithout\s+(?:\w+\s+){{0,2}}?{noun}\b", told)
        if without and not re.search(rf"\bwith\s+(?:\w+\s+){{0,2}}?{noun}\b", told):
            return f"with {noun}", " ".join(without.group(0).split())
    return None
