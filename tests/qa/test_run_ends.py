"""A run's other end: the date told as a run's end answers no question about its beginning, nor the other way round."""

from __future__ import annotations

from qa.run_ends import asked_end, other_end
from tests.helpers import clash_and_reason

BLACKADDER = "The BBC has no plans for a new series of hit comedy Blackadder, which ended in 1989."
WAR = "The war began in 1939 and ended in 1945."


def _end(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    start = sentence.index(answer)
    return other_end(question, sentence, (start, start + len(answer)))


def test_the_date_of_the_other_end_is_found() -> None:
    assert _end("In which year did Blackadder begin?", BLACKADDER, "1989") == ("begin", "ended")
    assert _end("When did Blackadder start?", BLACKADDER, "1989") == ("start", "ended")
    assert _end("In which year did Blackadder end?", BLACKADDER, "1989") is None  # the twin


def test_a_sentence_that_tells_the_asked_end_too_is_not_read() -> None:
    assert _end("When did the war begin?", WAR, "1945") is None  # "began" is there: the reader chose among both
    assert _end("When did the war end?", WAR, "1939") is None


def test_only_when_questions_with_one_end_are_read() -> None:
    assert asked_end("Who began the war?") is None
    assert asked_end("When did the war that began in 1939 end?") is None  # both ends named
    assert asked_end("What year did filming start?") == "begin"
    assert asked_end("When did the tour finish?") == "end"


def test_the_other_end_must_stand_right_before_the_answer() -> None:
    sentence = "The series, which ended after six seasons, was first shown in 1983."
    assert _end("When did the series begin?", sentence, "1983") is None


def test_the_clash_caps_the_candidate_and_the_refusal_says_why() -> None:
    clash, reason = clash_and_reason("In which year did Blackadder begin?", BLACKADDER, "1989")
    assert clash is not None and clash.contrast == ("begin", "ended")
    assert reason == "the closest candidate's text speaks of “ended”, not “begin”"
