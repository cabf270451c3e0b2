"""Sentence splitting and chunk packing keep every offset exact."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.chunking import CountTokens, approx_token_count, chunk_document, split_sentences
from index.cleaning import clean_document, tighten
from index.types import SEARCH_TITLE_WORDS, Chunk, CleanedDocument, Document, Span, searched_with_title


def read(path: Path) -> str:
    return open(path, encoding="utf-8").read()


def cleaned(text: str, doc_id: str = "doc.txt") -> CleanedDocument:
    return clean_document(Document(doc_id, text))


def char_count(texts: list[str]) -> list[int]:
    """One token per character: makes the budget easy to hit in tests."""
    return [len(t) for t in texts]


def chunk_tokens(chunk: Chunk, text: str, count: CountTokens = approx_token_count) -> int:
    return sum(count([s.slice(text) for s in chunk.sentences]))


def whole(text: str) -> list[Span]:
    return [Span(0, len(text))]


def visible(spans: Iterable[Span], text: str) -> set[int]:
    """Positions of the non-space characters the spans cover."""
    return {i for s in spans for i in range(s.start, s.end) if not text[i].isspace()}


def test_blingfire_offsets_are_characters_not_bytes() -> None:
    text = "Kenya’s “heroic role” was praised. Café owners in Pétion-Ville 😀 cheered! 中文也可以。 Last one."
    sentences = [s.slice(text) for s in split_sentences(text, whole(text))]
    assert sentences == [
        "Kenya’s “heroic role” was praised.",
        "Café owners in Pétion-Ville 😀 cheered!",
        "中文也可以。",
        "Last one.",
    ]


def test_nul_and_lone_surrogates_keep_offsets() -> None:
    text = "A\x00B is here. Then \ud800 came. End."
    sentences = split_sentences(text, whole(text))
    assert [s.slice(text) for s in sentences][-1] == "End."
    assert all(tighten(text, s.start, s.end) == s for s in sentences)


def test_abbreviations_do_not_split(seeds_dir: Path) -> None:
    text = read(seeds_dir / "003_94220737122ff7be.txt") + "\n" + read(seeds_dir / "000_d0854fed8272de4f.txt")
    sentences = [s.slice(text) for s in split_sentences(text, cleaned(text).segments)]
    assert any("Dr. Garry Conille during a joint press briefing" in s for s in sentences)
    assert any(s.startswith("U.S. Secretary of State Marco Rubio on Thursday") for s in sentences)
    assert not any(s.endswith(("Dr.", "U.S.")) for s in sentences)


def test_sentences_stay_inside_their_segments(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = read(path)
        doc = cleaned(text, path.name)
        for sentence in split_sentences(text, doc.segments):
            assert any(seg.start <= sentence.start and sentence.end <= seg.end for seg in doc.segments)
            assert tighten(text, sentence.start, sentence.end) == sentence


def test_seed_chunks_slice_back_and_fit(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = read(path)
        doc = cleaned(text, path.name)
        chunks = chunk_document(doc, approx_token_count, max_tokens=60)
        assert chunks, path.name
        for chunk in chunks:
            assert chunk.doc_id == path.name
            assert (chunk.start, chunk.end) == (chunk.sentences[0].start, chunk.sentences[-1].end)
            assert chunk_tokens(chunk, text) <= 60
        pieces = [s for c in chunks for s in c.sentences]
        assert visible(pieces, text) == visible(split_sentences(text, doc.segments), text)


def test_neighbouring_chunks_share_one_sentence(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = read(path)
        chunks = chunk_document(cleaned(text), approx_token_count, max_tokens=200, overlap_sentences=1)
        assert len(chunks) > 1, path.name
        for before, after in zip(chunks, chunks[1:]):
            assert after.sentences[0] == before.sentences[-1]
            assert after.sentences[-1].start > before.sentences[-1].start


def test_overlap_is_dropped_when_it_leaves_no_room() -> None:
    text = "Aaaa bbbb. Cccc dddd. Eeee ffff."  # 2-word sentences: 3 tokens each
    chunks = chunk_document(cleaned(text), approx_token_count, max_tokens=5, overlap_sentences=1)
    assert [[s.slice(text) for s in c.sentences] for c in chunks] == [["Aaaa bbbb."], ["Cccc dddd."], ["Eeee ffff."]]


def test_no_overlap_partitions_the_sentences(seed_paths: list[Path]) -> None:
    text = read(seed_paths[3])
    doc = cleaned(text)
    chunks = chunk_document(doc, approx_token_count, max_tokens=80, overlap_sentences=0)
    assert [s for c in chunks for s in c.sentences] == split_sentences(text, doc.segments)


def test_long_sentence_is_cut_on_word_boundaries() -> None:
    text = " ".join(f"word{i}" for i in range(400)) + "."
    chunks = chunk_document(cleaned(text), approx_token_count, max_tokens=50, overlap_sentences=0)
    pieces = [s for c in chunks for s in c.sentences]
    assert len(pieces) > 1
    assert all(chunk_tokens(c, text) <= 50 for c in chunks)
    for piece in pieces:
        assert piece.start == 0 or text[piece.start - 1] == " "
        assert piece.end == len(text) or text[piece.end] == " "
    assert " ".join(p.slice(text) for p in pieces) == text


def test_single_huge_word_is_cut_between_characters() -> None:
    text = "https://example.com/" + "x" * 500
    chunks = chunk_document(cleaned(text), char_count, max_tokens=64, overlap_sentences=0)
    assert all(chunk_tokens(c, text, char_count) <= 64 for c in chunks)
    assert "".join(s.slice(text) for c in chunks for s in c.sentences) == text


def test_tokens_are_counted_once_per_document(seed_paths: list[Path]) -> None:
    calls: list[int] = []

    def counting(texts: list[str]) -> list[int]:
        calls.append(len(texts))
        return approx_token_count(texts)

    chunk_document(cleaned(read(seed_paths[0])), counting, max_tokens=200)
    assert len(calls) == 1


def test_only_boilerplate_gives_no_chunks() -> None:
    assert chunk_document(cleaned("ADVERTISEMENT\n\n1 month ago\n9\n"), approx_token_count) == []


def test_rejects_impossible_budget() -> None:
    with pytest.raises(ValueError):
        chunk_document(cleaned("Some text."), approx_token_count, max_tokens=0)


def test_approx_token_count() -> None:
    assert approx_token_count(["", "one", "one two three four five six seven eight nine ten"]) == [0, 2, 13]


lines = st.one_of(
    st.text(),
    st.sampled_from(["ADVERTISEMENT", "  • A bullet. Two.", "U.S. envoy Dr. Smith spoke. Yes.", "“Quoted,” he said.", "\r"]),
)


@given(
    text=st.lists(lines).map("\n".join),
    max_tokens=st.integers(1, 40),
    overlap=st.integers(0, 3),
)
def test_any_text_keeps_the_chunk_invariant(text: str, max_tokens: int, overlap: int) -> None:
    doc = cleaned(text)
    sentences = split_sentences(text, doc.segments)
    chunks = chunk_document(doc, char_count, max_tokens=max_tokens, overlap_sentences=overlap)
    pieces = sorted({s for c in chunks for s in c.sentences}, key=lambda s: s.start)
    for before, after in zip(pieces, pieces[1:]):
        assert before.end <= after.start
    for piece in pieces:
        assert tighten(text, piece.start, piece.end) == piece
        assert any(s.start <= piece.start and piece.end <= s.end for s in sentences)
    assert visible(pieces, text) == visible(sentences, text)
    for before, after in zip(chunks, chunks[1:]):
        assert after.sentences[-1].start > before.sentences[-1].start
    for chunk in chunks:
        assert chunk.sentences == tuple(sorted(chunk.sentences, key=lambda s: s.start))
        assert (chunk.start, chunk.end) == (chunk.sentences[0].start, chunk.sentences[-1].end)
        assert chunk_tokens(chunk, text, char_count) <= max_tokens or len(chunk.sentences[0].slice(text)) == 1


def test_searched_with_title_leads_with_the_title_once_and_caps_it():
    assert searched_with_title("Grady scored twice.", "Dundee Utd 4-1 Aberdeen") == "Dundee Utd 4-1 Aberdeen. Grady scored twice."
    assert searched_with_title("Dundee Utd 4-1 Aberdeen\n\nGrady scored.", "Dundee Utd 4-1 Aberdeen").count("Aberdeen") == 1
    assert (
        searched_with_title("Grady scored twice.", None)
        == searched_with_title("Grady scored twice.", "  ")
        == "Grady scored twice."
    )
    long_title = " ".join(f"w{i}" for i in range(500))
    head = searched_with_title("Body.", long_title).removesuffix(". Body.")
    assert head.split() == long_title.split()[:SEARCH_TITLE_WORDS]
