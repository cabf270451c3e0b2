"""Role confusion: the title right before an answer names another office than the one asked.

News introduces a person by the office they hold: "Kenyan President William
Ruto", "Secretary of State Marco Rubio", "Prime Minister Mia Mottley". A
question that asks for an office holder the article never names, while it
names a related one, gets that person from the reader: "Who is the
president of Haiti?" → "William Ruto", "Who is the US Secretary of
Defense?" → "Marco Rubio", "Who is Barbados's foreign minister?" → "Mia
Mottley". The office nouns are all in the article, so ``role_missing`` (an
office the article never uses) does not fire. What gives the confusion away
is the title glued to the answer:

- another office of the same kind ("Secretary *of State*" for "Secretary
  *of Defense*", "*Prime* Minister" for "*foreign* minister"), or another
  office altogether ("Prime Minister" for "president");
- the same office of another country or body ("*Kenyan* President" for
  "president *of Haiti*").

Only titles glued to the name are read: one written right before it in
capitals ("Prime Minister Mia Mottley") or with its office words in lower
case ("Liverpool chief executive Rick Parry"), with those joined to it by "and"
("Prime Minister of Barbados and Chairman of CARICOM Mia Mottley"), and a
short appositive right after it ("Ruto, Kenya's president,"). An office
given anywhere else in the article is not, so the check stays silent more
often than it speaks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.text import LOOSE_ROLE_NOUNS, ROLE_NOUNS, question_stop_words, undot_acronyms

_PRECISE = tuple(sorted(set(ROLE_NOUNS) - LOOSE_ROLE_NOUNS, key=len, reverse=True))
_ROLE_WORDS = frozenset(" ".join(_PRECISE).split())
_SAME_OFFICE = {"chairwoman": "chairman", "spokeswoman": "spokesman", "spokesperson": "spokesman"}
# Lower-case words of a title's status, read through between an office and its holder: "US Secretary of State
# nominee Marco Rubio" is the American one.
_STATUS_WORDS = frozenset({"nominee", "designate", "elect"})
# The opposition's spokesman for an office does not hold it, nor its holder shadow it: "Children's Minister
# Margaret Hodge" is not "the shadow Children's Minister".
_SHADOW = frozenset({"shadow"})
# A lesser office of the same name: "Vice President", "deputy spokesman", "assistant manager".
_LESSER = frozenset({"vice", "deputy", "assistant"})
# Lower-case words a title may hold ("Liverpool chief executive", "his shadow Chancellor", "assistant manager Roy
# Aitken": read without its "assistant", he held the manager's office).
_LOWER_TITLE_WORDS = _ROLE_WORDS | _STATUS_WORDS | _SHADOW | _LESSER
# Words around an office that do not say which one it is.
_NOT_QUALIFIERS = (
    frozenset(
        "the a an of for and its their his her our your whose which what who whom is was are were former then current "
        "new acting interim senior late outgoing incoming yesterday today also now".split()
    )
    | _STATUS_WORDS
)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")
_REACH = 80  # characters read before the answer


@dataclass(frozen=True)
class Office:
    """An office as a text names it: the role noun and the words that say which one or whose.

    ``qualifiers`` are lower-cased: "foreign" and "barbados" in "Barbados's
    foreign minister", "state" in "Secretary of State", "kenyan" in "Kenyan
    President".
    """

    role: str
    qualifiers: frozenset[str]
    kinds: frozenset[str] = frozenset()
    """The plain lower-case word right before the office, or right after its "of", that says which of its kind it is
    ("defensive" in "defensive coach Mike Ford", "forwards" in "Ireland's forwards coach", "products" in "director of
    products"): read apart from ``qualifiers``, which a club or a country fills, so that two kinds of one office
    clash only when both sides name one (``kind_before``)."""


# Who leads a body, asked loosely: "Who heads Sophos's anti-virus team?", "Who is the head of ...?". The office is
# not said (a chief executive, a chairman or a director may answer), so only a spokesman or a lesser title clashes.
LEADING = "head"
_ASKS_LEADER = re.compile(
    r"^\s*who\s+(?:heads|headed|leads|chairs|chaired|(?:is|was)\s+(?:the\s+)?(?:current\s+|new\s+)?(?:head|leader)\s+of)\s",
    re.IGNORECASE,
)
_SUBORDINATE = frozenset({"spokesman"})
# Where the body a loosely asked leader heads stops: "the Kenyan police | in Haiti" (Haiti is where, not whose).
_BODY_ENDS = frozenset("in at on for from to during since with over after before".split())


def _leader_owner(question: str, match: re.Match[str]) -> frozenset[str]:
    """The countries whose body a loosely asked leader heads ("Who leads the Kenyan police in Haiti?" -> kenya)."""
    from qa.places import countries_of  # lazily: qa.places reads this module's ``people_forms``

    body: list[str] = []
    for word in _words(question[match.end() :]):
        if word.lower() in _BODY_ENDS:
            break
        body.append(word)
    return countries_of([w for w in body if w[:1].isupper()])


@lru_cache(maxsize=1024)
def asked_office(question: str) -> Office | None:
    """The precise office a question asks about, with the words attached to it; None when it names none.

    Cached: the selector's features and the refusal reason both ask it of the
    same question, once per candidate in the refusal's case.

    A question after a body's leader without naming the office ("Who heads
    ...?", "Who is the head of ...?") asks for ``LEADING``.
    """
    words = _words(question)
    lowered = [w.lower() for w in words]
    found = _find_role(lowered)
    if found is None:
        leader = _ASKS_LEADER.match(question)
        return Office(LEADING, _leader_owner(question, leader)) if leader else None
    start, end, role = found
    before = [w for w in lowered[max(0, start - 2) : start] if w not in _NOT_QUALIFIERS]
    after: list[str] = []
    if end < len(lowered) and lowered[end] in ("of", "for"):
        for word, low in zip(words[end + 1 : end + 6], lowered[end + 1 : end + 6]):
            if low in ("the", "of", "and"):
                continue
            if not word[:1].isupper():
                break
            after.append(low)
    kind = (kind_before(words[start - 1]) if start > 0 else None) or _kind_after(words, end)
    return Office(role, frozenset(_bare(w) for w in before + after) - _ROLE_WORDS, _kinds(kind))


def title_before(text: str, start: int) -> Office | None:
    """The office in the title written right before ``text[start:]`` ("Kenyan President " -> president, "kenyan")."""
    titles = titles_before(text, start)
    return titles[0] if titles else None


def titles_before(text: str, start: int) -> list[Office]:
    """The offices in the title right before ``text[start:]``, the nearest first, and those joined to it by "and".

    "Prime Minister of Barbados and Chairman of the Caribbean Community
    (CARICOM) Mia Mottley" gives the chairman, then the prime minister of
    Barbados: read alone, the nearest title let "Who is the Prime Minister
    of Haiti?" take her (0.89) from a mention that named no country. A part
    before an "and" counts only as an office phrase, its office last or
    followed by "of ..." ("President Ruto and Prime Minister Conille": the
    part before "and" names a person, and is not Conille's title).
    """
    head = text[max(0, start - 2 * _REACH) : start]
    if not head.endswith((" ", "\t")):
        return []
    parts: list[list[str]] = [[]]
    kind: str | None = None
    reach = len(head)
    for raw in reversed(head.split()):
        reach -= len(raw) + 1
        word = raw[1:-1] if raw.startswith("(") and raw.endswith(")") else raw  # "(CARICOM)"
        word = undot_acronyms(word)  # "U.S. Secretary of State"
        if word == "and" and parts[-1]:
            parts.append([])
            continue
        if not parts[-1] and len(parts) == 1 and word.rstrip(".").lower() in _HONORIFICS:
            continue  # "Haitian Prime Minister Dr. Garry Conille": the title stands before the honorific
        if len(parts) == 1 and reach < len(head) - _REACH:
            break  # the nearest title is read within _REACH characters
        lower_office = len(parts) == 1 and word.lower() in _LOWER_TITLE_WORDS  # "Liverpool chief executive Rick Parry"
        if not _WORD.fullmatch(word) or not (word[:1].isupper() or word.lower() in ("of", "for", "the") or lower_office):
            if len(parts) == 1 and parts[0] and all(w.islower() for w in parts[0]):
                kind = kind_before(word)  # "defensive coach Mike Ford": the title's kind, and its end
            break
        parts[-1].append(word)
    offices: list[Office] = []
    for n, part in enumerate(parts):
        lowered = [w.lower() for w in reversed(part)]
        found = _find_role(lowered, last=True)
        if found is None:
            break
        start_at, end, role = found
        if n > 0 and end < len(lowered) and lowered[end] not in ("of", "for"):
            break  # "President Ruto and ...": a person, not an office phrase
        qualifiers = {_bare(w) for i, w in enumerate(lowered) if not start_at <= i < end} - _NOT_QUALIFIERS - _ROLE_WORDS
        offices.append(Office(role, frozenset(qualifiers), _kinds(kind if n == 0 and start_at == 0 else None)))
    return offices


# A word that says which of its kind an office is must be a plain lower-case word: not a function word
# (``question_stop_words``), nor a verb's form or an adverb ("sacked manager Claudio Ranieri", "Chelsea boss, newly
# appointed coach X"), nor a possessive ("the museum's director"), nor a word of time or status (``_NOT_QUALIFIERS``),
# nor a body's generic noun ("club chairman": any club's).
_KIND_WORD = re.compile(r"[a-z]{3,}")
_NOT_KINDS = frozenset(
    "without onto upon must said says told tells say tell "
    "team club side party company firm group national country nation state city league union world".split()
)
_SAME_KIND_PREFIX = 5  # "defence coach" and "defensive coach" are one office
# Words in "-ing" that are part of an office's name, not a verb's form: "managing director" is another director
# than "finance director".
_TITLE_PARTICIPLES = frozenset({"managing", "presiding", "commanding", "supervising", "consulting"})


def kind_before(word: str, *, verb_forms: bool = False) -> str | None:
    """``word`` as an office's kind ("defensive" before "coach"), or None when it says nothing of which office.

    ``verb_forms``: a word in "-ed", "-ing" or "-ly" may be one, as after an office's "of" ("director of marketing").
    """
    if not _KIND_WORD.fullmatch(word) or word in _NOT_QUALIFIERS or word in _NOT_KINDS or word in _ROLE_WORDS:
        return None
    if word in question_stop_words():
        return None
    if not verb_forms and word.endswith(("ed", "ing", "ly")) and word not in _TITLE_PARTICIPLES:
        return None
    return word


def _kind_after(words: Sequence[str], end: int) -> str | None:
    """The lower-case word after an office's "of" that says which of its kind it is ("director of products")."""
    if end + 1 < len(words) and words[end].lower() == "of":
        return kind_before(words[end + 1], verb_forms=True)
    return None


def _kinds(kind: str | None) -> frozenset[str]:
    return frozenset({kind}) if kind else frozenset()


def _same_kind(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(x[:_SAME_KIND_PREFIX] == y[:_SAME_KIND_PREFIX] for x in a for y in b)


_HONORIFICS = frozenset("dr mr mrs ms prof professor sir dame rev".split())
_APPOSITIVE = re.compile(r"^,\s+([^,.;:()\n]{3,80}?)\s*[,.;]")


def title_after(text: str, end: int) -> Office | None:
    """The office in an appositive right after a name ("Mia Mottley, Barbados's prime minister, said").

    At most seven words between commas (or up to a full stop) that name a
    precise office; None otherwise.
    """
    match = _APPOSITIVE.match(text[end : end + 100])
    if match is None:
        return None
    words = _words(match.group(1))
    if not 0 < len(words) <= 7:
        return None
    lowered = [w.lower() for w in words]
    found = _find_role(lowered, last=True)
    if found is None:
        return None
    start_at, stop, role = found
    # Proper names say whose office it is; of the lower-case words only the one right before the office says
    # which ("foreign minister"): an appositive describes its holder in common nouns ("the museum's director").
    kept = {_bare(w) for i, w in enumerate(words) if w[:1].isupper() and not start_at <= i < stop}
    if start_at > 0 and words[start_at - 1][:1].islower():
        kept.add(_bare(words[start_at - 1]))
    return Office(role, frozenset(kept - _NOT_QUALIFIERS - _ROLE_WORDS), _kinds(_kind_after(words, stop)))


def office_clash(asked: Office | None, title: Office | None) -> bool:
    """True when the title names another office than the asked one, or the same office of another holder.

    Another office: another role noun ("Prime Minister" for "president"), or
    a lesser one ("Vice President"), or the full one when a lesser one is
    asked ("Spokesperson" for "deputy spokesperson"). Another holder or
    kind: each side qualifies the office with a word the other lacks ("Kenyan" against
    "Haiti", "State" against "Defense"); a qualifier on one side only is
    detail, not contradiction ("US Secretary of State" for "Secretary of
    State"). A people's word matches its place ("Kenyan" for "Kenya's"),
    an acronym the words it stands for ("NFL" for "National Football
    League"). Two kinds of one office ("forwards coach" against "defensive
    coach", ``Office.kinds``) clash when both sides name one.
    """
    if asked is None or title is None:
        return False
    if asked.role == LEADING:  # any leading office may answer; a spokesman, a deputy or another country's does not lead
        if title.role in _SUBORDINATE or title.qualifiers & _LESSER:
            return True
        from qa.places import countries_of

        theirs = countries_of(sorted(title.qualifiers))
        return bool(asked.qualifiers) and bool(theirs) and asked.qualifiers.isdisjoint(theirs)
    asked, title = _split_compound(asked, title), _split_compound(title, asked)
    if asked.role != title.role:
        return True
    if (title.qualifiers & _LESSER) ^ (asked.qualifiers & _LESSER):
        return True  # a deputy is not the office holder, nor the holder a deputy
    if (title.qualifiers & _SHADOW) ^ (asked.qualifiers & _SHADOW):
        return True  # nor a shadow minister the minister
    if asked.kinds and title.kinds and not _same_kind(asked.kinds, title.kinds):
        return True  # "forwards coach" asked, "defensive coach" told: another office of the same name
    asked_only = {q for q in asked.qualifiers if not _matched(q, title.qualifiers)}
    title_only = {q for q in title.qualifiers if not _matched(q, asked.qualifiers)}
    if _initials_of(asked_only, title_only) or _initials_of(title_only, asked_only):
        return False  # "NFL Commissioner" for "Commissioner of the National Football League"
    return bool(asked_only) and bool(title_only)


def _initials_of(acronym: frozenset[str] | set[str], words: frozenset[str] | set[str]) -> bool:
    """One side's only qualifier is an acronym of the other side's words ("nfl": national, football, league)."""
    if len(acronym) != 1 or len(words) < 2:
        return False
    (short,) = acronym
    return len(short) == len(words) and sorted(short) == sorted(w[0] for w in words)


# Names of one party: "the Tories' shadow Chancellor" is the "Conservative Shadow chancellor".
_SAME_PARTY = {"tory": "conservative", "tories": "conservative", "conservatives": "conservative"}


def _matched(word: str, others: frozenset[str]) -> bool:
    if word in others or not people_forms(word).isdisjoint(others):
        return True
    party = _SAME_PARTY.get(word, word)
    if any(_SAME_PARTY.get(other, other) == party for other in others):
        return True
    country = _SAME_COUNTRY.get(word)
    return country is not None and any(_SAME_COUNTRY.get(other) == country for other in others)


def _find_role(lowered: list[str], last: bool = False) -> tuple[int, int, str] | None:
    """(first word, word after, role) of the first (or last) precise office in a list of lower-cased words.

    The longest office wins at each word and offices do not overlap: "Vice
    President" is one office, not a "president" after "vice". A plural
    counts ("ministers").
    """
    hits = []
    i = 0
    while i < len(lowered):
        for role in _PRECISE:
            parts = role.split()
            span = lowered[i : i + len(parts)]
            if span[:-1] == parts[:-1] and span[-1:] and span[-1] in (parts[-1], parts[-1] + "s"):
                hits.append((i, i + len(parts), _SAME_OFFICE.get(role, role)))
                i += len(parts)
                break
        else:
            i += 1
    if not hits:
        return None
    return hits[-1] if last else hits[0]


def _words(text: str) -> list[str]:
    return _WORD.findall(undot_acronyms(text).replace("-", " "))


# One country's abbreviation and its people's word ("U.S. Secretary of State" is the American one). A short list of
# its own: qa.places, which knows every country's names, imports this module.
_SAME_COUNTRY = {"us": "us", "usa": "us", "american": "us", "america": "us", "uk": "uk", "british": "uk", "britain": "uk"}


def _bare(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s").rstrip("'’")


def _split_compound(office: Office, other: Office) -> Office:
    """ "prime minister" read as "minister" qualified by "prime" when the other office is a plain "minister"."""
    if office.role != other.role and office.role.endswith(" " + other.role):
        return Office(other.role, office.qualifiers | {office.role[: -len(other.role) - 1]}, office.kinds)
    return office


# Endings that make a people's word of a place's name: Kenya -> Kenyan, Haiti -> Haitian,
# Brazil -> Brazilian, Japan -> Japanese, Britain -> British (by its base "brit").
_PEOPLE_ENDINGS = ("ian", "an", "n", "ese", "ish", "i")


# Places whose people's word no ending makes.
_IRREGULAR_PEOPLES = {
    "france": "french",
    "britain": "british",
    "england": "english",
    "scotland": "scottish",
    "ireland": "irish",
    "wales": "welsh",
    "spain": "spanish",
    "greece": "greek",
    "netherlands": "dutch",
    "switzerland": "swiss",
    "portugal": "portuguese",
    "thailand": "thai",
    "denmark": "danish",
    "sweden": "swedish",
    "finland": "finnish",
    "poland": "polish",
    "turkey": "turkish",
    "philippines": "filipino",
}
_IRREGULAR = {**_IRREGULAR_PEOPLES, **{people: place for place, people in _IRREGULAR_PEOPLES.items()}}


def people_forms(name: str) -> frozenset[str]:
    """Other words for the same place or people ("kenya" <-> "kenyan", "canada" <-> "canadian", "france" <-> "french")."""
    if name in _IRREGULAR:
        return frozenset({_IRREGULAR[name]})
    if len(name) < 4 or not name.isalpha():
        return frozenset()
    forms = {name + e for e in _PEOPLE_ENDINGS}
    if name[-1] in "aey":
        forms |= {name[:-1] + e for e in _PEOPLE_ENDINGS}
    for ending in _PEOPLE_ENDINGS:
        base = name[: -len(ending)]
        if name.endswith(ending) and len(base) >= 3:
            forms |= {base, base + "a", base + "e", base + "y"}
    forms.discard(name)
    return frozenset(forms)


def name_office_clash(asked: Office | None, text: str, start: int, end: int, others: Sequence[str] = ()) -> Office | None:
    """A title of the name ``text[start:end]`` that clashes with the asked office, when every title it has does.

    A person may carry two offices ("Prime Minister Mia Mottley, CARICOM's
    chairwoman,"): one that fits the question clears the name. News gives a
    title in full once and shortens it after ("Kenyan President William
    Ruto", then "President Ruto"), so the titles the name's last word carries
    anywhere in ``text`` and in ``others`` (the other articles read for the
    question) count too, one office's qualifiers pooled ("President" and
    "Kenyan President" read as the Kenyan one). A leader asked without an
    office (``LEADING``) is checked at a mention without a title too ("said
    Graham Cluley from Sophos" is the man called its spokesman elsewhere).
    """
    if asked is None or not text[start : start + 1].isupper():
        return None  # only a name (it starts with a capital) carries a title
    after = title_after(text, end)
    here = titles_before(text, start) + ([after] if after is not None else [])
    if not here and asked.role != LEADING:
        return None
    titles = _pooled(here + _titles_elsewhere(text[start:end], (text, *others)))
    if titles and all(office_clash(asked, t) for t in titles):
        same = [t for t in titles if t.role == asked.role] or [t for t in titles if here and t.role == here[0].role]
        return same[0] if same else titles[0]  # the asked office's own clash says the most
    return None


def _titles_elsewhere(name: str, texts: Sequence[str]) -> list[Office]:
    """The titles written before or after each mention of the name's last word (a surname) in ``texts``."""
    surname = _words(name)[-1] if _words(name) else ""
    if len(surname) < 3 or not surname[:1].isupper():
        return []
    pattern = re.compile(rf"(?<![\w\-]){re.escape(surname)}(?![\w\-])")
    found = []
    for text in texts:
        for match in pattern.finditer(text):
            first = _name_start(text, match.start())
            found.extend(titles_before(text, first))
            after = title_after(text, match.end())
            if after is not None:
                found.append(after)
    return found


def _name_start(text: str, at: int) -> int:
    """Where the name whose last word starts at ``at`` starts: back over capitalised words that are not an office's."""
    start = at
    for word in reversed(text[max(0, at - 60) : at].split(" ")[:-1]):
        if not word[:1].isupper() or word.lower() in _ROLE_WORDS:
            break
        start -= len(word) + 1
    return start


def _pooled(titles: list[Office]) -> list[Office]:
    """One office per role (and lesser rank), its qualifiers pooled over the mentions."""
    merged: dict[tuple[str, frozenset[str]], set[str]] = {}
    kinds: dict[tuple[str, frozenset[str]], set[str]] = {}
    for title in titles:
        key = (title.role, title.qualifiers & (_LESSER | _SHADOW))
        merged.setdefault(key, set()).update(title.qualifiers)
        kinds.setdefault(key, set()).update(title.kinds)
    return [Office(role, frozenset(qualifiers), frozenset(kinds[role, rank])) for (role, rank), qualifiers in merged.items()]


# When an office was held: a question about a "former coach" is not answered by the "new coach".
_PAST = frozenset({"former", "ex", "previous", "old", "outgoing"})
_PRESENT = frozenset({"new", "current", "incoming", "present"})
_TENSE_WORDS = "|".join(sorted(_PAST | _PRESENT))
_ROLE_ALTERNATIVES = "|".join(re.escape(r) for r in _PRECISE)
# A time word, up to two words, then an office: "former coach", "ex-England manager".
_TENSED = rf"(?i:\b({_TENSE_WORDS})\b[\s\-]+(?:[\w'’]+\s+){{0,2}}?({_ROLE_ALTERNATIVES}))"
_TENSED_ROLE = re.compile(rf"{_TENSED}(?i:s?)\b")
# The same, right before a name ("New coach Tony Lester", "the former England manager Sven"): the time
# word and the office in any case, then only capitalised words up to the name ("the new manager praised
# Smith" gives Smith no title).
_TENSED_TITLE = re.compile(rf"{_TENSED}\s+(?:[A-Z][\w'’\-]*\s+){{0,3}}$")


def _past_and_office(match: re.Match[str]) -> tuple[bool, str]:
    """Whether a ``_TENSED`` match speaks of the past, and its office ("spokeswoman" read as "spokesman")."""
    role = match.group(2).lower()
    return match.group(1).lower() in _PAST, _SAME_OFFICE.get(role, role)


def tense_clash(question: str, text: str, start: int) -> tuple[str, str] | None:
    """(asked, titled) when the question asks for a former holder and the name's title calls them the new one, or the reverse.

    "Who is McIlroy's former coach?" of "New coach Tony Lester has helped
    ...": the office is the same, so ``office_clash`` sees nothing, and
    ``Office`` drops "former" and "new" as qualifiers (they say when, not
    which). Read only in a title written right before the name, the same
    office on both sides, one side past ("former", "ex-", "previous", "old",
    "outgoing") and the other present ("new", "current", "incoming").
    """
    asked = _TENSED_ROLE.search(question)
    if asked is None:
        return None
    titled = _TENSED_TITLE.search(text[max(0, start - _REACH) : start])
    if titled is None:
        return None
    asked_past, asked_role = _past_and_office(asked)
    titled_past, titled_role = _past_and_office(titled)
    if asked_role != titled_role or asked_past == titled_past:
        return None
    return f"{asked.group(1)} {asked.group(2)}".lower(), f"{titled.group(1)} {titled.group(2)}".lower()
