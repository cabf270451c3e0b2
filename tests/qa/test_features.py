"""Candidate features: question kinds, answer shapes, and the specifics a passage lacks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from index.bm25 import BM25Index
from index.text import tokenize
from qa.evidence import LexicalEvidence
from qa.features import (
    FEATURE_NAMES,
    AnswerShape,
    QuestionContext,
    candidate_features,
    question_kind,
    question_numbers,
    question_specifics,
)
from qa.readers.base import ReadablePassage, SpanPrediction


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many officers were deployed?", "count"),
        ("How much did the deal cost?", "amount"),
        ("When did the mission start?", "time"),
        ("In what year was it founded?", "time"),
        ("Who commands the contingent?", "person"),
        ("Where did the talks take place?", "place"),
        ("Which country pledged troops?", "place"),
        ("Why did the plan fail?", "reason"),
        ("Which official attended?", "which"),
        ("What did Rubio call for?", "what"),
        ("Name the winner.", "other"),
        # only the first wh-word asks; later ones open relative clauses
        ("What does the US need from partners who are affected by the crisis?", "what"),
        ("Who fumbled the ball when tackled by Stewart?", "person"),
        ("Which Senate committee held the hearing where Rubio spoke?", "which"),
        ("Along with force, what abuse did the report cite?", "what"),
    ],
)
def test_question_kind(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_answer_shape_agrees_with_the_question_kind() -> None:
    assert AnswerShape.of("739").agrees_with("count") == 1.0
    assert AnswerShape.of("several hundred").agrees_with("count") == 1.0
    assert AnswerShape.of("Marco Rubio").agrees_with("count") == 0.0
    assert AnswerShape.of("14 April 2025").agrees_with("time") == 1.0
    assert AnswerShape.of("Monday").agrees_with("time") == 1.0
    assert AnswerShape.of("the police").agrees_with("time") == 0.0
    assert AnswerShape.of("Marco Rubio").agrees_with("person") == 1.0
    assert AnswerShape.of("$5m").agrees_with("amount") == 1.0
    assert AnswerShape.of("drone strikes").agrees_with("what") is None


def test_question_specifics_are_names_and_numbers_after_the_first_word() -> None:
    specifics = question_specifics("How many Canadian soldiers were deployed to Haiti in 2024, out of 1,200?")
    assert "canadian" in specifics and "haiti" in specifics
    assert "2024" in specifics and "1200" in specifics
    assert "how" not in specifics and "soldier" not in specifics


def _evidence(texts: list[str]) -> LexicalEvidence:
    return LexicalEvidence(BM25Index.build(list(range(len(texts))), texts))


def _row(question: str, text: str, answer: str) -> np.ndarray:
    """The feature row of the span ``answer`` (its first occurrence) of ``text``, read as one whole passage."""
    evidence = _evidence([text, "Unrelated article about football in Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    start = text.index(answer)
    pred = SpanPrediction(0, start, start + len(answer), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    return candidate_features(QuestionContext.of(question, evidence), [passage], [pred], evidence)[0]


def test_an_entity_swap_shows_as_a_specific_the_article_lacks() -> None:
    text = "Kenya deployed 400 police officers to Haiti in 2024. The officers arrived in June."
    evidence = _evidence([text, "Unrelated article about football in Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    start = text.index("400")
    pred = SpanPrediction(0, start, start + 3, 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    kenyan = QuestionContext.of("How many police officers did Kenya deploy to Haiti?", evidence)
    canadian = QuestionContext.of("How many police officers did Canada deploy to Haiti?", evidence)
    row_kenya = candidate_features(kenyan, [passage], [pred], evidence)[0]
    row_canada = candidate_features(canadian, [passage], [pred], evidence)[0]
    names = list(FEATURE_NAMES)
    assert row_kenya[names.index("specifics_missing_doc")] == 0.0
    assert row_canada[names.index("specifics_missing_doc")] == pytest.approx(0.5)
    assert row_canada[names.index("any_specific_missing_doc")] == 1.0
    assert row_kenya[names.index("type_agrees")] == 1.0
    assert row_kenya[names.index("kind_count")] == 1.0


def test_a_name_typed_without_its_accents_is_not_missing() -> None:
    """ "Zurich" in the question, "Zürich" in the article: the same name, as BM25 and the evidence see it."""
    text = "The café in Zürich was opened by François Dupont in 1999."
    names = list(FEATURE_NAMES)
    for question in ("Who opened the cafe in Zurich?", "Who opened the café in Zürich?"):
        row = _row(question, text, "François Dupont")
        assert row[names.index("specifics_missing_doc")] == 0.0, question
        assert row[names.index("span_coverage")] == pytest.approx(1.0), question
    assert _row("Who opened the cafe in Geneva?", text, "François Dupont")[names.index("specifics_missing_doc")] == 1.0


def test_agreement_and_shares_over_candidates() -> None:
    text = "The mayor is Ana Silva. Ana Silva was elected in 2020. Bob Stone lost."
    evidence = _evidence([text])
    passage = ReadablePassage.whole_text(text, "doc")
    a = text.index("Ana Silva")
    b = text.index("Ana Silva", a + 1)
    c = text.index("Bob Stone")
    preds = [
        SpanPrediction(0, a, a + 9, 0.0, margin=4.0, span_logit=6.0, null_logit=2.0),
        SpanPrediction(0, b, b + 9, 0.0, margin=3.0, span_logit=5.0, null_logit=2.0),
        SpanPrediction(0, c, c + 9, 0.0, margin=1.0, span_logit=3.0, null_logit=2.0),
    ]
    rows = candidate_features(QuestionContext.of("Who is the mayor?", evidence), [passage], preds, evidence)
    names = list(FEATURE_NAMES)
    assert rows.shape == (3, len(FEATURE_NAMES))
    assert rows[0, names.index("same_answer_spans")] == 1.0
    assert rows[2, names.index("same_answer_spans")] == 0.0
    assert rows[:, names.index("span_share")].sum() == pytest.approx(1.0)
    assert rows[0, names.index("answer_share")] == pytest.approx(
        rows[0, names.index("span_share")] + rows[1, names.index("span_share")]
    )
    assert rows[0, names.index("margin_gap")] == 0.0 and rows[2, names.index("margin_gap")] == -3.0
    assert np.isfinite(rows).all()


def test_no_predictions_give_an_empty_matrix() -> None:
    evidence = _evidence(["Some text."])
    rows = candidate_features(QuestionContext.of("Who?", evidence), [], [], evidence)
    assert rows.shape == (0, len(FEATURE_NAMES))


def test_swapped_subject_and_object_show_as_reversed_name_order() -> None:
    text = "Kenya sent 400 police officers to Haiti in 2024."
    evidence = _evidence([text, "Another article about Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    start = text.index("400")
    pred = SpanPrediction(0, start, start + 3, 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    names = list(FEATURE_NAMES)
    straight = candidate_features(
        QuestionContext.of("How many officers did Kenya send to Haiti?", evidence), [passage], [pred], evidence
    )[0]
    swapped = candidate_features(
        QuestionContext.of("How many officers did Haiti send to Kenya?", evidence), [passage], [pred], evidence
    )[0]
    assert straight[names.index("specifics_order_agreement")] == 1.0
    assert swapped[names.index("specifics_order_agreement")] == 0.0
    assert straight[names.index("bigram_coverage")] >= swapped[names.index("bigram_coverage")]


def test_a_type_clash_and_a_name_the_question_holds_show_in_the_row() -> None:
    text = "Universal bought the 50% it did not own for $10m. Sprinter Katerina Thanou was coached by Christos Tzekos."
    evidence = _evidence([text, "Another article about Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    names = list(FEATURE_NAMES)

    def row(question: str, answer: str) -> np.ndarray:
        start = text.index(answer)
        pred = SpanPrediction(0, start, start + len(answer), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
        return candidate_features(QuestionContext.of(question, evidence), [passage], [pred], evidence)[0]

    share = row("How much did Universal pay?", "the 50%")
    money = row("How much did Universal pay?", "$10m")
    assert share[names.index("narrow_type_clash")] == 1.0 and share[names.index("narrow_type_match")] == 0.0
    assert money[names.index("narrow_type_match")] == 1.0 and money[names.index("narrow_type_clash")] == 0.0
    first_name = row("Who coached Thanou?", "Katerina")
    coach = row("Who coached Thanou?", "Christos Tzekos")
    assert first_name[names.index("name_continues_question")] == 1.0
    assert coach[names.index("name_continues_question")] == 0.0


def test_an_answer_whose_sentences_speak_of_a_sibling_attribute_is_flagged() -> None:
    text = "Kenya deployed 400 officers to Haiti. The city is large. Officials met on Monday. Later, 12 officers were injured."
    evidence = _evidence([text, "Another article about Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    column = FEATURE_NAMES.index("attribute_clash")

    def flag(question: str, answer: str) -> float:
        start = text.index(answer)
        pred = SpanPrediction(0, start, start + len(answer), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
        return float(candidate_features(QuestionContext.of(question, evidence), [passage], [pred], evidence)[0][column])

    assert flag("How many officers were injured?", "400") == 1.0  # its sentences say deployed, not injured
    assert flag("How many officers were injured?", "12") == 0.0
    assert flag("How many officers were deployed?", "400") == 0.0
    both = "GDP rose by 2% in 2004, after a 31% decline in 2003."
    assert _flag_in(both, "By how much did GDP shrink in 2003?", "2%") == 1.0  # "rose" sits by it
    assert _flag_in(both, "By how much did GDP shrink in 2003?", "31%") == 0.0
    murders = "In all, 1,247 people were murdered and 710 injured between July and September."
    clash = FEATURE_NAMES.index("narrow_type_clash")
    assert _flag_in(murders, "How many people were injured?", "1,247 people were murdered and 710", clash) == 1.0
    assert _flag_in(murders, "How many people were injured?", "710", clash) == 0.0
    counted = "At least 302 children were recruited by gangs in 2024, the UN said."
    assert _flag_in(counted, "How many adults were recruited by gangs in 2024?", "302 children") == 1.0
    assert _flag_in(counted, "How many children were recruited by gangs in 2024?", "302 children") == 0.0


def _flag_in(text: str, question: str, answer: str, column: int = FEATURE_NAMES.index("attribute_clash")) -> float:
    evidence = _evidence([text, "Another article about Spain."])
    start = text.index(answer)
    pred = SpanPrediction(0, start, start + len(answer), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    row = candidate_features(QuestionContext.of(question, evidence), [ReadablePassage.whole_text(text, "doc")], [pred], evidence)[
        0
    ]
    return float(row[column])


def test_an_acronym_the_article_spells_out_or_dots_is_not_missing() -> None:
    from qa.features import text_words

    text = "The U.S. backs the Organization of American States; the United Nations agrees."
    words = text_words(text)
    for question in ("What does the US back?", "What did the OAS say?", "What did the UN say?", "What did the U.S. say?"):
        assert all(s in words for s in question_specifics(question)), question
    assert "uk" not in words  # an acronym the text does not hold stays missing


def test_a_precise_role_is_a_specific_and_a_loose_one_is_not() -> None:
    judge = question_specifics("Who is the judge of the Refugee Council?")
    chief = question_specifics("Who is the chief executive of the Refugee Council?")
    head = question_specifics("Who is the head of the Refugee Council?")
    assert judge[0] == tokenize(["judge"])[0][0]  # kept in the question's order
    assert set(tokenize(["chief executive"])[0]) <= set(chief)
    assert head == ("refuge", "council")
    text = "Maeve Sherlock, chief executive of the Refugee Council, said the plan was wrong."
    evidence = _evidence([text, "Another article about Spain."])
    passage = ReadablePassage.whole_text(text, "doc")
    pred = SpanPrediction(0, 0, len("Maeve Sherlock"), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    names = list(FEATURE_NAMES)
    for question, missing in (
        ("Who is the chief executive of the Refugee Council?", 0.0),
        ("Who is the judge of the Refugee Council?", 1.0),
    ):
        row = candidate_features(QuestionContext.of(question, evidence), [passage], [pred], evidence)[0]
        assert row[names.index("any_specific_missing_doc")] == missing, question


def _flag(name: str, text: str, answer: str, question: str, passage: ReadablePassage | None = None) -> float:
    """Feature ``name`` of the candidate ``answer`` (its first occurrence in ``text``) for ``question``."""
    evidence = _evidence([text, "Unrelated article about football in Spain."])
    start = text.index(answer)
    pred = SpanPrediction(0, start, start + len(answer), 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
    passage = passage or ReadablePassage.whole_text(text, "doc")
    row = candidate_features(QuestionContext.of(question, evidence), [passage], [pred], evidence)[0]
    return float(row[list(FEATURE_NAMES).index(name)])


def test_a_year_or_month_the_article_never_mentions_is_flagged_and_a_dated_record_covers_it() -> None:
    """A time shift: the article reports 2024 only, so "in 2023" asks about a year it does not cover."""
    text = "Gangs killed 40 police officers in Haiti in 2024, the UN said on Thursday."

    def flag(question: str, passage: ReadablePassage | None = None) -> float:
        return _flag("period_missing_doc", text, "40", question, passage)

    assert flag("How many police officers were killed in 2024?") == 0.0
    assert flag("How many police officers were killed in 2023?") == 1.0
    assert flag("How many police officers were killed in the 1990s?") == 1.0
    assert flag("How many police officers were killed in the 2020s?") == 0.0
    assert flag("How many police officers were killed?") == 0.0
    dated = dataclasses.replace(ReadablePassage.whole_text(text, "doc"), doc_date="2023-03-02")
    assert flag("How many police officers were killed in 2023?", dated) == 0.0
    # a month: the article's own, in full or short, or its record's date
    assert flag("How many police officers were killed in March?") == 1.0
    assert flag("How many police officers were killed in March?", dated) == 0.0
    in_sept = "Gangs killed 40 police officers in Haiti in Sept. 2024, the UN said on Thursday."
    assert _flag("period_missing_doc", in_sept, "40", "How many officers were killed in September 2024?") == 0.0
    assert _flag("period_missing_doc", in_sept, "40", "How many officers were killed in October 2024?") == 1.0
    assert flag("How many police officers may have been killed?") == 0.0  # "may" is a verb, not a month


def test_an_office_the_article_never_uses_is_flagged_in_any_of_its_spellings() -> None:
    """A role confusion: the article names the force's spokesman, the question asks for its director general."""
    text = "Haiti's police spokesman, Jean Pierre, said the Director-General of the force, Rameau Normil, was absent."

    def flag(question: str) -> float:
        return _flag("role_missing_doc", text, "Jean Pierre", question)

    assert flag("Who is the police spokesman?") == 0.0
    assert flag("Who is the police spokesperson?") == 0.0  # another word for the same office
    assert flag("Who is the director general of the force?") == 0.0  # hyphenated in the article
    assert flag("Who is the police commander?") == 1.0
    assert flag("Who is the chief executive of the force?") == 1.0
    assert flag("Who leads the force?") == 0.0  # no precise office asked


