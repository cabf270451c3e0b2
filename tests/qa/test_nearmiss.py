"""Near-miss generation: each rule edits the question so the article no longer answers it."""

from __future__ import annotations

import json
import random

from qa.attributes import attribute_words, sibling_words, word_class
from qa.evaluate import GoldItem
from qa.nearmiss import EntityPool, answer_sentence, attribute_swap, entity_swap, false_premise, generate, role_swap, time_shift

ARTICLE = (
    "Kenya sent 400 police officers to Haiti in 2024, President William Ruto said in Nairobi. "
    "The Kenyan contingent is led by commander Godfrey Otunge."
)
ELSEWHERE = [
    ARTICLE,
    "Canada pledged money. Prime Minister Justin Trudeau spoke in Ottawa on Monday. The Canadian team had 80 people.",
    "In 1998 the Jamaican coach Mary Lee said 12 players were injured in Kingston.",
]
POOL = EntityPool.from_texts(ELSEWHERE)


def test_pool_keeps_names_and_drops_ordinary_and_calendar_words() -> None:
    singles = POOL.names.get(1, [])
    assert "Ottawa" in singles and "Kingston" in singles
    assert "Monday" not in singles and "The" not in singles
    assert "Canadian" in POOL.nationalities and "Jamaican" in POOL.nationalities
    assert "1998" in POOL.years and "80" in POOL.numbers


def test_entity_swap_uses_a_same_kind_entity_absent_from_the_article() -> None:
    question = "How many Kenyan officers were sent?"
    edited = entity_swap(question, ARTICLE, POOL, random.Random(0))
    assert edited is not None and edited != question
    swapped = edited.replace("How many ", "").replace(" officers were sent?", "")
    assert swapped in POOL.nationalities and swapped not in ARTICLE


def test_time_shift_moves_or_pins_a_year_the_article_lacks() -> None:
    moved = time_shift("What happened in Haiti in 2024?", ARTICLE, POOL, random.Random(1))
    assert moved is not None and "2024" not in moved
    year = moved.rstrip("?").split()[-1]
    assert year not in ARTICLE
    pinned = time_shift("Who leads the Kenyan contingent?", ARTICLE, POOL, random.Random(1))
    assert pinned == "Who leads the Kenyan contingent in 1998?"


def test_role_swap_asks_for_a_role_the_article_never_names() -> None:
    edited = role_swap("Who is the commander of the contingent?", ARTICLE, POOL, random.Random(2))
    assert edited is not None and "commander" not in edited
    role = edited.split(" the ")[1].split(" of ")[0]
    assert role.lower() not in ARTICLE.lower()


def test_false_premise_swaps_two_names() -> None:
    edited = false_premise("Why did Kenya send officers to Haiti?", ARTICLE, POOL, random.Random(3))
    assert edited == "Why did Haiti send officers to Kenya?"
    assert false_premise("Why did Kenya send officers?", ARTICLE, POOL, random.Random(3)) is None


def test_generate_keeps_twins_and_is_deterministic() -> None:
    items = [
        GoldItem("q1", "How many Kenyan officers were sent to Haiti in 2024?", ("400",), "a.txt"),
        GoldItem("q2", "Who won the 2022 World Cup?", (), None),
    ]
    first = generate(items, lambda item: ARTICLE, POOL, seed=7)
    again = generate(items, lambda item: ARTICLE, POOL, seed=7)
    assert [m.to_json() for m in first] == [m.to_json() for m in again]
    assert first[0].kind == "twin" and first[0].answers == ("400",)
    kinds = {m.kind for m in first}
    assert {"entity_swap", "time_shift", "false_premise", "answer_removed"} <= kinds
    assert all(m.twin == "q1" for m in first)  # the unanswerable item has no twin and no near miss
    removed = next(m for m in first if m.kind == "answer_removed")
    assert removed.hide == ("400",) and removed.question == items[0].question and removed.answers == ()
    assert all(not m.answers for m in first if m.kind != "twin")


def test_attribute_swap_asks_for_a_sibling_the_article_never_mentions() -> None:
    article = "At least 739 officers graduated in March. Gangs killed 20 people."
    sentence = answer_sentence(article, ["739"])
    assert sentence == "At least 739 officers graduated in March."
    edited = attribute_swap("How many officers graduated in March?", article, POOL, random.Random(4), sentence)
    assert edited is not None and "graduated" not in edited
    new = edited.split()[3]
    assert new in sibling_words("graduated") and new.endswith("ed")  # the same form
    assert not word_class(new) & attribute_words(article)  # "killed" is in the article: never swapped in
    # a word the answer's sentence does not use in that sense, or a capitalised one, is left alone
    fall = attribute_swap("In the fall term, how many officers graduated?", article, POOL, random.Random(4), sentence)
    assert fall is not None and fall.startswith("In the fall term") and "graduated" not in fall
    assert attribute_swap("How many joined the Gold Squad?", "The Gold Squad has 12 members.", POOL, random.Random(4)) is None
    assert attribute_swap("Who led in the fall term?", article, POOL, random.Random(4), sentence) is None


def test_near_misses_command_writes_attribute_swaps_and_pairs_them(run_cli, tmp_path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Haiti report\n\nAt least 739 officers graduated in March. Kenya sent 400 officers.\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "q1", "question": "How many officers graduated in March?", "answers": ["739"], "doc": "a.txt"}\n'
        '{"id": "q2", "question": "Which country sent officers?", "answers": ["Kenya"], "doc": "a.txt"}\n'
    )
    out = tmp_path / "nm.jsonl"
    code, printed, err = run_cli("near-misses", gold, "--corpus", corpus, "--kinds", "attribute_swap", "--paired", "-o", out)
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["kind"]) for r in rows] == [("q1", "twin"), ("q1~attribute_swap", "attribute_swap")]
    assert "graduated" not in rows[1]["question"] and "1 attribute_swap" in printed


def test_subject_swap_trades_the_answer_and_the_questions_doer() -> None:
    from qa.nearmiss import subject_swap

    assert subject_swap("Who did Marco Rubio host at the State Department?", ["William Ruto"]) == (
        "Who did William Ruto host at the State Department?"
    )
    assert subject_swap("Who hosted William Ruto at the State Department?", ["Marco Rubio"]) == (
        "Who hosted Marco Rubio at the State Department?"
    )
    assert subject_swap("Who did Marco Rubio host?", ["the Kenyan president"]) is None  # not a name
    assert subject_swap("Who was hosted at the State Department by Marco Rubio?", ["William Ruto"]) is None


def test_subject_swap_runs_only_when_asked_for() -> None:
    from qa.nearmiss import EXTRA_KINDS, KINDS

    assert "subject_swap" in EXTRA_KINDS and "subject_swap" not in KINDS
