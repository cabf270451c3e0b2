"""Mark web boilerplate out of scraped articles, and read their metadata.

Scraped news pages carry furniture around the story ("ADVERTISEMENT", share
counters, "1 month ago", language pickers). Left in, it gets embedded, pollutes
retrieval and can even be returned as an answer. Instead of editing the text
(answers must slice exactly out of the original file), cleaning returns the
*spans* of the lines worth keeping.

The rules are general, whole-line patterns, never per-site lists: a line is
dropped only when all of it is furniture, so a sentence that merely mentions
"advertisement" stays. Photo captions, titles and bylines are content (a
question may ask who wrote the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.text import is_boilerplate
from index.types import CleanedDocument, Document, Metadata, Span

METADATA_LINES = 15  # only the top of an article holds its title/date/byline
_DATELINE_MAX_CHARS = 80

# Characters that may sit around content without being part of it: Unicode
# whitespace plus the invisible BOM / zero-width marks scrapers leave behind.
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
    rf"|(?P<dmy_d>\d{{1,2}}){_ORDINAL}\s+(?P<dmy_m>{_MONTH}),?\s+(?P<dmy_y>\d{{4}})"
    rf"|(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>\d{{1,2}}){_ORDINAL},?\s+(?P<mdy_y>\d{{4}}))"
)
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
_TIME = rf"{_CLOCK}(?:\s+[a-z]{{2,4}})?"  # with a zone: "13:39 GMT"
_DATE_TIME_GAP = r"\s*(?:[-–—,|@•·]|at)?\s*"
_PREFIX_WORD = r"[^\W\d_]+\.?\s*[:|,\-–—]?\s*"  # "Published:", "Monday,", "Realtime"

# A line that is only a dateline: up to two label words (possibly glued to the
# date, as in "Realtime14 April 2025"), the date, an optional time.
_DATELINE = re.compile(
    rf"(?:{_PREFIX_WORD}){{0,2}}{_DATE}(?:{_DATE_TIME_GAP}{_TIME})?[\s.]*",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(_DATE, re.IGNORECASE)
# The clock time that follows a dateline's date: "14 April 2025 - 13:39".
_TIME_AFTER_DATE = re.compile(rf"{_DATE_TIME_GAP}(?P<time>{_CLOCK})", re.IGNORECASE)
# A labelled date opening a line of text: " date 2025-01-17 US Secretary ...".
_LEADING_DATE = re.compile(
    rf"(?:date|published|posted|updated)\s*:?\s*{_DATE}(?:\s*[-–—:|])?\s+(?=\S)",
    re.IGNORECASE,
)
# List bullets and Markdown heading marks: the text after them is the content.
_LEADING_MARK = re.compile(r"(?:[•‣◦▪▫●○■□*·\-–—]|#{1,6})\s+(?=\S)")

_NAME_WORD = r"[^\W\d_][\w.'’\-]*"
_BYLINE = re.compile(rf"by\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})", re.IGNORECASE)
_TITLE_MIN_WORDS, _TITLE_MAX_WORDS, _TITLE_MAX_CHARS = 3, 20, 150
_SENTENCE_END = ".;:,"
_CLOSERS = "\"'”’)]»"


def tighten(text: str, start: int, end: int) -> Span | None:
    """The span ``[start, end)`` without surrounding whitespace or invisible marks.

    Every span the pipeline hands on must be tight: highlighted answers and
    sentence boundaries should not start on a space or a stray BOM.

    Returns:
        The narrowed span, or ``None`` when nothing visible is left.
    """
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return Span(start, end) if start < end else None


def _lines(text: str) -> list[Span]:
    """Tight spans of the non-blank lines, split on ``\\n`` only.

    Only ``\\n`` counts: files are read with universal newlines, and treating
    rarer separators (U+2028, form feed) as breaks would disagree with how
    readers of the original file see its lines.
    """
    spans: list[Span] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        span = tighten(text, start, end)
        if span is not None:
            spans.append(span)
        start = end + 1
    return spans


def is_dateline(line: str) -> bool:
    """Whether a line only states when the article was published.

    Long lines are never datelines; checking only short ones also keeps the
    pattern's backtracking cheap on huge unbroken lines.
    """
    return len(line) <= _DATELINE_MAX_CHARS and _DATELINE.fullmatch(line) is not None


def _content_span(text: str, line: Span) -> Span | None:
    """The part of a line worth keeping, or ``None`` for boilerplate/datelines."""
    span = line
    for marker in (_LEADING_DATE, _LEADING_MARK):
        match = marker.match(text, span.start, span.end)
        if match:
            tightened = tighten(text, match.end(), span.end)
            if tightened is None:
                return None
            span = tightened
    content = span.slice(text)
    if is_boilerplate(content) or is_dateline(content):
        return None
    return span


def clean_document(doc: Document) -> CleanedDocument:
    """Keep one tight span per content line of ``doc``.

    Lines that are only furniture or a dateline are dropped; leading bullets,
    Markdown heading marks and labelled dates are excluded from the span, the
    rest of the line kept.
    """
    segments = tuple(span for line in _lines(doc.text) if (span := _content_span(doc.text, line)) is not None)
    return CleanedDocument(document=doc, segments=segments)


def normalize_date(value: str) -> str | None:
    """ISO ``YYYY-MM-DD`` for "14 April 2025", "April 14, 2025" or "2025-4-14".

    Returns:
        The ISO date, or ``None`` when ``value`` holds no valid date.
    """
    match = _ANY_DATE.search(value)
    return _iso_from_match(match) if match else None


def _iso_from_match(match: re.Match[str]) -> str | None:
    """ISO date from a ``_DATE`` match; ``None`` for impossible dates (30 February)."""
    groups = match.groupdict()
    form = next(f for f in ("iso", "dmy", "mdy") if groups[f"{f}_y"] is not None)
    month = groups[f"{form}_m"]
    # casefold, not lower: IGNORECASE also matches look-alikes such as "ſept".
    month_number = int(month) if form == "iso" else _MONTHS.get(month.rstrip(".").casefold())
    if month_number is None:
        return None
    try:
        return date(int(groups[f"{form}_y"]), month_number, int(groups[f"{form}_d"])).isoformat()
    except ValueError:
        return None


def _is_headline(line: str) -> bool:
    """Short, no terminal punctuation (``?``/``!`` allowed), not a byline."""
    words = line.split()
    return (
        _TITLE_MIN_WORDS <= len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and line.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END
        and _BYLINE.fullmatch(line) is None
    )


@dataclass(frozen=True)
class HeaderSpans:
    """Where the top of an article states its title, date, time and author: offsets into its text.

    The same lines ``extract_metadata`` reads, kept as spans so that a
    question about the article itself ("Who wrote the article on ...?",
    "When was it published?") can be answered by extraction, with
    ``text[start:end]`` being the answer, as every other answer is.
    """

    title: Span | None = None
    date: Span | None = None  # the date as printed ("14 April 2025"), the first valid one of a dateline
    time: Span | None = None  # the clock time on that dateline ("13:39"), when it gives one
    byline: Span | None = None  # the name after "by", without the "by"


def header_spans(text: str) -> HeaderSpans:
    """Title, date, time and byline spans from the first ``METADATA_LINES`` non-blank lines.

    Dates come only from datelines or labelled markers, so a date or "by ..."
    inside the story cannot leak in. The title is the first content line of
    three or more words when it looks like a headline and more content follows it.
    """
    lines = _lines(text)[:METADATA_LINES]
    found_date = found_time = byline = title = None
    title_decided = False
    for i, span in enumerate(lines):
        line = span.slice(text)
        if found_date is None and (is_dateline(line) or _LEADING_DATE.match(line)):
            found_date, found_time = _dateline_spans(text, span)
        byline_match = _BYLINE.fullmatch(line)
        if byline_match and byline is None and _looks_like_name(byline_match["name"]):
            byline = Span(span.start + byline_match.start("name"), span.start + byline_match.end("name"))
            continue
        if title_decided or is_boilerplate(line) or is_dateline(line) or len(line.split()) < _TITLE_MIN_WORDS:
            continue
        title_decided = True
        has_more = any(not is_boilerplate(rest.slice(text)) for rest in lines[i + 1 :])
        if _is_headline(line) and has_more and not _LEADING_DATE.match(line):
            title = span
    return HeaderSpans(title=title, date=found_date, time=found_time, byline=byline)


def _dateline_spans(text: str, line: Span) -> tuple[Span | None, Span | None]:
    """The first valid date of a dateline line and the clock time right after it, as spans."""
    date_match = _ANY_DATE.search(text, line.start, line.end)
    if date_match is None or _iso_from_match(date_match) is None:
        return None, None
    date_span = Span(date_match.start(), date_match.end())
    time_match = _TIME_AFTER_DATE.match(text, date_match.end(), line.end)
    time_span = Span(time_match.start("time"), time_match.end("time")) if time_match else None
    return date_span, time_span


def extract_metadata(text: str) -> Metadata:
    """Title, publication date (ISO) and byline from the top of an article (``header_spans``, as text)."""
    spans = header_spans(text)
    return Metadata(
        title=spans.title.slice(text) if spans.title else None,
        date=normalize_date(spans.date.slice(text)) if spans.date else None,
        byline=spans.byline.slice(text) if spans.byline else None,
    )


def _looks_like_name(name: str) -> bool:
    """Names start with a capital and have no sentence punctuation ("By then.")."""
    return name[0].isupper() and not name.endswith(".")
