"""Entity swap by position: the answer stands in its sentence exactly where the question has one of its own names.

"Where are weapons leaving Jamaica in containers arriving?" of "... the flow
of weapons leaving Miami in containers and arriving not only in Haiti, but
also in Jamaica ...": the reader answers "Miami" (0.59), the place the
question swapped out. Every name is in the sentence, so neither "a name the
article lacks" nor the place check sees anything. What gives it away is the
answer's position: it sits between the very words that surround one of the
question's names ("leaving _ in"), so it is what the question replaced, not
what it asks for; a right answer fills the question's gap, not one of its
names.

Both neighbours must match, the one before being a content word ("leaving",
not "the"), and the answer must be a name as the question's is (capitalised;
"additional 600 officers" is no swap of "additional Kenyan officers").
Coordinations are not read: "between Koblenz and ..." names its two ends in
either order. On SQuAD v1.1 dev it flags none of the 10,570 gold answers in
their sentences, nor any of the news gold sets' 130 (``docs/trust.md``).
"""

from __future__ import annotations

import re

from index.text import question_stop_words

_TOKEN = re.compile(r"[A-Za-z0-9][\w’'\-]*|[^\w\s]")
# Prepositions of place: "Mass in Victory Square in Warsaw" answers "Where did he celebrate Mass in Warsaw?".
_WHERE = frozenset("in at on near inside outside across around within".split())
_COORDINATION = frozenset({"between", "and", "or", "nor", "&", ",", "vs", "versus", "from", "to"})


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def name_slot(question: str, sentence: str, start: int, end: int) -> tuple[str, str] | None:
    """(question's name, the answer) when ``sentence[start:end]`` stands between the words around a question name."""
    answer = sentence[start:end]
    if not answer[:1].isupper():
        return None
    words = _tokens(sentence)
    before = [w for w in words if w[1] <= start]
    after = [w for w in words if w[0] >= end]
    if len(before) >= 2:
        closing = closing_slot(question, [w[2].lower() for w in before[-2:]], answer)
        if closing is not None:
            return closing
    if not before or not after:
        return None
    left, right = before[-1][2].lower(), after[0][2].lower()
    if not left.isalpha() or left in question_stop_words() or left in _COORDINATION or right in _COORDINATION:
        return None
    q = _tokens(question)
    at = 1  # a name opening the question is its subject, not a slot between two words
    while at < len(q):
        if not q[at][2][:1].isupper():
            at += 1
            continue
        last = at
        while last + 1 < len(q) and q[last + 1][2][:1].isupper():
            last += 1
        name = question[q[at][0] : q[last][1]]
        if (
            last + 1 < len(q)
            and q[at - 1][2].lower() == left
            and q[last + 1][2].lower() == right
            and name.lower() not in answer.lower()
            and answer.lower() not in name.lower()
        ):
            return name, answer
        at = last + 1
    return None


def closing_slot(question: str, led_by: list[str], answer: str) -> tuple[str, str] | None:
    """(question's name, the answer) when the question ends on a name led by the same two words as the answer.

    "Who is preferred at blindside flanker to Ryan Jones?" of "Ryan Jones is
    preferred at blindside flanker to Jonathan Thomas": a name that closes
    the question has no word after it to match, so the two before it stand
    in for both sides, the farther one a content word ("flanker to"), the
    nearer no preposition of place (a place inside the question's place
    fills the same slot: "Mass in Victory Square in Warsaw").
    """
    q = _tokens(question)
    if len(q) < 4 or q[-1][2] != "?":
        return None
    last = len(q) - 2
    first = last
    while first - 1 >= 0 and q[first - 1][2][:1].isupper():
        first -= 1
    if not q[last][2][:1].isupper() or first < 2:
        return None
    far, near = q[first - 2][2].lower(), q[first - 1][2].lower()
    if not far.isalpha() or far in question_stop_words() or near in _WHERE or [far, near] != led_by:
        return None
    name = question[q[first][0] : q[last][1]]
    if name.lower() in answer.lower() or answer.lower() in name.lower():
        return None
    return name, answer
