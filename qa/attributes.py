"""Contrasting attributes: words naming facts that exclude each other about the same thing.

An *attribute swap* keeps a question's subject and changes what it asks
about it: the article gives the number of officers *deployed*, the question
asks how many were *injured*; it names the *women's* winner, the question asks
for the *men's*. Names, numbers and years are unchanged, so the checks on
specifics see nothing; the reader still finds a crisp number in the right
sentence. What gives the swap away is that the answer's sentence speaks of a
sibling of the asked attribute (*deployed*, *women's*) and not of the
attribute itself.

``CONTRASTS`` lists groups of such siblings. Each group holds classes of
words that say the same thing ("killed", "died", "deaths"); two classes of
one group name facts that exclude each other for one subject. A class is
only a sibling of another in its own group, and words in no group are never
in conflict: a question that says "deployed" where its answer's sentence
says "arrived" is a paraphrase, not a swap, and neither word's class clashes
with the other. Converse verbs clash only for a counted answer
(``COUNTED_CONTRASTS``: "Who bought it?" is answered by "X sold it to Y",
"Who won?" by "Y lost to X", but "How many did X sell?" is not by "X
bought 40"). Compass points are left out (parts of names: "South
Carolina", "Middle East"), and so are words as often another part of
speech as the attribute ("open to all"); "spring" is in, as news uses it
for the season far more than for the verb, and a verb "spring" in a
sentence only counts as the season asked. The lists are general English
news vocabulary, not read off any evaluation question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from index.text import stemmer

# Currencies, a symbol counting as its word (``attribute_words``): one group of ``CONTRASTS``. A question that writes
# one only inside a name ("Million Dollar Baby") asks for none (``question_attribute_words``).
CURRENCIES: tuple[str, ...] = (
    "dollar dollars",
    "euro euros",
    "pound pounds sterling",
    "yen",
    "yuan renminbi",
    "rouble roubles ruble rubles",
)
# Each group: classes of words, every inflection that should count written out. Words are matched
# whole, not by stem: a stem would read "important" as "imports" and "graduate school" as "graduated".
CONTRASTS: tuple[tuple[str, ...], ...] = (
    # what happened to people
    (
        "killed kill kills killing killings died die dies dying dead death deaths fatalities murdered murder murders murdering slain",
        "injured injure injuring injury injuries wounded wound wounding",
        # recapturing escaped inmates is an arrest
        "arrested arrest arrests detained detain detention jailed jail imprisoned recaptured recapture recaptures",
        "rescued rescue rescues evacuated evacuate evacuation",
        "kidnapped kidnap kidnapping kidnappings abducted abduct abduction hostages",
        "displaced",
        "deported deport deportation deportations expelled expel",
        "graduated graduates graduation",
        "recruited recruit recruits recruitment hired hire",
        "deployed deploy deployment dispatched dispatch",
        "raped rape rapes",
        "infected infection infections",
    ),
    # who it happened to
    ("civilians civilian", "soldiers soldier troops servicemen"),
    ("passengers passenger", "crew"),
    ("children child kids minors", "adults adult"),
    ("students student pupils pupil", "teachers teacher"),
    ("employers employer", "employees employee"),
    # direction of a change
    (
        "rose rise risen rises rising increase increased increases increasing raise raised raises raising climbed jumped soared "
        "up-by went-up gone-up go-up goes-up going-up",
        "fell fall fallen falls falling decrease decreased decreases declined declines decline drop dropped shrank shrunk "
        "shrink shrinks shrinking contracted contraction slumped reduced cut cuts cutting down-by",
    ),
    # trade: what a country buys in, sends out and uses up are three different figures ("produce" is left out: a
    # process "produces" what another "consumes" in science as often as a country makes goods)
    ("imports imported import importing", "exports exported export exporting", "consumes consumed consume consuming consumption"),
    # medals
    ("gold", "silver", "bronze"),
    # who
    ("men men's male", "women women's female"),
    ("boys boys'", "girls girls'"),
    # extremes and order
    ("highest maximum", "lowest minimum"),
    ("high highs", "low lows"),
    ("largest biggest", "smallest"),
    ("oldest", "youngest"),
    ("best", "worst"),
    ("earliest", "latest"),
    ("births birth born", "deaths death died", "retired retire retires retirement"),
    # money
    ("revenue revenues turnover sales", "profit profits earnings", "assets"),
    # a price is no sum earned (a group of its own: a question may name both, "raising prices after ... hit sales")
    ("price prices", "revenue revenues turnover sales profit profits earnings"),
    ("profit profits", "loss losses"),
    ("fortune fortunes wealth worth", "raised raise raises raising fundraising"),
    ("inflation", "unemployment jobless"),
    ("spend spends spending spent", "save saves saving savings saved"),
    ("domestic", "foreign overseas"),
    ("hardware", "software"),
    ("legal legally", "illegal illegally"),
    ("deficit deficits", "surplus surpluses"),
    CURRENCIES,
    # office, courts, votes
    ("appointed appointment", "resigned resign resignation quit", "sacked dismissed"),
    ("convicted conviction", "acquitted acquittal"),
    ("arrested arrest arrests", "convicted conviction", "sentenced jailed imprisoned"),
    (
        "approved approve approval accepted accept accepts accepting received receive receives receiving",
        "rejected reject rejects rejection vetoed veto turned-down turn-down turns-down turning-down",
    ),
    ("support supports supported supporting welcomed welcomes backed", "oppose opposes opposed opposing"),
    (
        "praised praise praises praising hailed",
        "criticised criticized criticise criticize criticises criticizes criticising criticizing condemned condemn condemns",
    ),
    ("proponents proponent supporters supporter backers advocates", "opponents opponent critics detractors"),
    # when and how often
    ("spring", "summer summers", "winter winters", "autumn"),
    ("weekly", "monthly", "quarterly", "annual annually yearly"),
    ("morning mornings", "afternoon afternoons", "evening evenings"),
    ("opened opening", "closed closing closure"),
    (
        "arrived arrive arrives arriving arrival",
        "left leave leaves leaving departed depart departs departure withdrew withdraw withdraws withdrawn withdrawal",
    ),
    # making and unmaking a body or a force (not "create": one sentence often abolishes one thing and creates another)
    (
        "established establish establishes establishing establishment formed founded",
        "dismantled dismantle dismantles dismantling disbanded disband disbands disbanding abolished abolish "
        "abolishes abolishing abolition scrapped scrap scraps scrapping",
    ),
    # people's lives and awards
    ("married marry marriage", "divorced divorce"),
    ("actor actors", "actress actresses"),
    # who makes a film, a game or a band's music
    ("director directors directing", "producer producers producing"),
    ("developer developers", "publisher publishers"),
    ("singer singers", "guitarist guitarists", "drummer drummers", "bassist bassists"),
    # sides: "his left forearm", "the right wing"
    ("left", "right"),
    # contests
    ("wins", "draws", "defeats losses"),
    ("semi-final semi-finals semifinal semifinals", "quarter-final quarter-finals quarterfinal quarterfinals"),
)
# Converse verbs: one event told from its other side ("Who won?" is answered by "Y lost to X"), so they clash only
# for a counted answer, where the number belongs to one side: "How many finals did Reardon lose?" of "Reardon won
# six world titles", "How many shares did Glazer sell?" of "Glazer bought 28.1%".
COUNTED_CONTRASTS: tuple[tuple[str, ...], ...] = (
    ("won win wins winning", "lost lose loses losing"),
    ("bought buy buys buying purchased purchase purchases", "sold sell sells selling"),
    ("scored score scores scoring", "conceded concede concedes conceding"),
    ("lent lend lends lending", "borrowed borrow borrows borrowing"),
    ("kept keep keeps keeping", "lost lose loses losing"),
    # "In what year did he leave the label?" is not answered by "I joined the label in 1977"; but "Where did he work
    # before joining X?" is by "he left NASA to join X"
    ("joined join joins joining", "left leave leaves leaving quit quits departed"),
    ("taught teach teaches teaching", "learned learnt learn learns learning"),
    # a course, counted: who finished it, who joined it, who did not make it ("graduated to joining" is a figure
    # of speech, not a count)
    (
        "graduated graduates graduation",
        "enrolled enrol enrols enroll enrolls enrolment enrollment",
        "failed fail fails dropped-out drop-out drops-out dropping-out",
    ),
)
_GROUPS = CONTRASTS + COUNTED_CONTRASTS  # indexed as one: a group number past len(CONTRASTS) is a counted-only one
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*(?:['’]s\b|s['’])?")


# "was up by 1.2%", "were down 3%": a change told with "up" or "down" before a figure, after a form of "be" or
# followed by "by", read as the words "up-by" and "down-by". Bare "up" and "down" are too loose: "set up", "made up
# 19% of the student body", "down the road".
_FIGURE = r"(?:about\s+|almost\s+|nearly\s+|around\s+|some\s+)?(?=[£$€\d])"
# A currency's sign counts as its word; "¥" is the yen's and the yuan's.
_CURRENCY_SYMBOLS = {"$": ("dollar",), "£": ("pound",), "€": ("euro",), "¥": ("yen", "yuan")}
# "turned down the award": the phrasal verb read as one word, "turned-down" (not "turned down the road").
_TURNED_DOWN = re.compile(r"\b(turned|turn|turns|turning)\s+down\b(?!\s+(?:the\s+)?(?:road|street|lane|volume))")
# "dropped out of college": read as one word, "dropped-out".
_DROPPED_OUT = re.compile(r"\b(dropped|drop|drops|dropping)\s+out\b")
# "Rates went up five times": a rise, read as one word, "went-up" (not "went up against", "went up in flames"). What
# follows must be seen: a list of the words around an answer, cut after "up", may have cut off its "against".
_WENT_UP = re.compile(
    r"\b(went|gone|go|goes|going)\s+up\b(?=\s*\S)(?!\s+(?:against|in|the|a|an|his|her|their|its|into|onto|for|on|and|with)\b)"
)
_MOVED = re.compile(rf"\b(?:was|were|is|are|been|be|being)\s+(up|down)\s+(?:by\s+)?{_FIGURE}|\b(up|down)\s+by\s+{_FIGURE}")


@lru_cache(maxsize=4096)
def attribute_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` as ``CONTRASTS`` spells them ("Women’s" -> "women's").

    Cached: every candidate reads its sentence window's words, and a
    question's candidates share a few windows.

    A hyphenated word counts whole and by its parts ("semi-final", and
    "semi" and "final"; "gang-killed" holds "killed"). "Up" or "down"
    before a figure counts as "up-by" or "down-by" (``_MOVED``), and "went up"
    as "went-up" (``_WENT_UP``).
    """
    lowered = text.lower()
    words = {w.replace("’", "'") for w in _WORD.findall(lowered)}
    moved = {f"{m.group(1) or m.group(2)}-by" for m in _MOVED.finditer(lowered)}
    moved |= {f"{m.group(1)}-down" for m in _TURNED_DOWN.finditer(lowered)}
    moved |= {f"{m.group(1)}-out" for m in _DROPPED_OUT.finditer(lowered)}
    moved |= {f"{m.group(1)}-up" for m in _WENT_UP.finditer(lowered)}
    symbols = {word for symbol, named in _CURRENCY_SYMBOLS.items() if symbol in text for word in named}
    return frozenset(words | {part for w in words if "-" in w for part in w.split("-")} | moved | symbols)


