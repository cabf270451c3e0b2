"""Fine answer types: what a question's wording asks for, and whether a candidate can be it."""

from __future__ import annotations

import pytest

from qa.answer_types import (
    ANSWER_TYPES,
    asks_how_long,
    asks_personal_office,
    expected_type,
    is_acronym,
    is_bare_date,
    is_bare_duration,
    type_fit,
    unit_in_context,
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much did Universal pay for the label?", "money"),
        ("How much will the adapter cost?", "money"),
        ("How much is the producer worth?", "money"),
        ("What salary will he earn?", "money"),
        ("By what percentage did GDP shrink in 2003?", "percent"),
        ("What is the jobless rate in the east?", "percent"),
        ("How old was he when he disappeared?", "age"),
        ("For how many years were they married?", "duration"),
        ("How long did the strike last?", "duration"),
        ("How many seconds were left on the clock?", "duration"),
        ("How often will the prize be awarded?", "frequency"),
        ("How frequently do the trains run?", "frequency"),
        ("In what year was the firm founded?", "year"),
        ("When did they marry?", "date"),
        ("On which day did Chelsea lose at the Nou Camp?", "day"),
        ("On which days will the tour stop in Dublin?", "day"),
        ("What date was the treaty signed?", "date"),  # a date may be told by its year
        ("How many officers were deployed?", "count"),
        ("By how much do the Lib Dems plan to cut spending?", "change"),  # the size of a change, whatever the verb
        ("By what margin were Hockney and Hulme-Cross elected in 2004?", "change"),  # a margin is a number
        ("What was the attendance at the match?", "count"),
        ("Who is the managing director?", "person"),
        ("What did Rubio call for?", None),
        ("How long will the pipeline be?", None),  # a length, not a duration
        # a wh-word in a relative clause does not say what is asked
        ("How many yards did the return gain when the ball was tipped?", "count"),
        ("What did Rubio say the US needs from partners who are affected?", None),
        ("Who got a 61-yard return when players thought he called for a fair catch?", "person"),
    ],
)
def test_expected_type_reads_the_question_wording(question: str, expected: str | None) -> None:
    assert expected_type(question) == expected
    assert expected is None or expected in ANSWER_TYPES


@pytest.mark.parametrize(
    ("expected", "answer", "fit"),
    [
        ("money", "£70", 1.0),
        ("money", "$2.5bn", 1.0),
        ("money", "400 million dollars", 1.0),
        ("money", "the 50%", -1.0),  # a share is not a sum
        ("money", "January", -1.0),
        ("money", "30", 0.0),  # a bare number: could be either
        ("percent", "31%", 1.0),
        ("percent", "12 per cent", 1.0),
        ("percent", "£5m", -1.0),
        ("age", "27", 1.0),
        ("age", "10 years ago", -1.0),  # a point in time, not an age
        ("age", "1995", -1.0),
        ("duration", "two years", 1.0),
        ("duration", "since 2001", 0.0),  # "How long has he been chairman?": a span told by its start
        ("duration", "ten years ago", -1.0),  # a point in time
        ("frequency", "every four years", 1.0),
        ("frequency", "once every two years", 1.0),
        ("frequency", "twice a week", 1.0),
        ("frequency", "each six months", 1.0),
        ("frequency", "half-hourly", 1.0),
        ("frequency", "annually", 1.0),
        ("frequency", "5.8 seconds", -1.0),  # "every 5.8 seconds", its "every" cut off
        ("frequency", "four years", -1.0),
        ("frequency", "once", 0.0),  # a count of times without its period: neither
        ("frequency", "three times", 0.0),  # "how often has she won?": a fair answer
        ("year", "2004", 1.0),
        ("year", "the police", -1.0),
        ("date", "June 2004", 1.0),
        ("date", "Wednesday 19 January", 1.0),
        ("date", "after the war", 0.0),
        ("date", "1973", 1.0),
        ("day", "Wednesday", 1.0),
        ("day", "10-13 February", 1.0),
        ("day", "Christmas Day", 1.0),
        ("day", "2000", -1.0),  # a year is no day
        ("day", "the final", 0.0),
        ("count", "8,661", 1.0),
        ("count", "several hundred", 1.0),
        ("count", "the crowd", -1.0),
        ("person", "Christos Tzekos", 1.0),
        ("person", "2%", -1.0),
        ("person", "the coach", 0.0),
        (None, "anything", 0.0),
    ],
)
def test_type_fit_scores_an_answer_against_the_expected_type(expected: str | None, answer: str, fit: float) -> None:
    assert type_fit(expected, answer) == fit


