"""Another name's relative clause: the figure asked for is told of the list item its clause hangs on."""

from __future__ import annotations

from qa.relative_owner import other_antecedent
from tests.helpers import clash_and_reason

NOMINATIONS = (
    "It is up against Eternal Sunshine of the Spotless Mind, Finding Neverland, The Motorcycle Diaries "
    "and British film Vera Drake, which has 11 nominations."
)


def _owner(question: str, sentence: str, answer: str) -> tuple[str, str] | None:
    start = sentence.index(answer)
    return other_antecedent(question, sentence, start, start + len(answer))


def test_a_figure_in_another_items_clause_is_told_of_that_item() -> None:
    assert _owner("How many Bafta nominations does Finding Neverland have?", NOMINATIONS, "11") == (
        "Finding Neverland",
        "Vera Drake",
    )
    assert _owner("How many Bafta nominations does Vera Drake have?", NOMINATIONS, "11") is None  # the twin


def test_an_appositive_or_a_clause_told_of_several_items_is_not_read() -> None:
    appositive = "Luther was implicated in the bigamy of Philip I, Landgrave of Hesse, who wanted to marry again."
    assert _owner("Who did Philip I want to marry?", appositive, "marry again") is None  # commas alone: an appositive
    both = "Coldplay played with guests Beyonce and Bruno Mars, who headlined the Super Bowl XLVII show."
    assert _owner("Which show did Beyonce headline?", both, "Super Bowl XLVII") is None  # "who headlined": both of them
    far = "Finding Neverland and Vera Drake, which has been praised by critics for its daring, won 11 awards."
    assert _owner("How many awards did Finding Neverland win?", far, "11") is None  # the answer is past the clause


def test_the_clash_caps_the_candidate_and_the_refusal_names_the_owner() -> None:
    clash, reason = clash_and_reason("How many Bafta nominations does Finding Neverland have?", NOMINATIONS, "11")
    assert clash is not None and clash.owner == ("Finding Neverland", "Vera Drake")
    assert reason is not None and "“Vera Drake”, not “Finding Neverland”" in reason