# A word a text denies ("refused to accept", "did not die") is not held: "Why did the board reject the bid?" is
# no attribute swap of "the board refused to accept the bid". Only the word the denial governs is dropped.
_DENIED = re.compile(
    r"\b(?:not|never|n['’]t|(?:refus|fail|declin)(?:ed|es|e|ing) to)\s+(?!only\b)(?:(?:be|been|have|yet|even)\s+)?[a-z\-]+",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def held_attribute_words(text: str) -> frozenset[str]:
    """``attribute_words`` of a text that should hold an answer, without the words it denies (``_DENIED``)."""
    return attribute_words(_DENIED.sub(" ", text))


# A question asks how much a figure moved with a bare "up" or "down" after "was/were ...": "By how much were
# Christmas takings up on 2003's figures?". Only in a question that asks for the figure; elsewhere a bare "up"
# is too loose ("set up", "made up").
_ASKS_FIGURE = re.compile(r"\b(?:how much|how many|what percentage|what share|how far)\b", re.IGNORECASE)
_ASKED_MOVE = re.compile(r"\b(?:was|were|is|are)((?:\s+[\w'’]+){0,4}?)\s+(up|down)\b(?!\s+(?:to|with|from|for)\b)", re.IGNORECASE)
# A verb before "up" or "down" makes it a particle ("were shot down", "was set up"), not a figure's move.
_PARTICLE_VERBS = frozenset(
    "shot cut set put hit shut broken broke held brought built taken given made drawn torn split wound thrown".split()
)


_CURRENCY_WORDS = frozenset(word for members in CURRENCIES for word in members.split())
_CAPITALISED_WORD = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+\b")


def _named_currencies(question: str) -> frozenset[str]:
    """Currency words the question writes only inside a name ("Million Dollar Baby"): no currency asked."""
    capitalised = {w.lower() for w in _CAPITALISED_WORD.findall(question)} & _CURRENCY_WORDS
    lower = set(re.findall(r"\b[a-z]+\b", question))
    return frozenset(capitalised - lower)


# "open" after "did" / "does" / "will" is the verb a market or a venue opens with; alone it is as often an
# adjective ("open to all"), so the word lists leave it out.
_DID_OPEN = re.compile(r"\b(?:did|does|do|will|would)\b(?:\s+[\w'’\-]+){0,4}?\s+open\b", re.IGNORECASE)


def question_attribute_words(question: str) -> frozenset[str]:
    """``attribute_words`` of a question, with a figure's bare "up" or "down" read as "up-by" or "down-by".

    A word the question denies is not asked ("What did they refuse to accept?" asks for no acceptance).
    """
    words = held_attribute_words(question) - _named_currencies(question)
    if _DID_OPEN.search(question):
        words = words | {"opened"}  # "At what level did the index open?": the verb, not "open to visitors"
    if not _ASKS_FIGURE.search(question):
        return words
    moved = set()
    for m in _ASKED_MOVE.finditer(question):
        between = m.group(1).lower().split()
        if not any(w.endswith("ed") or w in _PARTICLE_VERBS for w in between):
            moved.add(f"{m.group(2).lower()}-by")
    return words | moved if moved else words


@lru_cache(maxsize=1)
def _classes() -> tuple[tuple[frozenset[str], ...], ...]:
    """``CONTRASTS``, then ``COUNTED_CONTRASTS``, as sets: per group, one set of words per class."""
    return tuple(tuple(frozenset(words.split()) for words in group) for group in _GROUPS)


def _held(classes: Sequence[frozenset[str]], words: frozenset[str]) -> list[int]:
    return [i for i, members in enumerate(classes) if members & words]


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, tuple[tuple[int, int], ...]]:
    """Each word of ``CONTRASTS`` and the (group, class) pairs that list it."""
    index: dict[str, list[tuple[int, int]]] = {}
    for g, classes in enumerate(_classes()):
        for i, members in enumerate(classes):
            for word in members:
                index.setdefault(word, []).append((g, i))
    return {word: tuple(pairs) for word, pairs in index.items()}


