"""Text rules shared by indexing, reading and display: words, stop words, sentences, boilerplate lines.

One module holds them so two copies of a rule cannot drift apart (bm25s
likewise keeps its tokenizer apart from its scorer). Where two callers need
different rules, both live here under names that say which is which:

- **Words.** ``tokenize`` gives the BM25 terms (lower-cased, accent-folded
  ``\\w\\w+`` runs, bm25s's short English stop-word list dropped, Snowball-stemmed), the same
  for chunks, questions and the evidence features. ``question_stop_words``
  is the fuller list (bm25s's ``STOPWORDS_EN_PLUS`` plus interrogatives)
  that evidence drops from a question before tokenising it.
  ``content_words`` is the sentence reader's cruder overlap measure (any
  ``\\w+`` run, a short hand-made stop list, no stemming). The trained
  selector depends on the exact feature values, so none of these lists may
  be merged into another.
- **Sentences.** ``sentence_offsets`` (blingfire) gives the sentences the
  index chunks and the reader reads; ``sentence_units`` (a regex that also
  cuts at every line) gives the display units an excerpt is built from.
- **Boilerplate lines.** ``is_boilerplate`` is the strict test cleaning uses
  to drop a whole line from the index (only lines that are entirely page
  furniture, never content); ``is_short_fragment`` is the loose test an
  excerpt uses to trim its edges (any short line that is not a sentence),
  where dropping a short real line costs nothing.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import blingfire

#: A BM25 word: two or more word characters (bm25s's and scikit-learn's pattern).
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")
#: Any run of word characters (the sentence reader's words).
WORD_PATTERN = re.compile(r"\w+")
# "U.S.", "U.N.", "e.g.": letters each followed by a full stop, two or more.
DOTTED_ACRONYM = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}")


def undot_acronyms(text: str) -> str:
    """ "U.S. Secretary of State" -> "US Secretary of State": a dotted acronym read as one word, as news also spells it."""
    return DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)


#: Combining marks (accents) left once a text is decomposed (NFKD).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_accents(text: str) -> str:
    """``text`` without accents and with compatibility forms spelled plainly ("Zürich" -> "Zurich", "ﬁ" -> "fi").

    People type "Zurich", "Sao Paulo", "Erdogan" for names an article
    spells with accents, as the reader's own WordPiece vocabulary (uncased,
    accents stripped) already does. Used for BM25 terms and the evidence
    features only, never for offsets: an answer is still cut from the
    original text.
    """
    if text.isascii():
        return text
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


#: Interrogatives and auxiliaries: they say nothing about where an answer is.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do is are was were has have had "
    "can could would should will shall may might".split()
)
#: The sentence reader's stop words (articles, prepositions, interrogatives).
READER_STOP_WORDS = frozenset(
    "a an the of in on at to for by with from and or is are was were be been what which who whom whose when where why how many much did do does".split()
)


# Offices and roles a news question may pin its answer to ("Who is the *coach*
# of ..."). The near-miss generator swaps one for another (role confusion);
# the selector treats the precise ones as specifics the article must hold.
ROLE_NOUNS = (
    "president",
    "vice president",
    "prime minister",
    "minister",
    "secretary",
    "chairman",
    "chairwoman",
    "chief executive",
    "director",
    "director general",
    "commander",
    "general",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "coach",
    "manager",
    "captain",
    "chancellor",
    "senator",
    "leader",
    "founder",
    "editor",
    "producer",
    "king",
    "queen",
    "bishop",
    "judge",
    "head",
    "chief financial officer",
    "chief operating officer",
    "attorney general",
    "solicitor general",
    "treasurer",
    "economist",
    "presenter",
    "commissioner",
    "agent",
)
# Roles too loose to pin an answer: "head" of anything, "leader", "general" as an adjective.
LOOSE_ROLE_NOUNS = frozenset({"head", "leader", "general"})
# Words that hedge a figure ("at least 739", "over $40 million"): a regex alternation, read by the
# span reader's sum-of-money rule and by the check on whose people a figure counts.
FIGURE_HEDGES = (
    r"(?:at\s+)?least|about|around|nearly|almost|over|some|more\s+than|less\s+than|up\s+to|roughly|approximately"
    r"|an\s+estimated"
)


@lru_cache(maxsize=1)
def stemmer() -> Any:
    """The English Snowball stemmer (PyStemmer), made once."""
    import Stemmer

    return Stemmer.Stemmer("english")


def _load_bm25s_stopwords() -> None:
    """Make ``bm25s.stopwords`` importable without importing the ``bm25s`` package.

    ``import bm25s`` pulls in scipy and tqdm, ~0.16 s of a one-shot
    ``qa ask``, and this project uses only its stop-word tuples; BM25 itself
    is implemented in ``index.bm25``. The data module ``bm25s/stopwords.py``
    imports nothing, so it is loaded by itself, under its own name: a later
    ``import bm25s`` finds and reuses it.
    """
    if "bm25s.stopwords" in sys.modules:
        return
    try:
        package = importlib.util.find_spec("bm25s")
        if package is None or not package.submodule_search_locations:
            return
        path = Path(package.submodule_search_locations[0]) / "stopwords.py"
        spec = importlib.util.spec_from_file_location("bm25s.stopwords", path)
        if spec is None or spec.loader is None:
            return
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except (AttributeError, ImportError, OSError, TypeError, IndexError):  # another layout: the ordinary import later
        return
    sys.modules["bm25s.stopwords"] = module


_load_bm25s_stopwords()


@lru_cache(maxsize=1)
def bm25_stop_words() -> frozenset[str]:
    """bm25s's short English list: the words the BM25 index leaves out."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@lru_cache(maxsize=1)
