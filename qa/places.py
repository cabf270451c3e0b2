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
