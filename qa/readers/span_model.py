"""Word-piece windows and span decoding for the trained extractive reader.

Shared by training (``qa.readers.training``) and inference
(``qa.readers.span``) so both see the same windows: the question first, then
a stride window of the passage, with the fast tokenizer's offset mapping
carrying every word piece back to character offsets in the passage.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.text import FIGURE_HEDGES, is_abbreviation
from index.types import Span


@dataclass(frozen=True)
class WindowSpan:
    """One candidate answer from one window, in passage character offsets."""

    passage_index: int
    start: int
    end: int
    score: float  # start logit + end logit
    null_score: float  # CLS start + CLS end of the same window


# Word pieces of a question the reader reads (transformers' question-answering pipeline's max_question_len):
# a question longer than a window left no room for the passage, and the tokenizer raised (a 1,800-character
# question, under ``max_question_chars``, crashed ``qa ask``).
MAX_QUESTION_PIECES = 64


def shortened_questions(tokenizer: Any, questions: Sequence[str], max_pieces: int = MAX_QUESTION_PIECES) -> list[str]:
    """Each question cut after its first ``max_pieces`` word pieces; shorter ones unchanged.

    A word piece covers at least one character, so a question of at most
    ``max_pieces`` characters is never tokenised here.
    """
    out = list(questions)
    long = [i for i, q in enumerate(out) if len(q) > max_pieces]
    if not long:
        return out
    offsets = tokenizer([out[i] for i in long], truncation=True, max_length=max_pieces + 2, return_offsets_mapping=True)[
        "offset_mapping"
    ]
    for i, pieces in zip(long, offsets):
        out[i] = out[i][: max((end for _, end in pieces), default=0)]
    return out


def encode_windows(
    tokenizer: Any,  # a transformers fast tokenizer or qa.readers.span_onnx.WindowTokenizer
    questions: Iterable[str],
    passages: Iterable[str],
    max_length: int,
    stride: int,
    padding: bool | str = False,
) -> Any:  # transformers' BatchEncoding or span_onnx.WindowEncoding
    """Tokenise (question, passage) pairs into overlapping windows.

    Returns the tokenizer's BatchEncoding with ``offset_mapping`` and
    ``overflow_to_sample_mapping``; offsets of question and special tokens are
    kept but masked out later through ``sequence_ids``.
    """
    return tokenizer(
        list(questions),
        list(passages),
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=padding,
    )


def context_token_mask(encoding: Any, feature_index: int) -> np.ndarray:  # BatchEncoding or WindowEncoding
    """Boolean mask of the word pieces that belong to the passage."""
    seq_ids = encoding.sequence_ids(feature_index)
    return np.array([s == 1 for s in seq_ids], dtype=bool)


def word_boundary_masks(word_ids: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    """Which word pieces may start and which may end an answer: first and last pieces of a word.

    ``word_ids`` is the fast tokenizer's word index per piece (``None`` for
    special tokens). An answer that starts on ``##3`` of "2023" or ends on
    "73" of "739" cuts a word in two and is never right, whatever its logits.
    """
    n = len(word_ids)
    starts = np.zeros(n, dtype=bool)
    ends = np.zeros(n, dtype=bool)
    for i, wid in enumerate(word_ids):
        if wid is None:
            continue
        starts[i] = i == 0 or word_ids[i - 1] != wid
        ends[i] = i == n - 1 or word_ids[i + 1] != wid
    return starts, ends


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` starts or ends inside a run of letters and digits, or inside a number.

    The last line of defence behind ``word_boundary_masks``: a tokenizer's
    "word" may still split an alphanumeric run (accents stripped, CJK), and
    an answer must never do so.
    """
    if start >= end:
        return True
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        return True
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        return True
    return _splits_a_number(text, start) or _splits_a_number(text, end)


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def crosses_a_paragraph(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` runs across a blank line.

    An answer is a phrase inside one paragraph. A span from a figure in one
    paragraph to a word in the next ("800.\\n\\nimage\\nby ... on Monday")
    strings together a caption, a by-line and boilerplate; no reader trained
    on one-paragraph SQuAD contexts means it. A single line break stays
    allowed: wire copy such as Reuters-21578 wraps its sentences at 70 columns.
    """
    return _PARAGRAPH_BREAK.search(text, start, end) is not None


# A sentence's closing mark, with any closing quote or bracket after it.
_CLOSING_MARK = re.compile(r"([.!?])[\"'\u2019\u201d)\]]*\s*$")


def ends_a_sentence(text: str, sentence: Span) -> bool:
    """Does ``sentence`` end on a full stop, question or exclamation mark that closes a sentence?

    The splitter also cuts at line breaks (headlines, wire copy wrapped at 70
    columns) and sometimes after an abbreviation ("Dr. Thomas Coke", "Brown
    v. Board of Education"): neither is a sentence's end
    (``index.text.is_abbreviation``).
    """
    mark = _CLOSING_MARK.search(text, sentence.start, sentence.end)
    if mark is None:
        return False
    return mark.group(1) != "." or not is_abbreviation(text, mark.start(1))


def crosses_a_sentence(text: str, sentences: Sequence[Span], start: int, end: int) -> bool:
    """True when ``text[start:end]`` runs from one sentence into the next.

    A span that runs on past a full stop ("rich Yangzi River basin. An
    unsuccessful naval expedition ...", "ignored the warning. Disappointed")
    is the reader overshooting: 7 of SQuAD v1.1 dev's 10,570 first gold
    answers span two sentences, and of the 21 such spans the reader answered
    on SQuAD's closed setting (articles 0-47) one was right ("EAT!
    NewcastleGateshead", whose gold also takes "EAT!").
    """
    for first, second in itertools.pairwise(sentences):
        if second.start >= end:
            break
        if start < first.end and ends_a_sentence(text, first):
            return True
    return False


def _splits_a_number(text: str, at: int) -> bool:
    """True when ``at`` falls next to a decimal point or thousands comma inside a number ("5|.8", "8,|661")."""
    for mark in (at, at - 1):  # the separator just after or just before the cut
        if 0 < mark < len(text) - 1 and text[mark] in ".," and text[mark - 1].isdigit() and text[mark + 1].isdigit():
            return True
    return False


_PAIRS = {"”": "“", "’": "‘", "»": "«", ")": "(", "]": "[", "}": "{", '"': '"', "'": "'"}
_OPENERS = {"“": "”", "‘": "’", "«": "»", "(": ")", "[": "]", "{": "}", '"': '"', "'": "'"}
_TRAILING = ",;:"
_DASHES = "-–—"  # a dash standing alone opens or closes an aside, never an answer ("leader Michael Howard - at")


def trim_span_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop unpaired quotes and brackets, trailing commas/colons, a closing full stop, lone dashes and spaces from a span's ends.

    The tokenizer makes every punctuation mark a word of its own, so a span
    may close on the quote after its last word (``gang suppression force”``)
    or open on one whose partner lies outside it. A quote or bracket kept is
    one whose partner is inside the span (``(UN)``, ``“Kenya first”``).
    Returns offsets within the original ``[start, end)``; the result is
    empty (``start == end``) only when the span held nothing but such marks.
    """
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            break
        last, first = text[end - 1], text[start]
        if last == "." and not is_abbreviation(text[start:end], end - 1 - start):  # "12.1%." / "January." but not "U.S."
            end -= 1
            changed = True
        elif last in _TRAILING or (last in _PAIRS and _PAIRS[last] not in text[start : end - 1]):
            end -= 1
            changed = True
        elif first in _OPENERS and _OPENERS[first] not in text[start + 1 : end]:
            start += 1
            changed = True
        elif last in _DASHES and (end - 1 == start or text[end - 2].isspace()):  # "Michael Howard -"
            end -= 1
            changed = True
        elif first in _DASHES and (start + 1 == end or text[start + 1].isspace()):
            start += 1
            changed = True
    return start, end


_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_BRACKETS.values())


def cut_unclosed_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a span before a bracket whose partner lies outside it: ``1,230 km (760 mi`` → ``1,230 km``.

    ``trim_span_punctuation`` drops an unpaired mark at either end; one inside
    the span still shows the reader running into an aside ("the Kenya
    Certificate of Secondary Education (KCSE", "Zhongshu Sheng) at
    Khanbaliq"). The words before the aside are the phrase the answer is: on
    SQuAD 0-35's closed questions the cut is right more often than the span
    it replaces (``docs/trust.md``). A span that would be left empty is kept.
    Quotes are not cut: what a quote opens is often the answer itself.
    """
    s, e = start, end
    while (cut := _first_unclosed_bracket(text, s, e)) is not None:
        s, e = trim_span_punctuation(text, s, cut)  # "a (b ] c": what is left may still open one
        if s >= e:
            return start, end
    return s, e


def _first_unclosed_bracket(text: str, start: int, end: int) -> int | None:
    """Offset of the first closer without its opener in ``text[start:end]``, else of the first opener left open."""
    opened: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in _BRACKETS:
            opened.append(i)
        elif ch in _CLOSERS:
            if not opened or _BRACKETS[text[opened.pop()]] != ch:
                return i
    return opened[0] if opened else None


_CURRENCY_SIGNS = "$£€¥₹₦"


def attach_number_units(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over the per-cent sign after its closing number and the currency sign before its opening one.

    Written without a space, "50%" and "£67m" are one word to a reader of
    news, but the tokenizer makes the sign a word of its own, so the reader
    may propose "50" for "50%". Kept bare, such a number reads as a count to
    the selector and answers a question about money ("How much did
    Universal pay?" with the "50" of "bought the 50% it did not own").
    SQuAD's annotators include the sign in 85 % (per cent) and 91 %
    (currency) of such answers.
    """
    if start < end and end < len(text) and text[end] == "%" and text[end - 1].isdigit():
        end += 1
    if 0 < start < end and text[start - 1] in _CURRENCY_SIGNS and text[start].isdigit():
        start -= 1
    return start, end


# A sum of money at a span's start: "£67m", "over $40 million", "US$100,000".
_MONEY_AT_START = re.compile(
    rf"(?:(?:{FIGURE_HEDGES})\s+)?"
    rf"(?:[A-Z]{{1,3}})?[{re.escape(_CURRENCY_SIGNS)}]\d[\d.,]*(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?"
)
# Words after a sum that make it a rate or a phrase of its own: "$125 per month", "$5 million in cash".
_RATE_OR_LINK = frozenset("per a an each every in of for from to on at by and or with than plus".split())


def drop_money_noun(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut the noun after a sum of money from a span: "£67m fortune" → "£67m", "$100,000 prize" → "$100,000".

    The reader often runs a sum on into the noun it qualifies. An answer is
    the sum: of SQuAD v1.1 dev's gold answers that open on one, 216 are the
    sum alone and none goes on with one or two plain lower-case words. A
    rate or a linked phrase stays whole ("$125 per month", "$5 million in
    cash"), and so does anything else after the sum (a capital, a figure).
    """
    match = _MONEY_AT_START.match(text, start, end)
    if match is None or match.end() >= end:
        return start, end
    rest = text[match.end() : end].split()
    if 1 <= len(rest) <= 2 and all(w.isalpha() and w.islower() and w not in _RATE_OR_LINK for w in rest):
        return start, match.end()
    return start, end


def tidy_span_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """A proposed span's edges made an answer's, by each rule above in turn.

    The order matters: punctuation is trimmed first, so a bracket left
    dangling at an edge is gone before the bracket rule looks inside; a span
    cut before an aside ("50 (about" → "50") may then take back the per-cent
    or currency sign glued to its number ("50%"); and the money rule reads
    the sum as the span finally holds it ("£67m fortune").
    """
    start, end = trim_span_punctuation(text, start, end)
    start, end = attach_number_units(text, *cut_unclosed_brackets(text, start, end))
    return drop_money_noun(text, start, end)


def decode_window(
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    offsets: list[tuple[int, int]],
    context_mask: np.ndarray,
    passage_index: int,
    max_answer_tokens: int = 30,
    n_best: int = 20,
    word_masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[WindowSpan]:
    """Best-scoring spans of one window (start <= end, inside the passage).

    Scores are raw logit sums, not a per-window softmax, so they stay
    comparable with the window's own null (CLS) score and across windows.
    With ``word_masks`` (``word_boundary_masks``) spans start and end only on
    whole words.
    """
    n = min(len(offsets), len(start_logits))
    start_logits = start_logits[:n]
    end_logits = end_logits[:n]
    mask = context_mask[:n]
    null_score = float(start_logits[0] + end_logits[0])
    start_ok, end_ok = (mask, mask) if word_masks is None else (mask & word_masks[0][:n], mask & word_masks[1][:n])
    masked_start = np.where(start_ok, start_logits, -np.inf)
    masked_end = np.where(end_ok, end_logits, -np.inf)
    k_start = min(n_best, int(start_ok.sum()))
    k_end = min(n_best, int(end_ok.sum()))
    if k_start == 0 or k_end == 0:
        return []
    start_idx = np.argpartition(-masked_start, k_start - 1)[:k_start]
    end_idx = np.argpartition(-masked_end, k_end - 1)[:k_end]
    spans: list[WindowSpan] = []
    for s in start_idx:
        for e in end_idx:
            if e < s or e - s + 1 > max_answer_tokens:
                continue
            score = float(start_logits[s] + end_logits[e])
            spans.append(WindowSpan(passage_index, int(offsets[s][0]), int(offsets[e][1]), score, null_score))
    spans.sort(key=lambda sp: sp.score, reverse=True)
    return spans[:n_best]


def scored_spans(
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    offsets: list[tuple[int, int]],
    context_mask: np.ndarray,
    passage_index: int,
    char_spans: Sequence[tuple[int, int]],
) -> list[WindowSpan]:
    """Given character spans, scored by this window's logits like ``decode_window``'s own.

    A span counts where it starts on a passage token's first character and
    ends on one's last (so whole words, as the caller's spans are); others
    (outside this window, or cutting a word piece) are left out.
    """
    n = min(len(offsets), len(start_logits))
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for t in range(n):
        if context_mask[t]:
            first.setdefault(int(offsets[t][0]), t)
            last[int(offsets[t][1])] = t
    null_score = float(start_logits[0] + end_logits[0])
    spans = []
    for start, end in char_spans:
        s, e = first.get(start), last.get(end)
        if s is None or e is None or e < s:
            continue
        spans.append(WindowSpan(passage_index, start, end, float(start_logits[s] + end_logits[e]), null_score))
    return spans