def _asked_classes(words: frozenset[str]) -> list[tuple[int, int]]:
    """(group, class) of each group in which ``words`` name exactly one class, in group order.

    Why: the selector checks ~20 candidates per question against every
    group; looking the question's few words up finds the handful of groups
    it touches without testing the others (same result, fewer set tests).
    """
    touched: dict[int, set[int]] = {}
    for word in words:
        for g, i in _word_classes().get(word, ()):
            touched.setdefault(g, set()).add(i)
    return sorted((g, next(iter(found))) for g, found in touched.items() if len(found) == 1)


def clashing_attributes(
    question_words: Iterable[str], text_words: Iterable[str], answer_words: Iterable[str] = (), counted: bool = False
) -> tuple[str, ...]:
    """The asked attributes a text speaks of only through a sibling ("injured" asked, "deployed" held).

    Args:
        question_words: the question's ``attribute_words``.
        text_words: those of the text that should hold the answer (its sentences, or the words around it).
        answer_words: those of the answer itself.
        counted: the answer counts or measures something (it holds a digit or a number word).

    Returns the first word of each asked class that clashes: the question names
    a word of one class of a group, and the text holds another class of that
    group and no word of the asked one. A question naming two classes of one
    group ("rose or fell") asks about both and never clashes on it, nor does
    one whose answer is itself a word of the group ("Normally silver, what
    colour was used?" answered "gold"): that answer names the attribute the
    question asks for. A counted answer is the exception: "302 children" for
    "How many adults were recruited?" names what it counts, and a sibling
    there is the clash itself (on SQuAD 0-35's 8,123 gold answers the
    exception flags none).
    """
    found = _contrasts(question_words, text_words, answer_words, counted)
    return tuple(_GROUPS[g][asked].split()[0] for g, asked, _ in found)


