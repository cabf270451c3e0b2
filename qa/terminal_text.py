"""Article text made safe to show on a terminal, one character for one.

Why: articles and file names are untrusted. An ESC in an article would let
it clear the screen (``ESC[2J``), retitle the window (OSC 0) or write the
clipboard (OSC 52) when ``qa ask`` or the chat shows it; other controls
(``\\r``, ``\\b``, ``\\v``...) are dropped or moved by the renderers, which
shifts every offset after them so the wrong span gets highlighted.

Each C0 control (except ``\\n`` and ``\\t``), DEL and each C1 control is
replaced by exactly one visible character (the Unicode "control pictures",
``␛`` for ESC), so offsets into the shown text are offsets into the article.
So are the bidirectional embedding, override and isolate marks (U+202A-202E,
U+2066-2069): a right-to-left override in a title or file name would make
the terminal show its characters in another order ("Trojan Source",
CVE-2021-42574). Only what is shown changes: JSON output keeps the exact text.

A question is the other way round: what the user typed or pasted is read,
not shown, so its escape sequences are removed whole
(``without_escape_sequences``).
"""

from __future__ import annotations

import re

KEPT = frozenset("\n\t")

_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in KEPT}
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_TABLE.update({code: "\ufffd" for code in BIDI_CONTROLS})
_ONE_LINE = {**_TABLE, ord("\n"): "\u2424", ord("\t"): "\u2409"}  # ␤ ␉


# A terminal escape sequence (ECMA-48): CSI ("\x1b[31m", "\x1b[2J"), OSC
# ("\x1b]0;title\x07") or a two-character escape, and the 8-bit CSI.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")


def without_escape_sequences(text: str) -> str:
    """``text`` with each terminal escape sequence removed whole, for text typed or pasted by a user.

    Text pasted from a coloured terminal carries colour codes; dropping only
    the ESC would leave "[31m" as a word. (Article text is never edited:
    ``printable`` shows its escapes instead, one character for one.)
    """
    return _ESCAPE_SEQUENCE.sub("", text)


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab made visible (same length)."""
    return text.translate(_TABLE)


def one_line(text: str) -> str:
    """``printable(text)`` with newline and tab made visible too (``␤``, ``␉``): for names shown on one line.

    A file may be named ``"a\\nwarning: ...txt"``; printed as is, the name
    would start a line of its own that looks like the tool's output.
    """
    return text.translate(_ONE_LINE)


def safe_line(text: str) -> str:
    """``one_line(text)`` with lone surrogates (undecodable file-name bytes) as U+FFFD.

    Printing a surrogate raises ``UnicodeEncodeError``; a file named with
    Latin-1 bytes must not turn a warning about it into a crash.
    """
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    return one_line(text)


def has_controls(text: str) -> bool:
    """Whether ``printable`` would change ``text``."""
    return any(ord(ch) in _TABLE for ch in text)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters: a 1 MB title is not printed whole."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