@pytest.mark.parametrize(
    ("expected", "before", "answer", "after", "fit"),
    [
        ("duration", "his wife Audrey died aged ", "91", ". Lord Callaghan", -1.0),  # an age, not how long
        ("age", "his wife Audrey died aged ", "91", ". Lord Callaghan", 1.0),
        ("money", "has begun selling ", "thousands", " of his possessions", -1.0),  # a count of things, not a sum
        ("money", "paid ", "5", " million dollars for it", 1.0),
        ("money", "it cost £", "5", "m in all", 1.0),
        ("percent", "unemployment rose to ", "12", " per cent in May", 1.0),
        ("percent", "it sacked ", "300", " workers", -1.0),
        ("duration", "practices have existed for ", "thousands", " of years", 1.0),
        ("age", "the wall was built ", "30", " years ago", -1.0),
        ("count", "Up to ", "30", " Labour MPs could oppose it", 1.0),  # a name after the number says nothing
        ("percent", "killed up to ", "three-fourths", " of the population", 0.0),  # a fraction is a share
        ("age", "graves dating to ", "1338", " near Lake Issyk Kul", 1.0),  # "near" is not a thing counted: as without context
        ("money", "", "£70", " of shopping", 1.0),  # the answer's own unit wins over its context
        ("count", "turnout was ", "55", "% of voters", -1.0),  # a share, not a head count
        ("count", "tickets cost £", "12", " each", -1.0),
        ("count", "he served ", "12", " years in office", -1.0),
        ("count", "a boy aged ", "12", " was hurt", -1.0),
        ("count", "police arrested ", "12", " men", 1.0),
    ],
)
def test_a_bare_number_takes_its_unit_from_the_words_around_it(expected, before, answer, after, fit) -> None:
    assert type_fit(expected, answer, before, after) == fit


def test_unit_in_context_reads_both_sides() -> None:
    assert unit_in_context("died aged ", "") == "age"
    assert unit_in_context("", "-year-old son") == "age"
    assert unit_in_context("£", "") == "currency"
    assert unit_in_context("", "% of voters") == "percent"
    assert unit_in_context("", " days") == "duration"
    assert unit_in_context("", " officers were deployed") == "thing"
    assert unit_in_context("", " and rising") is None
    assert unit_in_context("all the ", " UN member states would") == "thing"  # a name qualifying a counted noun
    assert unit_in_context("", " Premier League clubs") == "thing"
    assert unit_in_context("", " Labour MPs") is None  # a name alone says nothing of what is counted
    assert unit_in_context("", " Downing Street has said") is None
    assert unit_in_context("", "") is None


def test_a_question_that_counts_its_items_asks_for_a_list() -> None:
    from qa.answer_types import items_asked, lists_items

    assert items_asked("In which two cities are Kenteris and Thanou accused of dodging tests?") == 2
    assert items_asked("What 3 colours does the flag use?") == 3
    assert items_asked("What two-thirds majority was needed?") is None
    assert items_asked("Which city hosted the games?") is None
    assert lists_items("Tel Aviv and Chicago") and lists_items("red, white") and not lists_items("Tel Aviv")


def test_an_office_holder_is_a_name() -> None:
    from qa.answer_types import asks_office_holder, is_nameless

    assert asks_office_holder("Who is the head of the Haitian National Police?")
    assert asks_office_holder("Who was its chief executive?")
    assert not asks_office_holder("Who did the head of the police meet?")
    assert is_nameless("Our officers") and is_nameless("the spokesman")
    assert not is_nameless("Tammy Bruce") and not is_nameless("the Haitian National Police") and not is_nameless("Bruce")


def test_a_count_or_a_sum_never_runs_through_a_clause() -> None:
    from qa.answer_types import holds_clause

    assert holds_clause("1,247 people were murdered and 710")
    assert holds_clause("$5m, which was paid")
    assert not holds_clause("1,247")
    assert not holds_clause("about 30 officers")
    assert not holds_clause("Isabel")  # "is" only as a whole word


