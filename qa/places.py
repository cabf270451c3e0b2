"""Place names, so that "a name the article never gives" can leave places out.

Questions name places loosely: "Washington" for the US government,
"America's hemisphere" for "our hemisphere", "the San Francisco area" for
"the Bay Area", "Florida venue" for "Miami's stadium". A person or an
organisation the article never names is a swap; a place it does not spell
the question's way often is not. This is a plain list (countries, US states,
continents and regions, major cities) plus the words that make a geographic
feature ("... River", "... Bay"); a place it misses is simply treated as a
name, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from qa.answer_types import asked_by
from qa.role_titles import people_forms

_COUNTRIES = """
afghanistan albania algeria andorra angola antigua argentina armenia australia austria azerbaijan bahamas bahrain
bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia herzegovina botswana brazil brunei bulgaria
burkina faso burundi cambodia cameroon canada cape verde chad chile china colombia comoros congo costa rica croatia
cuba cyprus czech republic czechia denmark djibouti dominica dominican ecuador egypt el salvador equatorial guinea
eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala
guinea guinea-bissau guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy ivory coast
jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia
libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius mexico
micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal netherlands holland
new zealand nicaragua niger nigeria north korea south korea macedonia norway oman pakistan palau palestine panama
papua new guinea paraguay peru philippines poland portugal qatar romania russia rwanda samoa san marino saudi arabia
senegal serbia seychelles sierra leone singapore slovakia slovenia solomon islands somalia south africa south sudan
spain sri lanka sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand timor togo tonga trinidad
tobago tunisia turkey turkmenistan tuvalu uganda ukraine united arab emirates uae united kingdom uk britain great
britain england scotland wales northern ireland united states us usa america uruguay uzbekistan vanuatu vatican
venezuela vietnam yemen zambia zimbabwe tibet hong kong macau puerto rico greenland chechnya kurdistan gaza
west bank crimea catalonia bavaria
"""

_US_STATES = """
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana
nebraska nevada new hampshire new jersey new mexico new york north carolina north dakota ohio oklahoma oregon
pennsylvania rhode island south carolina south dakota tennessee texas utah vermont virginia washington west virginia
wisconsin wyoming
"""

_REGIONS = """
africa asia europe antarctica oceania australasia americas north america south america latin america central america
middle east near east far east caribbean balkans baltic baltics scandinavia nordic sahara sahel maghreb mediterranean
atlantic pacific arctic indian ocean western hemisphere eastern hemisphere northern hemisphere southern hemisphere
west east north south midwest new england siberia caucasus himalayas alps andes amazon persian gulf gulf
eurozone earth world
"""

_CITIES = """
london paris berlin madrid rome moscow beijing shanghai tokyo delhi new delhi mumbai bombay kolkata chennai
bangalore karachi lahore islamabad dhaka kabul tehran baghdad damascus beirut jerusalem tel aviv amman riyadh
dubai abu dhabi doha cairo alexandria nairobi mombasa lagos abuja accra johannesburg cape town pretoria durban
addis ababa khartoum kinshasa kampala dar es salaam harare lusaka luanda dakar algiers tunis tripoli casablanca
rabat istanbul ankara athens vienna prague budapest warsaw krakow kiev kyiv minsk bucharest sofia belgrade zagreb
sarajevo lisbon porto barcelona valencia seville milan naples turin venice florence munich frankfurt hamburg
cologne stuttgart zurich geneva brussels amsterdam rotterdam the hague copenhagen stockholm oslo helsinki dublin
belfast edinburgh glasgow cardiff manchester liverpool birmingham leeds newcastle bristol sheffield oxford cambridge
toronto montreal vancouver ottawa calgary new york city los angeles chicago houston phoenix philadelphia san antonio
san diego dallas san jose austin san francisco seattle denver boston detroit miami atlanta las vegas new orleans
baltimore minneapolis st louis pittsburgh cleveland cincinnati portland sacramento honolulu mexico city havana
kingston port-au-prince santo domingo san juan bogota caracas lima quito santiago buenos aires sao paulo rio
de janeiro rio brasilia montevideo asuncion la paz sydney melbourne brisbane perth adelaide auckland wellington
singapore jakarta manila bangkok hanoi ho chi minh city kuala lumpur seoul pyongyang taipei hong kong osaka kyoto
shenzhen guangzhou beijing canberra nassau bridgetown
"""

# Word by word: a listed place of several words ("new york", "costa rica") is read as all of its words being place words.
_PLACE_WORDS = frozenset((_COUNTRIES + _US_STATES + _REGIONS + _CITIES).split())
# Words that make a geographic feature or a compass part of a place of a name: "Hudson River", "Bay Area", "North Kivu".
_FEATURE_WORDS = frozenset(
    "river rivers bay area valley coast island islands mountains mountain sea ocean gulf strait lake lakes peninsula "
    "desert county province region district borough".split()
)
_COMPASS = frozenset("north south east west northern southern eastern western central upper lower greater new".split())


def is_place(name: str) -> bool:
    """True when ``name`` (a capitalised run, "'s" allowed) reads as a place: made of listed place words, or a feature's name.

    Every word of a multi-word name must be a place word, a compass word or
    a feature word ("San Francisco Bay Area", "North Kivu" is not: "Kivu"
    is unlisted, so it counts as a name).
    """
    words = [w for w in re.findall(r"[a-z][a-z\-]*", re.sub(r"['’]s\b", "", name.lower())) if w not in ("of", "the")]
    if not words:
        return False
    if words[-1] in _FEATURE_WORDS and len(words) > 1:
        return True
    return all(w in _PLACE_WORDS or w in _COMPASS for w in words) and any(w in _PLACE_WORDS for w in words)


# Listed places of several words, read as one place ("South Africa" is not "Africa").
_MULTI_WORD = frozenset(
    " ".join(name.split())
    for name in """united states|united kingdom|great britain|new zealand|south africa|saudi arabia|sri lanka|el salvador|
    costa rica|north korea|south korea|hong kong|puerto rico|ivory coast|sierra leone|south sudan|new york|
    new jersey|new mexico|north carolina|south carolina|north dakota|south dakota|west virginia|rhode island|
    new hampshire|los angeles|san francisco|new delhi|tel aviv|cape town|buenos aires|mexico city|kuala lumpur|
    abu dhabi|dominican republic|czech republic|trinidad and tobago|united arab emirates|burkina faso|
    papua new guinea|new orleans|las vegas|san diego|st louis|addis ababa|dar es salaam|rio de janeiro|sao paulo|
    northern ireland|west bank|san antonio|san jose|santo domingo|san juan|la paz|ho chi minh city|new york city|
    the hague|cape verde|solomon islands|equatorial guinea|san marino|latin america|central america|
    north america|south america|middle east""".split("|")
)
# One country, several names: "the US", "America", "American" are one place to a reader.
_SAME_COUNTRY = {
    **dict.fromkeys("us u.s. usa u.s.a. america american americans".split() + ["united states"], "US"),
    **dict.fromkeys("uk u.k. britain british england english scotland scottish wales welsh".split(), "UK"),
    **dict.fromkeys(["great britain", "united kingdom"], "UK"),
    **dict.fromkeys("holland dutch netherlands".split(), "Netherlands"),
}
# People's words of the listed places of several words ("South African").
_MULTI_WORD_PEOPLES = {
    "south african": "south africa",
    "north korean": "north korea",
    "south korean": "south korea",
    "saudi arabian": "saudi arabia",
    "sri lankan": "sri lanka",
    "latin american": "latin america",
    "new zealander": "new zealand",
}
# Place names that are also a common word, a person's name or another place: never read as a place.
AMBIGUOUS_PLACES = frozenset("georgia washington jordan chad niger guinea mali togo nice reading victoria".split())
_PEOPLES_WORDS_OF_ALIASES = frozenset("american americans british english dutch scottish welsh".split())
_CITY_WORDS = frozenset(_CITIES.split())
_REGION_NAMES = frozenset({"latin america", "central america", "north america", "south america", "middle east"})
_STATE_WORDS = frozenset(_US_STATES.split())
_ONE_WORD_PLACES = (frozenset(_COUNTRIES.split()) | _CITY_WORDS | _STATE_WORDS) - {
    w for name in _MULTI_WORD for w in name.split()
}
# A capitalised run, "of" / "and" / "the" allowed inside: "Trinidad and Tobago", "Church of England".
CAPITALISED_RUN = re.compile(r"[A-Z][\w\-.’']*(?:\s+(?:(?:of|and|the|de|es)\s+)?[A-Z][\w\-.’']*)*")
_OWNER = re.compile(r"['’]s?$")


@cache
def _multi_word_cities() -> frozenset[str]:
    """The listed names of several words that are each a city word ("new york city")."""
    return frozenset(n for n in _MULTI_WORD if all(w in _CITY_WORDS for w in n.split()))


def _place_kind(name: str) -> str:
    """ "region", "city", "state" or "country": a place swaps with another of its kind."""
    if name in _REGION_NAMES:
        return "region"
    if name in _CITY_WORDS or name in _multi_word_cities():
        return "city"
    if name in _STATE_WORDS or (name in _MULTI_WORD and all(w in _STATE_WORDS for w in name.split())):
        return "state"
    return "country"


@cache
def _peoples_places() -> dict[str, str]:
    """Each listed country's people's words, a longer name first (Nigeria, not Niger, claims "nigerian")."""
    out: dict[str, str] = {}
    for place in sorted(
        frozenset(_COUNTRIES.split()) & _ONE_WORD_PLACES, key=lambda p: (-len(p), p)
    ):  # Nigeria claims "nigerian"
        for form in people_forms(place):
            if form not in _ONE_WORD_PLACES:
                out.setdefault(form, place)
    return out


def peoples_place(word: str) -> str | None:
    """The listed country a people's word names ("kenyan" -> "kenya", "french" -> "france"); None otherwise."""
    word = word.lower()
    if word in _SAME_COUNTRY:
        return _SAME_COUNTRY[word]
    return _peoples_places().get(word)


