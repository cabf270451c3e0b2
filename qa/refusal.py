"""Why a question was refused, in words a user can check against the articles.

"Not found in the corpus" is easier to trust with a reason the user can
verify, and the plainest ones are the selector's capped flags
(``qa.features.period_missing``, ``number_missing``, ``role_missing``): the
question names a year, a month, a number or a precise office that none of
the articles read for it mentions. Stated over every article read, not one
candidate's, so the sentence stays true whichever candidate came closest.
A refusal whose closest candidate was capped for an attribute swap says what
that candidate's text speaks of instead ("the closest candidate's text
speaks of “graduated”, not “killed”": ``qa.attributes``), or whose title
names another office ("the closest candidate's title names another
“secretary”": ``qa.role_titles``), or whose sentence has the question's
doer on the receiving end ("the closest candidate's sentence has “William
Ruto” on the other side of “host”": ``qa.role_reversal``), or tells two of
its names the other way round ("the closest candidate's sentence has
“Algeria” and “France” the other way round": ``qa.name_swap``), or comes
with another team ("the closest candidate's answer comes with “Arsenal”, not
“Chelsea”": ``qa.other_owner``). Questions
refused for subtler reasons (no sentence says what was asked) get no reason:
a guessed one would be worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.features import QuestionNames, clash_of, number_missing, period_missing, role_missing
from qa.readers.base import ReadablePassage, SpanPrediction
from qa.role_titles import asked_office


def refusal_reason(question: str, passages: Sequence[ReadablePassage], closest: Sequence[SpanPrediction] = ()) -> str | None:
    """One clause naming what every article read lacks, e.g. "none of the 3 closest articles mentions 2019".

    None when the articles lack nothing the question names that this module
    checks, or when nothing was read. ``closest`` are the candidates, most
    probable first (spans of ``passages[c.passage_index]``); the first
    ``CONTRAST_DEPTH`` are searched for one whose text speaks of a sibling
    of the asked attribute: that flag caps a candidate's score, so the one
    it caught is often not the closest left. The clause
    holds only digits, number words up to twenty, month names, office names from ``index.text.ROLE_NOUNS``
    (also for a candidate whose title names another office, ``qa.role_titles``)
    and words of ``qa.attributes.CONTRASTS``, plus, for reversed roles, a
    name and a verb of the question made of word characters only (letters,
    digits, apostrophes and hyphens, ``qa.role_reversal``), and for a person
    or body no article names, the question's name (the same characters,
    spaces and "&", ``qa.name_gaps``), places spelled from ``qa.places``'s
    lists, and dates of letters-only words and four digits
    (``qa.date_clash``); never other text from the question or
    the articles, so it is safe to print as is.
    """
    docs = list({p.passage.doc_id: p for p in passages}.values())
    if not docs:
        return None
    names = QuestionNames.of(question)
    missing_mentions = [t for t in names.periods if all(period_missing((t,), d.doc_text, d.doc_date) for d in docs)]
    missing_mentions += [n for n in names.numbers if all(number_missing((n,), d.doc_text) for d in docs)]
    missing_roles = [_article(r) + " " + r for r in names.roles if all(role_missing((r,), d.doc_text) for d in docs)]
    lacking = [names.gaps(d.doc_text, d.doc_date, d.doc_title).names for d in docs]
    missing_roles += [f"“{n}”" for n in names.proper_names if all(n in gap for gap in lacking)]
    clauses = []
    if missing_mentions:
        clauses.append(f"mentions {_joined(missing_mentions)}")
    if missing_roles:
        clauses.append(f"names {_joined(missing_roles)}")
    contrast = _contrast(question, passages, closest)
    if not clauses:
        return contrast
    subject = "the closest article never" if len(docs) == 1 else f"none of the {len(docs)} closest articles"
    reason = f"{subject} {' or '.join(clauses)}"
    return f"{reason}; {contrast}" if contrast else reason


def _contrast(question: str, passages: Sequence[ReadablePassage], closest: Sequence[SpanPrediction]) -> str | None:
    office = asked_office(question)
    texts = list({p.passage.doc_id: p.doc_text for p in passages}.values())
    for rank, candidate in enumerate(closest[:CONTRAST_DEPTH]):
        if not 0 <= candidate.passage_index < len(passages):
            continue
        passage = passages[candidate.passage_index]
        others = [t for t in texts if t is not passage.doc_text]
        clash = clash_of(question, passage, candidate.start, candidate.end, others)
        which = f"the {_ORDINALS[rank]}closest candidate's"
        if clash is None:
            continue
        if clash.contrast is not None:
            asked, said = clash.contrast
            return f"{which} text speaks of “{said}”, not “{asked}”"
        if clash.unstated is not None:  # a word of qa.attributes.CONTRASTS
            return f"{which} article never says “{clash.unstated}”"
        if clash.office is not None and office is not None:  # the role is one of index.text.ROLE_NOUNS
            kind = "another" if office.role == clash.office.role else "a"
            return f"{which} title names {kind} “{clash.office.role}”"
        if clash.reversal is not None:  # the name and the verb are the question's own words
            return f"{which} sentence has “{clash.reversal.name}” on the other side of “{clash.reversal.verb}”"
        if clash.tense is not None:  # the question's own words, and a tense word and an office from the text
            asked, titled = clash.tense
            return f"{which} title says “{titled}”, not “{asked}”"
        if clash.doer is not None:  # the question's name, and a run of word characters from the sentence
            asked, told = clash.doer
            return f"{which} sentence has “{told}” where the question has “{asked}”"
        if clash.place is not None:  # two listed places, spelled from the list
            asked, told = clash.place
            return f"{which} sentence speaks of {told}, not {asked}"
        if clash.counted is not None:  # two listed places, spelled from the list
            asked, told = clash.counted
            return f"{which} figure counts {told}'s people, not {asked}'s"
        if clash.date is not None:  # letters-only words and four digits, twice (``qa.date_clash``)
            asked, told = clash.date
            return f"{which} sentence says {told}, not {asked}"
        if clash.owner is not None:  # capitalised runs of word characters, the question's and the sentence's
            asked, told = clash.owner
            return f"{which} answer comes with “{told}”, not “{asked}”"
        if clash.slot is not None:  # the question's name and the candidate's own text
            asked, told = clash.slot
            return f"{which} sentence has “{told}” where the question has “{asked}”"
        if clash.sibling is not None:  # the question's name and the candidate's own text
            asked, told = clash.sibling
            return f"{which} sentence lists “{told}” beside “{asked}”"
        if clash.trade is not None:  # two words of qa.trades.TRADES
            asked, told = clash.trade
            return f"{which} sentence calls it {_article(told)} “{told}”, not {_article(asked)} “{asked}”"
        if clash.swap is not None:  # two names, the question's own words
            first, second = clash.swap
            return f"{which} sentence has “{first}” and “{second}” the other way round"
    return None


CONTRAST_DEPTH = 3
_ORDINALS = ("", "second ", "third ")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _joined(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