def test_news_offices_of_firms_and_banks_are_precise_roles_too() -> None:
    """ "Who is the chief economist ...?" of an article that names only its head of strategy."""
    text = "Jose Barrionuevo, head of strategy at Barclays Capital, and WorldCom's chief financial officer spoke."

    def flag(question: str) -> float:
        return _flag("role_missing_doc", text, "Jose Barrionuevo", question)

    assert flag("Who is the chief economist at Barclays Capital?") == 1.0
    assert flag("Who was WorldCom's chief operating officer?") == 1.0
    assert flag("Who was WorldCom's chief financial officer?") == 0.0
    assert flag("Who is the head of strategy at Barclays Capital?") == 0.0  # "head" is too loose to pin


def test_an_agent_and_a_commissioner_are_offices() -> None:
    """ "Who is Marat Safin's agent?" of an article that names only his opponent."""
    text = "Marat Safin suffered a shock loss to unseeded Nicolas Kiefer in round one."
    assert _flag("role_missing_doc", text, "Nicolas Kiefer", "Who is Marat Safin's agent?") == 1.0
    assert _flag("role_missing_doc", text, "Nicolas Kiefer", "Who is the police commissioner?") == 1.0
    assert _flag("role_missing_doc", text, "Nicolas Kiefer", "Who beat Marat Safin in round one?") == 0.0


