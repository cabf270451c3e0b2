"""The pure text helpers: highlighting from offsets, excerpts, score bars."""

from __future__ import annotations

from textual.content import Content

from tui import text as tx


def styled_slices(content: Content) -> list[tuple[str, str]]:
    return [(content.plain[s.start : s.end], str(s.style)) for s in content.spans]


def test_highlight_styles_exactly_the_span_and_keeps_brackets_literal():
    text = "Officials said [1] the [bold] mission [/bold] ends."
    start = text.index("[bold] mission")
    end = start + len("[bold] mission")
    content = tx.highlight(text, start, end)
    assert content.plain == text  # nothing parsed as markup
    assert styled_slices(content) == [("[bold] mission", tx.HIGHLIGHT)]


def test_highlight_style_is_not_colour_only():
    assert "bold" in tx.HIGHLIGHT and "underline" in tx.HIGHLIGHT and " on " in tx.HIGHLIGHT


def test_highlight_clamps_bad_offsets():
    assert tx.highlight("abc", 5, 9).plain == "abc"
    assert styled_slices(tx.highlight("abc", -3, 2)) == [("ab", tx.HIGHLIGHT)]


def test_excerpt_keeps_whole_words_and_the_span():
    words = " ".join(f"word{i}" for i in range(200))
    start = words.index("word100")
    end = start + len("word100")
    content = tx.excerpt(words, start, end, budget=80)
    plain = content.plain
    assert plain.startswith("…") and plain.endswith("…")
    assert len(plain) <= 82
    for token in plain.strip("…").split():
        assert token.startswith("word") and token[4:].isdigit(), token  # no half words
    assert styled_slices(content) == [("word100", tx.HIGHLIGHT)]


def test_excerpt_prefers_sentences_and_drops_boilerplate():
    text = "First sentence is here. Second one mentions the answer today.\n- Advertisement -\nThird sentence follows."
    start = text.index("the answer")
    content = tx.excerpt(text, start, start + len("the answer"), budget=70)
    assert content.plain == "…Second one mentions the answer today. …"
    full = tx.excerpt(text, start, start + len("the answer"), budget=500)
    assert "Advertisement" in full.plain  # inside the window boilerplate stays (offsets are exact)
    assert full.plain.startswith("First sentence")


def test_excerpt_folds_line_breaks_but_not_the_span():
    text = "Line one ends.\nLine two has\nthe span."
    start = text.index("the span")
    content = tx.excerpt(text, start, start + 8)
    assert "\n" not in content.plain
    assert styled_slices(content) == [("the span", tx.HIGHLIGHT)]


def test_score_bar_shows_number_and_bar():
    bar = tx.score_bar(0.42, width=10)
    assert bar.plain == "▰▰▰▰▱▱▱▱▱▱ 42%"
    assert tx.score_bar(1.7).plain.endswith("100%")


def test_source_line_falls_back_to_file_name():
    assert tx.source_line(None, None, "dir/000_abc.txt").plain == "000_abc.txt"
    assert tx.source_line("Title", "2025-01-02", "dir/a.txt").plain == "Title · 2025-01-02 · a.txt"
