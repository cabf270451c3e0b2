"""Hand-written near-miss pairs: a near miss, its answerable twin and the twin's answer.

The generated near misses (``qa.nearmiss``) are made by rule from SQuAD's
questions, so they teach the selector what SQuAD's wording looks like. People
asking about news write other questions ("What did Rubio call for?"), and the
selector fitted on SQuAD alone scores right answers to them low. Pairs written
by hand over news articles, each a near miss and a twin that differs by a word
or two with the twin's answer as the article writes it, give the selector
candidates of that kind, labelled, to learn from (``qa train-selector
--pairs``).

A file holds one pair per line, five tab-separated fields: the kind (entity,
attribute, time, role, premise), the near miss, the twin, the twin's answer
and the article it comes from (kept for the record; the pipeline reads the
whole corpus, as a user's question would be).
"""

from __future__ import annotations

from pathlib import Path

from qa.errors import UsageError
from qa.nearmiss import NearMiss

KINDS = frozenset({"entity", "attribute", "time", "role", "premise"})
FIELDS = 5


def load_pairs(path: Path, prefix: str = "") -> list[NearMiss]:
    """The near misses and twins of a pairs file, in file order (near miss, then its twin).

    Raises UsageError naming the file and line for a line that is not five
    fields, names an unknown kind, or leaves a question or the answer empty.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read near-miss pairs {path}: {exc}") from exc
    out: list[NearMiss] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{path}:{number}"
        if len(fields) != FIELDS:
            raise UsageError(
                f"{where}: expected {FIELDS} tab-separated fields (kind, near miss, twin, answer, article), got {len(fields)}"
            )
        kind, near_miss, twin, answer, article = fields
        if kind not in KINDS:
            raise UsageError(f"{where}: unknown kind {kind!r}; one of {', '.join(sorted(KINDS))}")
        if not near_miss or not twin or not answer:
            raise UsageError(f"{where}: the near miss, the twin and its answer must not be empty")
        twin_id = f"{prefix}{number}-twin"
        out.append(NearMiss(f"{prefix}{number}-{kind}", near_miss, (), article or None, f"written_{kind}", twin_id))
        out.append(NearMiss(twin_id, twin, (answer,), article or None, "twin", twin_id))
    if not out:
        raise UsageError(f"near-miss pairs {path} holds no pairs")
    return out