def test_a_number_the_article_never_gives_is_flagged_unless_it_is_written_in_words() -> None:
    """An entity swap on a number: the contingent was 400, the question asks about one of 250."""
    text = "The second contingent of 400 officers arrived on the fifth day, after 3 delays and 1,247 deaths."

    def flag(question: str) -> float:
        return _flag("number_missing_doc", text, "400", question)

    assert flag("When did the contingent of 400 arrive?") == 0.0
    assert flag("When did the contingent of 250 arrive?") == 1.0
    assert flag("What happened after the 1,247 deaths?") == 0.0  # commas as the article writes them or not
    assert flag("What happened on the 5th day?") == 0.0  # "fifth" in the article
    assert flag("When did the second contingent arrive?") == 0.0
    assert flag("Who played Doctor Who on stage in the 70's?") == 0.0  # a decade, not a number
    assert question_numbers("How many of the 1,247 died in 2024, on the 5th?") == ("1247", "5")


def test_a_number_word_joined_to_its_measure_is_a_number_and_a_bare_one_is_not() -> None:
    """ "after a ten-month training" of an article on a five-month one is a number swap; "which two" counts the answer."""
    five = "739 officers graduated after a five-month training."
    assert question_numbers("How many graduated after a ten-month training?") == ("ten",)
    assert question_numbers("Which two officers graduated?") == ()
    assert question_numbers("Which twenty-first century war?") == ()  # one number in two words
    assert _flag("number_missing_doc", five, "739", "How many graduated after a ten-month training?") == 1.0
    assert _flag("number_missing_doc", five, "739", "How many graduated after a five-month training?") == 0.0
    digits = "739 officers graduated after a 10-month training."
    assert _flag("number_missing_doc", digits, "739", "How many graduated after a ten-month training?") == 0.0