@pytest.mark.parametrize(
    ("answer", "bare"),
    [
        ("two years", True),
        ("six weeks", True),
        ("two years ago", False),
        ("within five years", False),
        ("about two years", False),
        ("the 17th century", False),
        ("three months later", False),
        ("1998", False),
    ],
)
def test_a_bare_duration_is_a_length_of_time_that_nothing_places(answer: str, bare: bool) -> None:
    assert is_bare_duration(answer) is bare


@pytest.mark.parametrize(
    ("answer", "bare"),
    [
        ("2005", True),
        ("June 2004", True),
        ("since 2001", False),
        ("1964 until 1969", False),
        ("1939-45", False),
        ("an eight-year term", False),
        ("912km", False),
    ],
)
def test_a_bare_date_is_a_moment_that_nothing_stretches(answer: str, bare: bool) -> None:
    assert is_bare_date(answer) is bare


def test_how_long_is_asked_at_the_questions_own_interrogative() -> None:
    assert asks_how_long("How long will the AMBO oil pipeline through the Balkans be?")
    assert asks_how_long("For how long was he jailed?")
    assert not asks_how_long("How long ago did oxygen reach 10% of its present level?")
    assert not asks_how_long("How long since it's been that geoglyphs were first discovered?")
    assert not asks_how_long("Who knew how long the war would last?")


def test_an_age_told_with_year_old_is_an_age_and_no_date() -> None:
    assert type_fit("age", "the 31-year-old") == 1.0
    assert type_fit("age", "1.6-million-year-old") == 1.0
    assert type_fit("age", "31 years old") == 1.0
    assert type_fit("count", "31-year-old") == -1.0  # "how many ...?" is not answered by an age
    assert type_fit("duration", "31-year-old") == -1.0


def test_a_body_s_initials_name_no_president_but_may_name_a_producer() -> None:
    assert asks_personal_office("Who is the president of the firm building the pipeline?")
    assert not asks_personal_office("Who is the producer of Doctor Who?")  # a broadcaster produces
    assert not asks_personal_office("Who built the pipeline?")
    assert is_acronym("AMBO") and is_acronym("the BBC")
    assert not is_acronym("Pat Ferguson") and not is_acronym("I")


def test_a_count_of_times_and_zero_answer_how_many() -> None:
    question = "How many times did Mido score on his debut against Portsmouth?"
    assert expected_type(question) == "count"
    for answer in ("twice", "once", "three times", "zero"):
        assert type_fit("count", answer) == 1.0, answer
    assert type_fit("count", "Alpha Phi Omega") == -1.0


def test_a_jail_term_is_a_span_of_time_and_a_fine_is_a_sum() -> None:
    from qa.answer_types import expected_type, type_fit

    prison = "What maximum prison sentence will employers face for failing to enforce the ban?"
    assert expected_type(prison) == "term"
    assert type_fit("term", "£2,500") == -1.0  # the fine beside it
    assert type_fit("term", "two years") == 1.0
    assert type_fit("term", "life") == 0.0  # a word for a term says nothing either way
    fine = "What maximum fine will employers face?"
    assert expected_type(fine) == "money"
    assert type_fit("money", "two years") == -1.0  # a bare number may be a sum; a span of time is not
    assert type_fit("money", "£2,500") == 1.0 and type_fit("money", "2,500") == 0.0


def test_a_month_is_asked_by_what_month_and_a_weekday_is_none() -> None:
    from qa.answer_types import expected_type, type_fit

    asked = "In what month did Rubio tell the committee that the OAS could provide a force?"
    assert expected_type(asked) == "month"
    assert type_fit("month", "Tuesday") == -1.0
    assert type_fit("month", "2024") == -1.0 and type_fit("month", "five") == -1.0
    assert type_fit("month", "June 2024") == 1.0 and type_fit("month", "Dec") == 1.0
    assert type_fit("month", "last month") == 0.0  # a month told relative to the article's date


def test_a_score_answers_no_count_but_a_range_may() -> None:
    from qa.answer_types import expected_type, score_for_count

    attendance = "What was the attendance when the Wallabies hammered England in June?"
    assert score_for_count(attendance, expected_type(attendance), "51-15")
    assert not score_for_count(attendance, expected_type(attendance), "44,000")
    assert not score_for_count("What was the score?", expected_type("What was the score?"), "51-15")  # asked for
    species = "How many species have been validated?"
    assert not score_for_count(species, expected_type(species), "100–150")  # a range: the low end first