def contrasted_attributes(
    question_words: Iterable[str], text_words: Iterable[str], answer_words: Iterable[str] = (), counted: bool = False
) -> tuple[tuple[str, str], ...]:
    """Per clash, the question's own word and the text's word of the sibling class: ("shrink", "rose")."""
    asked_words, held_words = frozenset(question_words), frozenset(text_words)
    classes = _classes()
    return tuple(
        (_shown(min(classes[g][asked] & asked_words)), _shown(min(classes[g][held] & held_words)))
        for g, asked, held in _contrasts(asked_words, held_words, answer_words, counted)
    )


def _shown(word: str) -> str:
    """A word as a refusal quotes it: "up-by" (``_MOVED``) as the "up" the text wrote."""
    return word.removesuffix("-by") if word in ("up-by", "down-by") else word


def _contrasts(
    question_words: Iterable[str], text_words: Iterable[str], answer_words: Iterable[str], counted: bool = False
) -> list[tuple[int, int, int]]:
    """(group, asked class, first held class) of every clash; see ``clashing_attributes``."""
    asked_words, held_words, answered = frozenset(question_words), frozenset(text_words), frozenset(answer_words)
    out = []
    all_classes = _classes()
    for g, asked in _asked_classes(asked_words):
        if g >= len(CONTRASTS) and not counted:
            continue  # converse verbs: "Who won?" is answered by "Y lost to X"
        classes = all_classes[g]
        in_answer = _held(classes, answered)
        if in_answer and (not counted or asked in in_answer):
            continue
        held = _held(classes, held_words)
        if held and asked not in held:
            out.append((g, asked, held[0]))
    return out