def test_a_number_word_before_a_span_of_time_is_a_number() -> None:
    """ "in the past ten years" of an article on three years is a time shift; the article's own span passes."""
    three = "The dollar has fallen by 50% against the euro in the past three years."
    assert question_numbers("How far has the dollar fallen in the past ten years?") == ("ten",)
    assert question_numbers("Which three terms does he ask for?") == ()  # a count of the answer's items
    assert _flag("number_missing_doc", three, "50%", "How far has the dollar fallen in the past ten years?") == 1.0
    assert _flag("number_missing_doc", three, "50%", "How far has the dollar fallen in the past three years?") == 0.0


def test_a_name_two_sentences_from_the_answer_is_near_and_one_further_is_not() -> None:
    """News names its speaker once and quotes on ("..., he said"): two sentences each side count as near."""
    far = "Rubio spoke in Kingston on Monday. The talks ran late. Officials met again. We need buy-in, he said."
    close = "Rubio spoke in Kingston on Monday. The talks ran late. We need buy-in, he said."
    column = FEATURE_NAMES.index("specifics_missing_near")
    for text, missing in ((close, 0.0), (far, 1.0)):
        evidence = _evidence([text, "Unrelated article about football in Spain."])
        passage = ReadablePassage.whole_text(text, "doc")
        start = text.index("buy-in")
        pred = SpanPrediction(0, start, start + 6, 0.0, margin=5.0, span_logit=8.0, null_logit=3.0)
        context = QuestionContext.of("What did Rubio say was needed?", evidence)
        assert candidate_features(context, [passage], [pred], evidence)[0][column] == missing


