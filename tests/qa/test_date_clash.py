"""Another date: the answer's sentence gives the asked month another year."""

from __future__ import annotations

from qa.date_clash import date_clash
from tests.helpers import clash_and_reason

APPROVED = "The security mission was approved by the U.N. Security Council in October 2023 to support Haiti."


def test_the_asked_month_of_another_year_clashes() -> None:
    assert date_clash("Which body approved the mission in October 2024?", APPROVED) == ("October 2024", "October 2023")
    assert date_clash("Which body approved it on October 5, 2024?", "It was approved on October 5, 2023.") == (
        "October 2024",
        "October 2023",
    )


def test_the_two_words_before_the_year_with_another_year_clash() -> None:
    zelda = "They missed out on the Most Wanted game of 2005, which went to The Legend of Zelda."
    assert date_clash("Which title won the Most Wanted game of 2004?", zelda) == ("game of 2004", "game of 2005")
    assert date_clash("Which title won the Most Wanted game of 2005?", zelda) is None
    assert date_clash("Who was president in 1942?", "The firm was sold in 1997.") is None  # one word is not enough


def test_the_asked_date_another_month_or_a_bare_year_does_not() -> None:
    assert date_clash("Which body approved the mission in October 2023?", APPROVED) is None
    assert date_clash("Which body approved the mission in March 2024?", APPROVED) is None  # no March in the sentence
    assert date_clash("Which body approved the mission in 2024?", APPROVED) is None  # a bare year is not read
    both = "Approved in October 2023, the mission was renewed in 2024."
    assert date_clash("Which body approved the mission in October 2024?", both) is None  # the asked year is there


def test_the_clash_caps_the_candidate_and_the_refusal_names_both() -> None:
    text = APPROVED + " Gangs took more of the capital in 2024."  # the asked year is in the article
    clash, reason = clash_and_reason("Which body approved the mission in October 2024?", text, "the U.N. Security Council")
    assert clash is not None and clash.date == ("October 2024", "October 2023")
    assert reason == "the closest candidate's sentence says October 2023, not October 2024"


def test_a_period_told_relative_to_the_article_clashes_with_another_of_the_same_unit() -> None:
    """ "this year's council tax rises" of a sentence on next year's is a time shift; the sentence's own period passes."""
    rises = "The cash is part of a £1bn package to help councils keep next year's council tax rises below 5%."
    assert date_clash("Below what level should this year's council tax rises stay?", rises) == ("this year", "next year")
    assert date_clash("Below what level should next year's council tax rises stay?", rises) is None
    assert date_clash("Below what level should the coming year's rises stay?", rises) is None  # "coming" is next
    assert date_clash("Below what level should this year's or next year's rises stay?", rises) is None  # both asked
    assert date_clash("Who won last season?", "Chelsea lead the table this year.") is None  # another unit
    assert date_clash("Who won last season?", "Chelsea won the title this season.") == ("last season", "this season")


def test_an_answer_dated_another_year_than_the_one_asked_within_clashes() -> None:
    from qa.date_clash import answer_year_clash

    asked = "In which month of 2023 did the Kenyan team arrive in Haiti?"
    assert answer_year_clash(asked, "June 2024") == ("2023", "2024")
    assert answer_year_clash(asked, "June 2023") is None  # the twin's answer
    assert answer_year_clash(asked, "June") is None  # no year of its own: the sentence decides
    assert answer_year_clash("When in 2004 did the album come out?", "March 2005") == ("2004", "2005")
    # A year the question names for something else places nothing: "after 2001" asks for a later year.
    assert answer_year_clash("When did the firm, founded in 2001, go public?", "2004") is None


def test_a_finer_period_that_cannot_lie_inside_the_asked_one_clashes() -> None:
    """ "last year" holds no "this month"; "this year" holds any month, and last month may have been last year."""
    filed = "The chipmaker filed a brief with the court earlier this month in defence of the software firm."
    assert date_clash("Which chipmaker filed a brief with the court last year?", filed) == ("last year", "this month")
    assert date_clash("Which chipmaker filed a brief with the court this year?", filed) is None
    assert date_clash("Which chipmaker will file a brief next year?", filed) == ("next year", "this month")
    assert date_clash("Which chipmaker will file a brief next week?", filed) is None  # this month may hold next week
    sued = "Last month the studios started legal action against 200 people swapping films online."
    assert date_clash("How many people did the studios sue last year?", sued) == ("last year", "last month")
    assert date_clash("How many people did the studios sue this year?", sued) is None
    assert date_clash("How many people did the studios sue today?", sued) == ("today", "last month")
    assert date_clash("How many people did the studios sue yesterday?", sued) is None  # on the 1st, it was last month
    assert date_clash("What did the minister announce today?", "The minister announced the cuts yesterday.") == (
        "today",
        "yesterday",
    )
    assert date_clash("Whom did the club sign this season?", "The club signed him this month.") is None


def test_a_sentence_only_about_what_is_to_come_does_not_answer_for_last_year() -> None:
    held = "The awards, which will be held on 8 December, take place at the MGM Grand in Las Vegas."
    asked = "Where were last year's awards held?"
    assert date_clash(asked, held) == ("last year", "what is still to come")
    assert date_clash("Where will this year's awards be held?", held) is None
    assert date_clash(asked, "Last year's awards were held in Miami and this year's will be held in Las Vegas.") is None
    assert date_clash(asked, "He said the awards will be held in Las Vegas, as they were in 2003.") is None