# What happened to people, in words few others paraphrase: killed, injured, arrested, rescued, kidnapped
# (``CONTRASTS``' first group; "displaced", "deployed" and the like are told too many other ways).
_EVENT_CLASSES = 5


def unstated_event(question_words: frozenset[str], doc_text: str) -> str | None:
    """The question's word for what happened to people when its article never uses any word of that class.

    "How many Kenyan officers have been injured?" asks for a figure an
    article that never tells of anyone injured or wounded cannot give: a
    figure from it counts something else ("The number of Kenyan officers in
    Haiti is 800"). The caller reads it for a counted answer to a "how many"
    question only; a question that asks about two such classes ("killed or
    injured") is not read. On SQuAD dev's 24 counted questions that ask so,
    no article lacks the word.
    """
    asked = [members for members in _classes()[0][:_EVENT_CLASSES] if members & question_words]
    if len(asked) != 1 or asked[0] & attribute_words(doc_text):
        return None
    return min(asked[0] & question_words)


# The groups of ``CONTRASTS`` that rank things at one extreme: a question asks for one end.
_EXTREMES = frozenset({"highest maximum", "largest biggest", "oldest", "best", "earliest"})


@lru_cache(maxsize=1)
def _extreme_words() -> frozenset[str]:
    """Every word of the ``_EXTREMES`` groups."""
    return frozenset(w for group in CONTRASTS if group[0] in _EXTREMES for words in group for w in words.split())


def unstated_extreme(question_words: frozenset[str], doc_text: str) -> str | None:
    """The question's extreme ("worst") when its article never uses that end but does use another ("best").

    "What caused Nike's worst second-quarter earnings?" of an article on
    Nike's best quarter: the answer's sentence ("... reached all-time high
    levels as a result of solid performance") holds neither word, so the
    window the sibling check reads sees nothing; the article as a whole
    tells only the other end. A question that names two ends is not read.
    """
    if not question_words & _extreme_words():
        return None  # most questions ask for no extreme: the article's words are not read
    held = attribute_words(doc_text)
    for group, classes in zip(CONTRASTS, _classes()):
        if group[0] not in _EXTREMES:
            continue
        asked = [members for members in classes if members & question_words]
        if len(asked) != 1 or asked[0] & held:
            continue
        if any(members & held for members in classes if members is not asked[0]):
            return min(asked[0] & question_words)
    return None


def sibling_words(word: str) -> tuple[str, ...]:
    """Words of the other classes of each group whose class holds ``word`` (as written in ``CONTRASTS``), in order.

    The near-miss generator swaps a question's word for one of these.
    """
    words = attribute_words(word)
    out: list[str] = []
    for group, classes in zip(CONTRASTS, _classes()):
        mine = _held(classes, words)
        if len(mine) != 1:
            continue
        for i, members in enumerate(group):
            if i != mine[0]:
                out.extend(members.split())
    return tuple(dict.fromkeys(out))


def word_class(word: str) -> frozenset[str]:
    """Every word of the classes that hold ``word`` (its synonyms and inflections in ``CONTRASTS``)."""
    words = attribute_words(word)
    return frozenset(w for classes in _classes()[: len(CONTRASTS)] for members in classes if members & words for w in members)


ORDINAL_WORDS: tuple[str, ...] = tuple(
    (
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
    ).split()
)
# Words that rank a thing first without saying "first": "its opening weekend", "his debut season".
_FIRSTS = frozenset({"opening", "debut", "inaugural", "maiden"})
_RANKED = re.compile(
    rf"\b({'|'.join([*ORDINAL_WORDS, *sorted(_FIRSTS)])}|\d{{1,2}}(?:st|nd|rd|th))\s+([a-z][a-z\-]+)", re.IGNORECASE
)


_CARDINALS = "one two three four five six seven eight nine ten".split()
# A rank told as "number two" or "No 2" before its noun: "China's number two computer maker".
_NUMBERED = re.compile(rf"\b(?i:number|no\.?)\s+((?i:{'|'.join(_CARDINALS)})|\d{{1,2}})\s+([a-z][a-z\-]+)")


def _ranks(text: str) -> list[tuple[str, str, str]]:
    """(rank as an ordinal word, the noun after it, the words as written) for every ranked noun of ``text``."""
    found = [(_ordinal(m.group(1)), m.group(2).lower(), m.group(0)) for m in _RANKED.finditer(text)]
    for m in _NUMBERED.finditer(text):
        number = m.group(1).lower()
        n = _CARDINALS.index(number) + 1 if number in _CARDINALS else int(number)
        if 1 <= n <= len(ORDINAL_WORDS):
            found.append((ORDINAL_WORDS[n - 1], m.group(2).lower(), m.group(0)))
    return found