def test_article_gaps_name_what_the_article_lacks() -> None:
    from qa.features import QuestionNames

    text = "Kenya sent 400 officers to Haiti in 2024, the police commissioner said."
    held = QuestionNames.of("How many officers did Kenya send to Haiti in 2024?").gaps(text)
    assert not held.any and held.specifics == 0.0
    swapped = QuestionNames.of("How many officers did Canada send to Haiti?").gaps(text)
    assert swapped.any and swapped.specifics == 0.5 and not swapped.period
    shifted = QuestionNames.of("How many officers did Kenya send in 2019?").gaps(text)
    assert shifted.period and shifted.any
    assert QuestionNames.of("Who is the director general of the police?").gaps(text).role
    assert QuestionNames.of("When did the contingent of 250 officers arrive?").gaps(text).number


def test_the_article_s_title_holds_its_subject_for_the_article_level_gap() -> None:
    from qa.features import QuestionNames

    # A SQuAD paragraph of "Harvard University" never names Harvard; a BBC headline is kept apart from its text.
    text = "Other alumni include conductor Leonard Bernstein and cellist Yo Yo Ma."
    names = QuestionNames.of("What famous conductor went to Harvard?")
    assert names.gaps(text).specifics == 1.0
    assert names.gaps(text, doc_title="Harvard University").specifics == 0.0
    # a number, a year or an office the title gives is no gap either
    final = QuestionNames.of("Who won Super Bowl 50 in 2016?")
    assert final.gaps("The Broncos beat the Panthers.").number
    assert not final.gaps("The Broncos beat the Panthers.", doc_title="Super Bowl 50 (2016)").any
    # a name the title does not give either is still missing
    assert QuestionNames.of("What famous conductor went to Yale?").gaps(text, doc_title="Harvard University").specifics == 1.0