def test_an_answer_that_only_names_the_asked_kind_answers_no_which_question() -> None:
    from qa.answer_types import asked_kind_words, names_only_the_asked_kind

    asked = asked_kind_words("Which Law Lord dissented from the ruling on the Roma at Prague airport?")
    assert asked == "law lord"
    assert names_only_the_asked_kind(asked, "Law Lords") and names_only_the_asked_kind(asked, "the Law Lord")
    assert not names_only_the_asked_kind(asked, "Lord Bingham")
    assert not names_only_the_asked_kind(asked_kind_words("What protein does it produce?"), "protein A")
    assert asked_kind_words("Who dissented?") == ""  # no "which" / "what" phrase: nothing read


def test_another_kind_of_the_asked_noun_answers_no_which_question() -> None:
    """ "A fishing game is the first title" for "Which driving game ...?"; a sentence with the asked word passes."""
    from qa.answer_types import asked_kind_words, names_another_kind

    driving = "Which driving game was the first title to use Sonaptic's technology?"
    asked = asked_kind_words(driving)
    fishing = "A fishing game is the first title to use the technology."
    assert names_another_kind(driving, asked, "A fishing game", fishing) == "fishing"
    assert names_another_kind(driving, asked, "driving game", "A driving game is the first title.") is None
    twin = "Which game was the first title to use Sonaptic's technology?"
    assert names_another_kind(twin, asked_kind_words(twin), "A fishing game", fishing) is None  # no kind asked
    plant = "The plant cells which contain chloroplasts are usually parenchyma cells."
    asked_cells = "What plant cells have chloroplasts in them?"
    assert names_another_kind(asked_cells, asked_kind_words(asked_cells), "parenchyma cells", plant) is None
    engine = "What type of engine was used?"
    assert names_another_kind(engine, asked_kind_words(engine), "steam engine", "A steam engine was used.") is None
    assert names_another_kind(driving, asked, "Gran Turismo game", "The Gran Turismo game was first.") is None  # a name


def test_a_figure_that_counts_another_kind_of_thing_answers_no_how_many() -> None:
    from qa.answer_types import counted_kind, counts_other_kind

    force = "The force will be made up of 2,500 officers from various countries."
    figure = force.index("2,500")
    assert counts_other_kind(counted_kind("How many countries will the force be made up of?"), force, figure, figure + 5)
    assert not counts_other_kind(counted_kind("How many officers will the force have?"), force, figure, figure + 5)
    assert not counts_other_kind(counted_kind("How many people will the force have?"), force, figure, figure + 5)  # one kind
    assert not counts_other_kind(counted_kind("How many helicopters will it have?"), force, figure, figure + 5)  # no kind
    # a sport's tallies, written in words too
    table = "His side, who are four places above the Magpies, were not afraid."
    four = table.index("four")
    assert counted_kind("How many points above Newcastle are Tottenham?") == "points"
    assert counts_other_kind("points", table, four, four + 4)
    assert not counts_other_kind(counted_kind("How many places above Newcastle are Tottenham?"), table, four, four + 4)
    caps = "Brown now looks certain to add to his tally of seven appearances for England."
    seven = caps.index("seven")
    assert not counts_other_kind(counted_kind("How many caps has Brown won?"), caps, seven, seven + 5)  # one tally
    arena = "The amphitheatre seats 2,500 people."
    assert not counts_other_kind(counted_kind("How many seats does the amphitheatre have?"), arena, 22, 27)  # seats hold people


def test_a_length_of_time_after_for_is_no_age() -> None:
    flown = "I was a rusty wartime pilot who hadn't flown for nine years."
    at = flown.index("nine")
    assert type_fit("age", "nine years", flown[:at], flown[at + 10 :]) == -1.0
    aged = "He was nine years old when the family moved."
    at = aged.index("nine")
    assert type_fit("age", "nine years", aged[:at], aged[at + 10 :]) == 1.0


