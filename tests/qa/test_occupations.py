"""Kinds of person: what a "Which guitarist ...?" question asks for, and which introduced names cannot be it."""

from __future__ import annotations

from qa.occupations import OCCUPATIONS, asked_occupation, other_occupation


def _kind(word: str) -> int:
    return next(i for i, words in enumerate(OCCUPATIONS) if word in words.split())


TEXT = "Postcards came from director Ken Loach, fashion designer Hussein Chalayan and former Blur guitarist Graham Coxon."


def _at(name: str) -> tuple[int, int]:
    start = TEXT.index(name)
    return start, start + len(name)


def test_the_head_of_the_wh_phrase_names_the_kind_of_person_asked() -> None:
    assert asked_occupation("Which former Blur guitarist designed a postcard?") == _kind("guitarist")
    assert asked_occupation("What novelist wrote the book?") == _kind("writer")
    assert asked_occupation("Which referee did the coach lambast?") == _kind("referee")
    assert asked_occupation("Who designed a postcard?") is None


def test_a_name_introduced_as_another_kind_of_person_clashes() -> None:
    guitarist = _kind("guitarist")
    assert other_occupation(TEXT, *_at("Ken Loach"), guitarist) == "director"
    assert other_occupation(TEXT, *_at("Hussein Chalayan"), guitarist) == "designer"
    assert other_occupation(TEXT, *_at("Graham Coxon"), guitarist) is None
    assert other_occupation(TEXT, *_at("fashion designer"), guitarist) is None  # not a name


def test_no_word_names_two_kinds_of_person() -> None:
    words = [w for kind in OCCUPATIONS for w in kind.split()]
    assert len(words) == len(set(words))