def test_a_person_answers_no_question_after_a_team() -> None:
    text = "Chelsea boss Jose Mourinho saw his side win. Portsmouth held out until the 79th minute."
    column = FEATURE_NAMES.index("narrow_type_clash")
    assert _row("Which team beat Chelsea at Fratton Park?", text, "Jose Mourinho")[column] == 1.0
    assert _row("Which team did Chelsea beat at Fratton Park?", text, "Portsmouth")[column] == 0.0


def test_a_name_whose_title_names_another_office_is_flagged_as_an_attribute_clash() -> None:
    text = "Prime Minister Mia Mottley of Barbados hosted the talks. The summit ended on Friday."
    column = FEATURE_NAMES.index("attribute_clash")
    for question, flagged in (("Who is the foreign minister of Barbados?", 1.0), ("Who is the prime minister of Barbados?", 0.0)):
        assert _row(question, text, "Mia Mottley")[column] == flagged, question


def test_a_sentence_that_reverses_the_roles_is_flagged_as_an_attribute_clash() -> None:
    text = "Rubio made the appeal while hosting Kenyan President William Ruto at the State Department."
    column = FEATURE_NAMES.index("attribute_clash")
    assert _row("Who did William Ruto host at the State Department?", text, "Rubio")[column] == 1.0
    assert _row("Who did Marco Rubio host at the State Department?", text, "William Ruto")[column] == 0.0


def test_an_answer_that_repeats_the_questions_name_is_flagged() -> None:
    text = "Secretary of State Marco Rubio urged countries in the region to step up support for the mission."
    column = FEATURE_NAMES.index("name_continues_question")
    assert _row("Who urged Marco Rubio to step up support?", text, "Secretary of State Marco Rubio")[column] == 1.0
    assert _row("Who urged countries to step up support?", text, "Secretary of State Marco Rubio")[column] == 0.0
    # a title before the name counts for "who" questions only; the bare name is the question's own for any
    assert _row("What did Marco Rubio urge?", text, "Secretary of State Marco Rubio")[column] == 0.0
    assert _row("What did Marco Rubio urge?", text, "Marco Rubio")[column] == 1.0


def test_an_answer_that_is_just_a_name_the_question_gives_is_flagged_unless_it_offers_a_choice() -> None:
    text = "The country could be looking to emulate rival Ghana, which produced a bumper crop last year."
    column = FEATURE_NAMES.index("name_continues_question")
    question = "Which rival country could Ghana be looking to emulate?"
    assert _row(question, text, "Ghana")[column] == 1.0
    assert _row(question, text, "rival Ghana")[column] == 1.0  # one describing word
    assert _row("Which rival country could Nigeria be looking to emulate?", text, "Ghana")[column] == 0.0
    assert _row("Which country is bigger, Ghana or Togo?", text, "Ghana")[column] == 0.0  # a choice


