"""Hand-written near-miss pairs (``qa.written_pairs``): what a line means, and one clear error for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import UsageError
from qa.written_pairs import load_pairs

LINE = "attribute\tHow many officers were injured?\tHow many officers were deployed?\t400\tseed.txt\n"


def test_a_pair_is_an_unanswerable_near_miss_then_its_answered_twin(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(LINE + "\n" + LINE.replace("attribute", "time"), encoding="utf-8")
    items = load_pairs(path, prefix="p0:")
    assert [(i.kind, i.answers) for i in items] == [
        ("written_attribute", ()),
        ("twin", ("400",)),
        ("written_time", ()),
        ("twin", ("400",)),
    ]
    near_miss, twin = items[0], items[1]
    assert near_miss.question == "How many officers were injured?" and twin.question == "How many officers were deployed?"
    assert near_miss.twin == twin.id == twin.twin and twin.id.startswith("p0:")
    assert len({i.id for i in items}) == 4  # ids from line numbers: a blank line skipped, none repeated


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entity\tWho won?\tWho lost?\n", "expected 5 tab-separated fields"),
        (LINE.replace("attribute", "colour"), "unknown kind 'colour'"),
        (LINE.replace("\t400\t", "\t \t"), "must not be empty"),
        ("\n\n", "holds no pairs"),
    ],
)
def test_a_bad_file_is_one_usage_error_naming_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message) as caught:
        load_pairs(path)
    assert str(path) in str(caught.value)


def test_an_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        load_pairs(tmp_path / "missing.tsv")
    (tmp_path / "latin1.tsv").write_bytes(LINE.replace("400", "£400").encode("latin-1"))
    with pytest.raises(UsageError, match="cannot read"):
        load_pairs(tmp_path / "latin1.tsv")