def question_stop_words() -> frozenset[str]:
    """bm25s's fuller English list plus ``QUESTION_WORDS``: what evidence drops from a question."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return QUESTION_WORDS | frozenset(STOPWORDS_EN_PLUS)


class Tokenizer:
    """Words to stems, with a cache so each distinct word is stemmed once."""

    #: Distinct words cached at most (memory bound on huge vocabularies).
    MAX_CACHED = 2_000_000

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}

    def __call__(self, texts: Sequence[str]) -> list[list[str]]:
        stop = bm25_stop_words()
        words = [[w for w in TOKEN_PATTERN.findall(fold_accents(t.lower())) if w not in stop] for t in texts]
        unknown = list({w for ws in words for w in ws if w not in self._stems})
        if unknown:
            self._stems.update(zip(unknown, stemmer().stemWords(unknown)))
            if len(self._stems) > self.MAX_CACHED:
                # Start over, but keep every word of this batch: words cached by an
                # earlier batch are looked up below too (a KeyError otherwise).
                batch = {w for ws in words for w in ws}
                self._stems = {w: self._stems[w] for w in batch}
        stems = self._stems
        return [[stems[w] for w in ws] for ws in words]


_default_tokenizer = Tokenizer()


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Stemmed, stop-word-free tokens per text (the same for chunks and questions)."""
    return _default_tokenizer(list(texts))


def question_content(question: str) -> str:
    """The question's words less ``question_stop_words``, joined by spaces (to ``tokenize`` next)."""
    ignored = question_stop_words()
    return " ".join(w for w in TOKEN_PATTERN.findall(question) if w.lower() not in ignored)


def content_words(text: str) -> set[str]:
    """Lower-cased ``\\w+`` words of ``text`` less ``READER_STOP_WORDS``, unstemmed (the sentence reader's overlap)."""
    return {w for w in WORD_PATTERN.findall(text.lower()) if w not in READER_STOP_WORDS}


# --- sentences -----------------------------------------------------------------

_UNSAFE_FOR_BLINGFIRE = re.compile("[\x00\ud800-\udfff]")


def _blingfire_safe(text: str) -> str:
    """``text`` with the code points blingfire cannot take replaced by spaces.

    NUL ends the C string and lone surrogates cannot be UTF-8 encoded; both
    are swapped one-for-one, so character offsets are unchanged.
    """
    return _UNSAFE_FOR_BLINGFIRE.sub(" ", text)