def test_one_item_of_a_counted_list_is_capped_as_a_type_clash() -> None:
    text = "They are accused of missing drug tests in Tel Aviv and Chicago before the Games."
    column = FEATURE_NAMES.index("narrow_type_clash")
    question = "In which two cities are they accused of missing drug tests?"
    assert _row(question, text, "Tel Aviv")[column] == 1.0
    assert _row(question, text, "Tel Aviv and Chicago")[column] == 0.0
    assert _row("In which city are they accused of missing drug tests?", text, "Tel Aviv")[column] == 0.0


def test_a_state_for_a_city_and_another_kind_of_the_asked_noun_are_capped_as_type_clashes() -> None:
    column = FEATURE_NAMES.index("narrow_type_clash")
    bening = "Bening, who was born in Texas in 1958, grew up in San Diego."
    assert _row("In which city was Annette Bening born?", bening, "Texas")[column] == 1.0
    assert _row("In which state was Annette Bening born?", bening, "Texas")[column] == 0.0
    assert _row("In which city did Annette Bening grow up?", bening, "San Diego")[column] == 0.0
    game = "A fishing game is the first title to use the technology. Driving games are next."
    assert _row("Which driving game was the first title to use it?", game, "fishing game")[column] == 1.0
    assert _row("Which game was the first title to use it?", game, "fishing game")[column] == 0.0


def test_a_country_for_a_club_is_a_type_clash_and_a_club_named_for_its_city_is_not() -> None:
    column = FEATURE_NAMES.index("narrow_type_clash")
    text = "Colin Charvis won his 80th cap for Wales, while Olly Barkley was passed fit by Bath."
    assert _row("Which club does Colin Charvis play for?", text, "Wales")[column] == 1.0  # a national side
    assert _row("Which country does Colin Charvis play for?", text, "Wales")[column] == 0.0
    assert _row("Which club does Olly Barkley play for?", text, "Bath")[column] == 0.0  # a club named for its city


def test_a_us_state_for_a_country_and_a_year_for_a_film_are_type_clashes() -> None:
    column = FEATURE_NAMES.index("narrow_type_clash")
    spyware = "The spyware site is thought to be run from California, and the fake site from Romania."
    assert _row("Which country is the spyware site thought to be run from?", spyware, "California")[column] == 1.0
    assert _row("Which country is the fake site thought to be run from?", spyware, "Romania")[column] == 0.0
    assert _row("Which state is the spyware site thought to be run from?", spyware, "California")[column] == 0.0
    baftas = "The Aviator led the field at the 2005 Bafta film awards with 14 nominations."
    assert _row("Which film led the field at the Bafta film awards?", baftas, "2005")[column] == 1.0
    assert _row("Which film led the field at the Bafta film awards?", baftas, "The Aviator")[column] == 0.0
    assert _row("Which year did The Aviator lead the field at the Baftas?", baftas, "2005")[column] == 0.0


_ARCHER = "Lord Archer served two years of a four-year sentence. The 912km pipeline, due to open in 2005, will cost $1.2bn."
_AMBO = "AMBO, whose president is Pat Ferguson, will build the pipeline."
_PATENTS = "The European Legal Affairs Committee said the law should be re-drafted. The European Commission (EC) disagreed."
_FISHERIES = "Committee chairman Austin Mitchell said some way has to be found. Ross Finnie chairs the fisheries committee."
_POSTCARDS = "Postcards came from director Ken Loach and former Blur guitarist Graham Coxon."
_OILFIELD = "The National Iranian Oil Company and minister Bijan Zanganeh reached a deal with India's ONGC."