def test_an_answer_that_ends_on_another_counted_noun_counts_no_asked_kind() -> None:
    from qa.answer_types import counted_kind, counts_other_kind

    plan = "The mission also plans to set up new bases in the two most affected regions."
    answer = "the two most affected regions"
    at = plan.index(answer)
    assert counts_other_kind(counted_kind("How many troops will staff the new bases?"), plan, at, at + len(answer))
    assert not counts_other_kind(counted_kind("How many regions will get new bases?"), plan, at, at + len(answer))


@pytest.mark.parametrize(
    "question",
    [
        "By how much did quarterly profits at Time Warner jump?",
        "How much did the firm's profits rise in 2004?",
        "How much has the value of the shares fallen since January?",
        "How much did revenue grow last year?",
        "How much did the company's turnover increase?",
        "How much money did the bank lose?",
        "How much did advertising revenue increase for ABC between 1953 and 1958?",
        "What was the price rise?",
    ],
)
def test_a_sum_that_rose_or_fell_is_asked_as_a_change(question: str) -> None:
    assert expected_type(question) == "change"


def test_a_share_of_a_sum_is_a_share() -> None:
    assert expected_type("What was the budget deficit as a share of GDP?") == "percent"
    assert expected_type("What is the value of the deal as a percentage of sales?") == "percent"
    assert expected_type("What was the budget deficit?") == "money"


def test_a_change_is_read_only_of_a_sum_and_at_the_question_s_verb() -> None:
    # no sum: the question asks no type
    assert expected_type("How much did US exports fall in November?") is None
    # "By how much" asks for the size of a change whatever the verb: a share or a sum
    assert expected_type("By how much did US exports fall in November?") == "change"
    # "gain" does not change the cost: still a sum
    assert expected_type("How much does it cost to gain entry to a parliament meeting?") == "money"
    assert expected_type("How much did the firm pay to cut its debt?") == "money"


def test_a_change_is_a_share_or_a_sum_but_no_date_span_or_word() -> None:
    assert type_fit("change", "76%") == 1.0  # "profits jumped 76% to $1.13bn"
    assert type_fit("change", "$1.13bn") == 1.0
    assert type_fit("change", "45 points") == 0.0
    for answer in ("2004", "three years", "March", "the film division"):
        assert type_fit("change", answer) == -1.0, answer
    assert type_fit("change", "300", "it cut ", " workers") == -1.0  # a count of people
    assert type_fit("change", "1.4 and 5.8 °C", "rise by between ", " above 1990 levels") == 0.0  # "above" counts nothing
    # "How much did X pay?" still asks for a sum, and a share still clashes with it
    assert expected_type("How much did Universal pay for the label?") == "money"
    assert type_fit("money", "76%") == -1.0


@pytest.mark.parametrize(
    ("answer", "fit"),
    [
        ("since 1951", 0.0),
        ("ever since the war", 0.0),
        ("until the end of the current Parliament", 0.0),
        ("the last 7000 years", 1.0),
        ("for the past two years", 1.0),
        ("last week", -1.0),  # a point, not a span
        ("two years ago", -1.0),
        ("after the war", -1.0),
    ],
)
def test_a_span_told_by_its_bound_answers_how_long(answer: str, fit: float) -> None:
    assert type_fit("duration", answer) == fit


@pytest.mark.parametrize("answer", ["None", "all missions", "infinitely many", "a majority", "a third of the seats", "many"])
def test_a_quantity_in_words_does_not_clash_with_how_many(answer: str) -> None:
    assert type_fit("count", answer) == 0.0


@pytest.mark.parametrize("answer", ["third", "seventh", "a third bid", "a third"])
def test_an_ordinal_alone_is_no_quantity(answer: str) -> None:
    assert type_fit("count", answer) == -1.0


def test_a_name_still_clashes_with_how_many() -> None:
    assert type_fit("count", "Alpha Phi Omega") == -1.0
    assert type_fit("count", "the crowd") == -1.0


def test_what_is_the_age_of_asks_for_an_age_and_a_word_is_none() -> None:
    assert expected_type("What is the age of the terror suspect known only as C?") == "age"
    assert expected_type("What was his age when he died?") == "age"
    assert expected_type("What is the average age of the members?") is None  # an average, not one age
    assert type_fit("age", "certified") == -1.0
    assert type_fit("age", "31") == 1.0