def run_places(words: list[str]) -> list[tuple[str, str, bool]]:
    """(place, kind, named by a people's word) for each place in a capitalised run's words, longest names first."""
    low = [_OWNER.sub("", w.lower()).rstrip(".") if w.lower() not in ("u.s.", "u.k.") else w.lower() for w in words]
    found: list[tuple[str, str, bool]] = []
    i = 0
    while i < len(low):
        for size in (4, 3, 2):
            name = " ".join(low[i : i + size])
            if len(low[i : i + size]) == size and (name in _MULTI_WORD or name in _SAME_COUNTRY):
                found.append((_SAME_COUNTRY.get(name, name), _place_kind(name), False))
                i += size
                break
            if len(low[i : i + size]) == size and name in _MULTI_WORD_PEOPLES:
                found.append((_MULTI_WORD_PEOPLES[name], "country", True))
                i += size
                break
        else:
            word = low[i]
            if word in _SAME_COUNTRY:
                found.append((_SAME_COUNTRY[word], "country", word in _PEOPLES_WORDS_OF_ALIASES))
            elif word in _ONE_WORD_PLACES:
                found.append((word, _place_kind(word), False))
            elif (place := peoples_place(word)) is not None:
                found.append((place, "country", True))
            i += 1
    return [f for f in found if f[0] not in AMBIGUOUS_PLACES]


