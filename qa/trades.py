"""A firm's trade: "Which chip maker ...?" is not answered by a firm its sentence calls an internet service provider.

"Which chip maker is launching its own broadband telephony service in the
UK?" of "Internet service provider Wanadoo has announced it is launching
its own broadband telephony service": the reader answers "Wanadoo" (0.90).
Every other word of the question is in the sentence; only the trade is
swapped. News writes a firm's trade right before its name ("mobile operator
O2", "games publisher Eidos"), so the word before the answer says what the
firm does, and a question's wh-phrase says what it asks for ("Which *chip
maker*", read by ``qa.body_types.asked_kind``).

A clash needs both: the question's head word and the one right before the
answer are trades of ``TRADES``, of two different classes. Generic words
("firm", "company", "group", "giant") are no trade and never clash, and two
makers of different things ("chip maker", "phone maker") are one class: the
thing made is a modifier, and modifiers are too loose to contrast
(``docs/trust.md``, "a modifier swap"). Pure word lists, no model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from qa.body_types import asked_kind, word_kinds

TRADES: tuple[str, ...] = (
    "maker makers manufacturer manufacturers producer producers carmaker carmakers chipmaker chipmakers",
    "provider providers isp isps",
    "operator operators",
    "retailer retailers supermarket supermarkets grocer grocers",
    "broadcaster broadcasters",
    "publisher publishers",
    "developer developers",
    "airline airlines",
    "lender lenders",
    "insurer insurers",
    "brewer brewers",
    "studio studios",
    "label labels",
    "miner miners",
    "supplier suppliers distributor distributors",
    "carrier carriers",
    "builder builders housebuilder housebuilders",
)
_KIND_OF_TRADE = word_kinds(TRADES)
_WORD_BEFORE = re.compile(r"([a-z][a-z\-']*)\s+$")


@lru_cache(maxsize=1024)
def asked_trade(question: str) -> int | None:
    """The class in ``TRADES`` of the trade the question's wh-phrase asks for ("Which chip *maker* ..."), or None."""
    return asked_kind(question, _KIND_OF_TRADE)


def other_trade(question: str, sentence: str, start: int) -> tuple[str, str] | None:
    """(asked trade, told trade) when the word right before the answer is a trade of another class than the asked one."""
    asked = asked_trade(question)
    if asked is None:
        return None
    before = _WORD_BEFORE.search(sentence[max(0, start - 40) : start])
    if before is None:
        return None
    told = _KIND_OF_TRADE.get(before.group(1))
    if told is None or told == asked:
        return None
    return TRADES[asked].split()[0], before.group(1)