def test_a_length_in_months_is_no_month() -> None:
    for answer in ("five-month", "six months"):
        assert type_fit("month", answer) == -1.0, answer
    assert type_fit("month", "June") == 1.0
    assert type_fit("month", "last month") == 0.0


def test_a_sum_answers_no_count_of_people_or_things() -> None:
    from qa.answer_types import sum_for_count

    assert sum_for_count("How many troops has the US provided for the mission?", "more than Sh77 billion")
    assert sum_for_count("How many officers were sent?", "$5m")
    assert not sum_for_count("How many dollars did the mission cost?", "$5m")  # counted in a currency
    assert not sum_for_count("How many Victorians are Catholic?", "26.7%")  # a share counts people
    assert not sum_for_count("How many troops were sent?", "2,500")
    assert not sum_for_count("What was the total of grants?", "$414 million")  # no "how many"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was the median UK house price in December?", "money"),  # three words before the noun
        ("What is the combined annual revenue of Oracle and Peoplesoft?", "money"),
        ("What did Jim Parton say the new proposals would cost?", "money"),
        ("How much taller than Johnny O'Connor is Denis Leamy?", "count"),
        ("What did the ISM's employment index climb to in December?", "count"),
        ("What will Hereford's maximum waiting time fall to in 2005?", "count"),
        ("What was the revenue growth last year?", None),  # a share of a sum, not a sum
        ("What is the start of the salary year?", None),
        ("What is there a push for to reduce consumer drug costs?", None),  # "costs" a noun at the end
        ("What did the firm add to its range?", None),
    ],
)
def test_more_wordings_of_a_sum_a_difference_and_a_level(question: str, expected: str | None) -> None:
    assert expected_type(question) == expected


def test_a_word_answers_no_sum_difference_or_level() -> None:
    assert type_fit("money", "lacked compulsion") == -1.0
    assert type_fit("money", "0.7%") == -1.0
    assert type_fit("count", "Wasps") == -1.0
    assert type_fit("count", "eased") == -1.0  # "What did the index climb to?"
    assert type_fit("count", "52.9") == 1.0
    assert type_fit("count", "6-months") == 1.0  # a level of any unit


def test_a_sentence_check_for_the_types_a_sentence_shows_plainly():
    from qa.answer_types import sentence_type_check

    holds_sum = sentence_type_check("How much will the mouse adapter cost?")
    assert holds_sum is not None
    assert holds_sum("The devices will cost about £70.") and not holds_sum("About three million Britons have a tremor.")
    holds_rate = sentence_type_check("How often will the prize be awarded?")
    assert holds_rate is not None and holds_rate("It will be awarded once every two years.")
    assert not holds_rate("Authors can only win once.")
    # a count or a person is in nearly every sentence of news: no check, the window stays as it is
    assert sentence_type_check("How many officers were deployed?") is None
    assert sentence_type_check("Who leads the mission?") is None
    assert sentence_type_check("What did Rubio call the situation?") is None


def test_a_range_takes_its_unit_from_its_other_end() -> None:
    assert unit_in_context("", " or four years taken off their careers") == "duration"
    assert unit_in_context("", " to 4 per cent") == "percent"
    assert unit_in_context("", " or so") is None


def test_an_answer_that_names_what_it_counts_counts_things() -> None:
    from qa.answer_types import counts_things

    assert counts_things("50 million copies") and counts_things("300 jobs")
    assert not counts_things("$50m") and not counts_things("20 minutes") and not counts_things("12%")
    assert not counts_things("three times") and not counts_things("Marvel") and not counts_things("50 million")


def test_a_length_of_time_counts_nothing_a_question_counts_in_other_units() -> None:
    from qa.answer_types import duration_for_count

    assert duration_for_count("How many players will be hurt?", "count", "three or four years")
    assert duration_for_count("What was the score?", "count", "20 minutes")
    assert not duration_for_count("How many paid holiday days are required?", "count", "4 weeks")
    assert not duration_for_count("How much older was Manning than Newton?", "count", "13 years and 48 days")
    assert not duration_for_count("How many players will be hurt?", "count", "three")
    assert not duration_for_count("How many courses must he take?", "count", "one course every three years")
    assert not duration_for_count("What will Hereford's maximum waiting time fall to?", "count", "6-months")  # a level
