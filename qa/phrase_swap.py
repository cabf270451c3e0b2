"""A word swapped inside a phrase: "the best actor award" asked of "the best film award".

An attribute swap that keeps a phrase's frame and changes its middle word:
"Who is presenting the best actor award at the Baftas?" of "Gere, who is
presenting the best film award, said ...". Every other word of the question
is in the sentence, so the reader answers "Gere" (0.89), as it would for
the twin that asks about the film award. ``qa.attributes`` only knows the
siblings it lists (killed / injured, men's / women's); here the two words
are any pair.

What gives the swap away is the frame: three lower-case words of the
question ("best actor award") whose outer two stand in the sentence with
exactly one other word between them ("best film award"), while the
question's middle word is nowhere in the sentence (nor a word sharing its
first ``STEM_LETTERS`` letters). All three of the question's words are
content words, not stop words, so a frame is a phrase, not grammar. Two
middle words spelt alike are one word ("serf" / "surf", "give" / "gave"),
and the article must tell of the asked attribute elsewhere ("best actor"
in the list of nominations), or the sentence's word is likely a paraphrase
("major networks" for "big networks"). On SQuAD v1.1 dev it flags one
question's gold answer, a question that itself swaps the word ("the
adaptive nervous system" of an article on the adaptive immune system).
"""

from __future__ import annotations

import difflib
import re

from index.text import question_stop_words

_WORD = re.compile(r"[A-Za-z][a-z'’\-]*|\S")
STEM_LETTERS = 4  # "actor" and "actors", "acting" read as one word
SPELLING_RATIO = 0.5  # two words at least this alike (difflib) are one word spelt otherwise


def swapped_middle(question: str, sentence: str, article: str) -> tuple[str, str] | None:
    """(the question's middle word, the sentence's) when a three-word frame of the question holds another middle word.

    ``article`` is the whole text the sentence is from: it must pair the question's
    middle word with one of the frame's outer words somewhere ("best actor"),
    so that the swapped attribute is one the article tells of, not a
    paraphrase of the sentence's ("big networks" for "major networks").
    """
    stop = question_stop_words()
    article_lower = article.lower()
    words = _WORD.findall(question)
    told = _WORD.findall(sentence)
    told_lower = [w.lower() for w in told]
    for k in range(len(words) - 2):
        frame = words[k : k + 3]
        if not all(w.isalpha() and w.islower() and w not in stop and len(w) >= 3 for w in frame):
            continue
        outer, middle, inner = frame
        if any(w.startswith(middle[:STEM_LETTERS]) for w in told_lower):
            continue  # the sentence has the question's word (or its kin) somewhere
        for j in range(len(told) - 2):
            other = told[j + 1]
            if not (told_lower[j] == outer and told_lower[j + 2] == inner and other.isalpha() and other.islower()):
                continue
            if other in stop or difflib.SequenceMatcher(None, middle, other).ratio() >= SPELLING_RATIO:
                continue  # "knew" / "knowing", "serf" / "surf": one word spelt or inflected otherwise
            if re.search(
                rf"\b(?:{re.escape(outer)}\s+{re.escape(middle)}|{re.escape(middle)}\s+{re.escape(inner)})\b", article_lower
            ):
                return middle, other
    return None
