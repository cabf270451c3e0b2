"""Plain data types shared by loading, cleaning, chunking and the index.

Every position is a character offset into ``Document.text``, the text exactly
as read from the file, so whatever the pipeline answers can be sliced out of
(and highlighted in) the original article.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of a document's text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Metadata:
    """What the article says about itself; any field may be unknown."""

    title: str | None = None
    date: str | None = None
    byline: str | None = None


@dataclass(frozen=True)
class Document:
    """One article.

    Attributes:
        doc_id: path relative to the corpus folder (POSIX separators); for a
            record of a ``.jsonl`` file, ``"<file>.jsonl#<id>"``, whose offsets
            point into that record's ``text`` field.
        text: the original text; offsets everywhere index into it.
        metadata: title/date/byline, from the file or from JSON fields.
        content_hash: sha256 of ``text``, used to find changed files.
    """

    doc_id: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    content_hash: str = ""


def titled_text(text: str, title: str | None) -> str:
    """The title (when ``text`` does not open with it) and the text: everything the article says, for presence checks.

    A SQuAD paragraph never repeats its article's subject ("Super Bowl 50",
    "Tesla"), and a BBC record keeps its headline apart from its text; read
    without the title, a question naming that subject looks like one about
    another article. Offsets never point into this string.
    """
    head = (title or "").strip()
    if not head or text.lstrip().startswith(head):
        return text
    return f"{head}\n\n{text}"


@dataclass(frozen=True)
class CleanedDocument:
    """A document with its boilerplate marked out.

    ``segments`` are the kept stretches of the original text, in order and
    non-overlapping (typically one per content line or paragraph); everything
    outside them is web boilerplate ("ADVERTISEMENT", share counters, ...).
    """

    document: Document
    segments: tuple[Span, ...]


SEARCH_TITLE_WORDS = 32  # a BBC headline is 3-9 words; the chunk itself is at most 200 word pieces


@dataclass(frozen=True)
class Chunk:
    """The retrieval unit: consecutive sentences of one document.

    ``start``/``end`` cover the first to the last sentence in the original
    text (boilerplate lines in between stay in that slice, but not in
    ``sentences``, which is what gets embedded and read).
    """

    doc_id: str
    start: int
    end: int
    sentences: tuple[Span, ...]

    def clean_text(self, doc_text: str) -> str:
        """Sentences joined by single spaces: what the reader reads (``search_text`` adds the title)."""
        return " ".join(s.slice(doc_text) for s in self.sentences)

    def search_text(self, document: Document) -> str:
        """What the chunk is embedded and BM25-indexed as: ``searched_with_title`` of its ``clean_text``."""
        return searched_with_title(self.clean_text(document.text), document.metadata.title)


def search_key(content_hash: str, title: str | None) -> str:
    """What a document's chunks are embedded from: when it changes they are re-embedded.

    The text's hash alone missed a retitled record, whose chunks
    (``searched_with_title``) would have kept the old headline.
    """
    return f"{content_hash}\0{title or ''}"


def searched_with_title(text: str, title: str | None) -> str:
    """A chunk's text led by its article's title: what the chunk is found by.

    Why: a news story names its subject in the headline and then goes on
    without it ("Dundee Utd 4-1 Aberdeen" over a line-up and "8,661"), so a
    chunk from the middle of an article was found only by its own words.
    Leading each chunk with the title, as DPR and Haystack's
    ``embed_meta_fields`` do, lifted BBC dev's right article at rank 1 from
    81.7 to 85.0 % (README, "Retrieval"). The title is cut to
    ``SEARCH_TITLE_WORDS`` words, so a long or hostile title field cannot
    crowd the encoder's 256 word pieces; a chunk that already opens with it
    (a headline kept in the text) gets it once. Offsets never point into
    this string: the reader reads ``clean_text``.
    """
    head = " ".join((title or "").split()[:SEARCH_TITLE_WORDS])
    if not head or text.startswith(head):
        return text
    return f"{head}. {text}"