def sentence_offsets(text: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` character offsets in ``text``, from blingfire.

    Falls back to the whole text as one sentence when blingfire fails or
    returns offsets that are out of range or out of order, so a bad boundary
    can never corrupt the offset invariant.
    """
    if not text.strip():
        return []
    try:
        _, offsets = blingfire.text_to_sentences_and_offsets(_blingfire_safe(text))
    except AssertionError:  # the wrapper asserts when its byte-to-char mapping fails
        return [(0, len(text))]
    previous_end = 0
    for start, end in offsets:
        if not previous_end <= start <= end <= len(text):
            return [(0, len(text))]
        previous_end = end
    return list(offsets) or [(0, len(text))]


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*")
_TOKEN_BEFORE_DOT = re.compile(r"([\w.]+)$")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen gov sen rep col lt sgt capt prof no vs etc inc co corp ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)


def sentence_units(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence or line of ``text`` (trailing space included).

    Lines are units of their own (news paragraphs, boilerplate lines); a
    period after an abbreviation or initials (``U.S.``, ``Mr.``, ``J.``) does
    not end a sentence.
    """
    n = len(text)
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.group()[0] == "." and is_abbreviation(text, m.start()):
            continue
        if m.end() > starts[-1]:
            starts.append(m.end())
    return [(a, b) for a, b in zip(starts, starts[1:] + [n]) if b > a]


def is_abbreviation(text: str, dot: int) -> bool:
    """True when the "." at ``text[dot]`` closes an abbreviation or initials (``U.S.``, ``Mr.``, ``J.``), not a sentence."""
    token = _TOKEN_BEFORE_DOT.search(text, 0, dot)
    word = token.group(1).lower() if token else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word


# --- boilerplate lines -------------------------------------------------------------

# Labels of page furniture that make up a whole line ("Related Articles", "Share").
_FURNITURE_WORDS = (
    r"advertisement|advertisements|advertise with us|sponsored(?: content)?|ad"
    r"|logo|image|images|photo|video|icon|gallery|loading(?:\.\.\.|…)?"
    r"|related(?: articles?| stories| news| posts?| content)?|more stories|recommended(?: for you)?"
    r"|you (?:may|might) also like|trending(?: now)?|most (?:read|popular)|top stories|latest news"
    r"|in summary|summary|share(?: this(?: article| story| post)?| on \w+)?|shares?|tweet|email|print"
    r"|facebook|twitter|whatsapp|linkedin|telegram|copy link|comments?|leave a comment"
    r"|read more|continue reading|subscribe(?: now)?|sign (?:up|in)|log ?in|newsletter"
    r"|follow us(?: on \w+)?|click here|skip to (?:main )?content|menu|close|back to top"
)
_LANGUAGES = r"english|français|francais|español|espanol|deutsch|português|portugues|italiano|kiswahili|swahili|العربية|中文"
_DECOR = r"[\s\-–—•·|*:>»«]*"
_BOILERPLATE = [
    re.compile(rf"{_DECOR}(?:{_FURNITURE_WORDS}){_DECOR}", re.IGNORECASE),
    # Share / view counters: "9", "1.2K", "1,024 shares".
    re.compile(r"\d[\d.,]*\s*[kmb]?(?:\s+(?:shares?|comments?|views?|likes?|reactions?|reads?))?", re.IGNORECASE),
    # Relative times: "1 month ago", "an hour ago", "just now", "yesterday".
    re.compile(
        r"(?:about\s+)?(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago|just now|yesterday",
        re.IGNORECASE,
    ),
    # Language pickers: "English (US) ·".
    re.compile(rf"(?:(?:{_LANGUAGES})(?:\s*\([^)]*\))?{_DECOR})+", re.IGNORECASE),
    # Lines with no letter or digit at all: separators, lone bullets, emoji rows.
    re.compile(r"[\W_]+"),
]


def is_boilerplate(line: str) -> bool:
    """Whether a whole (stripped) line is web furniture rather than article text (strict: for the index)."""
    return any(pattern.fullmatch(line) for pattern in _BOILERPLATE)


def is_short_fragment(unit: str) -> bool:
    """A short line that is not a sentence: "- Advertisement -", "Share this" (loose: for excerpt edges)."""
    unit = unit.strip()
    return len(unit.split()) < 4 and not unit.endswith((".", "!", "?", "”", '"'))