def countries_of(words: Sequence[str]) -> frozenset[str]:
    """The countries a list of words names, by name or by people's word, lower-cased ("Kenyan" -> "kenya", "US" -> "us").

    The UK's nations are the UK here, as in ``run_places`` ("England" -> "uk").
    """
    return frozenset(place.lower() for place, kind, _ in run_places(list(words)) if kind == "country")


def names_one_place(words: list[str]) -> bool:
    """True when a capitalised run of several words is one listed place as a whole ("United States", "South African")."""
    name = " ".join(_OWNER.sub("", w.lower()).rstrip(".") for w in words)
    return name in _MULTI_WORD or name in _SAME_COUNTRY or name in _MULTI_WORD_PEOPLES


def place_mentions(text: str) -> dict[str, str]:
    """Every listed place ``text`` names, by name or by its people's word, and its kind: {"haiti": "country", ...}."""
    mentions: dict[str, str] = {}
    for match in CAPITALISED_RUN.finditer(text):
        for place, kind, _ in run_places(match.group(0).split()):
            mentions[place] = kind
    for short in ("u.s.", "u.k."):
        if short in text.lower():
            mentions[_SAME_COUNTRY[short]] = "country"
    return mentions


# "Which US city ...?", "In what town ...?": a question that asks for a city, at its own wh-word.
def _asking_for(kind: str, nouns: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``asked_by`` patterns for "what / which (up to two words) NOUN": ``nouns`` is a regex alternation."""
    return ((kind, re.compile(rf"\b(?:what|which)\s+(?:[\w\-]+\s+){{0,2}}?(?:{nouns})\b")),)


_ASKS_CITY = _asking_for("city", "city|cities|town|towns")
# Countries that are cities too, and countries a city is named after ("Mexico" for Mexico City).
_CITY_STATES = frozenset(
    "singapore monaco hong kong macau vatican luxembourg kuwait panama guatemala djibouti mexico san marino andorra "
    "gibraltar bahrain qatar".split()
)


def asks_for_a_city(question: str) -> bool:
    """Whether the question's own wh-word asks for a city or a town ("Which US city ...?", "In what town ...?")."""
    return asked_by(_ASKS_CITY, question) is not None


_ASKS_COUNTRY = _asking_for("country", "country|countries|nation|nations")


def asks_for_a_country(question: str) -> bool:
    """Whether the question's own wh-word asks for a country ("Which country ...?", "From what nation ...?")."""
    return asked_by(_ASKS_COUNTRY, question) is not None


def names_only_states(answer: str) -> bool:
    """Whether the answer is nothing but US states that are no country ("California", "Texas and Ohio"): no country.

    A name that is a country too ("Georgia"), a city, a people's word and
    any word of no listed place leave the answer unread. Cities are left
    out on purpose: SQuAD's annotators give a city for "What country ...?"
    now and then ("Beirut" for where ABC expanded), as a place inside it.
    """
    countries = frozenset(_COUNTRIES.split())
    return _names_only(
        answer,
        lambda low: all(w in _PLACE_WORDS for w in low) and not any(w in countries or w in _CITY_STATES for w in low),
        lambda place, kind, by_people: kind == "state" and not by_people,
    )


# "Which club does Colin Charvis play for?": a country is a national side, never a club (a city may name one: "Bath").
_ASKS_CLUB = _asking_for("club", "club|clubs")


def asks_for_a_club(question: str) -> bool:
    """Whether the question's own wh-word asks for a club ("Which club ...?", "For what rugby club ...?")."""
    return asked_by(_ASKS_CLUB, question) is not None


def names_only_wider_places(answer: str) -> bool:
    """Whether the answer is nothing but countries, regions or US states ("Jamaica, Trinidad and Tobago", "Texas"): no city.

    Every capitalised word must be a listed place word, and every place
    found a country, a region or a state: a country that is a city too
    ("Singapore") or names one ("Mexico"), a state that is a city too ("New
    York", "Washington") and a people's word ("Kenyan") do not count here.
    """
    return _names_only(
        answer,
        lambda low: all(w in _PLACE_WORDS or w in _SAME_COUNTRY for w in low) and not any(w in _CITY_WORDS for w in low),
        lambda place, kind, by_people: kind in ("country", "region", "state")
        and not by_people
        and place.lower() not in _CITY_STATES,
    )


def _names_only(answer: str, words_pass: Callable[[list[str]], bool], place_passes: Callable[[str, str, bool], bool]) -> bool:
    """Whether every capitalised run of the answer is listed places only, and every place found passes.

    ``words_pass`` reads each run's lower-cased words (without "of", "and",
    "the" and a possessive); ``place_passes`` each (place, kind, named by a
    people's word) that ``run_places`` finds. An answer with any other
    lower-case word is no list of places.
    """
    runs = [m.group(0).split() for m in CAPITALISED_RUN.finditer(answer)]
    if not runs or re.search(r"\b[a-z]", re.sub(r"\b(?:and|or|the|of)\b", "", answer)):
        return False
    for words in runs:
        low = [_OWNER.sub("", w.lower()).rstrip(".,") for w in words if w.lower() not in ("of", "and", "the")]
        found = run_places(words) if words_pass(low) else []
        if not found or not all(place_passes(place, kind, by_people) for place, kind, by_people in found):
            return False
    return True
