"""JSON lines that stay one line and carry no raw C1 control, whatever the text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.batch import json_line
from qa.json_lines import json_text


def test_line_breaking_and_c1_characters_are_escaped_and_the_text_kept() -> None:
    record = {"question": "a\u0085b\u2028c\u2029d\x9be", "answer": "Zürich — 5 €"}
    text = json_text(record)
    assert len(text.splitlines()) == 1
    assert not any(ch in text for ch in "\u0085\u2028\u2029\x9b")
    assert json.loads(text) == record
    assert "Zürich — 5 €" in text  # other non-ASCII stays readable


def test_a_batch_line_with_next_line_in_its_question_is_one_line() -> None:
    line = json_line({"id": 1, "question": "\x00\u0085\x00"})
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line)["question"] == "\x00\u0085\x00"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_round_trips_on_one_line(value: str) -> None:
    text = json_text({"text": value})
    assert len(text.splitlines()) == 1
    assert json.loads(text) == {"text": value}
