"""Kinds of person: what a "Which guitarist ...?" question asks for, and which introduced names cannot be it."""

from __future__ import annotations

from qa.occupations import OCCUPATIONS, asked_occupation, other_occupation, person_word_before


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


def test_a_verb_that_names_a_job_asks_for_its_holder() -> None:
    """ "Who refereed ...?" asks for a referee; "Who wrote ...?" says nothing of the writer's job."""
    assert asked_occupation("Who refereed the cup final at Wembley?") == _kind("referee")
    assert asked_occupation("Who will produce the awards show?") == _kind("producer")
    assert asked_occupation("Who directed the thriller?") == _kind("director")
    assert asked_occupation("Who wrote the song?") is None
    assert asked_occupation("Who was managed by Ferguson?") is None  # the passive asks for the one managed
    match = "Spurs manager Martin Jol praised referee Mike Dean after the cup win."
    start = match.index("Martin Jol")
    assert other_occupation(match, start, start + len("Martin Jol"), _kind("referee")) == "manager"
    start = match.index("Mike Dean")
    assert other_occupation(match, start, start + len("Mike Dean"), _kind("referee")) is None


def test_a_coach_and_a_manager_are_one_job() -> None:
    """England's "coach" is its "manager": neither clashes with the other."""
    assert _kind("coach") == _kind("manager")
    text = "England coach Sven-Goran Eriksson named his squad."
    start = text.index("Sven")
    assert (
        other_occupation(text, start, start + len("Sven-Goran Eriksson"), asked_occupation("Who managed England?") or -1) is None
    )


def test_a_question_after_a_person_is_read_from_its_head_word() -> None:
    from qa.occupations import asks_for_a_person

    assert asks_for_a_person("Which Iranian official reached the deal?")
    assert asks_for_a_person("Which guitarist designed a postcard?")
    assert not asks_for_a_person("Which Iranian company reached the deal?")
    assert not asks_for_a_person("Who reached the deal?")  # "who" is read elsewhere (qa.answer_types)


def test_an_answer_that_opens_with_its_own_kind_word_is_read_by_it() -> None:
    """ "rapper Ja Rule" is a singer, so no answer to "Who directed ...?"."""
    text = "The action movie Assault On Precinct 13, starring rapper Ja Rule, made £750,000."
    start = text.index("rapper")
    director = asked_occupation("Who directed Assault On Precinct 13?")
    assert director is not None
    assert other_occupation(text, start, start + len("rapper Ja Rule"), director) == "rapper"
    assert other_occupation(text, start, start + len("rapper Ja Rule"), _kind("singer")) is None


def test_a_name_introduced_as_a_person_is_read_as_one() -> None:
    text = "Chelsea boss Jose Mourinho praised his side. Portsmouth held Chelsea until the 79th minute."
    assert person_word_before(text, text.index("Jose"), text.index(" praised")) == "boss"
    assert person_word_before(text, 0, text.index(" praised")) == "boss"  # "Chelsea boss Jose Mourinho" as one span
    assert person_word_before(text, text.index("Portsmouth"), text.index(" held")) is None
    drogba = "the striker Didier Drogba scored"
    assert person_word_before(drogba, drogba.index("Didier"), drogba.index(" scored")) == "striker"


def test_a_name_a_film_is_starring_is_its_actor() -> None:
    """ "Who produced Sideways?" is not answered by the "Paul Giamatti" of "a comedy starring Paul Giamatti"."""
    text = "Sideways, a wine-tasting comedy starring Paul Giamatti, is up for six awards."
    start = text.index("Paul")
    end = start + len("Paul Giamatti")
    assert other_occupation(text, start, end, asked_occupation("Who produced Sideways?")) == "starring"
    assert other_occupation(text, start, end, asked_occupation("Which actor starred in Sideways?")) is None


def test_a_player_is_any_playing_kind_and_no_coach() -> None:
    from qa.occupations import PLAYER

    text = "The injuries are a blow for coach Andy Robinson, who loses midfielder Will Greenwood and striker Ian Rush."
    assert asked_occupation("Which midfield players did England lose to injury?") == PLAYER
    assert other_occupation(text, *_at_in(text, "Andy Robinson"), PLAYER) == "coach"
    assert other_occupation(text, *_at_in(text, "Will Greenwood"), PLAYER) is None
    assert other_occupation(text, *_at_in(text, "Ian Rush"), PLAYER) is None


def _at_in(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def test_a_who_is_question_names_the_kind_by_its_noun_phrases_head() -> None:
    assert asked_occupation("Who is Wales' team doctor?") == _kind("doctor")
    assert asked_occupation("Who was the architect of the new stadium?") == _kind("architect")
    assert asked_occupation("Who is presenting the best actor award?") is None  # a verb, not a kind
    assert asked_occupation("Who is the doctor treating him?") is None  # a clause after the noun
    text = "Wales' team physiotherapist Mark Davies said the flanker was improving."
    start = text.index("Mark Davies")
    assert other_occupation(text, start, start + len("Mark Davies"), _kind("doctor")) == "physiotherapist"
