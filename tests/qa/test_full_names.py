"""A title-and-surname answer ("Ms Kelly") moves to the article's one full name for that surname ("Ruth Kelly")."""

from __future__ import annotations

from qa.full_names import MAX_SHOWN_GROWTH, full_name_span
from qa.readers.base import ReadablePassage
from qa.types import Passage

ARTICLE = (
    "Euro MP Robert Kilroy-Silk has had slurry thrown over him.\n\n"
    "Fellow guest Ruth Kelly MP was also hit by the slurry.\n\n"
    "The attack took place as Mr Kilroy-Silk and Ms Kelly, a Cabinet Office minister, arrived."
)


def whole(text: str) -> ReadablePassage:
    return ReadablePassage.whole_text(text, "doc.txt")


def moved(text: str, answer: str, passage: ReadablePassage | None = None) -> str:
    start = text.rindex(answer)
    named = full_name_span(passage or whole(text), start, start + len(answer))
    return text[named.start : named.end]


def test_a_title_and_surname_becomes_the_full_name_given_earlier():
    assert moved(ARTICLE, "Ms Kelly") == "Ruth Kelly"
    assert moved(ARTICLE, "Mr Kilroy-Silk") == "Robert Kilroy-Silk"


def test_any_other_answer_is_left_alone():
    assert moved(ARTICLE, "Ruth Kelly") == "Ruth Kelly"
    assert moved(ARTICLE, "a Cabinet Office minister") == "a Cabinet Office minister"
    assert moved(ARTICLE, "Kelly") == "Kelly"


def test_two_full_names_for_one_surname_leave_the_answer_as_it_was():
    text = ARTICLE.replace("Euro MP Robert Kilroy-Silk", "Tom Kelly said Robert Kilroy-Silk")
    assert moved(text, "Ms Kelly") == "Ms Kelly"


def test_a_title_or_a_sentence_opener_is_not_a_given_name():
    text = "Chancellor Gordon Brown spoke. But Brown said little. President Brown? No. Mr Brown left."
    assert moved(text, "Mr Brown") == "Gordon Brown"
    text = "Chancellor Brown spoke. But Brown said little. On Monday Brown left. Mr Brown left."
    assert moved(text, "Mr Brown") == "Mr Brown"


def test_surnames_with_an_inner_capital_or_an_apostrophe():
    text = "Ronald McDonald opened it. Shaun O'Neill spoke. Later Mr McDonald and Mr O'Neill left."
    assert moved(text, "Mr McDonald") == "Ronald McDonald"
    assert moved(text, "Mr O'Neill") == "Shaun O'Neill"


def test_the_surname_must_end_where_the_name_ends():
    text = "Robert Kilroy-Silk spoke. Later Mr Kilroy arrived."
    assert moved(text, "Mr Kilroy") == "Mr Kilroy"


def test_a_full_name_after_the_answer_is_taken_when_none_comes_before():
    text = "Ms Kelly arrived first. The minister, Ruth Kelly, said nothing."
    named = full_name_span(whole(text), 0, len("Ms Kelly"))
    assert text[named.start : named.end] == "Ruth Kelly"


def passage_of(text: str, start: int, end: int) -> ReadablePassage:
    return ReadablePassage(Passage(0, "doc.txt", start, end, text[start:end], 1.0, 1), text, ())


def test_the_context_shown_reaches_back_to_the_full_names_paragraph_and_keeps_the_passage():
    lo = ARTICLE.index("The attack")
    start = ARTICLE.index("Ms Kelly")
    named = full_name_span(passage_of(ARTICLE, lo, len(ARTICLE)), start, start + len("Ms Kelly"))
    assert ARTICLE[named.start : named.end] == "Ruth Kelly"
    assert named.shown_start == ARTICLE.index("Fellow guest") and named.shown_end == len(ARTICLE)


def test_a_full_name_too_far_from_the_passage_read_leaves_the_answer_as_it_was():
    filler = "Nothing else happened that day. " * 40
    text = "Ruth Kelly arrived.\n\n" + filler + "\n\nLater Ms Kelly spoke to reporters."
    lo = text.index("Later")
    assert len(text) > MAX_SHOWN_GROWTH * (len(text) - lo)
    start = text.index("Ms Kelly")
    named = full_name_span(passage_of(text, lo, len(text)), start, start + len("Ms Kelly"))
    assert (named.start, named.end, named.shown_start) == (start, start + len("Ms Kelly"), lo)


def test_the_pipeline_answers_with_the_full_name_and_keeps_the_offsets_exact(span_pipeline):
    result = span_pipeline.answer_in_text("Which Cabinet Office minister arrived with Mr Kilroy-Silk?", ARTICLE, "doc.txt")
    assert not result.no_answer
    assert result.answer == "Ruth Kelly"
    assert ARTICLE[result.start : result.end] == result.answer
    assert result.passage[result.start - result.passage_start : result.end - result.passage_start] == result.answer
    for c in result.candidates:
        assert c.passage[c.start - c.passage_start : c.end - c.passage_start] == c.answer


def test_an_indexed_article_answers_and_lists_the_full_name_across_articles(tmp_path, embedder):
    from index.builder import update_index
    from qa.across import across
    from qa.config import QAConfig
    from qa.pipeline import QAPipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "slurry.txt").write_text(ARTICLE, encoding="utf-8")
    config = QAConfig(corpus=corpus, index_dir=tmp_path / "index")
    update_index(config, progress=False, embedder=embedder)
    pipeline = QAPipeline.load(config, embedder=embedder)
    question = "Which Cabinet Office minister arrived with Mr Kilroy-Silk?"
    result = pipeline.answer(question)
    assert result.answer == "Ruth Kelly" and ARTICLE[result.start : result.end] == "Ruth Kelly"
    listed = [a for group in across(pipeline, question, result) for a in group.answers]
    assert listed and listed[0].answer == "Ruth Kelly"
    assert all(ARTICLE[a.start : a.end] == a.answer for a in listed)
    assert all(a.answer != "Ms Kelly" for a in listed)
