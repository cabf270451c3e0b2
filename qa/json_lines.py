"""JSON text that stays one line for every line splitter and carries no raw terminal control.

Why: ``json.dumps(..., ensure_ascii=False)`` keeps non-ASCII text readable
but writes U+0085 (NEXT LINE), U+2028 and U+2029 raw, which Python's
``str.splitlines`` and many JSON-lines readers take as line breaks, cutting a
record in two; and the C1 controls (U+0080-U+009F) are terminal controls
when a ``--json`` line is printed. JSON allows any character escaped inside a
string, and outside strings its text is ASCII, so these are written as
``\\uXXXX`` and every other character stays as it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LINE_BREAKING = re.compile("[\u0080-\u009f\u2028\u2029]")


def json_text(value: Any, *, indent: int | None = None, allow_nan: bool = True) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with line-breaking and C1 control characters escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=allow_nan)
    return _LINE_BREAKING.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