def test_another_stretch_of_time_back_from_today_clashes() -> None:
    doubled = "The number of blogs has doubled every five and a half months for the last 18 months."
    assert date_clash("How often have blogs doubled over the last five years?", doubled) == (
        "last five years",
        "last 18 months",
    )
    assert date_clash("How often have blogs doubled over the past 18 months?", doubled) is None
    assert date_clash("How often have blogs doubled?", doubled) is None


def test_another_weekday_clashes_unless_the_sentence_names_the_asked_one() -> None:
    shares = "Shares in American Express surged more than 8% on Tuesday after it said it would spin off a unit."
    assert date_clash("By how much did shares in American Express surge on Monday?", shares) == ("Monday", "Tuesday")
    assert date_clash("By how much did shares in American Express surge on Tuesday?", shares) is None
    assert date_clash("By how much did shares in American Express surge?", shares) is None
    both = "Shares rose on Tuesday, having fallen on Monday."
    assert date_clash("By how much did shares fall on Monday?", both) is None  # the asked day is named


def test_a_relative_period_clash_names_both_in_the_refusal() -> None:
    text = "The chipmaker filed a brief with the court earlier this month. It sold 2m chips last year."
    clash, reason = clash_and_reason("Which chipmaker filed a brief with the court last year?", text, "The chipmaker")
    assert clash is not None and clash.date == ("last year", "this month")
    assert reason == "the closest candidate's sentence says this month, not last year"


def test_a_weekday_told_as_a_time_clashes_without_on_but_not_inside_a_name() -> None:
    trading = "Shares in the retailer were up 19.6% at $17.04 in Tuesday morning trading in New York."
    assert date_clash("How much did the shares rise in Monday morning trading?", trading) == ("Monday", "Tuesday")
    assert date_clash("How much did the shares rise in Tuesday morning trading?", trading) is None
    assert date_clash("What did Monday's close show?", "Friday's close was 15 points higher.") == ("Monday", "Friday")
    named = "The paper said so in the Sunday Times, and shares fell on Good Friday."
    assert date_clash("What did the paper say on Monday?", named) is None  # "Sunday Times", "Good Friday": names
    assert date_clash("Who spoke on Monday and Tuesday?", trading) is None  # two asked days


def test_a_dated_weekday_is_no_day_of_last_year_or_next_year() -> None:
    """An event on "Sunday" is one of the week the article reports: not last year's, though it may be last week's."""
    voted = "Young UK film fans voted Shrek 2 best film at the children's Bafta awards on Sunday."
    assert date_clash("Which film did fans vote best film at last year's children's Bafta awards?", voted) == (
        "last year",
        "this week",
    )
    assert date_clash("Which film will fans vote best film at next year's awards?", voted) == ("next year", "this week")
    assert date_clash("Which film did fans vote best film at this year's awards?", voted) is None
    assert date_clash("Which film did fans vote best film last week?", voted) is None  # Sunday may be last week's
    assert date_clash("Which film did fans vote best film last month?", voted) is None  # or, on the 1st, last month's
    both = "Fans voted Shrek 2 best film on Sunday, as they voted Finding Nemo best film last year."
    assert date_clash("Which film did fans vote best film last year?", both) is None  # the asked year is told


def test_a_period_back_from_today_by_a_count_or_the_latest_months_is_relative_too() -> None:
    now = "In recent months the country has seen a surge in violence, with gangs controlling 80 percent of the capital."
    assert date_clash("What share of the capital did gangs control a year ago?", now) == ("last year", "this month")
    assert date_clash("What share of the capital did gangs control two years ago?", now) == ("last year", "this month")
    assert date_clash("What share of the capital do gangs control this year?", now) is None
    ago = "The firm was founded two years ago in Leeds."
    assert date_clash("Where was the firm founded last year?", ago) is None  # both a last year: a count says no more
    assert date_clash("Where was the firm founded this year?", ago) == ("this year", "last year")


def test_a_year_ago_as_the_baseline_of_a_change_dates_nothing() -> None:
    rose = "Profits rose 10% from a year ago, and sales were higher than a year ago too."
    assert date_clash("How much did profits rise this year?", rose) is None
    assert date_clash("How much did profits rise this year?", "Profits rose 10% compared with a year ago.") is None


def test_a_weekday_clash_caps_the_candidate_and_the_refusal_says_this_week() -> None:
    text = "Young UK film fans voted Shrek 2 best film at the children's Bafta awards on Sunday."
    clash, reason = clash_and_reason(
        "Which film did fans vote best film at last year's children's Bafta awards?", text, "Shrek 2"
    )
    assert clash is not None and clash.date == ("last year", "this week")
    assert reason == "the closest candidate's sentence says this week, not last year"
    assert clash_and_reason("Which film did fans vote best film at the children's Bafta awards?", text, "Shrek 2")[0] is None


def test_a_weekday_s_event_by_its_name_is_dated_but_a_paper_named_for_the_day_is_not() -> None:
    won = "Cairns claimed the title at Saturday's Northern Ireland Cross Country Championship in Coleraine."
    assert date_clash("Who won the title at last year's Northern Ireland Cross Country Championship?", won) == (
        "last year",
        "this week",
    )
    assert date_clash("Who won the title at the Northern Ireland Cross Country Championship?", won) is None
    assert date_clash("What did the paper say last year?", "The claim was made in the Sunday Times.") is None