def _ordinal(word: str) -> str:
    """An ordinal as a word: "13th" -> "thirteenth" (up to twentieth; higher ones stay digits), "opening" -> "first"."""
    word = word.lower()
    if word in _FIRSTS:
        return "first"
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
    if digits and 1 <= int(digits.group(1)) <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[int(digits.group(1)) - 1]
    return word


def ordinal_contrast(question: str, sentence: str) -> tuple[str, str] | None:
    """("thirteenth man", "twelfth man") when the sentence ranks the question's noun another way and never as asked.

    "Who is the thirteenth man to be arrested?" of "Mr Griffin is the twelfth
    man to be arrested": every other word matches, and a rank is no number
    ``number_missing_doc`` reads. An ordinal is matched with the word right
    after it ("opening", "debut", "inaugural" and "maiden" rank first: "its
    second weekend" against "its opening weekend"); "first" is not read in
    the question, since askers reckon it loosely ("the first Super Bowl the
    Panthers played in" of their "second"). Of SQuAD dev's 475 questions
    with an ordinal before a word, none clashes with its gold sentence so.
    """
    told = {(rank, noun): shown for rank, noun, shown in _ranks(sentence)}
    if not told:
        return None
    lowered = sentence.lower()
    for rank, noun, asked in _ranks(question):
        if rank == "first" or (rank, noun) in told or re.search(rf"\b{rank}\b", lowered):
            continue
        others = sorted((r, shown) for (r, n), shown in told.items() if n == noun and r != rank)
        if others:
            return asked, others[0][1]
    return None


# "first" and "last" before one noun: the two ends of an order ("the last person to be voted off" is no answer to
# "Who was the first person to be voted off?"). Not before a word of time, where "last" means the one before now
# ("last year", "last season") and "first time" is an idiom.
_FIRST_OR_LAST = re.compile(r"\b((?i:first|last))\s+([a-z][a-z\-]+)")
_TIME_NOUNS = frozenset(
    "year years week weeks month months season seasons night time times day days weekend decade century term quarter "
    "minute minutes hour hours summer winter autumn spring half".split()
)


def end_contrast(question: str, sentence: str) -> tuple[str, str] | None:
    """("first person", "last person") when the sentence puts the question's noun at the other end of an order.

    The noun is a common one (lower case: "the first Super Bowl" names
    another thing than "the last Super Bowl in California"), and the
    sentence never uses the question's own end word at all ("his first
    episode was X and his last Y").
    """
    told = {(m.group(1).lower(), m.group(2)): m.group(0) for m in _FIRST_OR_LAST.finditer(sentence)}
    lowered = sentence.lower()
    for m in _FIRST_OR_LAST.finditer(question):
        end, noun = m.group(1).lower(), m.group(2)
        if noun in _TIME_NOUNS or re.search(rf"\b{end}\b", lowered):
            continue
        other = told.get(("last" if end == "first" else "first", noun))
        if other is not None:
            return m.group(0), other
    return None


