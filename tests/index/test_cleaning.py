"""Boilerplate removal, segment offsets and metadata extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.cleaning import clean_document, extract_metadata, header_spans, normalize_date, tighten
from index.types import Document, Span


def read(path: Path) -> str:
    """The text exactly as the offset invariant reads it."""
    return open(path, encoding="utf-8").read()


def cleaned_lines(path: Path) -> list[str]:
    text = read(path)
    return [s.slice(text) for s in clean_document(Document(path.name, text)).segments]


def seed(seed_paths: list[Path], prefix: str) -> Path:
    return next(p for p in seed_paths if p.name.startswith(prefix))


def test_seed_boilerplate_is_gone(seed_paths: list[Path]) -> None:
    furniture = {
        "ADVERTISEMENT",
        "- Advertisement -",
        "logo",
        "image",
        "Related Articles",
        "1 month ago",
        "English (US) ·",
        "In Summary",
        "9",
        "Realtime14 April 2025 - 13:39",
    }
    present = {line.strip() for p in seed_paths for line in read(p).split("\n")} & furniture
    assert present == furniture  # the seeds really hold every kind checked below
    for path in seed_paths:
        assert not set(cleaned_lines(path)) & furniture, path.name


def test_segments_slice_back_tight_and_ordered(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = read(path)
        segments = clean_document(Document(path.name, text)).segments
        assert segments
        for before, after in zip(segments, segments[1:]):
            assert before.end <= after.start
        for span in segments:
            piece = span.slice(text)
            assert piece == piece.strip() and piece and "\n" not in piece


def test_title_byline_and_caption_stay_content(seed_paths: list[Path]) -> None:
    lines = cleaned_lines(seed(seed_paths, "001"))
    assert "by BRIAN ORUTA" in lines
    assert "US reiterates support for Kenya-led Haiti mission" in lines
    assert "Police officers during an operation in Haiti/Handout" in lines


def test_bullet_is_left_out_of_the_segment(seed_paths: list[Path]) -> None:
    lines = cleaned_lines(seed(seed_paths, "001"))
    assert "The statement followed a meeting between the Secretary of State Marco Rubio and PM Mottley." in lines
    assert not any(line.startswith("•") for line in lines)


def test_leading_date_marker_is_left_out(seed_paths: list[Path]) -> None:
    first = cleaned_lines(seed(seed_paths, "004"))[0]
    assert first.startswith("US Secretary of State nominee Marco Rubio")


def test_seed_metadata(seed_paths: list[Path]) -> None:
    meta = extract_metadata(read(seed(seed_paths, "001")))
    assert meta.title == "US reiterates support for Kenya-led Haiti mission"
    assert meta.date == "2025-04-14"
    assert meta.byline == "BRIAN ORUTA"
    assert extract_metadata(read(seed(seed_paths, "004"))).date == "2025-01-17"
    for prefix in ("000", "002", "003"):  # these open straight on a body sentence
        assert extract_metadata(read(seed(seed_paths, prefix))).title is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("14 April 2025", "2025-04-14"),
        ("April 14, 2025", "2025-04-14"),
        ("2025-01-17", "2025-01-17"),
        ("date 2025-01-17", "2025-01-17"),
        ("Sept 3rd, 2024", "2024-09-03"),
        ("30 February 2024", None),
        ("no date here", None),
    ],
)
def test_normalize_date(value: str, iso: str | None) -> None:
    assert normalize_date(value) == iso


def test_body_text_does_not_leak_into_metadata() -> None:
    text = "Kenya signs the Haiti deal\nThe deal was signed on April 14, 2025 in Nairobi.\nBy then it was late.\n"
    meta = extract_metadata(text)
    assert meta.title == "Kenya signs the Haiti deal"
    assert meta.date is None and meta.byline is None


def test_metadata_only_from_the_top() -> None:
    body = "\n".join(f"Sentence number {i} of the story." for i in range(20))
    assert extract_metadata(body + "\n14 April 2025\nby JANE DOE\n").date is None
    assert extract_metadata("A headline with nothing after it\n").title is None


def test_header_spans_point_at_title_byline_date_and_time() -> None:
    text = "logo\nADVERTISEMENT\n\nUS reiterates support for Kenya-led mission\n\nby BRIAN ORUTA\n\nRealtime14 April 2025 - 13:39\nThe story.\n"
    spans = header_spans(text)
    assert spans.title is not None and spans.title.slice(text) == "US reiterates support for Kenya-led mission"
    assert spans.byline is not None and spans.byline.slice(text) == "BRIAN ORUTA"
    assert spans.date is not None and spans.date.slice(text) == "14 April 2025"
    assert spans.time is not None and spans.time.slice(text) == "13:39"
    assert extract_metadata(text).date == "2025-04-14"


def test_header_spans_skip_an_impossible_date_and_need_no_time() -> None:
    text = "Published: 30 February 2024\nPosted March 3, 2024\nBody text that goes on for a while.\n"
    spans = header_spans(text)
    assert spans.date is not None and spans.date.slice(text) == "March 3, 2024"
    assert spans.time is None and spans.byline is None


def test_header_spans_of_the_seeds_agree_with_their_metadata(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = read(path)
        spans, metadata = header_spans(text), extract_metadata(text)
        assert (spans.title.slice(text) if spans.title else None) == metadata.title
        assert (spans.byline.slice(text) if spans.byline else None) == metadata.byline
        assert (normalize_date(spans.date.slice(text)) if spans.date else None) == metadata.date


def test_tighten_drops_bom_and_spaces() -> None:
    assert tighten("\ufeff  word \u200b", 0, 9) == Span(3, 7)
    assert tighten(" \t ", 0, 3) is None


lines = st.one_of(
    st.text(),
    st.sampled_from(["ADVERTISEMENT", "  • A bullet. Two.", " date 2025-01-17 Body text.", "by JANE DOE", "\r", "\ufeff"]),
)


@given(st.lists(lines).map("\n".join))
def test_any_text_keeps_the_segment_invariant(text: str) -> None:
    segments = clean_document(Document("x.txt", text)).segments
    previous_end = 0
    for span in segments:
        assert previous_end <= span.start < span.end <= len(text)
        assert tighten(text, span.start, span.end) == span
        assert "\n" not in span.slice(text)
        previous_end = span.end
    extract_metadata(text)