@pytest.mark.parametrize(
    ("text", "question", "answer", "clash"),
    [
        # a length of time for "when", a moment for "how long"
        (_ARCHER, "When did Lord Archer get out of prison?", "two years", 1.0),
        (_ARCHER, "How long did Lord Archer serve?", "two years", 0.0),
        (_ARCHER, "How long will the pipeline be?", "2005", 1.0),
        (_ARCHER, "How long will the pipeline be?", "912km", 0.0),
        (_ARCHER, "When will the pipeline open?", "2005", 0.0),
        # a body's initials for a president
        (_AMBO, "Who is the president of the firm building the pipeline?", "AMBO", 1.0),
        (_AMBO, "Who is the president of the firm building the pipeline?", "Pat Ferguson", 0.0),
        (_AMBO, "Who will build the pipeline?", "AMBO", 0.0),
        # another kind of body, or a person the article titles, for a committee
        (_PATENTS, "Which committee said the law should be re-drafted?", "European Commission (EC)", 1.0),
        (_PATENTS, "Which committee said the law should be re-drafted?", "European Legal Affairs Committee", 0.0),
        (_FISHERIES, "Which committee is chaired by Ross Finnie?", "Austin Mitchell", 1.0),
        (_FISHERIES, "Who said some way has to be found?", "Austin Mitchell", 0.0),
        # another kind of person
        (_POSTCARDS, "Which former Blur guitarist designed a postcard?", "Ken Loach", 1.0),
        (_POSTCARDS, "Which former Blur guitarist designed a postcard?", "Graham Coxon", 0.0),
        (_POSTCARDS, "Who directed the postcard film?", "Graham Coxon", 1.0),  # a verb that names a job
        (_POSTCARDS, "Who directed the postcard film?", "Ken Loach", 0.0),
        # a body for a person
        (_OILFIELD, "Which Iranian official reached a deal with ONGC?", "National Iranian Oil Company", 1.0),
        (_OILFIELD, "Which Iranian official reached a deal with ONGC?", "Bijan Zanganeh", 0.0),
        (_OILFIELD, "Which Iranian firm reached a deal with ONGC?", "National Iranian Oil Company", 0.0),
    ],
)
def test_what_the_answer_is_clashes_with_what_the_question_asks_for(text: str, question: str, answer: str, clash: float) -> None:
    assert _row(question, text, answer)[FEATURE_NAMES.index("narrow_type_clash")] == clash


def test_countries_for_a_city_and_a_sum_for_a_count_are_type_clashes() -> None:
    text = "Weapons leave Miami in containers and arrive in Jamaica, Trinidad and Tobago. The US has provided Sh77 billion."
    column = FEATURE_NAMES.index("narrow_type_clash")
    assert _row("Which US city are weapons arriving in?", text, "Jamaica, Trinidad and Tobago")[column] == 1.0
    assert _row("Which US city are weapons leaving from?", text, "Miami")[column] == 0.0
    assert _row("How many troops has the US provided?", text, "Sh77 billion")[column] == 1.0
    assert _row("How much money has the US provided?", text, "Sh77 billion")[column] == 0.0


def test_a_length_of_time_is_no_count_of_people_and_no_score() -> None:
    text = (
        "Robinson believes some players will have three or four years taken off their careers. "
        "Saracens scored five tries in the last 20 minutes to win 24-17 at Northampton."
    )
    column = FEATURE_NAMES.index("narrow_type_clash")
    assert _row("How many players will have their careers cut short?", text, "three or four years")[column] == 1.0
    assert _row("How many players will have their careers cut short?", text, "three")[column] == 1.0  # the range's unit
    assert _row("How many years will players have taken off their careers?", text, "three or four years")[column] == 0.0
    assert _row("What was the score at Northampton?", text, "20 minutes")[column] == 1.0
    assert _row("What was the score at Northampton?", text, "24-17")[column] == 0.0
    assert _row("How many tries did Saracens score?", text, "five")[column] == 0.0


def test_a_count_of_things_is_no_sum_of_money() -> None:
    text = "In its heyday Marvel was selling 50 million copies a year and making $100m in revenue."
    column = FEATURE_NAMES.index("narrow_type_clash")
    assert _row("How much revenue was Marvel making a year?", text, "50 million copies")[column] == 1.0
    assert _row("How much revenue was Marvel making a year?", text, "$100m")[column] == 0.0
    assert _row("How many copies was Marvel selling a year?", text, "50 million copies")[column] == 0.0
