"""Pure helpers that turn answers into styled ``Content``.

Everything here builds text from character offsets: plain slices of the
article are appended as they are and only the answer slice gets a style, so
brackets in news text (``[1]``, ``[bold]``) are never read as markup.
Styles are strings with theme variables (``$warning``...), resolved by the
app when rendered, so they follow the light/dark theme.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from textual.content import Content

from index.text import is_short_fragment, sentence_units
from qa.terminal_text import one_line, printable, shorten

#: The answer span inside its passage/article: bold + underline + background,
#: so colour is never the only thing that marks it.
HIGHLIGHT = "bold underline $text on $warning-muted"
#: A low-confidence guess inside a "not found" passage: underline only.
WEAK_HIGHLIGHT = "underline"
ANSWER_STYLE = "bold $text"
ELLIPSIS = "…"
#: Titles longer than this are cut for display (a file with no line breaks has a 1 MB "title").
TITLE_CHARS = 200

_WHITESPACE = re.compile(r"\s+")


def file_name(doc_id: str | None) -> str:
    """The file part of a doc id (``a/b.txt`` -> ``b.txt``; keeps ``#record``)."""
    if not doc_id:
        return "unknown source"
    return one_line(PurePosixPath(doc_id).name or doc_id)


def display_title(title: str | None, doc_id: str | None) -> str:
    """The article title, falling back to its file name."""
    title = (title or "").strip()
    return shorten(collapse_whitespace(title), TITLE_CHARS) if title else file_name(doc_id)


def collapse_whitespace(text: str) -> str:
    """Runs of spaces/newlines become one space (for one-paragraph display); controls made visible."""
    return printable(_WHITESPACE.sub(" ", text))


def clamp_span(length: int, start: int, end: int) -> tuple[int, int]:
    """Keep ``[start, end)`` inside ``[0, length]`` and ordered."""
    start = max(0, min(start, length))
    end = max(start, min(end, length))
    return start, end


def highlight(text: str, start: int, end: int, style: str = HIGHLIGHT) -> Content:
    """``text`` with ``text[start:end]`` styled; the rest is plain, literal text.

    Control characters are made visible one for one (``qa.terminal_text``),
    so an article cannot drive the terminal and the offsets still hold.
    """
    text = printable(text)
    start, end = clamp_span(len(text), start, end)
    if start == end:
        return Content(text)
    return Content.assemble(text[:start], (text[start:end], style), text[end:])


def excerpt_window(text: str, start: int, end: int, budget: int = 360) -> tuple[int, int]:
    """A window ``[lo, hi)`` of ``text`` around ``[start, end)`` of about ``budget`` chars.

    Prefers whole sentences: the ones holding the span, then neighbours while
    they fit. Room left over is filled with the start of the next sentence,
    and a sentence too long on its own is cut around the span; cuts fall on
    whitespace, never inside a word. Boilerplate lines at the edges are
    dropped. The span itself is always inside the window.
    """
    n = len(text)
    start, end = clamp_span(n, start, end)
    units = sentence_units(text)
    if not units:
        return 0, n
    first = max(i for i, (a, _) in enumerate(units) if a <= start)
    last = first
    while last + 1 < len(units) and units[last][1] < end:
        last += 1
    if units[last][1] - units[first][0] > budget:
        return _word_window(text, start, end, units[first][0], units[last][1], budget)
    if n <= budget:
        first, last = 0, len(units) - 1
    grew = True
    while grew:
        grew = False
        if last + 1 < len(units) and units[last + 1][1] - units[first][0] <= budget:
            last += 1
            grew = True
        if first > 0 and units[last][1] - units[first - 1][0] <= budget:
            first -= 1
            grew = True
    # Web boilerplate ("- Advertisement -") at either edge is not worth showing.
    while first < last and units[first][1] <= start and is_short_fragment(text[slice(*units[first])]):
        first += 1
    while last > first and units[last][0] >= end and is_short_fragment(text[slice(*units[last])]):
        last -= 1
    lo, hi = units[first][0], units[last][1]
    room = budget - (hi - lo)
    if room > budget // 3 and last + 1 < len(units) and not is_short_fragment(text[slice(*units[last + 1])]):
        # Much room left but the next sentence is too long: show its beginning.
        nxt = _prev_space(text, min(units[last + 1][1], hi + room), hi + 1)
        if nxt is not None and text[hi:nxt].strip():
            hi = nxt
    return lo, hi


def _word_window(text: str, start: int, end: int, lo: int, hi: int, budget: int) -> tuple[int, int]:
    """Centre ``[start, end)`` in ``budget`` chars of ``[lo, hi)``, cut at whitespace."""
    n = len(text)
    room = max(0, budget - (end - start))
    lo = max(lo, start - room // 2)
    hi = min(hi, end + (room - (start - lo)))
    if lo > 0 and not text[lo - 1].isspace():
        nxt = _next_space(text, lo, start)
        lo = nxt if nxt is not None else lo
    if hi < n and not text[hi].isspace():
        prev = _prev_space(text, hi, end)
        hi = prev if prev is not None else hi
    return lo, hi


def _omits_content(skipped: str) -> bool:
    """Whether cutting ``skipped`` loses more than whitespace and boilerplate."""
    return any(line.strip() and not is_short_fragment(line) for line in skipped.split("\n"))


def _next_space(text: str, pos: int, limit: int) -> int | None:
    for i in range(pos, limit):
        if text[i].isspace():
            return i + 1
    return None


def _prev_space(text: str, pos: int, limit: int) -> int | None:
    for i in range(pos - 1, limit - 1, -1):
        if text[i].isspace():
            return i
    return None


def excerpt(
    text: str,
    start: int,
    end: int,
    *,
    budget: int = 360,
    style: str = HIGHLIGHT,
) -> Content:
    """A readable one-paragraph excerpt of ``text`` with ``[start, end)`` highlighted.

    Whitespace runs (line breaks in the article) are folded to single spaces
    in each slice separately, so the highlighted slice stays exactly the span.
    """
    text = printable(text)  # same length: offsets hold
    start, end = clamp_span(len(text), start, end)
    lo, hi = excerpt_window(text, start, end, budget)
    before = collapse_whitespace(text[lo:start])
    span = collapse_whitespace(text[start:end])
    after = collapse_whitespace(text[end:hi])
    before, after = before.lstrip(), after.rstrip()
    if not span and not after:
        before = before.rstrip()
    parts: list[str | tuple[str, str]] = []
    if _omits_content(text[:lo]):
        parts.append(ELLIPSIS)
    parts.append(before)
    if span:
        parts.append((span, style))
    parts.append(after)
    if _omits_content(text[hi:]):
        ends_sentence = (after or span or before).endswith((".", "!", "?", "”", '"'))
        parts.append(f" {ELLIPSIS}" if ends_sentence else ELLIPSIS)
    return Content.assemble(*parts)


def percent(score: float) -> str:
    return f"{round(max(0.0, min(1.0, float(score))) * 100):d}%"


def score_bar(score: float, width: int = 10, style: str = "$success") -> Content:
    """``▰▰▰▰▱▱▱▱▱▱ 42%``: a small bar plus the number (colour is not the only cue)."""
    score = max(0.0, min(1.0, float(score)))
    filled = round(score * width)
    return Content.assemble(
        ("▰" * filled, style),
        ("▱" * (width - filled), "$text-muted"),
        " ",
        (percent(score), "bold"),
    )


def source_line(title: str | None, date: str | None, doc_id: str | None) -> Content:
    """``Title · 2025-10-02 · file.txt`` (title falls back to the file name)."""
    parts: list[str | tuple[str, str]] = [(display_title(title, doc_id), "italic")]
    if date:
        parts += [(" · ", "$text-muted"), (shorten(one_line(date.strip()), TITLE_CHARS), "$text-muted")]
    if title and title.strip():
        parts += [(" · ", "$text-muted"), (file_name(doc_id), "$text-muted")]
    return Content.assemble(*parts)