# Verbs whose "dis-" form says the opposite ("the tries were disallowed"). Listed, not read off the prefix:
# "discover", "display", "discount" and "dismiss" are no opposites of cover, play, count and miss.
DIS_OPPOSITES = frozenset(
    "allow agree approve like qualify obey prove own arm connect continue appear credit honour honor regard trust "
    "believe satisfy please integrate assemble".split()
)
_DIS_WORD = re.compile(r"\bdis([a-z]+)", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|cannot|without)\b|n['’]t\b", re.IGNORECASE)
_PLAIN_WORD = re.compile(r"[a-z]+", re.IGNORECASE)


# Words whose negative prefix says the opposite, listed for the same reason as ``DIS_OPPOSITES`` ("invest",
# "untie" and "inflation" are no opposites), mapped to their plain form. Not "uncertain": "certain" is as often
# "some" ("certain statements").
_NEGATIVE_PREFIXES = ("non-", "un", "in", "im")


def _without_negative_prefix(word: str) -> str:
    """The word without its one negative prefix: "uninsured" -> "insured" (not "sured")."""
    prefix = next(p for p in _NEGATIVE_PREFIXES if word.startswith(p))
    return word[len(prefix) :]


NEGATIVE_FORMS = {
    negative: _without_negative_prefix(negative)
    for negative in (
        "insecurity insecure instability unstable unemployment unemployed unpopular unsuccessful unfair unlawful "
        "unofficial unarmed unlikely unable unwilling unaware incompetent impossible inaccurate inadequate "
        "indirect informal incomplete insufficient unsafe unsustainable unacceptable unpaid unlimited "
        "inactive invisible unconstitutional undemocratic unhealthy unprofitable unpredictable unregulated "
        "unsigned uninsured unqualified unknown unconfirmed unopposed unchanged unbeaten non-violent"
    ).split()
}


def opposite_by_prefix(question: str, text: str) -> tuple[str, str] | None:
    """(asked, said) when ``text`` has the question's verb only in its "dis-" form: "disallowing" for "allow".

    "Whose tries did the referee allow?" is a false premise of "after
    disallowing tries from Cueto and Lewsey". A question that itself
    negates ("did not agree") asks about the opposite and is not read.
    """
    if _NEGATION.search(question):
        return None
    stem = stemmer().stemWord
    asked = {stem(w.lower()): w.lower() for w in _PLAIN_WORD.findall(question) if stem(w.lower()) in _dis_stems()}
    if not asked:
        return None
    plain = {stem(w.lower()) for w in _PLAIN_WORD.findall(text)}
    for match in _DIS_WORD.finditer(text):
        base = stem(match.group(1).lower())
        if base in asked and base not in plain:
            return asked[base], match.group(0).lower()
    return None


# A doer question: the verb right after its wh-phrase ("Which BBC comedy kept ...?", "Who has won ...?"), the
# wh-phrase "who" or "which" / "what" and up to three words.
_DOER_QUESTIONS = tuple(
    re.compile(rf"^\s*(?:who|(?:which|what)(?:\s+[\w'’\-]+){{{n}}})\s+(?:(?:has|have|had)\s+)?([a-z]+)\b", re.IGNORECASE)
    for n in (0, 1, 2, 3)
)
# Words between a verb and what it is done to that say nothing of which thing it is.
OBJECT_LEADS = frozenset("the a an its his her their our my your this that these those".split())


def _next_word(words: Sequence[str], at: int) -> str | None:
    """The first word after ``words[at]`` that is not a determiner or a possessive (the object's first word)."""
    for word in words[at + 1 : at + 4]:
        if word not in OBJECT_LEADS:
            return word
    return None


def converse_doer(question: str, sentence: str, answer: tuple[int, int]) -> tuple[str, str] | None:
    """(asked, said) when the answer does the other side of the question's verb to the same thing.

    "Which BBC comedy kept its primetime slot on NBC?" of "BBC comedy
    Coupling ... lost its primetime slot": keeping and losing, winning and
    losing, buying and selling, joining and leaving are one event told from
    either side (``COUNTED_CONTRASTS``), so they clash for a count only, but
    the doer of one is no doer of the other when both are done to the same
    thing. Read for a question that asks for the doer (its verb right after
    the wh-phrase), a candidate standing before the sentence's other verb,
    the object's first word the same, and a sentence that never uses the
    asked verb.
    """
    asked = _asked_converse(question)
    if asked is None:
        return None
    group, asked_class, asked_word, asked_object = asked
    classes = _classes()[group]
    told = [(m, m.group(0).lower()) for m in _PLAIN_WORD.finditer(sentence)]
    if any(word in classes[asked_class] for _, word in told):
        return None  # the sentence tells the asked side too
    words = [word for _, word in told]
    for k, (match, word) in enumerate(told):
        other = any(word in members for c, members in enumerate(classes) if c != asked_class)
        if other and answer[1] <= match.start() and _next_word(words, k) == asked_object:
            return asked_word, word
    return None


# "What did Stan Lee lose ...?": an auxiliary, the doer's name (capitalised words), and the verb.
_NAMED_DOER_QUESTION = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would|could|can)\s+((?:[A-Z][\w'’.\-]*\s+){1,4})([a-z]+)\b"
)


def converse_of_named_doer(question: str, sentence: str, answer: tuple[int, int]) -> tuple[str, str] | None:
    """(asked, said) when the question's named doer does the other side of its verb to the same thing.

    "What did Stan Lee lose a court battle over?" of "Stan Lee ... has won a
    court battle for a slice of the profits": the question names who acts
    and asks for something after the verb, so the converse verb
    (``COUNTED_CONTRASTS``) with that doer before it and the same object
    after it tells the other side of the event. The companion of
    ``converse_doer``, which reads questions that ask for the doer. Read
    only when the sentence never uses the asked verb, the doer's last name
    stands before the converse verb, and the answer comes after it.
    """
    asked = _asked_named_converse(question)
    if asked is None:
        return None
    group, asked_class, verb, asked_object, doer = asked
    classes = _classes()[group]
    told = [(m, m.group(0).lower()) for m in _PLAIN_WORD.finditer(sentence)]
    if any(word in classes[asked_class] for _, word in told):
        return None  # the sentence tells the asked side too
    words = [word for _, word in told]
    seen_doer = False
    for k, (match, word) in enumerate(told):
        seen_doer = seen_doer or word == doer
        other = any(word in members for c, members in enumerate(classes) if c != asked_class)
        if other and seen_doer and match.end() <= answer[0] and _next_word(words, k) == asked_object:
            return verb, word
    return None


def _converse_class(word: str) -> tuple[int, int] | None:
    """(group, class) of ``word`` among the converse verbs (``COUNTED_CONTRASTS``), or None."""
    classes = _classes()
    for group in range(len(CONTRASTS), len(_GROUPS)):
        found = next((c for c, members in enumerate(classes[group]) if word in members), None)
        if found is not None:
            return group, found
    return None


@lru_cache(maxsize=1024)
def _asked_named_converse(question: str) -> tuple[int, int, str, str, str] | None:
    """(group, class, verb, object's first word, doer's last word) of ``converse_of_named_doer``'s question, read once.

    Cached: every candidate of a question reads it.
    """
    if negates_or_offers_a_choice(question):
        return None
    asked = _NAMED_DOER_QUESTION.search(question)
    if asked is None:
        return None
    verb = asked.group(2).lower()
    found = _converse_class(verb)
    following = _next_word([w.lower() for w in _PLAIN_WORD.findall(question[asked.start(2) :])], 0)
    if found is None or following is None:
        return None
    return found[0], found[1], verb, following, asked.group(1).split()[-1].lower().strip("'’.")


@lru_cache(maxsize=1024)
def _asked_converse(question: str) -> tuple[int, int, str, str] | None:
    """(group, class, verb, object's first word) of a doer question's converse verb (``converse_doer``), read once.

    Cached: every candidate of a question reads it.
    """
    if negates_or_offers_a_choice(question):
        return None
    for pattern in _DOER_QUESTIONS:
        verb = pattern.match(question)
        if verb is None:
            continue
        word = verb.group(1).lower()
        found = _converse_class(word)
        if found is not None:
            following = _next_word([w.lower() for w in _PLAIN_WORD.findall(question[verb.start(1) :])], 0)
            return None if following is None else (found[0], found[1], word, following)
    return None


_NEGATIVE_OF = {plain: negative for negative, plain in NEGATIVE_FORMS.items()}
_PREFIXED_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?", re.IGNORECASE)
_CHOICE = re.compile(r"\bor\b", re.IGNORECASE)


def negates_or_offers_a_choice(question: str) -> bool:
    """A question that negates ("did not agree") or offers a choice ("... or ...?") asserts no premise to check."""
    return _NEGATION.search(question) is not None or _CHOICE.search(question) is not None


# Before the asked word, these make it a degree or a negation of its own: "less economically equal" is "unequal".
_DEGREE = frozenset({"non", "less", "more"})
UN_BASE_LETTERS = 5  # "protected" -> "unprotected"; shorter bases ("less" / "unless", "rest" / "unrest") are no opposites


def _un_form(word: str) -> str | None:
    """The "un-" form of a plain word of ``UN_BASE_LETTERS`` letters or more: "unprotected" for "protected"."""
    if len(word) < UN_BASE_LETTERS or not word.isalpha() or word.startswith("un"):
        return None
    return "un" + word


def opposite_by_negative_prefix(question: str, sentence: str, answer: tuple[int, int] | None = None) -> tuple[str, str] | None:
    """(asked, said) when the answer's sentence has a word of the question only in its negative form.

    "What share of Haiti's population faces food security?" is a false
    premise of "nearly half of Haiti's population faces food insecurity".
    One way only, and on the answer's own sentence: a question written in
    the negative ("Which pass was ruled incomplete?") is often answered
    where the text tells the event in other words, and a neighbouring
    sentence may speak of both forms ("formal and informal teaching").
    A question that negates or offers a choice is not read, nor a word
    after "less" or "more" ("less economically equal" asks about the
    unequal). Besides a list of negatives with other prefixes ("insecurity",
    "informal"), any word of five letters or more reads "un-" before it
    ("unprotected" for "protected"). Given the ``answer``'s offsets in
    ``sentence``, the negative form must stand outside it: an answer that is
    itself the negative form ("uncertain" for "Because of certain
    statements, what was ...?") is the asked value.
    """
    if negates_or_offers_a_choice(question):
        return None
    asked = [w.lower() for w in _PREFIXED_WORD.findall(question)]
    told = {w.lower() for w in _PREFIXED_WORD.findall(sentence)}
    outside = sentence if answer is None else f"{sentence[: answer[0]]} {sentence[answer[1] :]}"
    told_outside = {w.lower() for w in _PREFIXED_WORD.findall(outside)}
    for k, word in enumerate(asked):
        negative = _NEGATIVE_OF.get(word) or _un_form(word)
        degree = _DEGREE.intersection(asked[max(0, k - 2) : k])  # "less economically equal"
        if negative is not None and not degree and negative in told_outside and word not in told:
            return word, negative
    return None


@lru_cache(maxsize=1)
def _dis_stems() -> frozenset[str]:
    return frozenset(str(stemmer().stemWord(w)) for w in DIS_OPPOSITES)
